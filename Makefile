# Agora — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PORT ?= 8000

.DEFAULT_GOAL := help

.PHONY: help
help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "}; /^[a-zA-Z_-]+:.*## / {printf "  \033[1m%-14s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[local,dev]"
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

assets/build/.built: node_modules/.installed scripts/build-assets.mjs
	npm run --silent build
	@touch $@

.PHONY: install
install: $(BIN)/.installed assets/build/.built ## Create .venv, install Python and front-end dependencies

.PHONY: run
run: install ## Migrate, load demo data and start web, worker, beat, localstripe and the demo vendors' receiver (Ctrl-C stops all)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py search_reindex
	$(PY) manage.py seed_demo_searches
	@echo
	@echo "  Agora:        http://127.0.0.1:$(PORT)/"
	@echo "  Curation:     http://127.0.0.1:$(PORT)/cms/"
	@echo "  API docs:     http://127.0.0.1:$(PORT)/api/v1/docs/"
	@echo "  localstripe:  http://127.0.0.1:8420/"
	@echo "  demo vendors: http://127.0.0.1:8425/<vendor>/ (webhook receiver)"
	@echo
	AGORA_WEB_PORT=$(PORT) SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho --procfile Procfile.dev start

.PHONY: test
test: install ## Run the test suite, the slow tests too with CI=true or AGORA_SLOW=1 (PostgreSQL and Redis when DATABASE_URL and REDIS_URL are set)
	$(BIN)/pytest

.PHONY: lint
lint: install ## ruff, mypy, makemigrations --check, compose schema
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy accounts analytics config marketplace notifications reviews search vendors
	$(BIN)/python scripts/webhook_imports.py
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(BIN)/check-jsonschema --schemafile ../shared/specs/compose-spec.json docker-compose.yml

.PHONY: format
format: install ## Format the code and fix what ruff can
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

.PHONY: messages
messages: install ## Extract translatable strings into locale/*/LC_MESSAGES/django.po
	$(PY) manage.py makemessages -l zh_Hans -l ja --no-obsolete \
		--ignore ".venv/*" --ignore "node_modules/*" --ignore "staticfiles/*" \
		--ignore "tests/*" --ignore "var/*"

.PHONY: compilemessages
compilemessages: install ## Compile the .po catalogs into .mo files
	$(PY) manage.py compilemessages --ignore ".venv/*" --ignore "node_modules/*"

.PHONY: check-messages
check-messages: ## Fail when a catalog has an untranslated or fuzzy entry
	@for po in locale/*/LC_MESSAGES/django.po; do \
		msgfmt --check -o /dev/null $$po || exit 1; \
		n=$$(msgattrib --untranslated --no-obsolete $$po | grep -c '^msgid' || true); \
		f=$$(msgattrib --only-fuzzy --no-obsolete $$po | grep -c '^msgid' || true); \
		if [ "$$n$$f" != "00" ]; then echo "$$po: $$n untranslated, $$f fuzzy"; exit 1; fi; \
	done; echo "translations complete"

.PHONY: clean
clean: ## Remove the virtualenv, node_modules, built assets and local data
	rm -rf $(VENV) node_modules assets/build staticfiles var
