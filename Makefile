# Two commands do all the set-up: `make run` (the app with demo data) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format install install-test vendor messages system-deps system-deps-test migrate bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Bootstrap, htmx and the font come from the npm registry and are served by the app itself.
static/vendor/.installed: package.json Makefile
	npm install --silent --no-audit --no-fund --no-package-lock
	mkdir -p static/vendor/bootstrap static/vendor/htmx static/vendor/fonts
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map static/vendor/bootstrap/
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/
	cp $(foreach f,400-normal 700-normal 400-italic,node_modules/@fontsource/noto-sans/files/noto-sans-latin-$(f).woff node_modules/@fontsource/noto-sans/files/noto-sans-latin-$(f).woff2) static/vendor/fonts/
	cp node_modules/@fontsource/noto-sans/LICENSE static/vendor/fonts/
	touch $@

vendor: static/vendor/.installed

# Compiled with polib, so no system gettext is needed.
messages: $(VENV)/.installed
	$(BIN)/python scripts/compilemessages.py

# WeasyPrint's libraries, Chromium for the browser tests (only as root, only when missing).
system-deps:
	bash scripts/system-deps.sh run

system-deps-test:
	bash scripts/system-deps.sh test

migrate: install vendor messages
	mkdir -p var
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py createcachetable

run: system-deps migrate
	DEBUG=1 $(BIN)/python manage.py seed_demo --if-empty
	HOST=$(HOST) PORT=$(PORT) bash scripts/run.sh

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

test: system-deps-test install-test vendor messages lint
	$(BIN)/pytest

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The quick benches, one after another (bench/load.py, Copenhagen's size, runs apart).
bench: install-test vendor messages
	for b in pages oversight sorting ball_drops dialogue; do $(BIN)/python bench/$$b.py || exit 1; done

clean:
	rm -rf $(VENV) node_modules static/vendor var
