# bookbuild: `make` builds every edition, `make test` runs the tests.
# Targets delegate to `python -m bookbuild`; the first run installs what is missing.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
LANGS  ?=
BUILD  := $(PY) -m bookbuild
LANGOPT = $(if $(strip $(LANGS)),--lang "$(LANGS)")

.PHONY: all pdf epub check test clean setup

all: $(STAMP)
	$(BUILD) build $(LANGOPT)

pdf: $(STAMP)
	$(BUILD) build --format pdf $(LANGOPT)

epub: $(STAMP)
	$(BUILD) build --format epub $(LANGOPT)

check: $(STAMP)
	$(BUILD) check

test: $(STAMP)
	$(PY) -m pytest -q

setup: $(STAMP)

$(STAMP): pyproject.toml scripts/setup-system.sh
	sh scripts/setup-system.sh
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

clean:
	rm -rf build dist
