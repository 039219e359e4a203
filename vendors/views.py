from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.context_processors import SESSION_ORGANIZATION_KEY
from accounts.types import AuthenticatedHttpRequest
from accounts.ui import add_service_errors

from . import services
from .forms import VendorApplicationForm


@login_required
def apply(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Apply to sell on Agora."""
    existing = services.vendor_for_user(user=request.user)
    form = VendorApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            vendor = services.vendor_apply(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            request.session[SESSION_ORGANIZATION_KEY] = vendor.organization_id
            messages.success(
                request,
                _(
                    "Thank you. The curators check your application; meanwhile you "
                    "can prepare your listings."
                ),
            )
            return redirect("marketplace:vendor_listings")
    return render(request, "vendors/apply.html", {"form": form, "existing": existing})
