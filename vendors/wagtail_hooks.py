"""Vendor verification in the Wagtail admin."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, SnippetViewSet

from . import services
from .models import Vendor, VerificationStatus


class VendorAdminForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("status") == VerificationStatus.REJECTED
            and not (cleaned.get("decision_note") or "").strip()
        ):
            self.add_error("decision_note", _("Tell the applicant why."))
        return cleaned


class VendorEditView(EditView):
    def save_instance(self):
        # The decision goes through the services, which record who decided and when.
        decided = self.form.cleaned_data["status"]
        previous = Vendor.objects.only("status").get(pk=self.object.pk).status
        self.form.instance.status = previous
        vendor = super().save_instance()
        if decided != previous:
            if decided == VerificationStatus.VERIFIED:
                services.vendor_verify(vendor=vendor, user=self.request.user)
            elif decided == VerificationStatus.REJECTED:
                services.vendor_reject(
                    vendor=vendor, user=self.request.user, note=vendor.decision_note
                )
            else:
                Vendor.objects.filter(pk=vendor.pk).update(status=decided)
            vendor.refresh_from_db()
        return vendor


class VendorViewSet(SnippetViewSet):
    model = Vendor
    icon = "group"
    menu_label = _("Vendors")
    add_to_admin_menu = True
    menu_order = 210
    list_display = ["organization", "legal_name", "status", "verified_at"]
    list_filter = ["status"]
    search_fields = ["legal_name", "registration_number"]
    edit_view_class = VendorEditView
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organization", read_only=True),
                FieldPanel("legal_name"),
                FieldPanel("registration_number"),
                FieldPanel("regions_served"),
            ],
            heading=_("Company"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
                FieldPanel("website"),
            ],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [FieldPanel("logo"), FieldPanel("about")],
            heading=_("Storefront"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldPanel("decision_note"),
                FieldPanel("verified_at", read_only=True),
                FieldPanel("verified_by", read_only=True),
            ],
            heading=_("Verification"),
        ),
    ]
    base_form_class = VendorAdminForm


register_snippet(VendorViewSet)


@hooks.register("register_admin_viewset")
def register_webhook_monitor():
    from vendors.admin_webhooks import WebhooksViewSetGroup

    return WebhooksViewSetGroup()
