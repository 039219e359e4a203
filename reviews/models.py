"""Reviews from buyers who use a solution: one per buyer organization and listing,
with the deployment it is based on, the vendor's one public reply, readers' reports
and the curators' moderation history."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

STARS = range(1, 6)


class Review(models.Model):
    listing = models.ForeignKey(
        "marketplace.Listing",
        on_delete=models.CASCADE,
        related_name="reviews",
        verbose_name=_("listing"),
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="reviews",
        verbose_name=_("organization"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    stars = models.PositiveSmallIntegerField(
        _("stars"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    title = models.CharField(_("title"), max_length=120)
    text = models.TextField(_("review"), max_length=4000)
    # The deployment the review is based on.
    city = models.CharField(_("city or district"), max_length=120)
    scale = models.CharField(
        _("scale"),
        max_length=120,
        help_text=_("What was deployed, e.g. “1,200 manhole sensors”."),
    )
    months_in_use = models.PositiveSmallIntegerField(
        _("months in use"), validators=[MaxValueValidator(600)]
    )
    # The organization's name is shown only if it agrees; its kind and region always.
    show_organization = models.BooleanField(_("show our organization's name"))
    language = models.CharField(_("language"), max_length=8)
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    updated_at = models.DateTimeField(_("edited"), default=timezone.now)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    # The vendor's public reply: one per review.
    reply = models.TextField(_("vendor's reply"), max_length=4000, blank=True)
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("replied by"),
    )

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ("-created_at", "-pk")
        constraints = [
            models.UniqueConstraint(
                fields=("listing", "organization"), name="review_one_per_organization"
            ),
            models.CheckConstraint(
                condition=models.Q(stars__gte=1, stars__lte=5), name="review_stars"
            ),
        ]
        indexes = [models.Index(fields=("listing", "hidden_at"))]

    def __str__(self) -> str:
        return self.title

    @property
    def visible(self) -> bool:
        return self.hidden_at is None


class ReviewReport(models.Model):
    """A reader's report that a review breaks the rules: one per reader and review."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.TextField(_("reason"), max_length=1000)
    created_at = models.DateTimeField(_("reported"), default=timezone.now)
    # Set when a curator decides on the review (hides or keeps it).
    settled_at = models.DateTimeField(_("settled"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=("review", "reporter"), name="review_report_once"
            )
        ]

    def __str__(self) -> str:
        return self.reason[:60]


class ModerationAction(models.TextChoices):
    HIDDEN = "hidden", _("Hidden")
    RESTORED = "restored", _("Restored")
    KEPT = "kept", _("Kept visible")


class ReviewModeration(models.Model):
    """What a curator did to a review, and why: the history is kept."""

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="moderation"
    )
    action = models.CharField(
        _("action"), max_length=16, choices=ModerationAction.choices
    )
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("moderation")
        verbose_name_plural = _("moderation")
        ordering = ("-at", "-pk")

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.reason[:60]}"


class ReviewVote(models.Model):
    """A reader found the review helpful: one vote per reader and review, never
    from the reviewing organization's own members."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("voted"), default=timezone.now)

    class Meta:
        verbose_name = _("helpful vote")
        verbose_name_plural = _("helpful votes")
        constraints = [
            models.UniqueConstraint(fields=("review", "voter"), name="review_vote_once")
        ]

    def __str__(self) -> str:
        return f"{self.voter_id} → {self.review_id}"


class ReviewInvitation(models.Model):
    """A buyer organization was asked to review a listing it uses: once each."""

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="+"
    )
    listing = models.ForeignKey(
        "marketplace.Listing", on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("review invitation")
        verbose_name_plural = _("review invitations")
        constraints = [
            models.UniqueConstraint(
                fields=("organization", "listing"), name="review_invitation_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} → {self.listing_id}"
