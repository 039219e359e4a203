from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from config.ratelimit import RateLimited

from . import api_keys as key_services
from . import selectors, services, verification
from .context_processors import SESSION_ORGANIZATION_KEY
from .forms import (
    ApiKeyForm,
    BuyerOrganizationForm,
    InvitationForm,
    LoginForm,
    MembershipForm,
    OrganizationSettingsForm,
    PasswordResetForm,
    SetPasswordForm,
    SignupForm,
)
from .language import language_remember, user_language_set
from .models import ApiKey, Invitation, Membership
from .roles import Capability, OrganizationKind
from .security import password_reset_count
from .types import AuthenticatedHttpRequest
from .ui import add_service_errors, posted_id, redirect_local


def _current_membership(request: AuthenticatedHttpRequest) -> Membership | None:
    return selectors.membership_current(
        user=request.user,
        organization_id=request.session.get(SESSION_ORGANIZATION_KEY),
    )


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)
        # The pages after login are in the user's language, if they chose one.
        if language := form.get_user().language:
            language_remember(response, language)
        return response


class LogoutView(auth_views.LogoutView):
    pass


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = PasswordResetForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form) -> HttpResponse:
        try:
            password_reset_count(self.request, form.cleaned_data["email"])
        except RateLimited as error:
            form.add_error(
                None,
                ngettext(
                    "Too many password reset requests: try again in %(minutes)s "
                    "minute.",
                    "Too many password reset requests: try again in %(minutes)s "
                    "minutes.",
                    error.minutes,
                )
                % {"minutes": error.minutes},
            )
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = SetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)
        # The link came by e-mail to the address: it proves the address too.
        verification.user_email_verify(user=form.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


# Where a visitor was going when they signed up (a listing they mean to buy, the
# vendor application): they are taken there once their address is confirmed.
SESSION_AFTER_SETUP_KEY = "after_setup"


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:dashboard")
    token = request.GET.get("invitation", "")
    invitation = services.invitation_get_by_token(token=token) if token else None
    if invitation is not None and not invitation.is_open:
        invitation = None
    initial = {"email": invitation.email} if invitation else {}
    form = SignupForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                user = services.user_create(
                    email=data["email"],
                    password=data["password1"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                )
                if invitation is not None and invitation.email == user.email:
                    services.invitation_accept(invitation=invitation, user=user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            if request.GET.get("next"):
                # Kept until the new account has confirmed its address.
                request.session[SESSION_AFTER_SETUP_KEY] = request.GET["next"]
            messages.success(
                request,
                _("Welcome to Agora, %(name)s.") % {"name": user.get_short_name()},
            )
            if not user.email_verified:
                # Joining through the invitation's link proved the address already.
                verification.email_verification_send(user=user)
                return redirect("accounts:email_verification")
            return _next_step(request, user)
    return render(
        request,
        "accounts/signup.html",
        {"form": form, "invitation": invitation, "next": request.GET.get("next", "")},
    )


def _next_step(request: HttpRequest, user) -> HttpResponse:
    """Where a new account goes on: where it was going when it signed up (a listing
    to buy, the vendor application: each says what comes next), else setting up its
    organization, else its organizations."""
    fallback = (
        reverse("accounts:dashboard")
        if user.memberships.exists()
        else reverse("accounts:organization_create")
    )
    return redirect_local(
        request, request.session.pop(SESSION_AFTER_SETUP_KEY, ""), fallback
    )


@login_required
def email_verification(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The "check your e-mail" page: all an account whose address is not verified
    yet reaches (EmailVerificationMiddleware)."""
    if request.user.email_verified:
        return redirect("accounts:dashboard")
    return render(
        request,
        "accounts/email_verification.html",
        {"valid_days": settings.EMAIL_VERIFICATION_VALID_DAYS},
    )


@login_required
@require_POST
def email_verification_resend(request: AuthenticatedHttpRequest) -> HttpResponse:
    try:
        verification.email_verification_resend(user=request.user)
    except RateLimited as error:
        messages.error(
            request,
            ngettext(
                "Too many e-mails asked for: try again in %(minutes)s minute.",
                "Too many e-mails asked for: try again in %(minutes)s minutes.",
                error.minutes,
            )
            % {"minutes": error.minutes},
        )
    else:
        messages.success(
            request,
            _("A new link is on its way to %(email)s.") % {"email": request.user.email},
        )
    return redirect("accounts:email_verification")


def email_verify(request: HttpRequest, token: str) -> HttpResponse:
    """The e-mailed link: it asks to confirm (a POST, so that a mail scanner
    opening links does not confirm), then verifies the address, in this browser
    or any other."""
    user = verification.user_for_verification_token(token=token)
    if user is None:
        return render(request, "accounts/email_verify_invalid.html", status=404)
    if request.method != "POST":
        return render(request, "accounts/email_verify.html", {"address": user.email})
    verification.user_email_verify(user=user)
    messages.success(
        request,
        _("Thank you: %(email)s is confirmed.") % {"email": user.email},
    )
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    if request.user.pk == user.pk:
        return _next_step(request, user)
    return redirect("accounts:dashboard")


@login_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    memberships = selectors.memberships_for_user(user=request.user).order_by(
        "organization__name"
    )
    return render(
        request,
        "accounts/dashboard.html",
        {
            "memberships": memberships,
            # Only an address shown to be the user's sees what was sent to it.
            "pending_invitations": selectors.invitations_open(email=request.user.email)
            if request.user.email_verified
            else [],
        },
    )


@login_required
@require_POST
def organization_switch(request: AuthenticatedHttpRequest) -> HttpResponse:
    membership = get_object_or_404(
        Membership,
        user=request.user,
        organization_id=posted_id(request.POST, "organization"),
    )
    request.session[SESSION_ORGANIZATION_KEY] = membership.organization_id
    messages.success(
        request,
        _("You are now acting for %(organization)s.")
        % {"organization": membership.organization.name},
    )
    return redirect_local(
        request, request.POST.get("next", ""), reverse("accounts:dashboard")
    )


@login_required
def organization_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = BuyerOrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            organization = services.organization_create(
                name=data["name"],
                kind=OrganizationKind.BUYER,
                buyer_type=data["buyer_type"],
                region=data["region"],
                locality=data["locality"],
                created_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            request.session[SESSION_ORGANIZATION_KEY] = organization.pk
            messages.success(
                request,
                _("%(organization)s is set up. Invite your colleagues next.")
                % {"organization": organization.name},
            )
            # Back where the visitor was going (a listing to buy), if anywhere.
            return redirect_local(
                request, request.GET.get("next", ""), reverse("accounts:members")
            )
    return render(request, "accounts/organization_create.html", {"form": form})


@login_required
def organization_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The organization's details, how it buys and what its documents say: its
    administrators change them, its other members read them."""
    membership = _current_membership(request)
    if membership is None:
        return redirect("accounts:organization_create")
    organization = membership.organization
    if not organization.is_buyer:
        raise PermissionDenied(_("These settings are for buyer organizations."))
    can_manage = membership.can(Capability.MEMBERS_MANAGE)
    form = OrganizationSettingsForm(request.POST or None, instance=organization)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied(
                _("Only the organization's administrators may do this.")
            )
        if form.is_valid():
            try:
                services.organization_update(
                    organization=organization,
                    user=request.user,
                    **{field: form.cleaned_data[field] for field in form.Meta.fields},
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The settings are saved."))
                return redirect("accounts:organization_settings")
    if not can_manage:
        for field in form.fields.values():
            field.disabled = True
    return render(
        request,
        "accounts/organization_settings.html",
        {"form": form, "organization": organization, "can_manage": can_manage},
    )


@login_required
def members(request: AuthenticatedHttpRequest) -> HttpResponse:
    membership = _current_membership(request)
    if membership is None:
        return redirect("accounts:organization_create")
    organization = membership.organization
    can_manage = membership.can(Capability.MEMBERS_MANAGE)
    form = InvitationForm(request.POST or None, organization=organization)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied(
                _("Only the organization's administrators may do this.")
            )
        if form.is_valid():
            try:
                invitation, _token = services.invitation_create(
                    organization=organization,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                    invited_by=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("An invitation is on its way to %(email)s.")
                    % {"email": invitation.email},
                )
                return redirect("accounts:members")
    invitations = selectors.invitations_open(organization=organization)
    return render(
        request,
        "accounts/members.html",
        {
            "organization": organization,
            "members": selectors.organization_members(organization=organization),
            "approval_warnings": selectors.approval_warnings(organization=organization),
            "invitations": invitations,
            "form": form if can_manage else None,
            "can_manage": can_manage,
        },
    )


@login_required
def member_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    current = _current_membership(request)
    if current is None or not current.can(Capability.MEMBERS_MANAGE):
        raise PermissionDenied(_("Only the organization's administrators may do this."))
    membership = get_object_or_404(
        Membership.objects.select_related("user", "organization"),
        pk=pk,
        organization=current.organization,
    )
    form = MembershipForm(request.POST or None, instance=membership)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_update(
                membership=Membership.objects.get(pk=membership.pk),
                role=form.cleaned_data["role"],
                is_admin=form.cleaned_data["is_admin"],
                changed_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The member's role was changed."))
            return redirect("accounts:members")
    return render(
        request, "accounts/member_edit.html", {"form": form, "membership": membership}
    )


@login_required
@require_POST
def invitation_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    current = _current_membership(request)
    if current is None:
        raise PermissionDenied
    invitation = get_object_or_404(Invitation, pk=pk, organization=current.organization)
    services.invitation_revoke(invitation=invitation, revoked_by=request.user)
    messages.success(request, _("The invitation was withdrawn."))
    return redirect("accounts:members")


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_get_by_token(token=token)
    if invitation is None or not invitation.is_open:
        return render(request, "accounts/invitation_invalid.html", status=404)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('accounts:login')}?next={request.path}")
        try:
            membership = services.invitation_accept(
                invitation=invitation, user=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            request.session[SESSION_ORGANIZATION_KEY] = membership.organization_id
            messages.success(
                request,
                _("You joined %(organization)s as %(role)s.")
                % {
                    "organization": membership.organization.name,
                    "role": membership.get_role_display(),
                },
            )
            return redirect("accounts:dashboard")
    email_matches = (
        request.user.is_authenticated
        and request.user.email.lower() == invitation.email.lower()
    )
    return render(
        request,
        "accounts/invitation.html",
        {"invitation": invitation, "token": token, "email_matches": email_matches},
    )


@login_required
def api_keys(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ApiKeyForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        membership = _current_membership(request)
        _api_key, new_key = key_services.api_key_create(
            user=request.user,
            name=form.cleaned_data["name"],
            organization=membership.organization if membership else None,
        )
        form = ApiKeyForm()
    keys = request.user.api_keys.select_related("organization")
    response = render(
        request,
        "accounts/api_keys.html",
        {"form": form, "keys": keys, "new_key": new_key},
    )
    # The key is shown once; keep it out of every cache.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def api_key_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    api_key = get_object_or_404(ApiKey, pk=pk, user=request.user)
    key_services.api_key_revoke(api_key=api_key, user=request.user)
    if request.htmx:
        # Swapped in place of the key's row; the page stays where it is.
        api_key.refresh_from_db()
        return render(request, "accounts/_api_key_row.html", {"key": api_key})
    messages.success(
        request, _("The key %(prefix)s… was revoked.") % {"prefix": api_key.prefix}
    )
    return redirect("accounts:api_keys")


@require_POST
def language_switch(request: HttpRequest) -> HttpResponse:
    """The footer's language switch (Django's `set_language`): a signed-in user's
    choice is kept too, so the next sign-in and their e-mail speak it."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        user_language_set(user=request.user, language=language)
    return response
