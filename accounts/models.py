from __future__ import annotations

import hashlib
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import (
    AbstractBaseUser,
    BaseUserManager,
    PermissionsMixin,
)
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

# The one module of the marketplace that accounts reads: the currencies amounts
# are given in (a leaf module; it imports nothing of Agora).
from marketplace.money import Currency

from .roles import (
    BuyerType,
    Capability,
    OrganizationKind,
    Role,
    role_capabilities,
    roles_for_kind,
)


def normalize_email(email: str) -> str:
    """E-mail addresses are compared case-insensitively everywhere in Agora."""
    return email.strip().lower()


def token_hash(token: str) -> str:
    """API keys and invitation tokens are random and long, so SHA-256 suffices; the
    database never holds a usable secret."""
    return hashlib.sha256(token.encode()).hexdigest()


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra) -> User:
        if not email:
            raise ValueError("Users need an e-mail address.")
        user = self.model(email=normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        # Whoever runs `createsuperuser` vouches for the address.
        extra.setdefault("email_verified_at", timezone.now())
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=normalize_email(username or ""))


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Logs in with an e-mail address; acts within organizations."""

    email = models.EmailField(_("e-mail address"), unique=True)
    first_name = models.CharField(_("given name"), max_length=150, blank=True)
    last_name = models.CharField(_("family name"), max_length=150, blank=True)
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Can log into the Django admin site."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    language = models.CharField(
        _("language"),
        max_length=16,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_(
            "Pages after you sign in and the e-mails Agora sends you are in it; "
            "empty follows your browser, and e-mail is then in English."
        ),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # Until then the user only reaches "check your e-mail" (accounts.verification).
    email_verified_at = models.DateTimeField(
        _("e-mail address verified"), null=True, blank=True
    )

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci"),
        ]

    def __str__(self) -> str:
        return self.email

    def clean(self) -> None:
        super().clean()
        self.email = normalize_email(self.email)

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.email

    def get_short_name(self) -> str:
        return self.first_name or self.email


class Organization(models.Model):
    """A buyer (municipal or enterprise), a vendor, or the platform itself."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=OrganizationKind.choices)
    buyer_type = models.CharField(
        _("buyer type"), max_length=16, choices=BuyerType.choices, blank=True
    )
    region = CountryField(
        _("region"),
        blank=True,
        help_text=_("Country or region the organization operates in."),
    )
    locality = models.CharField(
        _("locality"),
        max_length=200,
        blank=True,
        help_text=_("City, district or county, e.g. “Futian District, Shenzhen”."),
    )
    allow_self_approval = models.BooleanField(
        _("allow self-approval"),
        default=False,
        help_text=_(
            "Let the member who requested a quote approve it too. Leave off to keep "
            "requesting and approving separate."
        ),
    )
    second_approval_above = models.PositiveBigIntegerField(
        _("second approval above (minor units)"),
        null=True,
        blank=True,
        help_text=_(
            "Quotes worth more than this in their first year need two different "
            "approvers. Empty: one approval is enough."
        ),
    )
    second_approval_currency = models.CharField(
        _("currency of that amount"),
        max_length=3,
        choices=Currency.choices,
        default=Currency.CNY,
    )
    # What invoices name and how the organization buys.
    legal_name = models.CharField(
        _("legal name"),
        max_length=200,
        blank=True,
        help_text=_("As invoices should name it; the name above when empty."),
    )
    billing_address = models.TextField(_("billing address"), blank=True)
    tax_id = models.CharField(_("tax number"), max_length=40, blank=True)
    purchase_order_required = models.BooleanField(
        _("purchase order number required"),
        default=False,
        help_text=_(
            "Every order must give the purchase order number it is paid under."
        ),
    )
    fiscal_year_start_month = models.PositiveSmallIntegerField(
        _("fiscal year starts in"),
        choices=list(MONTHS.items()),
        default=1,
    )
    language = models.CharField(
        _("language of documents"),
        max_length=16,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Invoices, receipts and credit notes are issued in it."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        kind=OrganizationKind.BUYER, buyer_type__in=BuyerType.values
                    )
                    | (~models.Q(kind=OrganizationKind.BUYER) & models.Q(buyer_type=""))
                ),
                name="accounts_organization_buyer_type_only_for_buyers",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_buyer(self) -> bool:
        return self.kind == OrganizationKind.BUYER

    @property
    def is_vendor(self) -> bool:
        return self.kind == OrganizationKind.VENDOR

    @property
    def is_platform(self) -> bool:
        return self.kind == OrganizationKind.PLATFORM


class Membership(models.Model):
    """A user's place in an organization: one role, and whether they administer it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    is_admin = models.BooleanField(
        _("administrator"),
        default=False,
        help_text=_("Can invite members and change their roles."),
    )
    created_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organization__name", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"], name="accounts_membership_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organization} ({self.get_role_display()})"

    def clean(self) -> None:
        super().clean()
        if self.organization_id and self.role not in roles_for_kind(
            self.organization.kind
        ):
            raise ValidationError(
                {"role": _("This role does not exist in this kind of organization.")}
            )

    @property
    def capabilities(self) -> frozenset[Capability]:
        return role_capabilities(self.role, is_admin=self.is_admin)

    def can(self, capability: Capability) -> bool:
        return capability in self.capabilities


class Invitation(models.Model):
    """An e-mailed invitation to join an organization in a given role."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                "organization",
                Lower("email"),
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="accounts_invitation_one_open_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organization}"

    @property
    def is_open(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


class ApiKey(models.Model):
    """A bearer token for API v1. Shown once, stored hashed, acts for its user within
    one organization."""

    PREFIX = "agora_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_keys")
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="api_keys",
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("key starts with"), max_length=16, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
