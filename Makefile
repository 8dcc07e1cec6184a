# The two commands a newcomer needs: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
VERBOSE ?= 0
export DJANGO_SETTINGS_MODULE ?= cms.settings.dev

ES_PORT ?= 9201
SERVE_SETTINGS ?= cms.settings.production

# The plugin's own tests on the newest Django 6.x, in a second venv: requirements.txt with Django overridden.
DJANGO6 ?= 6.1.3
VENV6 := .venv-django6
PY6 := $(VENV6)/bin/python
PLUGIN_TESTS := DJANGO_SETTINGS_MODULE=plugin_tests.host.settings
PLUGIN_PYTEST_ARGS ?= $(PYTEST_ARGS)

.PHONY: run serve setup venv venv-django6 test test-site test-plugin test-plugin-django6 test-postgres test-es9 bench loadtest es es-stop

venv: $(VENV)/.installed

# requirements.txt installs the plugin itself with `-e .`, as a host would (pyproject.toml).
$(VENV)/.installed: requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

venv-django6: $(VENV6)/.installed

# Django 6.x needs Python 3.12 or newer: the first that runs, on the PATH or in pyenv (the machine's pyenv has
# 3.12 and 3.13 beside the system's 3.11). Without one this fails (it never skips).
PYTHON6 ?= $(shell for candidate in python3.14 python3.13 python3.12 $(wildcard $(HOME)/.pyenv/versions/3.1[234]*/bin/python3); do \
	$$candidate -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { command -v $$candidate; break; }; done)

$(VENV6)/.installed: requirements.txt pyproject.toml
	@test -n "$(PYTHON6)" || { echo "make venv-django6: Django $(DJANGO6) needs Python >= 3.12 and none runs (python3.12-3.14 on the PATH or in ~/.pyenv); install one or set PYTHON6=/path/to/python3.12" >&2; exit 1; }
	$(PY6) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null || { rm -rf $(VENV6); $(PYTHON6) -m venv $(VENV6); }
	$(PY6) -m pip install --quiet --upgrade pip
	grep -v '^Django==' requirements.txt > $(VENV6)/requirements.txt
	$(PY6) -m pip install --quiet -r $(VENV6)/requirements.txt Django==$(DJANGO6)
	$(PY6) -c 'import django, sys; v = django.get_version(); print("Django", v); sys.exit(v != "$(DJANGO6)")'
	touch $@

setup: venv
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py create_admin

# Migrates, loads the demo and creates the admin itself (quietly; VERBOSE=1 shows it all), then prints a summary last.
run: venv
	PORT=$(PORT) ES_PORT=$(ES_PORT) VERBOSE=$(VERBOSE) bash scripts/run_dev.sh

# Production serving (gunicorn + whitenoise + task worker); see README "For operators".
serve: venv
	DJANGO_SETTINGS_MODULE=$(SERVE_SETTINGS) bash scripts/serve.sh

# The site's tests, the plugin's own tests (minimal test host, no blog/ or cms/) on Django 5.2, and again on Django 6.x.
test: test-site test-plugin test-plugin-django6

test-site: venv
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) -m pytest $(PYTEST_ARGS)

test-plugin: venv
	$(PLUGIN_TESTS) $(PY) -m pytest -c plugin_tests/pytest.ini plugin_tests $(PLUGIN_PYTEST_ARGS)

test-plugin-django6: venv-django6
	$(PLUGIN_TESTS) $(PY6) -m pytest -c plugin_tests/pytest.ini plugin_tests $(PLUGIN_PYTEST_ARGS)

# The suite against a local PostgreSQL server (installed and started if needed), as CI runs it.
test-postgres: venv
	DATABASE_URL=$$(bash scripts/postgres.sh) $(MAKE) test

bench: venv
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) -m bench

# The production server under 50 readers for 60 s with Elasticsearch, the worker and PostgreSQL failing meanwhile;
# everything on loopback, started and torn down by the script. LOADTEST_USERS, LOADTEST_DURATION, LOADTEST_FAULTS.
loadtest: venv
	$(PY) -m loadtest

# A real Elasticsearch 8.x node for development (fetched from Maven Central and started if needed); prints its URL last.
es:
	$(PYTHON) scripts/es_node.py start --port $(ES_PORT)

es-stop:
	$(PYTHON) scripts/es_node.py stop --port $(ES_PORT)

# The whole suite against the newest Elasticsearch 9.x; the tests start their own node on a free port.
test-es9: venv
	ES_TEST_MAJOR=9 $(MAKE) test
