"""Plans in the Wagtail admin (the Plans tab of a listing): amounts are typed in
major units of the plan's currency and volume prices as rows, as in the vendor
portal; the plan keeps integer minor units and the same price-break JSON."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import InlinePanel
from wagtail.admin.panels.base import get_form_for_model

from marketplace.money_forms import (
    CurrencyAmountsMixin,
    MajorUnitsField,
    PriceBreaksField,
)


class PlanAdminForm(CurrencyAmountsMixin, WagtailAdminModelForm):
    unit_price = MajorUnitsField(
        label=_("Unit price"),
        help_text=_("In the plan's currency, e.g. 125.00 (yen without decimals)."),
    )
    setup_fee = MajorUnitsField(label=_("Setup fee"), initial=0)
    price_breaks = PriceBreaksField(
        label=_("Volume prices"),
        help_text=_(
            "From a quantity on, a lower unit price, e.g. from 100 at 90.00. "
            "Leave the rows empty for none."
        ),
    )


class PlanInlinePanel(InlinePanel):
    """An InlinePanel whose child forms are `form_class`. Wagtail's InlinePanel
    builds its child forms from WagtailAdminModelForm and takes no form class
    (wagtail/wagtail#3175); the child formset's `form` option, which Wagtail
    itself sets for deferred required fields, is where one goes."""

    form_class = PlanAdminForm

    def get_form_options(self):
        options = super().get_form_options()
        formset = options["formsets"][self.relation_name]
        deferred = self.child_edit_handler.get_form_options().get(
            "defer_required_on_fields"
        )
        formset["form"] = get_form_for_model(
            self.db_field.related_model,
            form_class=self.form_class,
            fields=formset["fields"],
            **({"defer_required_on_fields": deferred} if deferred else {}),
        )
        return options
