"""The forms of the review pages: writing (or editing) a review, the vendor's
reply, a report, and the curators' decision."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from accounts.ui import Form
from reviews.models import STARS, ModerationAction, Review
from reviews.services import Draft


class ReviewForm(Form):
    stars = forms.TypedChoiceField(
        label=_("Your rating"),
        coerce=int,
        widget=forms.RadioSelect,
        choices=[
            (
                stars,
                ngettext_lazy("%(stars)d star", "%(stars)d stars", "stars")
                % {"stars": stars},
            )
            for stars in reversed(STARS)
        ],
    )
    title = forms.CharField(label=_("Title"), max_length=120)
    text = forms.CharField(
        label=_("Your review"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What worked, what did not, and for what you use it."),
    )
    city = forms.CharField(
        label=_("City or district of the deployment"),
        max_length=120,
        help_text=_("For example “Futian District, Shenzhen”."),
    )
    scale = forms.CharField(
        label=_("Scale"),
        max_length=120,
        help_text=_("What was deployed, e.g. “1,200 manhole sensors”."),
    )
    months_in_use = forms.IntegerField(
        label=_("Months in use"), min_value=0, max_value=600
    )
    show_organization = forms.BooleanField(
        label=_("Show our organization's name with the review"),
        required=False,
        help_text=_("Its kind and region are shown in any case."),
    )

    @classmethod
    def of(cls, review: Review, data=None) -> ReviewForm:
        """The form for changing a review, filled with it."""
        fields = ("stars", "title", "text", "city", "scale", "months_in_use")
        initial = {name: getattr(review, name) for name in fields}
        initial["show_organization"] = review.show_organization
        return cls(data, initial=initial)

    def draft(self) -> Draft:
        return Draft(**self.cleaned_data)


class ReplyForm(Form):
    text = forms.CharField(
        label=_("Your public reply"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One reply per review: everyone reads it, and it cannot be changed."
        ),
    )


class ReportForm(Form):
    reason = forms.CharField(
        label=_("What is wrong with this review?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The curators read it and decide whether to hide the review."),
    )


class ModerationForm(forms.Form):
    """A curator's decision on a review, with the reason that is kept."""

    action = forms.ChoiceField(
        label=_("Decision"), choices=ModerationAction.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the review's history."),
    )

    def __init__(self, *args, review: Review, **kwargs):
        super().__init__(*args, **kwargs)
        hidden = review.hidden_at is not None
        action = cast(forms.ChoiceField, self.fields["action"])
        action.choices = [
            (value, label)
            for value, label in ModerationAction.choices
            if (value == ModerationAction.RESTORED) == hidden
        ]
