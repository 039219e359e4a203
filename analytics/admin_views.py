"""The statistics pages of the Wagtail admin (/cms/statistics/), for curators and
finance: each page is a few reports, each report a chart, the table of its numbers
and a CSV download of that table, all drawn from one `Table` (analytics.charts)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.permissions import can
from accounts.roles import Capability
from analytics import selectors
from analytics.cells import csv_response
from analytics.charts import Shape, report
from analytics.forms import FilterForm, filter_form
from analytics.tables import Filters, Table

# Which filters a page offers: the time-series pages have a grain, the pages with
# money a currency.
ALL_FILTERS = ("period", "start", "end", "grain", "region", "category", "currency")
NO_GRAIN = ("period", "start", "end", "region", "category", "currency")
NO_MONEY = ("period", "start", "end", "region", "category")


@dataclass(frozen=True)
class ReportSpec:
    key: str
    read: Callable[[Filters], Table]
    shape: Shape


@dataclass(frozen=True)
class StatisticsPage:
    slug: str
    title: str | Promise
    description: str | Promise
    reports: tuple[ReportSpec, ...]
    fields: tuple[str, ...]
    icon: str


def _by(dimension: str) -> Callable[[Filters], Table]:
    return lambda filters: selectors.sales_by(filters, dimension)


PAGES: tuple[StatisticsPage, ...] = (
    StatisticsPage(
        slug="sales",
        title=_("Sales over time"),
        description=_(
            "Orders and gross merchandise value (before tax, less refunds) by the "
            "day, week or month they were paid."
        ),
        reports=(ReportSpec("over-time", selectors.sales_over_time, "columns"),),
        fields=ALL_FILTERS,
        icon="date",
    ),
    StatisticsPage(
        slug="buyers",
        title=_("Sales by buyer"),
        description=_("Who buys: by kind of buyer and by the buyer's region."),
        reports=(
            ReportSpec("buyer-type", _by("buyer_type"), "bars"),
            ReportSpec("region", _by("region"), "bars"),
        ),
        fields=NO_GRAIN,
        icon="group",
    ),
    StatisticsPage(
        slug="catalog",
        title=_("Sales by offer"),
        description=_(
            "What sells: by price range of the order line, by category, by vendor, "
            "and Select against the open store."
        ),
        reports=(
            ReportSpec("price-range", _by("price_band"), "bars"),
            ReportSpec("category", _by("category"), "bars"),
            ReportSpec("vendor", _by("vendor"), "bars"),
            ReportSpec("tier", _by("tier"), "bars"),
        ),
        fields=NO_GRAIN,
        icon="tag",
    ),
    StatisticsPage(
        slug="sale-effect",
        title=pgettext_lazy("price reductions", "Effect of sales"),
        description=_(
            "Order lines priced with a sale against lines at list price: how many "
            "units a line buys in each."
        ),
        reports=(ReportSpec("sale-effect", selectors.sale_effect, "bars"),),
        fields=NO_GRAIN,
        icon="pick",
    ),
    StatisticsPage(
        slug="funnel",
        title=_("Funnel"),
        description=_(
            "Per category: listing views, then additions to a package, quotes and "
            "orders. Views are counted per day, without knowing who viewed."
        ),
        reports=(ReportSpec("funnel", selectors.funnel, "bars"),),
        fields=NO_MONEY,
        icon="list-ul",
    ),
    StatisticsPage(
        slug="provisioning",
        title=_("Provisioning"),
        description=_(
            "Per vendor: how many subscriptions were provisioned, how many failed, "
            "and how long they took to become active."
        ),
        reports=(ReportSpec("provisioning", selectors.provisioning, "bars"),),
        fields=NO_MONEY,
        icon="cogs",
    ),
)
PAGES_BY_SLUG = {page.slug: page for page in PAGES}


def _allowed(request: HttpRequest) -> None:
    if not can(request.user, Capability.STATISTICS_VIEW):
        raise PermissionDenied


def _page(slug: str) -> StatisticsPage:
    try:
        return PAGES_BY_SLUG[slug]
    except KeyError:
        raise Http404 from None


def index(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    return TemplateResponse(request, "analytics/admin/index.html", {"pages": PAGES})


def statistics_page(request: HttpRequest, slug: str) -> HttpResponse:
    _allowed(request)
    page = _page(slug)
    form = filter_form(request.GET, FilterForm, fields=page.fields)
    reports = []
    if form.is_valid():
        filters = form.filters()
        query = request.GET.urlencode()
        for spec in page.reports:
            url = reverse("analytics_admin:csv", args=[page.slug, spec.key])
            reports.append(
                report(
                    spec.key,
                    spec.read(filters),
                    spec.shape,
                    f"{url}?{query}" if query else url,
                    filters.grain,
                )
            )
    return TemplateResponse(
        request,
        "analytics/admin/page.html",
        {"page": page, "pages": PAGES, "form": form, "reports": reports},
        status=200 if form.is_valid() else 400,
    )


def statistics_csv(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    _allowed(request)
    page = _page(slug)
    spec = next((spec for spec in page.reports if spec.key == key), None)
    if spec is None:
        raise Http404
    form = filter_form(request.GET, FilterForm, fields=page.fields)
    if not form.is_valid():
        return HttpResponse(
            "\n".join(
                str(message) for errors in form.errors.values() for message in errors
            ),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    filters = form.filters()
    return csv_response(
        spec.read(filters),
        f"agora-{page.slug}-{spec.key}-{filters.start}-{filters.end}",
    )
