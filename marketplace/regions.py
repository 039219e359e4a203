"""Countries and regions grouped by part of the world (after the United Nations'
geographic regions), so that a vendor picks the ones it serves from short groups
rather than from one list of 249."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_countries import countries

REGION_GROUPS: list[tuple[Promise, str]] = [
    (_("East Asia"), "CN HK MO TW JP KR KP MN"),
    (_("South-East Asia"), "BN KH ID LA MY MM PH SG TH TL VN"),
    (_("South Asia"), "AF BD BT IN IR LK MV NP PK"),
    (_("Central Asia"), "KZ KG TJ TM UZ"),
    (
        _("Western Asia"),
        "AE AM AZ BH CY GE IL IQ JO KW LB OM PS QA SA SY TR YE",
    ),
    (
        _("Europe"),
        "AD AL AT AX BA BE BG BY CH CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE "
        "IM IS IT JE LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK "
        "SM UA VA",
    ),
    (
        _("Africa"),
        "AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG EH ER ET GA GH GM GN GQ GW IO "
        "KE KM LR LS LY MA MG ML MR MU MW MZ NA NE NG RE RW SC SD SH SL SN SO SS "
        "ST SZ TD TG TN TZ UG YT ZA ZM ZW",
    ),
    (_("North America"), "BM CA GL PM US"),
    (
        _("Central America and the Caribbean"),
        "AG AI AW BB BL BQ BS BZ CR CU CW DM DO GD GP GT HN HT JM KN KY LC MF MQ "
        "MS MX NI PA PR SV SX TC TT VC VG VI",
    ),
    (_("South America"), "AR BO BR BV CL CO EC FK GF GS GY PE PY SR UY VE"),
    (
        _("Oceania"),
        "AS AU CC CK CX FJ FM GU HM KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO "
        "TV UM VU WF WS",
    ),
]
OTHER = _("Other territories")


def region_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Every country and region of django-countries, in its group, by name in the
    current language; any the groups do not name comes last under "Other"."""
    names = dict(countries)
    grouped: list[tuple[str, list[tuple[str, str]]]] = []
    placed: set[str] = set()
    for label, codes in REGION_GROUPS:
        members = [code for code in codes.split() if code in names]
        placed.update(members)
        grouped.append((str(label), _by_name(members, names)))
    rest = [code for code in names if code not in placed]
    if rest:
        grouped.append((str(OTHER), _by_name(rest, names)))
    return grouped


def _by_name(codes: list[str], names: dict[str, str]) -> list[tuple[str, str]]:
    return sorted(
        ((code, str(names[code])) for code in codes),
        key=lambda item: item[1].casefold(),
    )


class RegionsWidget(forms.CheckboxSelectMultiple):
    """Checkboxes in a collapsible group per part of the world (groups with a
    choice start open), and a filter box that a script shows and runs
    (`js/choice-filter.js`); without the script, the groups alone."""

    template_name = "marketplace/widgets/regions.html"
    # Rendered inside a fieldset of its own (accounts.ui).
    renders_group = True

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["groups"] = [
            {
                "label": label,
                "options": options,
                "chosen": sum(1 for option in options if option["selected"]),
            }
            for label, options, _index in context["widget"]["optgroups"]
        ]
        return context
