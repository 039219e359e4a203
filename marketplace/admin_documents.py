"""Finance in the Wagtail admin: every invoice, receipt and credit note issued, with
its PDF. Read only: an issued document never changes."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DownloadColumn
from wagtail.admin.views.generic import IndexView, InspectView

from accounts.admin_ui import ModelViewSet
from config.spreadsheets import SpreadsheetSafeExportMixin
from marketplace.models import Document
from marketplace.views.documents import document_response


class PdfColumn(DownloadColumn):
    """A link that downloads the document's PDF."""

    def get_cell_context_data(self, instance, parent_context):
        context = Column.get_cell_context_data(self, instance, parent_context)
        context["download_url"] = reverse("finance_documents:pdf", args=[instance.pk])
        return context


class DocumentIndexView(SpreadsheetSafeExportMixin, IndexView):
    """Documents are issued, never added or edited; a row opens the document."""

    def get_add_url(self):
        return None

    def get_edit_url(self, instance):
        return reverse("finance_documents:inspect", args=[instance.pk])


class DocumentInspectView(InspectView):
    LABELS = {
        "buyer": _("Buyer"),
        "total_money": _("Total, tax included"),
        "sha256": _("SHA-256 of the PDF"),
        "pdf_link": _("PDF"),
    }

    def get_field_label(self, field_name, field):
        if field_name in self.LABELS:
            return self.LABELS[field_name]
        return super().get_field_label(field_name, field)

    def get_buyer_display_value(self):
        return self.object.order.organization.name

    def get_pdf_link_display_value(self):
        return format_html(
            '<a href="{}" download>{}.pdf</a>',
            reverse("finance_documents:pdf", args=[self.object.pk]),
            self.object.number,
        )


class DocumentViewSet(ModelViewSet):
    model = Document
    name = "finance_documents"
    url_prefix = "finance/documents"
    icon = "doc-full-inverse"
    menu_label = _("Invoices and receipts")
    index_view_class = DocumentIndexView
    add_view_enabled = False
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = DocumentInspectView
    form_fields: list[str] = []
    list_display = [
        "number",
        Column("get_kind_display", label=_("Kind")),
        Column("order", label=_("Order"), accessor="order.number"),
        Column("buyer", label=_("Buyer"), accessor="order.organization.name"),
        Column("total_money", label=_("Total")),
        "issued_at",
        PdfColumn("pdf_link", label=_("PDF"), accessor=lambda document: _("PDF")),
    ]
    list_filter = ["kind", "currency"]
    search_fields = ["number", "order__number", "order__organization__name"]
    search_backend_name = None
    list_export = ["number", "kind", "issued_at", "currency", "total", "sha256"]
    export_filename = "agora-documents"
    inspect_view_fields = [
        "number",
        "kind",
        "order",
        "buyer",
        "issued_at",
        "language",
        "total_money",
        "reference",
        "pdf_link",
        "sha256",
    ]

    def listing_queryset(self):
        return Document.objects.select_related("order__organization").defer(
            "data", "pdf"
        )

    def pdf_view(self, request, pk: int):
        if not self.permission_policy.user_has_permission(request.user, "view"):
            raise PermissionDenied
        return document_response(get_object_or_404(Document, pk=pk))

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("pdf/<int:pk>/", self.pdf_view, name="pdf"),
        ]
