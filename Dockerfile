# syntax=docker/dockerfile:1
#
# Agora's production image: one image for web (gunicorn), the Celery worker and beat.
#   docker build -t agora .
# docker-compose.yml builds it and chooses the command of each service.

# --- Front-end assets --------------------------------------------------------------
FROM node:20-bookworm-slim AS assets

WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY scripts/ scripts/
# Copies the design system into assets/build.
RUN npm run build

# --- Python dependencies -----------------------------------------------------------
FROM python:3.11-slim-bookworm AS python-deps

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

WORKDIR /src
# Only the runtime dependencies go into the venv; the project itself runs from /app.
# Reading them from pyproject.toml alone keeps this layer cached until they change.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > requirements.txt \
    && pip install -r requirements.txt

# --- Runtime -----------------------------------------------------------------------
FROM python:3.11-slim-bookworm AS runtime

# Every dependency ships as a wheel with its libraries bundled (psycopg[binary],
# Pillow, nh3), and the .mo catalogs are committed. The only OS packages are the
# fonts of the quote PDFs: DejaVu for Latin text, Droid Sans Fallback for Chinese and
# Japanese.
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-dejavu-core fonts-droid-fallback \
    && rm -rf /var/lib/apt/lists/*

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/var/media \
    WEB_CONCURRENCY=3 \
    GUNICORN_THREADS=1

RUN groupadd --system --gid 10001 agora \
    && useradd --system --uid 10001 --gid agora --create-home --home-dir /home/agora \
        --shell /usr/sbin/nologin agora

COPY --from=python-deps /opt/venv /opt/venv

WORKDIR /app
COPY . .
COPY --from=assets /src/assets/build assets/build

# Production settings refuse to load without their secrets. collectstatic only needs
# them to import, so throwaway values are given to this one command and never reach the
# image's environment (the encryption key generated, as it must be a Fernet key).
RUN SECRET_KEY=collectstatic-at-build-time-only-never-used-to-sign-anything \
    FIELD_ENCRYPTION_KEYS="$(python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')" \
    DATABASE_URL=postgres://build:build@build.invalid:5432/build \
    ALLOWED_HOSTS=build.invalid \
    REDIS_URL=redis://build.invalid:6379/0 \
    EMAIL_URL=consolemail:// \
    STRIPE_SECRET_KEY=sk_test_build \
    STRIPE_PUBLISHABLE_KEY=pk_test_build \
    STRIPE_WEBHOOK_SECRET=whsec_build \
    python manage.py collectstatic --noinput

# The code stays owned by root and read-only for the app; only var/ (the Celery beat
# schedule and the media volume's mount point) is writable. A new named volume mounted
# on var/media takes this ownership.
RUN mkdir -p /app/var/media && chown -R agora:agora /app/var

USER agora:agora
EXPOSE 8000

# Liveness only (/readyz covers the dependencies). Django checks the Host header on
# every request, so the probe sends the first name of ALLOWED_HOSTS.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, sys, urllib.request as r; h = (os.environ.get('ALLOWED_HOSTS') or 'localhost').split(',')[0].strip().lstrip('.'); h = 'localhost' if h in ('', '*') else h; sys.exit(0 if r.urlopen(r.Request('http://127.0.0.1:8000/healthz', headers={'Host': h}), timeout=4).status == 200 else 1)"]

# gunicorn reads WEB_CONCURRENCY (worker processes) itself; the shell only expands
# GUNICORN_THREADS. exec hands the PID to gunicorn so it receives SIGTERM.
CMD ["sh", "-c", "exec gunicorn config.wsgi:application --bind 0.0.0.0:8000 --threads \"${GUNICORN_THREADS:-1}\" --worker-tmp-dir /dev/shm --max-requests 1000 --max-requests-jitter 100 --access-logfile - --error-logfile -"]
