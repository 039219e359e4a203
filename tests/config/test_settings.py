"""Production settings read everything from the environment and refuse to start
without their secrets, or with the development values `.env.example` publishes;
`check --deploy` is clean with the example environment's other values and secrets
generated as `.env.example` says."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

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


# The secrets `.env.example` holds development values of, which anyone can read.
PUBLISHED = [
    "SECRET_KEY",
    "STRIPE_SECRET_KEY",
    "STRIPE_PUBLISHABLE_KEY",
    "STRIPE_WEBHOOK_SECRET",
    "FIELD_ENCRYPTION_KEYS",
]


def generated_environment() -> dict[str, str]:
    """The example environment with its secrets generated as `.env.example` says
    (and Stripe's keys as Stripe's dashboard shows them)."""
    return {
        **example_environment(),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "STRIPE_SECRET_KEY": f"sk_live_{secrets.token_urlsafe(24)}",
        "STRIPE_PUBLISHABLE_KEY": f"pk_live_{secrets.token_urlsafe(24)}",
        "STRIPE_WEBHOOK_SECRET": f"whsec_{secrets.token_urlsafe(24)}",
    }


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


def test_check_deploy_is_clean_with_generated_secrets():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env=generated_environment()
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_the_example_environment_naming_each_published_value():
    result = manage("check", env=example_environment())

    assert result.returncode != 0
    refusal = result.stderr.strip().splitlines()[-1]
    assert refusal.startswith("django.core.exceptions.ImproperlyConfigured: ")
    assert re.findall(r"[A-Z][A-Z_]+[A-Z]", refusal.split(":", 2)[2]) == PUBLISHED


@pytest.mark.parametrize("name", PUBLISHED)
def test_production_refuses_one_published_value(name):
    # A buyer who read .env.example's STRIPE_WEBHOOK_SECRET could sign a
    # `payment_intent.succeeded` of their own and have an order marked paid.
    env = {**generated_environment(), name: example_environment()[name]}

    result = manage("check", env=env)

    assert result.returncode != 0
    refusal = result.stderr.strip().splitlines()[-1]
    assert f"development values published in .env.example: {name}." in refusal


@pytest.mark.parametrize(
    "name,value",
    [
        ("DATABASE_URL", "postgres://agora:change-me-postgres@postgres:5432/agora"),
        ("ELASTICSEARCH_URL", "http://elastic:change-me-elastic@elasticsearch:9200"),
        ("SECRET_KEY", "change-me-" + secrets.token_hex(30)),
    ],
)
def test_production_refuses_a_placeholder_password_or_key(name, value):
    env = {**generated_environment(), name: value}

    result = manage("check", env=env)

    assert result.returncode != 0
    assert f"published in .env.example: {name}." in result.stderr


def test_production_keeps_a_published_encryption_key_after_a_new_one_to_decrypt():
    # Rotating away from it: the new key encrypts, the old one decrypts until
    # `manage.py reencrypt` has run.
    published = example_environment()["FIELD_ENCRYPTION_KEYS"]
    env = generated_environment()
    env["FIELD_ENCRYPTION_KEYS"] = f"{env['FIELD_ENCRYPTION_KEYS']},{published}"

    result = manage("check", env=env)

    assert result.returncode == 0, result.stderr


def test_production_refuses_an_encryption_key_that_is_no_fernet_key():
    env = {**generated_environment(), "FIELD_ENCRYPTION_KEYS": "not-a-key"}

    result = manage("check", env=env)

    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS holds a value that is not a Fernet key" in (
        result.stderr
    )


def test_env_example_says_how_to_generate_each_secret():
    example = (ROOT / ".env.example").read_text()

    assert 'python -c "import secrets; print(secrets.token_urlsafe(50))"' in example
    assert (
        'python -c "from cryptography.fernet import Fernet; '
        'print(Fernet.generate_key().decode())"'
    ) in example
    assert 'python -c "import secrets; print(secrets.token_urlsafe(32))"' in example
    assert "https://dashboard.stripe.com/apikeys" in example
    assert "https://dashboard.stripe.com/webhooks" in example


def test_compose_refuses_to_start_until_its_passwords_are_set():
    # .env.example leaves them empty, and compose stops at an empty one (`:?`), so
    # no database or search engine is ever created with a published password.
    example = example_environment()
    compose = (ROOT / "docker-compose.yml").read_text()

    for name in ("POSTGRES_PASSWORD", "ELASTIC_PASSWORD"):
        assert example[name] == ""
        # `$${…}` is the container shell's, not compose's.
        uses = re.findall(r"(?<!\$)\$\{" + name + r"([^}]*)\}", compose)
        assert uses
        assert all(use.startswith(":?") for use in uses)


def test_the_image_build_gives_collectstatic_what_production_settings_need():
    dockerfile = (ROOT / "Dockerfile").read_text()
    build = re.search(
        r"^RUN (SECRET_KEY=.*?) python manage\.py collectstatic --noinput$",
        dockerfile,
        re.MULTILINE | re.DOTALL,
    )
    assert build is not None
    venv = Path(sys.executable).parent

    result = subprocess.run(  # noqa: S603 - the Dockerfile's own command line
        ["sh", "-c", f"{build.group(1)} python manage.py check"],  # noqa: S607
        cwd=ROOT,
        env={
            "PATH": f"{venv}:{os.environ['PATH']}",
            "HOME": os.environ.get("HOME", str(ROOT)),
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_READ_DOT_ENV_FILE": "false",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("name", REQUIRED)
def test_production_refuses_to_start_without(name):
    env = generated_environment()
    del env[name]

    result = manage("check", env=env)

    assert result.returncode != 0
    assert f"environment variable {name}" in result.stderr


def test_production_refuses_a_weak_secret_key():
    env = {**generated_environment(), "SECRET_KEY": "django-insecure-short"}

    result = manage("check", env=env)

    assert result.returncode != 0
    assert "SECRET_KEY must be a random value" in result.stderr


def test_production_keeps_cache_sessions_and_broker_in_redis():
    env = {**generated_environment(), "REDIS_URL": "redis://cache.internal:6379/3"}
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


def test_session_ages_come_from_the_environment():
    env = {
        **generated_environment(),
        "SESSION_COOKIE_AGE": "86400",
        "STAFF_SESSION_AGE": "900",
    }
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_AGE, s.STAFF_SESSION_AGE)"
    )

    result = manage("shell", "--no-imports", "-c", code, env=env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["86400", "900"]
