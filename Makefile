# One entry point for people and CI. Every target installs what it needs into .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

NODE_STAMP := node_modules/.installed
PIP := $(BIN)/pip --disable-pip-version-check

.PHONY: serve build check lint test test-fast test-js test-browser bench offline clean browser-deps lock

# The browser the browser tests drive: $CHROMIUM if set, else the first of these on PATH that runs
# (Ubuntu's apt chromium is a snap stub that does not; a CI runner's google-chrome does).
# Expanded where used, so after browser-deps has installed one.
find_chromium = $(or $(CHROMIUM),$(shell for name in chromium chromium-browser google-chrome; do \
  path=$$(command -v $$name) && "$$path" --version >/dev/null 2>&1 && { echo "$$path"; break; }; done))

# The whole tree from the hashed lock (the build backend included, hence no build isolation).
$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --require-hashes -r requirements.lock
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# npm's files: the offline build's search shim (hooks/offline.py) and Pagefind, which indexes a hub
# too large for lunr (knowledge_hub/search_pagefind.py): every target that builds needs them.
# --ignore-scripts: no package's install script runs; none of these needs one (Pagefind's binary
# comes as a platform package, not from a download at install time).
$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

## lock: regenerate requirements.lock from pyproject.toml (after changing a dependency there)
lock: $(STAMP)
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --all-build-deps --extra dev \
	  --no-emit-index-url --no-emit-find-links --output-file requirements.lock pyproject.toml

## serve: preview the hub at http://127.0.0.1:8000 (rebuilds when docs/ or data/ change)
serve: $(STAMP) $(NODE_STAMP)
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

## build: strict build into site/ (any warning fails)
build: $(STAMP) $(NODE_STAMP)
	$(BIN)/mkdocs build --strict

## offline: a copy of the site that works from file:// (search included), in site-offline/
offline: $(STAMP) $(NODE_STAMP)
	HUB_OFFLINE=true $(BIN)/mkdocs build --strict --site-dir site-offline

## check: validate data/ only, listing every problem (needs Python only: no npm, no browser)
check: $(STAMP)
	$(BIN)/hub check

## lint: ruff (lint and format check), mypy on the package, hooks and benchmarks, yamllint on the hand-edited YAML, Biome on the JavaScript
lint: $(STAMP) $(NODE_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/yamllint --strict -c .yamllint.yaml data/ mkdocs.yml .github/ .pre-commit-config.yaml
	node_modules/.bin/biome ci docs/javascripts/ tests/js/

# One test process per core (pytest-xdist); each test file stays in one process (tests/conftest.py
# groups them), so what a module sets up is set up once. Each site variant is built once per run.
PARALLEL := -n auto --dist loadgroup

## test: the whole suite, browser tests included (installs Chromium when missing); lists the 15 slowest
test: $(STAMP) $(NODE_STAMP) browser-deps test-js
	CHROMIUM="$(find_chromium)" $(BIN)/pytest $(PARALLEL) --durations=15

## test-fast: everything but the browser tests and the slow ones (marked slow: the suite again on edited copies, the whole-data payload screening, builds per case)
test-fast: $(STAMP) $(NODE_STAMP) test-js
	$(BIN)/pytest -m "not browser and not slow" $(PARALLEL)

## test-js: the search box's query rewriting (docs/javascripts/hub-query.js), with Node's own test runner
test-js:
	node --test tests/js/*.test.js

## bench: performance figures (see README "Performance")
bench: $(STAMP) $(NODE_STAMP) browser-deps
	CHROMIUM="$(find_chromium)" $(BIN)/python benchmarks/run.py

## browser-deps: install Debian's chromium, only where no Chromium or Chrome is found
browser-deps:
	@[ -n "$(find_chromium)" ] && echo "Browser tests use $(find_chromium)" || { \
	  echo "No Chromium or Chrome found: installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; }

clean:
	rm -rf site site-offline $(VENV) node_modules .pytest_cache
