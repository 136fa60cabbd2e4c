# Two commands a newcomer needs: `make run` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup lint browser lock clean load bench messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when a lock file changes.
$(VENV)/.installed-run: requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.lock
	touch $@

$(VENV)/.installed-test: requirements-test.lock | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-test.lock
	touch $@ $(VENV)/.installed-run

setup: $(VENV)/.installed-run
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py load_content
	DEBUG=1 $(BIN)/python manage.py collectstatic --noinput --verbosity 0

run: setup
	@echo ""
	@echo "  Baby massage is running at http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	@echo "  Stop it with Ctrl+C."
	@echo ""
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

# After changing an interface string: collect them into locale/ru and locale/es (needs GNU gettext: apt install
# gettext), translate the new entries in the .po files, then compile them. See README.md "Languages".
messages: $(VENV)/.installed-test
	DEBUG=1 $(BIN)/python manage.py makemessages -l ru -l es --no-obsolete -e html,txt,py,svg \
		--ignore=.venv --ignore=staticfiles --ignore=perf --ignore=tests
	$(BIN)/python bin/compile-messages

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

# Prints the Chromium the browser tests will use, installing Playwright's own build as a last resort.
browser: $(VENV)/.installed-test
	@$(BIN)/python -m tests.browser.chromium

test: lint browser
	DJANGO_ALLOW_ASYNC_UNSAFE=true CHROMIUM_PATH="$$($(BIN)/python -m tests.browser.chromium --quiet)" \
		$(BIN)/python -m pytest $(PYTEST_ARGS)

# Performance (perf/README.md). Each sets itself up first: the test venv, then perf/setup installs what is
# missing (PostgreSQL; for bench also wrk, Chromium and Node.js from apt, and Lighthouse into perf/node_modules).
# Everything runs on 127.0.0.1 only and stops by itself.
# 50 simulated parents for LOAD_SECONDS (default 60) on gunicorn + a throwaway PostgreSQL; fails on any error.
# SERVERS=2: two gunicorn servers behind HAProxy (deploy/haproxy.cfg); one is killed (kill -9) halfway and
# restarted 15 s later.
SERVERS ?= 1
load: $(VENV)/.installed-test
	SERVERS=$(SERVERS) bash perf/setup load
	SERVERS=$(SERVERS) bin/with-postgres $(BIN)/python perf/load.py

# One table of page figures against the budgets in ../shared/DESIGN.md; also written to perf/latest.md. The
# throwaway PostgreSQL serves the second wrk run (the first is on SQLite) and the `make load` run it includes.
bench: $(VENV)/.installed-test
	bash perf/setup bench
	bin/with-postgres $(BIN)/python perf/bench.py

# After changing dependencies in pyproject.toml: rebuild the venv from scratch and record exact versions.
lock:
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet ".[test]"
	$(BIN)/pip uninstall --quiet --yes babymassage
	(echo "# Exact versions for running the app and its tests (make test). Regenerate with: make lock"; \
		$(BIN)/pip freeze) > requirements-test.lock
	@echo "requirements-test.lock written; update requirements.lock with the runtime packages from it."

clean:
	rm -rf $(VENV) staticfiles
