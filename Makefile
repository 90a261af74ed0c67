# The newest supported Python the machine has (3.13, 3.12 or 3.11: Debian 13, Ubuntu 24.04,
# Debian 12); PYTHON=... chooses another.
PYTHON ?= $(or $(firstword $(foreach version,3.13 3.12 3.11,$(shell python$(version) -c "" 2>/dev/null && echo python$(version)))),python3)
VENV := .venv
BIN := $(VENV)/bin
DEV := DJANGO_DEBUG=true
PORT ?= 8000

.PHONY: install run test lint messages bench faults

$(VENV)/.installed: pyproject.toml
	@echo "Python for .venv: $(PYTHON) ($$($(PYTHON) --version))"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

## make run: install, migrate, load the demo cell, serve on http://127.0.0.1:8000 (SQLite), with the
## worker of background jobs beside the server; Ctrl-C stops both. PORT=8001 serves on another port.
run: install
	mkdir -p var
	$(DEV) $(BIN)/python manage.py migrate --noinput
	$(DEV) $(BIN)/python manage.py loaddemo
	$(DEV) $(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

## make test: the whole suite on SQLite, then on a throwaway PostgreSQL if its binaries exist,
## each spread over the cores (pytest-xdist); the browser tests once, on the last database; the ten
## slowest tests listed.
test: install
	$(BIN)/python tests/run_suites.py --durations=10

## make lint: ruff (check and format), migrations made, mypy over the kernel, the workflow tables,
## the services and the counting engine; CI runs it before the tests.
lint: install
	BIN=$(BIN) tests/lint.sh

## make messages: refresh the translation catalogues and compile them.
messages: install
	$(DEV) $(BIN)/python manage.py makemessages -l vi -l en --no-obsolete --ignore=.venv --ignore=tests
	$(DEV) $(BIN)/python manage.py compilemessages --ignore=.venv

## make bench: the figures of issue 5 (`name: value`) on a scratch SQLite database in a temporary
## folder, removed afterwards. BENCH_ARGS passes options, e.g. BENCH_ARGS="--cells 10".
## Then the load run of issue 6 (devtools/load_run.py): 50 members sign in and submit their pledges
## at once against gunicorn and a throwaway PostgreSQL on loopback, skipped with a message when
## the PostgreSQL binaries are missing. LOAD_ARGS passes options, e.g. LOAD_ARGS="--seconds 60".
## Then the province run of issues 7, 17 and 30 (devtools/province_run.py): 4,000 cells under 40
## committees built in a throwaway PostgreSQL (about 4 minutes on a quiet machine), the p95 of the
## pages most opened in process, then through gunicorn with 10 and 20 signed-in users: the floor and
## the mix in alternating windows of the same minutes (3 x 10 s each), with the CPU per request of
## gunicorn's and PostgreSQL's process trees; skipped with a message without the PostgreSQL
## binaries. PROVINCE_ARGS passes options, e.g. PROVINCE_ARGS="--cells 1000 --committees 10
## --http-windows 5". The figures of one run are in docs/benchmarks.md.
bench: install
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT INT TERM && \
	export DATABASE_URL="sqlite:///$$tmp/bench.sqlite3" DJANGO_SECRET_KEY=bench-only DJANGO_DEBUG=false \
		DJANGO_SECURE_SSL_REDIRECT=false DJANGO_STATIC_ROOT="$$tmp/static" DJANGO_MEDIA_ROOT="$$tmp/media" && \
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0 && \
	$(BIN)/python manage.py migrate --noinput --verbosity 0 && \
	$(BIN)/python manage.py bench $(BENCH_ARGS)
	@$(BIN)/python devtools/load_run.py $(LOAD_ARGS)
	@$(BIN)/python devtools/province_run.py $(PROVINCE_ARGS)

## make faults: the fault run of issue 18 (devtools/fault_run.py), about 3 minutes per database: a
## web worker killed mid-save, PostgreSQL restarted under load, the worker killed mid-job for each
## kind of job, the media disk full (a tmpfs; as root), damaged back-ups restored; against
## gunicorn and a worker on a throwaway PostgreSQL with durable settings (skipped with a message
## without its binaries), then on SQLite. FAULT_ARGS passes options, e.g. FAULT_ARGS="--rounds 1".
faults: install
	@$(BIN)/python devtools/fault_run.py --database postgresql $(FAULT_ARGS); pg=$$?; \
	$(BIN)/python devtools/fault_run.py --database sqlite $(FAULT_ARGS) && exit $$pg
