"""Writes for listings: vendors draft and submit, curators review through Wagtail's
workflow, suspend and reinstate.

The row of a listing holds its live (approved) version. While a listing is live, a
vendor's edit goes into a new revision only, so buyers keep seeing the approved version
until a curator publishes the new one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import nh3
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import (
    GroupApprovalTask,
    Workflow,
    WorkflowContentType,
    WorkflowState,
    WorkflowTask,
)

from accounts.models import Membership, User
from accounts.permissions import can, staff_group
from accounts.roles import Capability as Can
from accounts.roles import Role
from marketplace import limits
from marketplace.models import Listing, Plan, ReferenceDeployment
from marketplace.models.catalog import clean_tags
from marketplace.services import notices
from marketplace.services.listing_media import (
    MediaChanges,
    NewImage,
    draft_media_apply,
)
from marketplace.translations import (
    content_languages,
    translations_clean,
    translations_swap,
)
from vendors.models import Vendor

# Tags and attributes a listing description may contain; everything else is removed
# before it is stored, whichever way it arrives (portal, API, admin).
DESCRIPTION_TAGS = {"p", "br", "h3", "strong", "b", "em", "i", "ul", "ol", "li", "a"}
DESCRIPTION_ATTRIBUTES = {"a": {"href"}}

# The fields vendors write. Relations are given as model instances.
LISTING_FIELDS = (
    "title",
    "slug",
    "summary",
    "description",
    "category",
    "deployment_model",
    "regions",
    "data_residency",
    "sla_uptime",
    "support_hours",
)
LISTING_RELATIONS = ("protocols", "certifications", "requires", "provides")
PLAN_FIELDS = (
    "name",
    "description",
    "billing",
    "unit",
    "currency",
    "unit_price",
    "setup_fee",
    "min_quantity",
    "max_quantity",
    "contract_term_months",
    "trial_days",
    "price_breaks",
)


def sanitize_description(html: str) -> str:
    return nh3.clean(
        html or "",
        tags=DESCRIPTION_TAGS,
        attributes=DESCRIPTION_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    ).strip()


REVIEW_WORKFLOW = "Listing review"
REVIEW_TASK = "Curator review"


def listing_review_workflow() -> Workflow:
    """The listings' review workflow: one approval by a curator."""
    return Workflow.objects.get(name=REVIEW_WORKFLOW)


@transaction.atomic
def listing_review_workflow_sync(**kwargs) -> Workflow:
    """Listings go through the review workflow. Runs after every migrate and after
    a test database flush (`post_migrate`); safe to run again."""
    task = GroupApprovalTask.objects.filter(name=REVIEW_TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=REVIEW_TASK)
        task.groups.add(staff_group(Role.CURATOR))
    workflow, _created = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, sort_order=0)
    WorkflowContentType.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(Listing),
        defaults={"workflow": workflow},
    )
    return workflow


def _vendor_membership(*, vendor: Vendor, user: User, capability: Can) -> Membership:
    membership = Membership.objects.filter(
        organization_id=vendor.organization_id, user=user
    ).first()
    if membership is None or not membership.can(capability):
        raise PermissionDenied(_("Your role does not allow this."))
    return membership


def _unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(title)[:70] or "listing"
    slug, n = base, 2
    while Listing.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _apply(listing: Listing, data: dict[str, Any]) -> None:
    """Copy vendor data onto an in-memory version of the listing (no database
    writes)."""
    unknown = set(data) - {
        *LISTING_FIELDS,
        *LISTING_RELATIONS,
        "tags",
        "plans",
        "reference_deployments",
        "language",
        "translations",
        "title_local",
    }
    if unknown:
        raise ValidationError(
            _("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    if data.get("language"):
        _apply_language(listing, data["language"])
    for name in LISTING_FIELDS:
        if name in data:
            value = data[name]
            if name == "description":
                value = sanitize_description(value)
            if name in ("title", "summary") and value:
                value = value.strip()
            setattr(listing, name, value)
    if "translations" in data:
        _apply_translations(listing, data["translations"], LISTING_TRANSLATED)
    if data.get("title_local") is not None and listing.language != "zh-hans":
        # The first version's name for the Simplified Chinese title.
        listing.translation_set("zh-hans", "title", data["title_local"][:120])
    for name in LISTING_RELATIONS:
        if name in data:
            getattr(listing, name).set(list(data[name]))
    if "tags" in data:
        try:
            listing.tags.set(clean_tags(data["tags"]))
        except ValidationError as error:
            raise ValidationError({"tags": error.messages}) from error
    if "plans" in data:
        _apply_plans(listing, data["plans"])
    if "reference_deployments" in data:
        if len(data["reference_deployments"]) > limits.MAX_REFERENCE_DEPLOYMENTS:
            raise ValidationError(
                {
                    "reference_deployments": _("At most %(count)d references.")
                    % {"count": limits.MAX_REFERENCE_DEPLOYMENTS}
                }
            )
        references = []
        for index, reference in enumerate(data["reference_deployments"]):
            reference = dict(reference)
            translations = reference.pop("translations", None)
            item = ReferenceDeployment(**reference)
            item.listing = listing
            if translations is not None:
                _apply_translations(
                    item,
                    translations,
                    REFERENCE_TRANSLATED,
                    where=f"reference_deployments[{index}].translations",
                )
            references.append(item)
        listing.reference_deployments = references


# The translatable fields vendors write, with their lengths.
LISTING_TRANSLATED = {
    "title": 120,
    "summary": 240,
    "description": limits.MAX_DESCRIPTION_LENGTH,
}
PLAN_TRANSLATED = {"name": 80, "description": limits.MAX_PLAN_DESCRIPTION_LENGTH}
REFERENCE_TRANSLATED = {"city": 120, "scale": 160}


def _apply_language(listing: Listing, language: Any) -> None:
    """Change the language the listing is written in. A translation into the new
    language becomes the original, and the original a translation."""
    if language not in content_languages():
        raise ValidationError(
            {
                "language": _("Use one of %(languages)s.")
                % {"languages": ", ".join(content_languages())}
            }
        )
    old = listing.language
    if language == old:
        return
    translations_swap(listing, old, language)
    for child in [*listing.plans.all(), *listing.reference_deployments.all()]:
        translations_swap(child, old, language)
    listing.language = language


def _apply_translations(
    item, value: Any, fields: Mapping[str, int | None], *, where: str = "translations"
) -> None:
    """Replace the translations of the languages given; others stay."""
    try:
        cleaned = translations_clean(value, fields=fields, source=item.source_language)
    except ValidationError as error:
        raise ValidationError({where: error.messages}) from error
    given = {str(language).lower() for language in (value or {})}
    translations = {
        language: entry
        for language, entry in (item.translations or {}).items()
        if language not in given
    }
    item.translations = translations
    for language, entry in cleaned.items():
        for field, text in entry.items():
            item.translation_set(language, field, text)


def _apply_plans(listing: Listing, plans: Iterable[dict[str, Any]]) -> None:
    """Plans are matched by code, so a plan keeps its id across edits and orders can
    point at it; plans left out are removed when this version is published."""
    plans = list(plans)
    if len(plans) > limits.MAX_PLANS:
        raise ValidationError(
            {"plans": _("At most %(count)d plans.") % {"count": limits.MAX_PLANS}}
        )
    existing = {plan.code: plan for plan in listing.plans.all()}
    updated: list[Plan] = []
    errors: dict[str, Any] = {}
    for index, data in enumerate(plans):
        code = slugify(data.get("code", "")).upper()[:32]
        if not code:
            errors[f"plans[{index}].code"] = _("Every plan needs a code.")
            continue
        if any(plan.code == code for plan in updated):
            errors[f"plans[{index}].code"] = _("Two plans have the code %(code)s.") % {
                "code": code
            }
            continue
        plan = existing.get(code) or Plan(code=code)
        plan.listing = listing
        for name in PLAN_FIELDS:
            if name in data:
                setattr(plan, name, data[name])
        if "translations" in data:
            try:
                _apply_translations(plan, data["translations"], PLAN_TRANSLATED)
            except ValidationError as error:
                errors[f"plans[{index}].translations"] = " ".join(error.messages)
        plan.sort_order = index
        try:
            plan.full_clean(exclude=["listing"])
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors[f"plans[{index}].{field}"] = " ".join(messages)
        updated.append(plan)
    if errors:
        raise ValidationError(errors)
    listing.plans = updated


def _save_draft(*, listing: Listing, draft: Listing, user: User) -> Listing:
    draft.full_clean()
    if not draft.live:
        draft.save()
    draft.save_revision(user=user, log_action=True)
    return draft


def _editable(*, listing: Listing, user: User) -> Listing:
    _vendor_membership(vendor=listing.vendor, user=user, capability=Can.LISTING_EDIT)
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    if listing.suspended_at:
        raise ValidationError(_("A suspended listing cannot be edited."))
    if listing.workflow_in_progress:
        raise ValidationError(
            _("This listing is in review; wait for the curators' decision to edit it.")
        )
    return listing


def listing_draft(*, listing: Listing) -> Listing:
    """The version a vendor works on: the latest revision, or the row itself."""
    if listing.latest_revision_id:
        return listing.get_latest_revision_as_object()
    return listing


@transaction.atomic
def listing_create(*, vendor: Vendor, user: User, data: dict[str, Any]) -> Listing:
    """Save a new draft. A title and a category are enough; completeness is checked
    when the listing is submitted for review."""
    _vendor_membership(vendor=vendor, user=user, capability=Can.LISTING_EDIT)
    if not data.get("title") or not data.get("category"):
        raise ValidationError(_("A draft needs at least a title and a category."))
    listing = Listing(vendor=vendor, live=False)
    _apply(listing, data)
    if not listing.slug:
        listing.slug = _unique_slug(listing.title)
    listing.full_clean()
    listing.save()
    listing.save_revision(user=user, log_action="wagtail.create")
    return listing


@transaction.atomic
def listing_update(
    *,
    listing: Listing,
    user: User,
    data: dict[str, Any],
    media: MediaChanges | None = None,
) -> Listing:
    """Save a vendor's edit as a new revision, with the images and documents it
    adds or removes (`media`). While the listing is live, the live version stays
    as it is until a curator approves this one."""
    listing = _editable(listing=listing, user=user)
    draft = listing_draft(listing=listing)
    _apply(draft, data)
    if media:
        draft_media_apply(draft, user=user, changes=media)
    return _save_draft(listing=listing, draft=draft, user=user)


@transaction.atomic
def listing_translate(
    *,
    listing: Listing,
    user: User,
    language: str,
    texts: dict[str, str],
    plans: dict[str, dict[str, str]] | None = None,
    references: list[dict[str, str]] | None = None,
) -> Listing:
    """Save the vendor's translation into `language` as a new revision, like any
    other edit: curators review it before buyers see it on a live listing.
    `plans` are by plan code, `references` in their order; empty texts remove a
    translation."""
    listing = _editable(listing=listing, user=user)
    draft = listing_draft(listing=listing)
    if language not in content_languages() or language == draft.language:
        raise ValidationError(
            _("Translate into a language other than the listing's own.")
        )
    _apply_texts(draft, language, texts, LISTING_TRANSLATED, "")
    kept = list(draft.plans.all())
    by_code = {plan.code: plan for plan in kept}
    for code, plan_texts in (plans or {}).items():
        if code not in by_code:
            raise ValidationError(_("No plan has the code %(code)s.") % {"code": code})
        by_code[code].listing = draft
        _apply_texts(by_code[code], language, plan_texts, PLAN_TRANSLATED, code)
    items = list(draft.reference_deployments.all())
    for index, reference_texts in enumerate(references or []):
        if index >= len(items):
            raise ValidationError(_("There are fewer references than that."))
        items[index].listing = draft
        _apply_texts(
            items[index], language, reference_texts, REFERENCE_TRANSLATED, str(index)
        )
    # The draft's children as changed here (a cluster keeps what it is given).
    draft.plans = kept
    draft.reference_deployments = items
    return _save_draft(listing=listing, draft=draft, user=user)


def _apply_texts(
    item, language: str, texts: dict[str, str], fields: Mapping[str, int | None], where
) -> None:
    for field, text in texts.items():
        if field not in fields:
            raise ValidationError(
                _("%(field)s cannot be translated.") % {"field": field[:40]}
            )
        text = (text or "").strip()
        limit = fields[field]
        if limit is not None and len(text) > limit:
            raise ValidationError(
                {
                    f"{where}{field}": _("At most %(limit)d characters.")
                    % {"limit": limit}
                }
            )
        item.translation_set(language, field, text)


@transaction.atomic
def listing_submit(*, listing: Listing, user: User) -> WorkflowState:
    """Send the latest version to the curators' review queue."""
    _vendor_membership(vendor=listing.vendor, user=user, capability=Can.LISTING_SUBMIT)
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    if not listing.vendor.is_verified:
        raise ValidationError(
            _("Only verified vendors can submit listings; your application is pending.")
        )
    if listing.suspended_at:
        raise ValidationError(_("A suspended listing cannot be submitted."))
    if listing.workflow_in_progress:
        raise ValidationError(_("This listing is already in review."))
    draft = listing_draft(listing=listing)
    missing = draft.missing_for_review()
    if missing:
        raise ValidationError(
            _("Complete these before submitting: %(missing)s.")
            % {"missing": ", ".join(missing)}
        )
    if listing.live and not listing.has_unpublished_changes:
        raise ValidationError(_("There are no changes to review."))
    state = listing.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user)
        return state
    return (listing.get_workflow() or listing_review_workflow()).start(listing, user)


def listing_review_decided(*, workflow_state: WorkflowState, approved: bool) -> None:
    """The curators approved a listing's submission (Wagtail published it) or
    returned it for changes: the vendor's publishers are told. Wagtail's workflow
    signals call it, as the decisions are taken in the Wagtail admin."""
    notices.listing_reviewed_notify(workflow_state, approved=approved)


@transaction.atomic
def listing_suspend(*, listing: Listing, user: User, reason: str) -> Listing:
    """Take a listing off the store at once (a curator's decision); the vendor sees
    the reason."""
    if not can(user, Can.CATALOG_REVIEW):
        raise PermissionDenied(_("Only curators can suspend listings."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the listing is suspended.")})
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    if listing.suspended_at:
        return listing
    if listing.current_workflow_state:
        listing.current_workflow_state.cancel(user=user)
    listing.suspended_at = timezone.now()
    listing.suspended_reason = reason.strip()
    listing.suspended_by = user
    listing.save(update_fields=["suspended_at", "suspended_reason", "suspended_by"])
    if listing.live:
        listing.unpublish(user=user)
    return listing


@transaction.atomic
def listing_reinstate(*, listing: Listing, user: User) -> Listing:
    """Lift a suspension. The listing comes back as a draft to be reviewed again."""
    if not can(user, Can.CATALOG_REVIEW):
        raise PermissionDenied(_("Only curators can reinstate listings."))
    Listing.objects.filter(pk=listing.pk).update(
        suspended_at=None, suspended_reason="", suspended_by=None
    )
    listing.refresh_from_db()
    return listing


def listing_image_add(
    *, listing: Listing, user: User, file, caption: str = ""
) -> Listing:
    """Upload an image into the listing's next version (reviewed like any edit),
    under a random name (`listing_media`)."""
    return listing_update(
        listing=listing,
        user=user,
        data={},
        media=MediaChanges(add_images=[NewImage(file=file, caption=caption)]),
    )


def listing_image_remove(*, listing: Listing, user: User, image_id: int) -> Listing:
    return listing_update(
        listing=listing,
        user=user,
        data={},
        media=MediaChanges(remove_images={image_id}),
    )
