"""Form rendering shared by every app's public forms, in the design system's markup.

Only forms that inherit from these classes are affected; the Wagtail and Django admin
forms keep their own rendering.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import BadRequest
from django.forms.boundfield import BoundField
from django.http import HttpRequest, HttpResponseRedirect, QueryDict
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

# The largest id a row can have (PostgreSQL's bigint).
ID_MAX = 2**63 - 1

# First match wins: CheckboxSelectMultiple is a RadioSelect in Django.
_WIDGET_CLASSES: list[tuple[type[forms.Widget], str]] = [
    (forms.CheckboxSelectMultiple, "usa-checkbox__input"),
    (forms.RadioSelect, "usa-radio__input"),
    (forms.CheckboxInput, "usa-checkbox__input"),
    (forms.Select, "usa-select"),
    (forms.Textarea, "usa-textarea"),
    (forms.FileInput, "usa-file-input"),
    (forms.widgets.Input, "usa-input"),
]


class DesignSystemBoundField(BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        for widget_class, css_class in _WIDGET_CLASSES:
            if isinstance(widget, widget_class):
                classes = [css_class]
                if self.errors and css_class in ("usa-input", "usa-select"):
                    classes.append(f"{css_class}--error")
                existing = attrs.get("class", "")
                attrs["class"] = " ".join(filter(None, [existing, *classes]))
                break
        return attrs

    @property
    def label_says_optional(self) -> bool:
        """The label already says the field is optional ("Phone (optional)"), so
        the form does not say it a second time."""
        return _("optional").lower() in str(self.label).lower()

    @property
    def widget_kind(self) -> str:
        widget = self.field.widget
        if getattr(widget, "renders_group", False):
            # A widget of several inputs that renders its own markup, in a fieldset.
            return "group"
        if isinstance(widget, forms.CheckboxSelectMultiple):
            return "checkboxes"
        if isinstance(widget, forms.RadioSelect):
            return "radio"
        if isinstance(widget, forms.CheckboxInput):
            return "checkbox"
        return "input"


class DesignSystemFormMixin:
    template_name = "forms/form.html"
    bound_field_class: type[BoundField] | None = DesignSystemBoundField


class Form(DesignSystemFormMixin, forms.Form):
    pass


class ModelForm(DesignSystemFormMixin, forms.ModelForm):
    pass


def error_text(error) -> str:
    """A service's refusal (ValidationError, PermissionDenied …) as one line."""
    return " ".join(getattr(error, "messages", [str(error)]))


def add_service_errors(form: forms.BaseForm, error) -> None:
    """Show a service's ValidationError on the form: under the field it names, or
    above the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error)


def posted_id(data: QueryDict, name: str) -> int:
    """The id a form posts under `name` (a plan, an organization, a package). Our
    forms send nothing but a number there, so anything else is a hand-made request:
    BadRequest (answered 400) rather than a lookup that fails."""
    value = data.get(name) or ""
    # isdigit() alone takes "²", which int() does not.
    if not (value.isascii() and value.isdigit()) or not 0 < int(value) <= ID_MAX:
        raise BadRequest(
            _("The form's “%(name)s” is not an id (a whole number).") % {"name": name}
        )
    return int(value)


def redirect_local(
    request: HttpRequest, url: str, fallback: str
) -> HttpResponseRedirect:
    """Go to `url` when it is a path on this site (a form's `next`, a stored link),
    else to `fallback`. Never read as a URL name, and never off-site."""
    if (
        url.startswith("/")
        and not url.startswith("//")
        and url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return HttpResponseRedirect(url)
    return HttpResponseRedirect(fallback)
