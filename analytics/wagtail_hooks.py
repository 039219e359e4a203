"""The Statistics menu of the Wagtail admin and its pages (/cms/statistics/), shown
to those who may see the platform's statistics (curators and finance)."""

from __future__ import annotations

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from accounts.permissions import can
from accounts.roles import Capability
from analytics import admin_views


class StatisticsMenuItem(MenuItem):
    def is_shown(self, request):
        return can(request.user, Capability.STATISTICS_VIEW)


@hooks.register("register_admin_urls")
def register_statistics_urls():
    patterns = [
        path("", admin_views.index, name="index"),
        path("<slug:slug>/", admin_views.statistics_page, name="page"),
        path("<slug:slug>/<slug:key>.csv", admin_views.statistics_csv, name="csv"),
    ]
    return [path("statistics/", include((patterns, "analytics_admin")))]


@hooks.register("register_admin_menu_item")
def register_statistics_menu():
    items = [
        StatisticsMenuItem(
            page.title,
            reverse("analytics_admin:page", args=[page.slug]),
            name=f"statistics-{page.slug}",
            icon_name=page.icon,
            order=index,
        )
        for index, page in enumerate(admin_views.PAGES)
    ]
    return SubmenuMenuItem(
        _("Statistics"),
        Menu(items=items),
        name="statistics",
        icon_name="table",
        order=207,
    )
