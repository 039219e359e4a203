"""API v1. Paths and shapes change only additively; integrators depend on them."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts.api import ApiKeyListView, MeView
from analytics.api import ListingRelatedView
from config.api.views import ApiRootView, NotFoundView
from marketplace.api.approvals import (
    QuoteApproveView,
    QuoteRejectView,
    QuoteReturnView,
)
from marketplace.api.buying import (
    OrderDetailView,
    PackageDetailView,
    PackageLinesView,
    PackageListView,
    PackageQuoteView,
    QuoteDetailView,
    QuoteOrderView,
)
from marketplace.api.catalog import CategoryTreeView, ListingDetailView
from marketplace.api.documents import DocumentPdfView
from marketplace.api.dossier import PackageDossierView, PackageOcdsView
from marketplace.api.lists import OrderListView, QuoteListView
from marketplace.api.phases import (
    PackagePhaseDetailView,
    PackagePhaseListView,
    QuoteReleaseView,
)
from marketplace.api.provisioning import (
    SubscriptionListView,
    VendorProvisioningView,
    VendorSubscriptionListView,
)
from marketplace.api.subscriptions import (
    SubscriptionAccessRevealView,
    SubscriptionDetailView,
)
from marketplace.api.vendor import (
    VendorListingDetailView,
    VendorListingListView,
    VendorListingSubmitView,
)
from notifications.api import NotificationListView, NotificationReadView
from reviews.api import (
    ListingReviewsView,
    ReviewDetailView,
    ReviewHelpfulView,
    ReviewReplyView,
    ReviewReportView,
)
from search.api import ListingSearchView, SuggestView
from vendors.api import (
    DeliveryDetailView,
    DeliveryListView,
    DeliveryRedeliverView,
    WebhookEndpointView,
    WebhookTestView,
)

app_name = "api"

urlpatterns = [
    path("", ApiRootView.as_view(), name="root"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Its script is a request of its own (`?script`), for the Content-Security-Policy.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema"),
        name="docs",
    ),
    path("me/", MeView.as_view(), name="me"),
    path("me/api-keys/", ApiKeyListView.as_view(), name="api-keys"),
    path("categories/", CategoryTreeView.as_view(), name="categories"),
    path("listings/", ListingSearchView.as_view(), name="listings"),
    path("suggest/", SuggestView.as_view(), name="suggest"),
    path("listings/<slug:slug>/", ListingDetailView.as_view(), name="listing"),
    path(
        "listings/<slug:slug>/related/",
        ListingRelatedView.as_view(),
        name="listing-related",
    ),
    path(
        "listings/<slug:slug>/reviews/",
        ListingReviewsView.as_view(),
        name="listing-reviews",
    ),
    path("reviews/<int:pk>/", ReviewDetailView.as_view(), name="review"),
    path("reviews/<int:pk>/reply/", ReviewReplyView.as_view(), name="review-reply"),
    path("reviews/<int:pk>/report/", ReviewReportView.as_view(), name="review-report"),
    path(
        "reviews/<int:pk>/helpful/",
        ReviewHelpfulView.as_view(),
        name="review-helpful",
    ),
    path("vendor/listings/", VendorListingListView.as_view(), name="vendor-listings"),
    path(
        "vendor/listings/<int:pk>/",
        VendorListingDetailView.as_view(),
        name="vendor-listing",
    ),
    path(
        "vendor/listings/<int:pk>/submit/",
        VendorListingSubmitView.as_view(),
        name="vendor-listing-submit",
    ),
    path("packages/", PackageListView.as_view(), name="packages"),
    path("packages/<int:pk>/", PackageDetailView.as_view(), name="package"),
    path("packages/<int:pk>/lines/", PackageLinesView.as_view(), name="package-lines"),
    path("packages/<int:pk>/quote/", PackageQuoteView.as_view(), name="package-quote"),
    path(
        "packages/<int:pk>/dossier/",
        PackageDossierView.as_view(),
        name="package-dossier",
    ),
    path("packages/<int:pk>/ocds/", PackageOcdsView.as_view(), name="package-ocds"),
    path(
        "packages/<int:pk>/phases/",
        PackagePhaseListView.as_view(),
        name="package-phases",
    ),
    path(
        "packages/<int:pk>/phases/<int:number>/",
        PackagePhaseDetailView.as_view(),
        name="package-phase",
    ),
    path("quotes/", QuoteListView.as_view(), name="quotes"),
    path("quotes/<int:pk>/", QuoteDetailView.as_view(), name="quote"),
    path("quotes/<int:pk>/approve/", QuoteApproveView.as_view(), name="quote-approve"),
    path("quotes/<int:pk>/return/", QuoteReturnView.as_view(), name="quote-return"),
    path("quotes/<int:pk>/reject/", QuoteRejectView.as_view(), name="quote-reject"),
    path("quotes/<int:pk>/order/", QuoteOrderView.as_view(), name="quote-order"),
    path("quotes/<int:pk>/release/", QuoteReleaseView.as_view(), name="quote-release"),
    path("orders/", OrderListView.as_view(), name="orders"),
    path("orders/<int:pk>/", OrderDetailView.as_view(), name="order"),
    path(
        "documents/<slug:number>.pdf",
        DocumentPdfView.as_view(),
        name="document-pdf",
    ),
    path("subscriptions/", SubscriptionListView.as_view(), name="subscriptions"),
    path(
        "subscriptions/<int:pk>/",
        SubscriptionDetailView.as_view(),
        name="subscription",
    ),
    path(
        "subscriptions/<int:pk>/access/reveal/",
        SubscriptionAccessRevealView.as_view(),
        name="subscription-access-reveal",
    ),
    path(
        "vendor/webhook-endpoint/",
        WebhookEndpointView.as_view(),
        name="vendor-webhook-endpoint",
    ),
    path(
        "vendor/webhook-endpoint/test/",
        WebhookTestView.as_view(),
        name="vendor-webhook-test",
    ),
    path("vendor/deliveries/", DeliveryListView.as_view(), name="vendor-deliveries"),
    path(
        "vendor/deliveries/<int:pk>/",
        DeliveryDetailView.as_view(),
        name="vendor-delivery",
    ),
    path(
        "vendor/deliveries/<int:pk>/redeliver/",
        DeliveryRedeliverView.as_view(),
        name="vendor-delivery-redeliver",
    ),
    path(
        "vendor/subscriptions/",
        VendorSubscriptionListView.as_view(),
        name="vendor-subscriptions",
    ),
    path(
        "vendor/subscriptions/<int:pk>/provisioning/",
        VendorProvisioningView.as_view(),
        name="vendor-subscription-provisioning",
    ),
    path("notifications/", NotificationListView.as_view(), name="notifications"),
    path(
        "notifications/<int:pk>/read/",
        NotificationReadView.as_view(),
        name="notification-read",
    ),
    # Last: any other path under /api/v1/ (newlines and all) answers a JSON 404, not
    # the site's page.
    re_path(r"^[\s\S]*$", NotFoundView.as_view(), name="not-found"),
]
