# One entry point for people and CI. Every target installs what it needs into .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build check test test-fast test-browser bench offline clean browser-deps

# The browser the browser tests drive: $CHROMIUM if set, else the first of these on PATH that runs
# (Ubuntu's apt chromium is a snap stub that does not; a CI runner's google-chrome does).
# Expanded where used, so after browser-deps has installed one.
find_chromium = $(or $(CHROMIUM),$(shell for name in chromium chromium-browser google-chrome; do \
  path=$$(command -v $$name) && "$$path" --version >/dev/null 2>&1 && { echo "$$path"; break; }; done))

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

## serve: preview the hub at http://127.0.0.1:8000 (rebuilds when docs/ or data/ change)
serve: $(STAMP)
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

## build: strict build into site/ (any warning fails)
build: $(STAMP)
	$(BIN)/mkdocs build --strict

## offline: a copy of the site that works from file:// (search included), in site-offline/
offline: $(STAMP)
	HUB_OFFLINE=true $(BIN)/mkdocs build --strict --site-dir site-offline

## check: validate data/ only, listing every problem
check: $(STAMP)
	$(BIN)/hub check

# One test process per core (pytest-xdist); each test file stays in one process (tests/conftest.py
# groups them), so what a module sets up is set up once. Each site variant is built once per run.
PARALLEL := -n auto --dist loadgroup

## test: the whole suite, browser tests included (installs Chromium when missing); lists the 15 slowest
test: $(STAMP) browser-deps
	CHROMIUM="$(find_chromium)" $(BIN)/pytest $(PARALLEL) --durations=15

## test-fast: everything but the browser tests
test-fast: $(STAMP)
	$(BIN)/pytest -m "not browser" $(PARALLEL)

## bench: performance figures (see README "Performance")
bench: $(STAMP) browser-deps
	CHROMIUM="$(find_chromium)" $(BIN)/python benchmarks/run.py

## browser-deps: install Debian's chromium, only where no Chromium or Chrome is found
browser-deps:
	@[ -n "$(find_chromium)" ] && echo "Browser tests use $(find_chromium)" || { \
	  echo "No Chromium or Chrome found: installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; }

clean:
	rm -rf site site-offline $(VENV) node_modules .pytest_cache
