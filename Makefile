# 教共体管理平台 — the two commands of the README, and a few helpers.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
# Both cores: the suite (with its browser tests) runs in two pytest-xdist workers.
PYTEST_ARGS ?= -n 2
# `make run DEBUG=1`: Django's debug pages; by default the demo shows the project's own
# Chinese 403/404/500 pages, as production does.
DEBUG ?= 0
# Debian packages: Pango + a CJK font for PDFs (WeasyPrint), poppler for PDF checks,
# Chromium for the browser tests, LibreOffice Calc to open the workbooks we write.
APT_RUN := libpango-1.0-0 libpangoft2-1.0-0 fonts-wqy-microhei
APT_TEST := $(APT_RUN) chromium poppler-utils libreoffice-calc-nogui

.PHONY: run test deploy-check restore-drill faults install system-packages system-packages-test migrate seed lint format bench clean vendor-axe

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

system-packages:
	@bash scripts/apt-ensure.sh $(APT_RUN)

system-packages-test:
	@bash scripts/apt-ensure.sh $(APT_TEST)

migrate: install
	$(PY) manage.py migrate --noinput

run: install system-packages migrate
	$(PY) manage.py seed_demo --if-empty
	$(PY) manage.py demo_logins --url http://$(HOST):$(PORT)/
	@# The background worker runs large imports; it stops with the server.
	@$(PY) manage.py db_worker --verbosity 0 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  DEBUG=$(DEBUG) $(PY) manage.py runserver $(HOST):$(PORT)

test: install system-packages-test
	$(PY) manage.py collectstatic --noinput --verbosity 0 --settings=config.settings.test
	$(PY) -m pytest $(PYTEST_ARGS)

# Production settings, gunicorn, nginx and PostgreSQL really running (deploy/check.sh).
deploy-check: install
	bash deploy/check.sh

# Back up the demo county and restore it into fresh databases, comparing every table and file.
restore-drill: install
	bash deploy/drill.sh

# The fault drill (deploy/faults.py); FAULTS_ARGS=--restart-postgres also restarts PostgreSQL.
faults: install
	$(PY) deploy/faults.py $(FAULTS_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff format .

bench: install migrate
	$(PY) manage.py bench_imports
	$(PY) manage.py bench_exports

# axe-core for the browser tests, from npm at the version pinned in tools/axe/package-lock.json.
vendor-axe:
	cd tools/axe && npm ci --no-audit --no-fund
	cp tools/axe/node_modules/axe-core/axe.min.js tools/axe/node_modules/axe-core/LICENSE tests/e2e/vendor/axe-core/

clean:
	rm -rf $(VENV) staticfiles .pytest_cache tools/axe/node_modules
