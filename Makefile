# Two commands on a fresh machine with Python 3.11:
#   make run   installs, builds the demo content (SQLite) and serves http://127.0.0.1:8000
#   make test  installs and runs the test suite (SQLite, or PostgreSQL with DATABASE_URL)

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint install install-test install-bench clean messages bandit production-check bench loadtest mutation

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements.txt requirements-test.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

$(VENV)/.installed-bench: requirements.txt requirements-test.txt requirements-bench.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-bench.txt
	touch $@ $(VENV)/.installed-test $(VENV)/.installed

install-bench: $(VENV)/.installed-bench

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: install-test
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=cluac_site.settings.test
	$(BIN)/python -m pytest

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Static security analysis of the application code (configured in pyproject.toml); fails on any
# finding of medium or high severity.
bandit: install-test
	$(BIN)/bandit -c pyproject.toml -r . --severity-level medium --quiet

# The production stack of deploy/Procfile (gunicorn ×2, worker, S3 emulator) on the local PostgreSQL
# and Redis, checked over HTTP: .ci/test_stack.py.
production-check: install-test
	$(BIN)/python -m pytest -c .ci/pytest.ini .ci/test_stack.py

# Performance on the production stack (gunicorn, PostgreSQL, Redis) over a generated volume kept in
# the database cluac_bench (generate_volume on the first run): response times with and without the
# public cache, throughput against a static file (wrk), search, PDF, the approval request, import.
# BENCH_OPTIONS="--full" for generate_volume's 101 prefectures. Needs wrk (apt-get install wrk).
bench: install-bench
	$(BIN)/python bench/run.py $(BENCH_OPTIONS)

# locust's mixed public workload against the same gunicorn, headless, for a bounded time.
loadtest: install-bench
	$(BIN)/python bench/loadtest.py $(LOADTEST_OPTIONS)

# Mutation testing (mutmut 3) of the modules that decide who may see, publish, withdraw or receive
# something, each against its own test modules ([tool.cluac-mutation] in pyproject.toml); prints
# per module mutants, killed, survived and the score, and fails below 90 %. Not part of CI: run it
# after changing one of these modules or its tests. MODULES="cluac_pages/replies.py" for one module;
# one mutant per core at a time (MUTATION_CHILDREN to change it).
$(VENV)/.installed-mutation: requirements-mutation.txt requirements-test.txt requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-mutation.txt
	touch $@ $(VENV)/.installed-test $(VENV)/.installed

mutation: $(VENV)/.installed-mutation
	$(BIN)/python tools/mutation.py --max-children $(or $(MUTATION_CHILDREN),$(shell nproc)) $(MODULES)

clean:
	rm -rf mutants $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm media test-artifacts

# Refresh the French catalogues after changing interface strings: the strings are written in
# French, so each entry is its own translation; the catalogue brings the French plural rule. A new
# string that msgmerge matched to a neighbour (« fuzzy ») gets its own text, not the neighbour's.
messages: install-test
	cd cluac_pages && ../$(BIN)/python ../manage.py makemessages -l fr --no-location --no-obsolete
	$(BIN)/python manage.py makemessages -l fr --no-location --no-obsolete -i .venv -i cluac_pages -i tests -i test-artifacts -i static -i media
	for catalogue in cluac_pages/locale/fr/LC_MESSAGES/django.po locale/fr/LC_MESSAGES/django.po; do \
		msgattrib --clear-fuzzy --empty $$catalogue -o $$catalogue && msgen $$catalogue -o $$catalogue && \
		msgfmt --check -o $${catalogue%.po}.mo $$catalogue; done
