# Portico: `make run` to try it, `make test` to check it. Both set up what they need first.
PYTHON_VERSION := $(shell cat .python-version)
PYTHON := $(firstword $(wildcard $(HOME)/.pyenv/versions/$(PYTHON_VERSION)/bin/python3) $(shell command -v python3.12))
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py

.PHONY: run test setup setup-test lint test-sqlite test-postgres test-browser messages clean bench bench-ab

run: setup
	$(MANAGE) migrate --noinput
	$(MANAGE) demo
	$(MANAGE) serve

test: setup-test lint
	$(MANAGE) makemigrations --check --dry-run
	$(MAKE) test-sqlite
	$(MAKE) test-postgres
	$(MAKE) test-browser

setup: $(VENV)/.installed static/vendor/.installed
	$(MANAGE) compiletranslations
	$(MANAGE) collectstatic --noinput -v 0

setup-test: setup $(VENV)/.installed-test

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install -q -e '.[test]'
	touch $@

static/vendor/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf static/vendor && mkdir -p static/vendor/bootstrap static/vendor/bootstrap-icons static/vendor/chartjs static/vendor/fonts static/vendor/axe-core
	cp node_modules/bootstrap/dist/css/bootstrap.min.css* node_modules/bootstrap/dist/js/bootstrap.bundle.min.js* static/vendor/bootstrap/
	cp -r node_modules/bootstrap-icons/font/bootstrap-icons.min.css node_modules/bootstrap-icons/font/fonts static/vendor/bootstrap-icons/
	cp node_modules/chart.js/dist/chart.umd.min.js* static/vendor/chartjs/
	cp node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf node_modules/dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf node_modules/dejavu-fonts-ttf/LICENSE static/vendor/fonts/
	cp node_modules/axe-core/axe.min.js node_modules/axe-core/LICENSE static/vendor/axe-core/  # the browser tests' accessibility checks (issue 17)
	touch $@

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

test-sqlite:
	@echo "== test suite on SQLite =="
	$(VENV)/bin/pytest -m "not browser"

test-postgres:
	@echo "== test suite on PostgreSQL =="
	scripts/with-postgres $(VENV)/bin/pytest -m "not browser"

test-browser:
	@echo "== browser tests in headless Chromium =="
	$(VENV)/bin/pytest -m browser

# Dataset "M" on SQLite and on a throwaway PostgreSQL, measured, written to docs/PERFORMANCE.md.
BENCH_SIZE ?= M
bench: setup-test
	PORTICO_VAR_DIR=var/bench-sqlite $(PY) -m bench.run --label SQLite --size $(BENCH_SIZE)
	PORTICO_PG_DURABLE=1 scripts/with-postgres env PORTICO_VAR_DIR=var/bench-postgres $(PY) -m bench.run --label PostgreSQL --size $(BENCH_SIZE)
	$(PY) -m bench.report var/bench-sqlite/bench-sqlite.json var/bench-postgres/bench-postgresql.json

# BASE (a git rev; default: where this branch left main) and the working tree served side by side
# on the same data, each page requested from both in every round; p95s and their ratio written to
# docs/PERFORMANCE.md's "Before and after" (bench/ab.py). AB_DATA: an existing SQLite dataset's
# VAR_DIR to copy instead of building one; AB_ONLY=clients: only those budgets' pages.
AB_ARGS = --size $(BENCH_SIZE) $(if $(BASE),--base $(BASE)) $(if $(AB_ONLY),--only $(AB_ONLY))
bench-ab: setup-test
	$(PY) -m bench.ab --label SQLite $(AB_ARGS) $(if $(AB_DATA),--data $(AB_DATA))
	PORTICO_PG_DURABLE=1 scripts/with-postgres $(PY) -m bench.ab --label PostgreSQL $(AB_ARGS)
	$(PY) -m bench.report --before-after var/bench-ab/ab-sqlite.json var/bench-ab/ab-postgresql.json

# Extract the strings of templates and code into locale/*/LC_MESSAGES/django.po (needs gettext).
messages:
	$(MANAGE) makemessages -l es -l fr --no-location --no-obsolete -i '.venv/*' -i 'node_modules/*'

clean:
	rm -rf $(VENV) node_modules static/vendor var/staticfiles
