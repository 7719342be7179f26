# Werkzorg — two commands: `make run` (the app with demo data) and `make test` (the suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_BUNDLE := data/fixtures/mededeling-2024/bundle

.PHONY: run test install lint migrate demo bench clean

$(VENV)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py import_bundle $(DEMO_BUNDLE)
	$(PY) manage.py demo_users

run: demo
	@echo "Werkzorg draait op http://$(HOST):$(PORT)/ — demo-gebruikers: zie README.md"
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	bash scripts/ensure-chromium.sh
	$(PY) -m pytest -n 2 --dist loadfile

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
