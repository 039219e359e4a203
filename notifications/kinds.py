"""The kinds of notification: what each is called on the preferences page, and its
title and e-mail text, rendered in the reader's language when read.

A notification stores its kind and its parameters, never a rendered sentence, so
the list shows each title in the language of whoever reads it, and the e-mail is
written in the recipient's. Titles and texts are `%(name)s` templates of the
parameters the emitter gives; a parameter the emitter left out shows as "…"
rather than failing (a kind can gain a parameter while older rows lack it).
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.db import models
from django.utils import formats, translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# A text, or one text per variant (the `variant` parameter picks it).
Text = Promise | Mapping[str, Promise]


class Audience(models.TextChoices):
    """Who a kind is for; the preferences page groups kinds by it."""

    BUYER = "buyer", _("Buying")
    VENDOR = "vendor", _("Selling")
    CURATOR = "curator", _("Curation")


@dataclass(frozen=True)
class Kind:
    code: str
    audience: Audience
    # What the preferences page calls it: "A quote waits for your approval".
    label: Promise
    title: Text
    # The e-mail's paragraph under the title; none: the title says it all.
    body: Text | None = None
    # Parameters that hold a date (ISO 8601), shown in the reader's format.
    dates: tuple[str, ...] = ()
    # Parameters that hold an English message id (a reason from a fixed list),
    # translated for the reader.
    translated: tuple[str, ...] = ()
    # Parameters shown under the text in the e-mail, e.g. a reviewer's comment.
    quoted: tuple[str, ...] = ()


class _Params(dict):
    """The parameters of a title: a missing one reads "…"."""

    def __missing__(self, key: str) -> str:
        return "…"


KINDS: dict[str, Kind] = {
    kind.code: kind
    for kind in [
        # Buyers ------------------------------------------------------------------
        Kind(
            "quote.awaiting_approval",
            Audience.BUYER,
            label=_("A quote waits for your approval"),
            title=_("Quote %(number)s (%(package)s) waits for your approval"),
            body=_("Open the quote to approve it, return it for changes or reject it."),
        ),
        Kind(
            "quote.approved",
            Audience.BUYER,
            label=_("Your quote is approved"),
            title=_("Quote %(number)s (%(package)s) is approved"),
            body=_("It can be ordered now."),
            quoted=("comment",),
        ),
        Kind(
            "quote.returned",
            Audience.BUYER,
            label=_("Your quote is returned for changes"),
            title=_("Quote %(number)s (%(package)s) is returned for changes"),
            body=_(
                "Change the package as the approver asks, then ask for a new quote."
            ),
            quoted=("comment",),
        ),
        Kind(
            "quote.rejected",
            Audience.BUYER,
            label=_("Your quote is rejected"),
            title=_("Quote %(number)s (%(package)s) is rejected"),
            quoted=("comment",),
        ),
        Kind(
            "order.paid",
            Audience.BUYER,
            label=_("An order is paid"),
            title=_("Order %(order)s is paid"),
            body=_(
                "%(amount)s was received. Each vendor is now asked to provision its "
                "part; you are told as each subscription becomes active."
            ),
        ),
        Kind(
            "subscription.active",
            Audience.BUYER,
            label=_("A subscription is active"),
            title=_("%(title)s is active"),
            body=_(
                "%(vendor)s provisioned it (order %(order)s). How to reach it is on "
                "the subscription's page."
            ),
        ),
        Kind(
            "subscription.failed",
            Audience.BUYER,
            label=_("A subscription could not be provisioned"),
            title=_("%(title)s could not be provisioned"),
            body=_(
                "%(vendor)s could not provision it (order %(order)s): %(reason)s. "
                "The line is refunded."
            ),
        ),
        Kind(
            "renewal.failed",
            Audience.BUYER,
            label=_("A renewal charge failed"),
            title=_("Your card was declined for order %(order)s"),
            body={
                "retry": _(
                    "Charging %(amount)s to your saved card failed (%(reason)s). It "
                    "is tried again on %(day)s. To pay now with another card, open "
                    "the order."
                ),
                "last": _(
                    "Charging %(amount)s to your saved card failed (%(reason)s), and "
                    "it is not tried again. Pay with another card on the order's "
                    "page."
                ),
            },
            dates=("day",),
            translated=("reason",),
        ),
        Kind(
            "subscription.suspended",
            Audience.BUYER,
            label=_("A subscription is suspended"),
            title={
                "unpaid": _("Subscriptions suspended: order %(order)s is unpaid"),
                "staff": _("%(title)s is suspended"),
            },
            body={
                "unpaid": _(
                    "%(amount)s for order %(order)s is unpaid, so the subscriptions "
                    "it bills are suspended: their vendors keep your data. They are "
                    "resumed as soon as it is paid."
                ),
                "staff": _(
                    "Agora suspended it: %(reason)s. Its vendor keeps your data."
                ),
            },
        ),
        Kind(
            "review.invited",
            Audience.BUYER,
            label=_("You are asked to review a solution you use"),
            title=_("How is %(listing)s working for you?"),
            body=_("Your review helps other buyers choose."),
        ),
        # Vendors -----------------------------------------------------------------
        Kind(
            "vendor.order",
            Audience.VENDOR,
            label=_("A new order is paid"),
            title=_("New order %(number)s from %(buyer)s"),
            body=_(
                "%(buyer)s paid for %(items)s; %(net)s is owed to you. Agora's "
                "webhook asks you to provision each subscription."
            ),
        ),
        Kind(
            "vendor.cancellation_requested",
            Audience.VENDOR,
            label=_("A buyer asks to cancel a subscription"),
            title=_("%(buyer)s asks to cancel %(title)s"),
            body=_(
                "Agora's staff cancel it with the buyer; your webhook is told when "
                "they do."
            ),
            quoted=("note",),
        ),
        Kind(
            "listing.approved",
            Audience.VENDOR,
            label=_("A listing is approved"),
            title=_("%(listing)s is approved and published"),
            body=_("The version you submitted is what buyers see now."),
            quoted=("comment",),
        ),
        Kind(
            "listing.returned",
            Audience.VENDOR,
            label=_("A listing is returned for changes"),
            title=_("%(listing)s is returned for changes"),
            body=_("Make the changes the curators ask for, then submit it again."),
            quoted=("comment",),
        ),
        # Curators ----------------------------------------------------------------
        Kind(
            "endorsement.lapsing",
            Audience.CURATOR,
            label=_("An endorsement lapses soon"),
            title=_("The endorsement of %(listing)s lapses on %(day)s"),
            body=_("Review it again before then, or the listing leaves Select."),
            dates=("day",),
        ),
    ]
}


def kind_get(code: str) -> Kind:
    """The kind of this code; `KeyError` for one that does not exist."""
    return KINDS[code]


def _pick(text: Text | None, variant: str) -> Promise | None:
    if text is None or isinstance(text, Promise):
        return text
    return text.get(variant) or next(iter(text.values()))


def _shown(kind: Kind, params: Mapping[str, str]) -> _Params:
    """The parameters as the reader sees them: dates in their format, reasons in
    their language."""
    shown = _Params(params)
    for name in kind.dates:
        with contextlib.suppress(KeyError, ValueError):
            shown[name] = formats.date_format(
                date.fromisoformat(str(params[name])), "DATE_FORMAT"
            )
    for name in kind.translated:
        if params.get(name):
            shown[name] = gettext(str(params[name]))
    return shown


def render_title(code: str, params: Mapping[str, str]) -> str:
    """The title in the active language. A kind this version does not know (a row
    written by a newer one) reads as a plain "Notification"."""
    kind = KINDS.get(code)
    if kind is None:
        return gettext("Notification")
    title = _pick(kind.title, str(params.get("variant", "")))
    return str(title) % _shown(kind, params)


def render_body(code: str, params: Mapping[str, str]) -> str:
    """The e-mail's paragraph in the active language; empty if the kind has none."""
    kind = KINDS.get(code)
    if kind is None:
        return ""
    body = _pick(kind.body, str(params.get("variant", "")))
    if body is None:
        return ""
    return str(body) % _shown(kind, params)


def message_id(text: Promise | str) -> str:
    """The English message id of a lazily translated text, to store as a
    parameter that `Kind.translated` translates for each reader."""
    with translation.override(None):
        return str(text)
