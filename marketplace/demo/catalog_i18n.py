"""The demo catalogue in Chinese and Japanese: each listing written again from the
same choices as its English text (`choices` in `catalog_data`), with the wording of
`catalog_text_zh_hans` and `catalog_text_ja`.

Pure data, like `catalog_data`: no Django, no database.
"""

from __future__ import annotations

import html
import re
import string
from types import ModuleType

from marketplace.demo import catalog_data as data
from marketplace.demo import catalog_text_ja, catalog_text_zh_hans

TEXTS: dict[str, ModuleType] = {"zh-hans": catalog_text_zh_hans, "ja": catalog_text_ja}

# Vendors from these home countries sell mostly outside East Asia: their listings
# are not in Japanese (buyers see the original there), but for the listing of each
# kind the curators put in Select (`catalog_data.select_picks`).
_NOT_IN_JAPANESE = {"DE", "NL", "FR", "GB", "AE", "SA", "QA", "AU"}
_VENDORS = {vendor["slug"]: vendor for vendor in data.VENDORS}


def _join(text: ModuleType, items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return f"{text.LIST_SEPARATOR.join(items[:-1])}{text.LIST_LAST}{items[-1]}"


def _locale(text: ModuleType, country: str) -> dict[str, str]:
    china = country == "CN"
    return {
        "app": text.APP["CN" if china else ""],
        "chat": text.CHAT["CN" if china else ""],
        "pay": text.PAY.get(country, text.PAY[""]),
        "eid": text.EID.get(country, text.EID[""]),
        "lang": text.LANGUAGES.get(country, text.LANGUAGES[""]),
        "hotline": text.HOTLINES.get(country, text.HOTLINES[""]),
    }


def _plan_patterns(text: ModuleType) -> list[tuple[re.Pattern, str]]:
    """Each English plan name format as a pattern, with its translation."""
    patterns = []
    for english, translated in text.PLANS.items():
        regex, names = "", []
        for literal, field, _spec, _conversion in string.Formatter().parse(english):
            regex += re.escape(literal)
            if field is not None:
                regex += f"(?P<{field}>.+?)"
                names.append(field)
        patterns.append((re.compile(f"^{regex}$"), translated))
    return patterns


def _plan_name(text: ModuleType, name: str, units: dict[str, str]) -> str:
    if name in text.SERVICES:
        return text.SERVICES[name]
    for pattern, translated in _plan_patterns(text):
        found = pattern.match(name)
        if found is None:
            continue
        values: dict[str, object] = dict(found.groupdict())
        if "unit" in values:
            values["unit"] = units.get(str(values["unit"]), values["unit"])
        if "name" in values:
            values["name"] = text.SERVICES.get(str(values["name"]), values["name"])
        if "cap" in values:
            values["cap"] = int(str(values["cap"]).replace(",", ""))
        return translated.format_map(values)
    raise KeyError(f"no translation of the plan name {name!r}")


def _title(text: ModuleType, language: str, spec: dict, noun: str) -> str:
    extra = data._VENDOR_EXTRA[spec["vendor"]]
    model = spec["choices"]["model"]
    if language == "zh-hans" and extra["brand_zh"]:
        brand = extra["brand_zh"]
        return f"{brand} {model} {noun}" if model else f"{brand}{noun}"
    brand = extra["brand"]
    return f"{brand} {model} {noun}" if model else f"{brand} {noun}"


def translate_listing(spec: dict, language: str) -> dict:
    """The listing's title, summary and description, its plans' names and its
    references' text in `language`: {"listing": {...}, "plans": [...],
    "references": [...]}."""
    text = TEXTS[language]
    choices = spec["choices"]
    template = data._TEMPLATES[spec["category"]]
    product = text.PRODUCTS[choices["noun"]]
    specs = text.SPECS.get(spec["category"], {})
    context = {key: specs[key][index] for key, index in choices["specs"].items()}
    context |= _locale(text, choices["home"])
    noun = product["noun"].format_map(context)
    vendor = _VENDORS[spec["vendor"]]
    extra = data._VENDOR_EXTRA[spec["vendor"]]
    model = choices["model"]
    short = f"{model} {noun}" if model else noun
    chinese_brand = language == "zh-hans" and extra["brand_zh"]
    words = {
        "vendor": extra["brand_zh"] if chinese_brand else vendor["name"],
        "brand": extra["brand_zh"] if chinese_brand else extra["brand"],
        "short": short,
        "audience": text.AUDIENCES[spec["category"]],
        "regions": _join(text, [text.REGIONS[code] for code in spec["regions"]]),
        "residency": text.REGIONS.get(spec["data_residency"], ""),
        "warranty": choices["warranty"],
    }
    bullets = [
        product["bullets"][index].removeprefix("CN:").format_map(context)
        for index in choices["bullets"]
    ]
    deployment = spec["deployment"]
    intro = text.INTROS[choices["intro"]].format_map(words)
    availability = text.AVAILABILITY[choices["availability"]].format_map(words)
    closing = text.CLOSINGS[deployment][choices["closing"]].format_map(words)
    parts = [f"<p>{html.escape(intro + availability, quote=False)}</p>"]
    if choices["heading"]:
        variant = next(
            variant
            for variant in template["variants"]
            if variant["noun"] == choices["noun"]
        )
        hardware = variant["archetype"] == "device"
        heading = "Key specifications" if hardware else "Highlights"
        parts.append(f"<h3>{text.HEADINGS[heading]}</h3>")
    items = "".join(
        f"<li>{html.escape(bullet, quote=False)}</li>" for bullet in bullets
    )
    parts.append(f"<ul>{items}</ul>")
    support = text.SUPPORT[spec["support_hours"]]
    parts.append(f"<p>{html.escape(closing + support, quote=False)}</p>")
    units = {
        variant["unit"]: text.PRODUCTS[variant["noun"]]["unit"]
        for variant in template["variants"]
        if variant["unit"]
    }
    return {
        "listing": {
            "title": _title(text, language, spec, noun)[:120],
            "summary": product["summary"].format_map(context)[:240],
            "description": "".join(parts),
        },
        "plans": [
            {"name": _plan_name(text, plan["name"], units)[:80]}
            for plan in spec["plans"]
        ],
        "references": [
            {
                "city": text.CITIES.get(reference["city"], reference["city"]),
                "scale": text.SCALES[spec["category"]].format_map(
                    reference["choices"]
                    | {"org": text.ORGS[reference["choices"]["org"]]}
                ),
            }
            for reference in spec["references"]
        ],
    }


def catalog_languages(catalog: list[dict]) -> dict[str, tuple[str, ...]]:
    """The languages each listing is translated into, by slug: Chinese for every
    listing, Japanese for most (see `_NOT_IN_JAPANESE`)."""
    best = set(data.select_picks(catalog).values())
    return {
        spec["slug"]: (
            ("zh-hans", "ja")
            if spec["slug"] in best
            or _VENDORS[spec["vendor"]]["country"] not in _NOT_IN_JAPANESE
            else ("zh-hans",)
        )
        for spec in catalog
    }


def category_translations(slug: str) -> dict[str, dict[str, str]]:
    return {
        language: dict(zip(("name", "description"), text.CATEGORIES[slug], strict=True))
        for language, text in TEXTS.items()
    }


def capability_translations(slug: str) -> dict[str, dict[str, str]]:
    return {
        language: {"name": text.CAPABILITIES[slug]} for language, text in TEXTS.items()
    }
