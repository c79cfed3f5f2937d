# OZG-Portal: the two commands a newcomer needs are `make demo` and `make test`.
SHELL := /bin/sh
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1

.PHONY: demo test lint check run clean

# The venv is rebuilt only when the dependency files change, so a second `make demo` starts in seconds.
$(VENV)/.installed: pyproject.toml constraints.txt
	@test -x $(PY) || { PYBIN=$$(.ci/find-python) && echo "Lege $(VENV) mit $$PYBIN an" && $$PYBIN -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip==25.3
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	@touch $@

# The design system (KERN UX) comes from npm; Django serves it straight from node_modules (see STATICFILES_DIRS).
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "Fehler: npm fehlt. Bitte Node.js 20 oder neuer installieren." >&2; exit 1; }
	@node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' || \
		{ echo "Fehler: Node.js $$(node --version) ist zu alt; benötigt wird Node.js 20 oder neuer." >&2; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

demo: $(VENV)/.installed node_modules/.installed
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_demo_data
	@echo ""
	@echo "OZG-Portal: http://$(HOST):$(PORT)/   Verwaltung (Admin): http://$(HOST):$(PORT)/admin/"
	@echo ""
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# The suite on TEST_WORKERS worker processes (pytest-xdist), each with a test database of its own (test_<name>_gw0, …;
# SQLite: a file each). `--dist load` hands every worker its tests in pytest-django's order, so that on each worker
# the tests that empty the database (transactional, browser) run after the others (tests/conftest.py refuses other
# modes). `--maxschedchunk 2`: a worker gets two tests at a time; with xdist's default chunks one worker took the
# browser tests (adjacent in that order, ~2 min in one process) all at once while the other one sat idle at the end.
# Two workers by default (README, "Tests und CI"); `make test TEST_WORKERS=0` runs everything in one process (e.g.
# to debug a test).
TEST_WORKERS ?= 2
test: $(VENV)/.installed node_modules/.installed
	$(PY) -m pytest -n $(TEST_WORKERS) --dist load --maxschedchunk 2

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Security checks: ruff, bandit (no high finding) and pip-audit on the pinned dependencies. pip-audit needs a
# vulnerability database on the internet (PyPI's JSON API or OSV); it runs in its own venv so that its many
# dependencies stay out of the portal's. Known, accepted findings go into .pip-audit-ausnahmen (ID, date, reason).
check: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/bandit -q -r toolkit jobs catalog scorecard servicestandard planung erhebungsrunde dashboard ozgportal -x '*/migrations/*' --severity-level high
	@test -x .venv-audit/bin/pip-audit || { $$(.ci/find-python) -m venv .venv-audit && \
		.venv-audit/bin/pip install --quiet --disable-pip-version-check pip-audit==2.10.1; }
	.venv-audit/bin/pip-audit --strict --no-deps --disable-pip -r constraints.txt \
		$$(grep -v '^#' .pip-audit-ausnahmen | cut -d' ' -f1 | sed 's/^/--ignore-vuln /')

clean:
	rm -rf $(VENV) .venv-audit node_modules db.sqlite3 staticfiles
