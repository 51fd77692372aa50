# ClaimTrail: `make run` serves the app with demo data; `make test` runs every check.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
DEV_ENV := DEBUG=1
# One test process per core (pytest-xdist); PYTEST_ARGS adds to it, e.g. "tests/claims -x".
PYTEST_WORKERS ?= auto
PYTEST_ARGS ?=
# The background worker `make run` starts next to gunicorn (the database backend's;
# with TASKS_BACKEND=rq: WORKER="$(BIN)/python manage.py rqworker --with-scheduler
# --job-class django_tasks_rq.Job").
WORKER ?= $(BIN)/python manage.py db_worker --no-reload --queue-name='*'

.PHONY: run test install lint migrate seed bench chromium messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

migrate: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput

seed: migrate
	$(DEV_ENV) $(BIN)/python manage.py seed_demo

# gunicorn and the task worker together; Ctrl-C (or either one ending) stops both.
run: seed
	@echo "ClaimTrail on http://$(HOST):$(PORT)/  (demo logins: see README.md)"
	@$(DEV_ENV) $(WORKER) & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(DEV_ENV) $(BIN)/gunicorn config.wsgi:application --bind $(HOST):$(PORT) \
		--workers 2 --access-logfile -

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo
	$(DEV_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

test: lint
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

bench: install
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)
	$(BIN)/python -m benchmarks.import_speed --formats
	$(BIN)/python -m benchmarks.matching_speed 100000 1000
	$(BIN)/python -m benchmarks.import_speed --lists 10000,100000

# Re-extract every translation catalog (config/i18n.py lists them) and compile it;
# translate the new entries in each locale/<lang>/LC_MESSAGES/django.po, then run it
# again (tests/test_translations.py fails until every string is translated).
messages: install
	$(BIN)/python -m config.i18n

# Debian's Chromium for the browser tests, unless one is on the PATH (needs root),
# and a Chinese font, without which the screenshots of Chinese pages show boxes.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@fc-list :lang=zh 2>/dev/null | grep -q . || { \
		apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null; }

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .import_linter_cache
