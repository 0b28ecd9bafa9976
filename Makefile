# Stepwise: `make run` serves the embedded app on http://127.0.0.1:8000; `make test` runs lint, migration check and tests.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
# Python 3.13: pyenv (selected by .python-version), else python3.13 on PATH.
PYTHON_313 := $(shell pyenv which python 2>/dev/null | grep 3.13 || command -v python3.13 || ls -d $$HOME/.pyenv/versions/3.13*/bin/python 2>/dev/null | tail -1)

.PHONY: run test venv messages chromium

# Front-end files (ECharts, axe-core) come from the npm registry and are served as our own static files.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(BIN)/python:
	@test -n "$(PYTHON_313)" || { echo "Python 3.13 not found (install it with pyenv, or put python3.13 on PATH)"; exit 1; }
	$(PYTHON_313) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

messages: $(VENV)/.runtime
	$(BIN)/python manage.py compilemessages --ignore=.venv --verbosity 0

run: $(VENV)/.runtime messages node_modules/.installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# Browser tests (tests/browser) drive Debian's Chromium, never a downloaded build; a CJK font makes their
# screenshots (test-artifacts/browser/) readable. Installed when missing (needs root, as on the project's machines).
chromium:
	@command -v chromium >/dev/null && command -v pdftoppm >/dev/null && fc-list :lang=zh | grep -q . || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei poppler-utils)

test: $(VENV)/.dev messages node_modules/.installed chromium
	$(BIN)/ruff check .
	$(BIN)/mypy
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest -n 2
