"""Phases of a package: the named, dated steps in which a buyer introduces it (a
pilot district first, then the city). Numbers run 1, 2, 3 …; a line belongs to
the phase whose number it carries, and a number a line names gets a phase of its
own ("Phase 2") if it has none yet."""

from __future__ import annotations

import enum
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership
from accounts.roles import Capability
from marketplace.authorization import buyer_require, package_own
from marketplace.limits import MAX_PHASE
from marketplace.models import Package, PackagePhase
from marketplace.services.quotes import phase_name

NAME_MAX = PackagePhase._meta.get_field("name").max_length or 120
NOTE_MAX = PackagePhase._meta.get_field("note").max_length or 240
# A planned start further away than this is a typing error, not a plan; it would
# also stretch the cost projection over decades.
PLANNED_START_RANGE_YEARS = 10


class Keep(enum.Enum):
    """A field a partial update leaves as it is."""

    KEEP = "keep"


KEEP = Keep.KEEP


def package_phase_ensure(*, package: Package, number: int) -> PackagePhase:
    """The package's phase with this number; made, named "Phase N", if a line names
    a number that has no phase yet. Safe to run twice, and concurrently."""
    phase, _created = PackagePhase.objects.get_or_create(
        package=package, number=number, defaults={"name": phase_name(number)}
    )
    return phase


def _clean(
    *, name: str | Keep, planned_start: date | Keep | None, note: str | Keep
) -> dict:
    """The fields given, cleaned; ValidationError naming each field that is wrong."""
    cleaned: dict = {}
    errors: dict[str, str] = {}
    if not isinstance(name, Keep):
        name = name.strip()
        if not name:
            errors["name"] = _("Give the phase a name.")
        elif len(name) > NAME_MAX:
            errors["name"] = _("A phase's name has at most %(max)d characters.") % {
                "max": NAME_MAX
            }
        cleaned["name"] = name
    if not isinstance(note, Keep):
        note = note.strip()
        if len(note) > NOTE_MAX:
            errors["note"] = _("A note has at most %(max)d characters.") % {
                "max": NOTE_MAX
            }
        cleaned["note"] = note
    if not isinstance(planned_start, Keep):
        if planned_start is not None:
            days = abs((planned_start - timezone.localdate()).days)
            if days > 366 * PLANNED_START_RANGE_YEARS:
                errors["planned_start"] = _(
                    "Plan the start within %(years)d years of today."
                ) % {"years": PLANNED_START_RANGE_YEARS}
        cleaned["planned_start"] = planned_start
    if errors:
        raise ValidationError(errors)
    return cleaned


def _editable(membership: Membership, package: Package) -> Package:
    """The package, locked: phase numbers are handed out one at a time."""
    buyer_require(membership, Capability.PACKAGE_EDIT)
    package_own(membership, package)
    return Package.objects.select_for_update().get(pk=package.pk)


@transaction.atomic
def package_phase_create(
    *,
    membership: Membership,
    package: Package,
    name: str = "",
    planned_start: date | None = None,
    note: str = "",
) -> PackagePhase:
    """Add the next phase after the package's last one (after its lines' highest
    phase number too); named "Phase N" when no name is given."""
    package = _editable(membership, package)
    last = max(
        package.phases.aggregate(last=Max("number"))["last"] or 0,
        package.lines.aggregate(last=Max("phase"))["last"] or 0,
    )
    number = last + 1
    if number > MAX_PHASE:
        raise ValidationError(
            _("A package has at most %(max)d phases.") % {"max": MAX_PHASE}
        )
    cleaned = _clean(
        name=name if name.strip() else phase_name(number),
        planned_start=planned_start,
        note=note,
    )
    phase = PackagePhase.objects.create(package=package, number=number, **cleaned)
    package.save(update_fields=["updated_at"])
    return phase


@transaction.atomic
def package_phase_update(
    *,
    membership: Membership,
    package: Package,
    number: int,
    name: str | Keep = KEEP,
    planned_start: date | Keep | None = KEEP,
    note: str | Keep = KEEP,
) -> PackagePhase:
    """Rename, re-date or annotate a phase; what is not given stays. A phase that
    only its lines name so far gets its row now. PackagePhase.DoesNotExist when the
    package has no phase of this number."""
    package = _editable(membership, package)
    cleaned = _clean(name=name, planned_start=planned_start, note=note)
    phase = package.phases.filter(number=number).first()
    if phase is None:
        if not package.lines.filter(phase=number).exists():
            raise PackagePhase.DoesNotExist(
                f"Package {package.pk} has no phase {number}."
            )
        phase = package_phase_ensure(package=package, number=number)
    for field, value in cleaned.items():
        setattr(phase, field, value)
    if cleaned:
        phase.save(update_fields=list(cleaned))
        package.save(update_fields=["updated_at"])
    return phase
