import pytest

from vendors.webhooks import postgres


@pytest.fixture(params=["sql", "orm"])
def statements(request, monkeypatch):
    """Runs a test with PostgreSQL's own statements of the delivery engine where the
    database is PostgreSQL, and with the ORM's (what SQLite uses) on any database."""
    if request.param == "sql" and not postgres.in_use():
        pytest.skip("PostgreSQL's own statements need PostgreSQL")
    if request.param == "orm":
        monkeypatch.setattr(postgres, "in_use", lambda: False)
    return request.param
