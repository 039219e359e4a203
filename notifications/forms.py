from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.ui import Form
from notifications.kinds import Audience
from notifications.models import Channels
from notifications.selectors import Preference


def kind_field_name(code: str) -> str:
    return "kind_" + code.replace(".", "__")


class PreferencesForm(Form):
    """The user's language, and how they want each kind of notification given."""

    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("Follow my browser")), *settings.LANGUAGES],
        required=False,
        help_text=_(
            "Pages after you sign in and the e-mails Agora sends you are in it. "
            "When you follow your browser, e-mail is in English."
        ),
    )

    def __init__(
        self, *args, preferences: dict[Audience, list[Preference]], **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.groups: list[tuple[Audience, list[str]]] = []
        for audience, items in preferences.items():
            names = []
            for item in items:
                name = kind_field_name(item.kind.code)
                self.fields[name] = forms.ChoiceField(
                    label=str(item.kind.label),
                    choices=Channels.choices,
                    initial=item.channels,
                    widget=forms.RadioSelect,
                    # A kind left out keeps its setting.
                    required=False,
                )
                names.append(name)
            self.groups.append((audience, names))
        self.kinds = {
            kind_field_name(item.kind.code): item.kind.code
            for items in preferences.values()
            for item in items
        }

    def channels(self) -> dict[str, str]:
        """Kind code → channels, for the kinds given."""
        return {
            code: self.cleaned_data[name]
            for name, code in self.kinds.items()
            if self.cleaned_data.get(name)
        }

    def grouped(self):
        """(audience, bound fields) for the template."""
        return [
            (audience, [self[name] for name in names])
            for audience, names in self.groups
        ]
