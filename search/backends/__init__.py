"""The search backend chosen by settings.SEARCH_BACKEND."""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.core.signals import setting_changed
from django.utils.module_loading import import_string

from .base import SearchBackend

BACKENDS = {
    "database": "search.backends.database.DatabaseSearchBackend",
    "elasticsearch": "search.backends.elasticsearch.ElasticsearchSearchBackend",
}


@cache
def _load(name: str) -> SearchBackend:
    try:
        path = BACKENDS[name]
    except KeyError as error:
        raise ValueError(
            f"SEARCH_BACKEND is {name!r}; use one of {', '.join(BACKENDS)}."
        ) from error
    return import_string(path)()


def get_backend(name: str | None = None) -> SearchBackend:
    return _load(name or settings.SEARCH_BACKEND)


def _reset(*, setting, **kwargs) -> None:
    # A backend reads its settings when it is made: changed settings (in tests) make
    # the backends anew.
    if setting.startswith(("SEARCH_", "ELASTICSEARCH_")):
        _load.cache_clear()


setting_changed.connect(_reset)
