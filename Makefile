# BRM Portal. Two commands take a fresh machine to a running portal or a passing test suite:
#   make run    venv + packages, migrate, demo data, serve on http://127.0.0.1:8000 (SQLite, Celery eager)
#   make test   the whole suite on the real PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379)

SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
# Two stamps: `make run` installs the portal's packages only (requirements.txt); test and
# development tools (requirements-dev.txt: pytest, Playwright, ruff, mypy...) come with the
# targets that use them (test, lint, messages, bench).
RUN_STAMP := $(VENV)/.installed-run
STAMP := $(VENV)/.installed-dev
SUDO := $(shell [ "$$(id -u)" = 0 ] || command -v sudo >/dev/null && { [ "$$(id -u)" = 0 ] || echo sudo; })
HOST ?= 127.0.0.1
PORT ?= 8000

TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/brmportal
TEST_BROKER_URL ?= redis://127.0.0.1:6379/15
TEST_REDIS_URL ?= redis://127.0.0.1:6379/14
# Test processes side by side (pytest-xdist): one per core of this 2-core machine.
TEST_PROCESSES ?= 2

.PHONY: run test bench system-run system-test venv migrate lint clean messages

$(RUN_STAMP): requirements.txt
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) is required"; exit 1; }
	[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(RUN_STAMP)

$(STAMP): $(RUN_STAMP) requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

venv: $(STAMP)

# Debian packages, installed only when missing so a machine that has them spends nothing.
system-run:
	@missing=""; \
	ldconfig -p | grep -q 'libpango-1.0.so' || missing="$$missing libpango-1.0-0"; \
	ldconfig -p | grep -q 'libpangoft2-1.0.so' || missing="$$missing libpangoft2-1.0-0"; \
	[ -d /usr/share/fonts/truetype/dejavu ] || missing="$$missing fonts-dejavu-core"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

system-test: system-run
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# The demo passwords are kept in var/demo-passwords.json (0600, ignored by git) and printed on
# every run; `make run NEW_PASSWORDS=1` replaces them. SITE_URL is for the links seed_demo prints
# (it has no request); the server itself links to the address each request came to.
run: system-run $(RUN_STAMP)
	$(PY) manage.py migrate --noinput
	SITE_URL=http://$(HOST):$(PORT) $(PY) manage.py seed_demo --reuse --organisations 5 --passwords-file var/demo-passwords.json \
	  $(if $(filter 1 yes true,$(NEW_PASSWORDS)),--new-passwords)
	$(PY) manage.py runserver $(HOST):$(PORT)

# PYTHONDONTWRITEBYTECODE emptied: every test process (and each Celery worker and manage.py the
# tests start) would otherwise compile the project's modules and rewrite the test modules anew.
test: system-test $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy .
	DATABASE_URL=$(TEST_DATABASE_URL) CELERY_BROKER_URL=$(TEST_BROKER_URL) REDIS_URL=$(TEST_REDIS_URL) \
	  PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -n $(TEST_PROCESSES)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf var artifacts .pytest_cache

# Translations: refresh locale/*/LC_MESSAGES/django.po from the code and templates, then compile
# the .mo files, which are committed (the portal runs without gettext installed; a test checks
# that each .mo matches its .po).
MESSAGES_IGNORE := --ignore=.venv --ignore=bench --ignore=artifacts --ignore=var --ignore=tests
messages: system-test $(STAMP)
	$(PY) manage.py makemessages --locale=nb --locale=nl --add-location=file --no-obsolete $(MESSAGES_IGNORE)
	$(PY) manage.py compilemessages --locale=nb --locale=nl $(MESSAGES_IGNORE)

# Benchmarks on the real PostgreSQL (own database brmportal_bench); table in bench/results.md.
bench: system-test $(STAMP)
	$(PY) bench/run.py
