"""The buyer's phases: naming, dating and adding a package's phases on its page,
and releasing one phase of an approved quote (a call-off order) from the quote's
page. Plain forms; the pages work without JavaScript."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.ui import add_service_errors
from config.api.exceptions import Conflict
from marketplace.models import PackagePhase
from marketplace.services import orders as order_services
from marketplace.services import phases as phase_services
from marketplace.views.buying import (
    buyer_required,
    owned_package,
    package_page,
    refused,
)
from marketplace.views.orders import owned_quote
from marketplace.views.phase_forms import (
    NEW_PHASE_PREFIX,
    NewPhaseForm,
    PhaseForm,
    ReleaseForm,
    phase_form_prefix,
)


def _phase_url(package_id: int, number: int) -> str:
    return f"{reverse('marketplace:package', args=[package_id])}#phase-{number}"


@require_POST
@buyer_required
def package_phase_add(request, pk: int, *, membership) -> HttpResponse:
    package = owned_package(membership, pk)
    form = NewPhaseForm(request.POST, prefix=NEW_PHASE_PREFIX)
    if form.is_valid():
        try:
            phase = phase_services.package_phase_create(
                membership=membership, package=package, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            refused(request, error)
            return redirect("marketplace:package", package.pk)
        else:
            messages.success(request, _("%(phase)s is added.") % {"phase": phase.name})
            return redirect(_phase_url(package.pk, phase.number))
    return package_page(request, membership, package, new_phase_form=form, status=400)


@require_POST
@buyer_required
def package_phase_change(request, pk: int, number: int, *, membership) -> HttpResponse:
    package = owned_package(membership, pk)
    form = PhaseForm(request.POST, prefix=phase_form_prefix(number))
    if form.is_valid():
        try:
            phase = phase_services.package_phase_update(
                membership=membership,
                package=package,
                number=number,
                **form.cleaned_data,
            )
        except PackagePhase.DoesNotExist as error:
            raise Http404 from error
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            refused(request, error)
            return redirect("marketplace:package", package.pk)
        else:
            messages.success(request, _("%(phase)s is saved.") % {"phase": phase.name})
            return redirect(_phase_url(package.pk, phase.number))
    return package_page(
        request, membership, package, phase_forms={number: form}, status=400
    )


@require_POST
@buyer_required
def quote_release(request, pk: int, *, membership) -> HttpResponse:
    """Release one phase of the quote: to its order, to pay it."""
    quote = owned_quote(membership, pk)
    form = ReleaseForm(request.POST, organization=membership.organization)
    if not form.is_valid():
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else None
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else str(error))
        return redirect("marketplace:quote", quote.pk)
    data = form.cleaned_data
    try:
        placed = order_services.order_release(
            membership=membership,
            quote=quote,
            phase=data["phase"],
            payment_method=data["payment_method"],
            purchase_order=data["purchase_order"],
        )
    except (ValidationError, PermissionDenied) as error:
        refused(request, error)
        return redirect("marketplace:quote", quote.pk)
    except Conflict as error:
        messages.error(request, str(error))
        return redirect("marketplace:quote", quote.pk)
    if placed.created:
        messages.success(
            request,
            _("Phase %(phase)s is ordered: order %(order)s.")
            % {"phase": data["phase"], "order": placed.order.number},
        )
    return redirect("marketplace:order", placed.order.pk)
