PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
DEV := DJANGO_DEBUG=true

.PHONY: install run test lint messages

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

## make run: install, migrate, load the demo cell, serve on http://127.0.0.1:8000 (SQLite).
run: install
	mkdir -p var
	$(DEV) $(BIN)/python manage.py migrate --noinput
	$(DEV) $(BIN)/python manage.py loaddemo
	$(DEV) $(BIN)/python manage.py runserver 127.0.0.1:8000

## make test: the whole suite on SQLite, then on a throwaway PostgreSQL if its binaries exist.
test: install
	$(BIN)/python tests/run_suites.py

lint: install
	$(BIN)/ruff check .

## make messages: refresh the translation catalogues and compile them.
messages: install
	$(DEV) $(BIN)/python manage.py makemessages -l vi -l en --no-obsolete --ignore=.venv --ignore=tests
	$(DEV) $(BIN)/python manage.py compilemessages --ignore=.venv
