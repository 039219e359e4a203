"""The user's notifications: the list (newest first, paged), read marks as plain
POST forms, opening one, and the preferences page (language, and how each kind
is given)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.language import language_remember, user_language_set
from accounts.types import AuthenticatedHttpRequest
from accounts.ui import add_service_errors, redirect_local
from notifications import selectors, services
from notifications.forms import PreferencesForm
from notifications.models import Notification

PAGE_SIZE = 20


def _mark_read(request: AuthenticatedHttpRequest, pk: int) -> Notification:
    try:
        return services.notification_mark_read(user=request.user, notification_id=pk)
    except Notification.DoesNotExist:
        raise Http404(_("No such notification.")) from None


@login_required
def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    unread = request.GET.get("show") == "unread"
    items = selectors.notifications_for(user=request.user, unread=unread)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {"page_obj": page, "unread_only": unread},
    )


@login_required
def notification_open(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Follow a notification's link (from the list or its e-mail): it is read."""
    notification = _mark_read(request, pk)
    return redirect_local(request, notification.url, reverse("notifications:list"))


@login_required
@require_POST
def notification_read(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _mark_read(request, pk)
    messages.success(request, _("The notification is marked read."))
    return redirect_local(
        request, request.POST.get("next", ""), reverse("notifications:list")
    )


@login_required
@require_POST
def notifications_read_all(request: AuthenticatedHttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(user=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)d notification is marked read.",
            "%(count)d notifications are marked read.",
            count,
        )
        % {"count": count},
    )
    return redirect_local(
        request, request.POST.get("next", ""), reverse("notifications:list")
    )


@login_required
def notification_preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    form = PreferencesForm(
        request.POST or None,
        preferences=selectors.notification_preferences(user=user),
        initial={"language": user.language},
    )
    if request.method == "POST" and form.is_valid():
        try:
            user_language_set(user=user, language=form.cleaned_data["language"])
            services.notification_preferences_set(user=user, channels=form.channels())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            response = redirect("notifications:preferences")
            # The confirmation, and every page after it, in the language chosen.
            language_remember(response, user.language)
            messages.success(request, _("Your preferences are saved."))
            return response
    return render(
        request,
        "notifications/preferences.html",
        {"form": form},
        status=400 if form.errors else 200,
    )
