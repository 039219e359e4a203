"""Pictures drawn for the demo catalog, with Pillow and nothing fetched: a logo mark
for a vendor (its initials on colours derived from its name) and an illustration
for each kind of solution (a simple drawing in the kind's colour, in one of a few
accents chosen by the vendor's name). `marketplace.demo.images` stores them."""

from __future__ import annotations

import colorsys
import hashlib
import io
from functools import cache

from PIL import Image, ImageDraw

from marketplace.demo.drawings import (
    DRAWINGS,
    RGB,
    SCALE,
    WHITE,
    Pen,
    font,
    generic,
    hex_rgb,
    tint,
)

# Illustrations are 640 x 400 (the cards' 16:10), logos 256 x 256. Both are drawn at
# twice the size and scaled down, which smooths their edges.
WIDTH, HEIGHT = 640, 400
LOGO_SIDE = 256


# The colour of each kind of solution, and the drawing that stands for it.
KIND_COLOURS: dict[str, str] = {
    "video-surveillance": "#1a4480",
    "emergency-alerts": "#b50909",
    "unmanned-parking": "#005ea2",
    "traffic-signal-control": "#2e6276",
    "smart-street-lights": "#8e5a00",
    "groundwater-level-gauges": "#0b4778",
    "smart-manholes": "#4d4d4d",
    "water-quality": "#00687d",
    "air-quality": "#4d8055",
    "waste-bin-sensors": "#4b6e1f",
    "digital-forms": "#5c5c99",
    "citizen-service": "#8b1303",
    "email": "#0050d8",
    "video-conferencing": "#6a3f9e",
    "pos": "#936f38",
    "self-checkout": "#c05600",
    "e-learning": "#1f6b4b",
    "simulation-training": "#54278f",
    "object-storage": "#3d4551",
    "backup": "#136a71",
    "endpoint-security": "#162e51",
    "identity-access": "#9c3d10",
}
DEFAULT_COLOUR = "#3d4551"


def name_colours(name: str) -> tuple[RGB, RGB]:
    """A dark colour (white text reads on it) and a lighter accent, both derived
    from the name, so a vendor keeps its colours from one load to the next."""
    digest = hashlib.sha256(name.strip().lower().encode()).digest()
    hue = digest[0] / 255
    saturation = 0.45 + digest[1] / 255 * 0.25
    dark = colorsys.hls_to_rgb(hue, 0.30, saturation)
    accent = colorsys.hls_to_rgb((hue + 0.08) % 1, 0.62, saturation + 0.1)
    return (
        tuple(round(part * 255) for part in dark),  # type: ignore[return-value]
        tuple(round(part * 255) for part in accent),
    )


_SMALL_WORDS = {"and", "of", "the", "&", "co", "co.", "ltd", "ltd.", "inc", "inc."}


def initials(name: str) -> str:
    """Up to two letters: the first of the name's first two words (the first two
    letters of a single word)."""
    words = [
        word
        for word in name.replace("-", " ").split()
        if word.lower() not in _SMALL_WORDS and word[0].isalnum()
    ]
    if not words:
        return "?"
    if len(words) == 1:
        return words[0][:2].upper()
    return (words[0][0] + words[1][0]).upper()


def _png(image: Image.Image) -> bytes:
    """The drawing at its final size (averaging each 2 x 2 block smooths the
    edges), as a PNG."""
    buffer = io.BytesIO()
    image.reduce(SCALE).save(buffer, format="PNG", compress_level=6)
    return buffer.getvalue()


def logo_png(name: str) -> bytes:
    """A square logo mark: the name's initials on a rounded square of its colour,
    with an arc of its accent."""
    dark, accent = name_colours(name)
    side = LOGO_SIDE * SCALE
    image = Image.new("RGB", (side, side), WHITE)
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, side - 1, side - 1), radius=side // 6, fill=dark)
    width = side // 14
    draw.arc(
        (side * 0.14, side * 0.14, side * 0.86, side * 0.86),
        start=200,
        end=340,
        fill=accent,
        width=width,
    )
    draw.text(
        (side / 2, side * 0.56),
        initials(name),
        font=font(int(side * 0.36)),
        fill=WHITE,
        anchor="mm",
        stroke_width=side // 90,
        stroke_fill=WHITE,
    )
    return _png(image)


# The accents (a light colour for details, a dark one for the band along the
# bottom) a vendor's illustrations take, by its name: a few, so that listings of one
# kind by different vendors differ while few pictures are drawn.
ACCENTS: tuple[tuple[str, str], ...] = (
    ("#5ed6b4", "#1b5e46"),
    ("#f2938c", "#8b1a12"),
    ("#9fb8f5", "#1f3f8f"),
    ("#ffbe2e", "#775400"),
)


def accent_of(vendor_name: str) -> int:
    """Which of the ACCENTS a vendor's illustrations take."""
    digest = hashlib.sha256(vendor_name.strip().lower().encode()).digest()
    return digest[2] % len(ACCENTS)


@cache
def illustration_png(kind: str, accent: int = 0) -> bytes:
    """The illustration of a kind of solution (by the kind's slug): a drawing in
    its colour on a tint of it, with one of the ACCENTS in the details and a band
    along the bottom."""
    colour = hex_rgb(KIND_COLOURS.get(kind, DEFAULT_COLOUR))
    light, dark = (hex_rgb(value) for value in ACCENTS[accent % len(ACCENTS)])
    image = Image.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE), tint(colour, 0.9))
    draw = ImageDraw.Draw(image)
    pen = Pen(draw, colour, light)
    # A soft disc behind the drawing and a field of dots, for depth.
    pen.circle(320, 200, 175, fill=tint(colour, 0.82))
    for row in range(5):
        for column in range(4):
            pen.circle(548 + column * 22, 40 + row * 22, 4, fill=tint(dark, 0.6))
    DRAWINGS.get(kind, generic)(pen)
    pen.rect((0, HEIGHT - 14, WIDTH, HEIGHT), fill=dark)
    return _png(image)
