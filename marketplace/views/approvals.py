"""The approver's inbox and their decision on a quote."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from marketplace.models import Quote, QuoteStatus
from marketplace.selectors.approvals import approvals_waiting_detailed, inbox
from marketplace.services import approvals
from marketplace.views.buying import buyer_required, refused
from marketplace.views.orders import COMMENT_KEPT, owned_quote


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("approve", gettext_lazy("Approve")),
            ("return", gettext_lazy("Return for changes")),
            ("reject", gettext_lazy("Reject")),
        ]
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        max_length=approvals.COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Needed to return or reject: say what to change, or why not. The "
            "requester is told, and it stays in the quote's history."
        ),
    )


# Quotes per page of the inbox: each is costed per fiscal year.
INBOX_PAGE = 10

DECIDE: dict[str, tuple[Callable[..., Quote], Promise]] = {
    "approve": (approvals.quote_approve, gettext_lazy("You approved the quote.")),
    "return": (
        approvals.quote_return,
        gettext_lazy("The quote is returned; the requester is told what to change."),
    ),
    "reject": (
        approvals.quote_reject,
        gettext_lazy("The quote is rejected; the requester is told why."),
    ),
}


@buyer_required
def approval_inbox(request, *, membership) -> HttpResponse:
    page = Paginator(approvals_waiting_detailed(membership), INBOX_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "marketplace/buying/approval_inbox.html",
        {
            "rows": inbox(page.object_list),
            "page_obj": page,
            "membership": membership,
        },
    )


@require_POST
@buyer_required
def quote_decide(request, pk: int, *, membership) -> HttpResponse:
    quote = owned_quote(membership, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve, return or reject."))
        return redirect("marketplace:quote", quote.pk)
    decide, done = DECIDE[form.cleaned_data["decision"]]
    try:
        quote = decide(
            membership=membership, quote=quote, comment=form.cleaned_data["comment"]
        )
    except (ValidationError, PermissionDenied) as error:
        refused(request, error)
        # Keep what was typed, so a missing reason costs nothing to add.
        request.session[COMMENT_KEPT] = form.cleaned_data["comment"]
        return redirect(reverse("marketplace:quote", args=[quote.pk]) + "#decide")
    if quote.status == QuoteStatus.PENDING:
        messages.success(
            request,
            _("You approved the quote; it waits for a second approver."),
        )
    else:
        messages.success(request, str(done))
    return redirect("marketplace:quote", quote.pk)
