from django.urls import path

from marketplace.views import (
    approvals,
    buying,
    catalog,
    comparisons,
    documents,
    dossier,
    listing_documents,
    lists,
    orders,
    phases,
    subscriptions,
    vendor_portal,
    vendor_statements,
    vendor_translations,
)

app_name = "marketplace"

urlpatterns = [
    path("categories/<slug:slug>/", catalog.category_detail, name="category"),
    path("solutions/<slug:slug>/", catalog.listing_detail, name="listing"),
    path(
        "solutions/<slug:slug>/documents/<int:document_id>/",
        listing_documents.listing_document,
        name="listing_document",
    ),
    path("vendors/<slug:slug>/", catalog.vendor_detail, name="vendor"),
    path("compare/", comparisons.compare, name="compare"),
    path("compare/add/", comparisons.compare_add, name="compare_add"),
    path("compare/save/", comparisons.compare_save, name="compare_save"),
    path("vendor/", vendor_portal.listing_list, name="vendor_listings"),
    path("vendor/orders/", vendor_portal.vendor_order_list, name="vendor_orders"),
    path(
        "vendor/statement/",
        vendor_statements.vendor_statement_view,
        name="vendor_statement",
    ),
    path(
        "vendor/statement.csv",
        vendor_statements.vendor_statement_csv,
        name="vendor_statement_csv",
    ),
    path(
        "vendor/subscriptions/",
        vendor_portal.vendor_subscription_list,
        name="vendor_subscriptions",
    ),
    path(
        "vendor/subscriptions/<int:pk>/",
        vendor_portal.vendor_subscription_detail,
        name="vendor_subscription",
    ),
    path(
        "vendor/listings/new/", vendor_portal.listing_start, name="vendor_listing_new"
    ),
    path(
        "vendor/listings/<int:pk>/",
        vendor_portal.listing_edit,
        name="vendor_listing_edit",
    ),
    path(
        "vendor/listings/<int:pk>/translations/<str:language>/",
        vendor_translations.listing_translate,
        name="vendor_listing_translate",
    ),
    path(
        "vendor/listings/<int:pk>/preview/",
        vendor_portal.listing_preview,
        name="vendor_listing_preview",
    ),
    path(
        "vendor/listings/<int:pk>/documents/<int:document_id>/",
        listing_documents.vendor_listing_document,
        name="vendor_listing_document",
    ),
    path(
        "vendor/listings/<int:pk>/submit/",
        vendor_portal.listing_submit,
        name="vendor_listing_submit",
    ),
    path("packages/", buying.package_list, name="packages"),
    path("packages/add/", buying.package_add, name="package_add"),
    path("buy-now/", buying.buy_now, name="buy_now"),
    path(
        "packages/from-collection/<int:page_id>/",
        buying.package_from_collection,
        name="package_from_collection",
    ),
    path("packages/<int:pk>/", buying.package_detail, name="package"),
    path(
        "packages/<int:pk>/lines/<int:line_id>/",
        buying.package_line_change,
        name="package_line",
    ),
    path(
        "packages/<int:pk>/settings/",
        buying.package_settings,
        name="package_settings",
    ),
    path("packages/<int:pk>/quote/", buying.package_quote, name="package_quote"),
    path(
        "packages/<int:pk>/dossier.zip",
        dossier.package_dossier,
        name="package_dossier",
    ),
    path(
        "packages/<int:pk>/phases/",
        phases.package_phase_add,
        name="package_phase_add",
    ),
    path(
        "packages/<int:pk>/phases/<int:number>/",
        phases.package_phase_change,
        name="package_phase",
    ),
    path("quotes/", lists.quote_list, name="quotes"),
    path("quotes/<int:pk>/", orders.quote_detail, name="quote"),
    path("quotes/<int:pk>/decide/", approvals.quote_decide, name="quote_decide"),
    path("approvals/", approvals.approval_inbox, name="approvals"),
    path("quotes/<int:pk>/order/", orders.quote_order, name="quote_order"),
    path("quotes/<int:pk>/release/", phases.quote_release, name="quote_release"),
    path("quotes/<int:pk>.csv", orders.quote_csv, name="quote_csv"),
    path("quotes/<int:pk>.pdf", orders.quote_pdf, name="quote_pdf"),
    path("orders/", lists.order_list, name="orders"),
    path("orders/<int:pk>/", orders.order_detail, name="order"),
    path(
        "orders/<int:pk>/documents/<slug:number>.pdf",
        documents.order_document,
        name="order_document",
    ),
    path(
        "orders/<int:pk>/history.csv",
        orders.order_history_csv,
        name="order_history_csv",
    ),
    path("subscriptions/", subscriptions.subscription_list, name="subscriptions"),
    path(
        "subscriptions/<int:pk>/",
        subscriptions.subscription_detail,
        name="subscription",
    ),
    path(
        "subscriptions/<int:pk>/access/reveal/",
        subscriptions.subscription_access_reveal,
        name="subscription_access_reveal",
    ),
    path(
        "subscriptions/<int:pk>/auto-renew/",
        subscriptions.subscription_auto_renew,
        name="subscription_auto_renew",
    ),
    path("orders/<int:pk>/pay/", orders.order_pay, name="order_pay"),
    path("orders/<int:pk>/cancel/", orders.order_cancel, name="order_cancel"),
]
