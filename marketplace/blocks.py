"""StreamField blocks of the marketplace's pages that are not Wagtail's own."""

from __future__ import annotations

from django.utils.functional import cached_property
from wagtail.blocks import ChooserBlock
from wagtail.coreutils import resolve_model_string


class PlanChooserBlock(ChooserBlock):
    """A plan, chosen in a searchable modal; in a collection's line, among the
    plans of the line's listing (`admin_choosers`)."""

    @cached_property
    def target_model(self):
        return resolve_model_string("marketplace.Plan")

    @cached_property
    def widget(self):
        # The admin's chooser views load with the admin, after the models.
        from marketplace.admin_choosers import LINE_LISTING, plan_chooser_widget

        return plan_chooser_widget(linked_fields=LINE_LISTING)

    def value_from_form(self, value):
        # The form field answers an id or an instance; the block's value is the
        # instance.
        if value is None or isinstance(value, self.model_class):
            return value
        return self.model_class.objects.filter(pk=value).first()

    def get_form_state(self, value):
        return self.widget.get_value_data(value)

    class Meta:
        icon = "tag"
