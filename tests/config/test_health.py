"""/healthz and /readyz, against the real database, cache and broker."""

import pytest
from django.db import connection
from django.test import override_settings

from config.celery import app as celery_app


@pytest.mark.django_db
def test_healthz_answers_without_touching_dependencies(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_reports_each_dependency(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker"}
    assert all(check["status"] == "ok" for check in body["checks"].values())


@pytest.fixture
def database_down(transactional_db):
    """Point the default connection at a database that cannot be reached."""
    settings_dict = connection.settings_dict
    saved = dict(settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        settings_dict["NAME"] = "/nonexistent/agora/down.sqlite3"
    else:
        settings_dict["HOST"], settings_dict["PORT"] = "127.0.0.1", "1"
    yield
    connection.close()
    settings_dict.clear()
    settings_dict.update(saved)


def test_readyz_answers_503_when_the_database_is_down(client, database_down):
    response = client.get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["database"]["status"] == "error"
    assert body["checks"]["database"]["error"] == "OperationalError"
    assert body["checks"]["cache"]["status"] == "ok"


def test_healthz_stays_up_when_the_database_is_down(client, database_down):
    response = client.get("/healthz")

    assert response.status_code == 200


@pytest.mark.django_db
def test_readyz_answers_503_when_the_cache_is_down(client):
    unreachable = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.5},
        }
    }
    with override_settings(CACHES=unreachable):
        response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["cache"]["status"] == "error"
    assert response.json()["checks"]["database"]["status"] == "ok"


@pytest.fixture
def broker_down():
    conf = celery_app.conf
    saved = conf.broker_url, conf.broker_connection_timeout
    conf.broker_url = "redis://127.0.0.1:1/0"
    conf.broker_connection_timeout = 0.5
    yield
    conf.broker_url, conf.broker_connection_timeout = saved


@pytest.mark.django_db
def test_readyz_answers_503_when_the_broker_is_down(client, broker_down):
    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["status"] == "error"
    assert response.json()["checks"]["database"]["status"] == "ok"


@pytest.mark.django_db
def test_readyz_checks_the_search_engine_when_one_is_configured(client, settings):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:1"
    settings.HEALTH_CHECK_TIMEOUT = 0.5

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["search"]["status"] == "error"
    assert response.json()["checks"]["database"]["status"] == "ok"
