"""The drawings of the demo's illustrations, one per kind of solution: simple shapes
drawn with a `Pen` on a canvas twice the final size (`marketplace.demo.illustrations`
scales it down and frames it)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from PIL import ImageDraw, ImageFont

RGB = tuple[int, int, int]

SCALE = 2
WHITE: RGB = (255, 255, 255)


def hex_rgb(value: str) -> RGB:
    value = value.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def tint(colour: RGB, amount: float) -> RGB:
    """The colour mixed with white: 0 is the colour, 1 is white."""
    return (
        round(colour[0] + (255 - colour[0]) * amount),
        round(colour[1] + (255 - colour[1]) * amount),
        round(colour[2] + (255 - colour[2]) * amount),
    )


@cache
def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    # Pillow's own font: the same on every machine, nothing to install.
    return ImageFont.load_default(size=size)


class Pen:
    """Draws on the enlarged canvas in the illustration's own coordinates
    (640 x 400)."""

    def __init__(self, draw: ImageDraw.ImageDraw, colour: RGB, accent: RGB):
        self.draw = draw
        self.colour = colour
        self.accent = accent
        self.light = tint(colour, 0.75)

    @staticmethod
    def _box(box) -> list[float]:
        return [value * SCALE for value in box]

    def rect(self, box, fill=None, radius: float = 0, outline=None, width=0):
        self.draw.rounded_rectangle(
            self._box(box),
            radius=radius * SCALE,
            fill=fill,
            outline=outline,
            width=int(width * SCALE),
        )

    def circle(self, x: float, y: float, r: float, fill=None, outline=None, width=0):
        self.draw.ellipse(
            self._box((x - r, y - r, x + r, y + r)),
            fill=fill,
            outline=outline,
            width=int(width * SCALE),
        )

    def polygon(self, points, fill=None):
        self.draw.polygon([(x * SCALE, y * SCALE) for x, y in points], fill=fill)

    def line(self, points, fill=None, width: float = 6):
        self.draw.line(
            [(x * SCALE, y * SCALE) for x, y in points],
            fill=fill or self.colour,
            width=int(width * SCALE),
            joint="curve",
        )

    def arc(self, x, y, r, start, end, fill=None, width: float = 8):
        self.draw.arc(
            self._box((x - r, y - r, x + r, y + r)),
            start=start,
            end=end,
            fill=fill or self.colour,
            width=int(width * SCALE),
        )

    def text(self, text: str, centre: tuple[float, float], size: int, fill=WHITE):
        self.draw.text(
            (centre[0] * SCALE, centre[1] * SCALE),
            text,
            font=font(size * SCALE),
            fill=fill,
            anchor="mm",
            stroke_width=SCALE * 2,
            stroke_fill=fill,
        )

    def signal(self, x: float, y: float, start: float = 300, end: float = 360):
        """Radio waves: the connected part of a device."""
        for r in (18, 32, 46):
            self.arc(x, y, r, start, end, fill=self.accent, width=6)


def _camera(p: Pen) -> None:
    p.rect((300, 110, 330, 140), fill=p.colour)
    p.line([(315, 140), (315, 250), (270, 290)], width=12)
    p.rect((200, 150, 440, 230), fill=p.colour, radius=24)
    p.circle(420, 190, 44, fill=WHITE)
    p.circle(420, 190, 28, fill=p.accent)
    p.circle(410, 180, 8, fill=WHITE)
    p.rect((160, 285, 300, 300), fill=p.colour, radius=6)


def _siren(p: Pen) -> None:
    p.polygon([(320, 90), (430, 290), (210, 290)], fill=p.colour)
    p.rect((312, 150, 328, 240), fill=WHITE, radius=6)
    p.circle(320, 265, 10, fill=WHITE)
    p.signal(320, 190, 290, 340)
    p.signal(320, 190, 200, 250)


def _parking(p: Pen) -> None:
    p.rect((180, 100, 330, 250), fill=p.colour, radius=20)
    p.text("P", (255, 178), 120)
    p.line([(255, 250), (255, 310)], width=14)
    p.rect((360, 230, 500, 250), fill=p.accent, radius=8)
    p.rect((350, 210, 372, 310), fill=p.colour, radius=6)
    p.rect((380, 270, 480, 300), fill=p.light, radius=10)


def _traffic_light(p: Pen) -> None:
    p.rect((270, 70, 370, 320), fill=p.colour, radius=30)
    for y, colour in (
        (115, (230, 60, 50)),
        (195, (250, 190, 40)),
        (275, (60, 170, 90)),
    ):
        p.circle(320, y, 30, fill=colour)
    p.line([(370, 195), (450, 195)], width=10)
    p.signal(450, 195, 300, 360)
    p.line([(320, 320), (320, 350)], width=14)


def _street_light(p: Pen) -> None:
    p.polygon([(400, 140), (460, 300), (300, 300)], fill=p.light)
    p.line([(250, 340), (250, 110), (300, 100), (400, 110)], width=14)
    p.rect((360, 100, 440, 135), fill=p.colour, radius=14)
    p.rect((200, 330, 300, 345), fill=p.colour, radius=6)
    p.signal(400, 118, 280, 340)


def _groundwater(p: Pen) -> None:
    p.rect((160, 170, 480, 320), fill=p.light, radius=8)
    for y in (220, 260, 300):
        p.line([(160, y), (200, y - 10), (240, y), (280, y - 10), (320, y)], width=6)
    p.rect((350, 80, 390, 320), fill=p.colour, radius=8)
    p.rect((358, 210, 382, 312), fill=p.accent, radius=6)
    p.rect((330, 60, 410, 90), fill=p.colour, radius=10)
    p.signal(370, 70)


def _manhole(p: Pen) -> None:
    p.circle(300, 210, 110, fill=p.colour)
    p.circle(300, 210, 90, outline=WHITE, width=6)
    for offset in (-50, -17, 17, 50):
        p.line([(300 + offset, 140), (300 + offset, 280)], fill=WHITE, width=6)
    p.circle(430, 110, 20, fill=p.accent)
    p.signal(430, 110)


def _droplet(p: Pen) -> None:
    p.polygon([(320, 70), (400, 200), (240, 200)], fill=p.colour)
    p.circle(320, 225, 82, fill=p.colour)
    p.circle(295, 230, 18, fill=p.light)
    p.rect((420, 150, 500, 300), fill=p.light, radius=10, outline=p.colour, width=6)
    p.rect((430, 230, 490, 290), fill=p.accent, radius=6)


def _air(p: Pen) -> None:
    p.circle(260, 200, 60, fill=p.colour)
    p.circle(330, 170, 75, fill=p.colour)
    p.circle(400, 205, 55, fill=p.colour)
    p.rect((200, 200, 450, 260), fill=p.colour, radius=30)
    for x, y, r in ((210, 300, 10), (260, 320, 7), (330, 305, 12), (400, 325, 8)):
        p.circle(x, y, r, fill=p.accent)
    p.line([(150, 120), (230, 120)], fill=p.accent, width=6)
    p.line([(420, 100), (500, 100)], fill=p.accent, width=6)


def _bin(p: Pen) -> None:
    p.polygon([(240, 130), (400, 130), (380, 320), (260, 320)], fill=p.colour)
    p.rect((220, 105, 420, 130), fill=p.colour, radius=8)
    p.rect((295, 88, 345, 105), fill=p.colour, radius=6)
    for index in range(4):
        p.rect(
            (285, 270 - index * 40, 355, 300 - index * 40),
            fill=p.accent if index < 3 else p.light,
            radius=4,
        )
    p.signal(420, 110)


def _form(p: Pen) -> None:
    p.rect((210, 70, 430, 330), fill=WHITE, radius=12, outline=p.colour, width=8)
    for y in (120, 170, 220):
        p.rect((240, y, 270, y + 30), outline=p.colour, width=5, radius=4)
        p.rect((285, y + 10, 400, y + 20), fill=p.light, radius=4)
    p.line([(245, 135), (255, 145), (268, 122)], fill=p.accent, width=6)
    p.line([(245, 185), (255, 195), (268, 172)], fill=p.accent, width=6)
    p.rect((240, 280, 330, 305), fill=p.colour, radius=8)


def _citizen(p: Pen) -> None:
    p.rect((180, 90, 380, 230), fill=p.colour, radius=24)
    p.polygon([(220, 225), (250, 225), (210, 270)], fill=p.colour)
    for x in (230, 280, 330):
        p.circle(x, 160, 12, fill=WHITE)
    p.rect((320, 200, 490, 300), fill=p.accent, radius=22)
    p.polygon([(450, 295), (470, 295), (480, 330)], fill=p.accent)


def _envelope(p: Pen) -> None:
    p.rect((180, 110, 460, 290), fill=p.colour, radius=14)
    p.line([(190, 125), (320, 215), (450, 125)], fill=WHITE, width=10)
    p.circle(450, 115, 30, fill=p.accent)
    p.text("@", (450, 113), 36, fill=WHITE)


def _video_call(p: Pen) -> None:
    p.rect((160, 80, 480, 280), fill=p.colour, radius=16)
    for x in (240, 400):
        p.circle(x, 160, 32, fill=p.light)
        p.rect((x - 50, 200, x + 50, 260), fill=p.light, radius=24)
    p.line([(320, 95), (320, 265)], fill=WHITE, width=4)
    p.rect((280, 280, 360, 300), fill=p.colour)
    p.rect((240, 300, 400, 316), fill=p.colour, radius=6)
    p.circle(460, 100, 10, fill=p.accent)


def _pos(p: Pen) -> None:
    p.rect((220, 80, 420, 320), fill=p.colour, radius=22)
    p.rect((245, 105, 395, 185), fill=p.light, radius=8)
    for row in range(3):
        for column in range(3):
            x, y = 265 + column * 55, 210 + row * 35
            p.rect((x, y, x + 35, y + 22), fill=WHITE, radius=5)
    p.rect((440, 150, 520, 260), fill=p.accent, radius=10)
    p.rect((440, 175, 520, 190), fill=p.colour)


def _self_checkout(p: Pen) -> None:
    p.rect((180, 70, 330, 330), fill=p.colour, radius=16)
    p.rect((200, 90, 310, 190), fill=p.light, radius=8)
    for index, width in enumerate((4, 8, 3, 6, 4, 9, 3, 5)):
        x = 212 + index * 11
        p.rect((x, 215, x + width, 265), fill=WHITE)
    p.line([(370, 170), (400, 170), (425, 270), (500, 270), (515, 200), (405, 200)])
    p.circle(440, 300, 14, fill=p.accent)
    p.circle(495, 300, 14, fill=p.accent)


def _e_learning(p: Pen) -> None:
    p.polygon([(320, 90), (480, 160), (320, 230), (160, 160)], fill=p.colour)
    p.polygon(
        [(240, 195), (400, 195), (400, 270), (320, 300), (240, 270)], fill=p.colour
    )
    p.line([(450, 172), (450, 260)], fill=p.accent, width=8)
    p.circle(450, 270, 14, fill=p.accent)


def _vr(p: Pen) -> None:
    p.rect((170, 130, 470, 270), fill=p.colour, radius=40)
    p.circle(250, 200, 42, fill=p.light)
    p.circle(390, 200, 42, fill=p.light)
    p.polygon([(300, 270), (340, 270), (320, 235)], fill=WHITE)
    p.line([(170, 200), (120, 200)], width=16)
    p.line([(470, 200), (520, 200)], width=16)
    p.signal(320, 120, 220, 320)


def _storage(p: Pen) -> None:
    for index, y in enumerate((90, 170, 250)):
        p.rect((220, y, 420, y + 65), fill=p.colour, radius=30)
        p.circle(380, y + 32, 10, fill=p.accent if index == 0 else p.light)
        p.rect((250, y + 27, 320, y + 37), fill=p.light, radius=4)


def _backup(p: Pen) -> None:
    p.arc(320, 200, 110, 200, 340, width=22)
    p.arc(320, 200, 110, 20, 160, fill=p.accent, width=22)
    p.polygon([(430, 165), (455, 215), (400, 210)], fill=p.colour)
    p.polygon([(210, 235), (185, 185), (240, 190)], fill=p.accent)
    p.rect((270, 160, 370, 240), fill=p.colour, radius=12)
    p.rect((285, 175, 355, 190), fill=p.light, radius=4)


def _shield(p: Pen) -> None:
    p.polygon([(320, 70), (440, 115), (440, 200), (320, 330)], fill=p.colour)
    p.polygon([(320, 70), (200, 115), (200, 200), (320, 330)], fill=p.colour)
    p.circle(320, 200, 1, fill=p.colour)
    p.line([(265, 200), (305, 240), (380, 160)], fill=WHITE, width=18)
    p.rect((460, 260, 520, 320), fill=p.accent, radius=8)


def _key(p: Pen) -> None:
    p.circle(240, 200, 70, fill=p.colour)
    p.circle(240, 200, 28, fill=WHITE)
    p.rect((300, 185, 470, 215), fill=p.colour, radius=6)
    p.rect((410, 215, 430, 255), fill=p.colour)
    p.rect((445, 215, 465, 245), fill=p.colour)
    p.circle(420, 120, 30, fill=p.accent)
    p.rect((390, 140, 450, 170), fill=p.accent, radius=14)


def generic(p: Pen) -> None:
    p.rect((200, 100, 440, 300), fill=p.colour, radius=24)
    p.circle(320, 200, 50, fill=p.light)
    p.signal(440, 100)


DRAWINGS: dict[str, Callable[[Pen], None]] = {
    "video-surveillance": _camera,
    "emergency-alerts": _siren,
    "unmanned-parking": _parking,
    "traffic-signal-control": _traffic_light,
    "smart-street-lights": _street_light,
    "groundwater-level-gauges": _groundwater,
    "smart-manholes": _manhole,
    "water-quality": _droplet,
    "air-quality": _air,
    "waste-bin-sensors": _bin,
    "digital-forms": _form,
    "citizen-service": _citizen,
    "email": _envelope,
    "video-conferencing": _video_call,
    "pos": _pos,
    "self-checkout": _self_checkout,
    "e-learning": _e_learning,
    "simulation-training": _vr,
    "object-storage": _storage,
    "backup": _backup,
    "endpoint-security": _shield,
    "identity-access": _key,
}
