"""Production settings read everything from the environment and refuse to start
without their secrets; `check --deploy` is clean with the example environment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = [
    "SECRET_KEY",
    "DATABASE_URL",
    "ALLOWED_HOSTS",
    "REDIS_URL",
    "EMAIL_URL",
    "STRIPE_SECRET_KEY",
    "STRIPE_PUBLISHABLE_KEY",
    "STRIPE_WEBHOOK_SECRET",
    "FIELD_ENCRYPTION_KEYS",
]


def example_environment() -> dict[str, str]:
    values = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            values[key] = value
    return values


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", str(ROOT)),
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        # Only what the test passes counts, not a developer's .env.
        "DJANGO_READ_DOT_ENV_FILE": "false",
    }
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_example_environment_lists_every_production_secret():
    example = example_environment()

    assert set(REQUIRED) <= set(example)


def test_check_deploy_is_clean_with_the_example_environment():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env=example_environment()
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("name", REQUIRED)
def test_production_refuses_to_start_without(name):
    env = example_environment()
    del env[name]

    result = manage("check", env=env)

    assert result.returncode != 0
    assert f"environment variable {name}" in result.stderr


def test_production_refuses_a_weak_secret_key():
    env = {**example_environment(), "SECRET_KEY": "django-insecure-short"}

    result = manage("check", env=env)

    assert result.returncode != 0
    assert "SECRET_KEY must be a random value" in result.stderr


def test_production_keeps_cache_sessions_and_broker_in_redis():
    env = {**example_environment(), "REDIS_URL": "redis://cache.internal:6379/3"}
    code = (
        "from django.conf import settings as s;"
        "print(s.CACHES['default']['BACKEND']);"
        "print(s.CACHES['default']['LOCATION']);"
        "print(s.SESSION_ENGINE);"
        "print(s.CELERY_BROKER_URL);"
        "print(s.DEBUG)"
    )

    result = manage("shell", "--no-imports", "-c", code, env=env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "redis://cache.internal:6379/3",
        "django.contrib.sessions.backends.cache",
        "redis://cache.internal:6379/3",
        "False",
    ]
