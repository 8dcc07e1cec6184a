# The two commands a newcomer needs: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= cms.settings.dev

.PHONY: run setup venv test test-postgres bench

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

setup: venv
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py create_admin

run: setup
	@echo "Serving the site at http://127.0.0.1:$(PORT)/ (admin at /admin/)"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: venv
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) -m pytest $(PYTEST_ARGS)

# The suite against a local PostgreSQL server (installed and started if needed), as CI runs it.
test-postgres: venv
	DATABASE_URL=$$(bash scripts/postgres.sh) $(MAKE) test

bench: venv
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) -m bench
