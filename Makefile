# bookbuild: `make` builds every edition, `make test` runs the tests.
# Targets delegate to `python -m bookbuild`; the first run installs what is missing.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
LANGS  ?=
BUILD  := $(PY) -m bookbuild
LANGOPT = $(if $(strip $(LANGS)),--lang "$(LANGS)")
# STRICT=1 turns warnings (fuzzy or out-of-date translations, missing facts) into errors.
STRICT ?=
STRICTOPT = $(if $(filter 1 yes true,$(STRICT)),--strict)
SINCE ?=
# make serve PORT=8001 HOST=0.0.0.0 PDF=1
PORT ?= 8000
HOST ?= 127.0.0.1
PDF ?=

.PHONY: all pdf epub web proof dist serve check changes test test-fast mutation bench clean setup extract update init stats

all: $(STAMP)
	$(BUILD) build $(STRICTOPT) $(LANGOPT)

pdf: $(STAMP)
	$(BUILD) build $(STRICTOPT) --format pdf $(LANGOPT)

epub: $(STAMP)
	$(BUILD) build $(STRICTOPT) --format epub $(LANGOPT)

# The web edition alone (with the files it links to): build/<lang>/web/.
web: $(STAMP)
	$(BUILD) build $(STRICTOPT) --format web $(LANGOPT)

# The live preview: the web edition on http://127.0.0.1:8000/, reloaded in the browser as the sources change.
# PDF=1 also rebuilds the PDFs and the EPUB after each change.
serve: $(STAMP)
	$(BUILD) serve --host "$(HOST)" --port "$(PORT)" $(LANGOPT) $(if $(filter 1 yes true,$(PDF)),--pdf)

# The release folder for distributors: dist/<slug>-<edition>/ with checksums, manifest, download page,
# the web edition (web/) and the prisoners as data (prisoners.json, its schema, a CSV per language).
dist: $(STAMP)
	$(BUILD) dist $(STRICTOPT) $(LANGOPT) $(if $(strip $(SINCE)),--since "$(SINCE)")

# A translator's proof: untranslated and fuzzy paragraphs marked in the margin.
proof: $(STAMP)
	$(BUILD) build --format proof $(LANGOPT)

check: $(STAMP)
	$(BUILD) check $(STRICTOPT) $(LANGOPT)

# What changed in the chapters and profiles since an earlier version: `make changes SINCE=edition-1`.
changes: $(STAMP)
	@test -n "$(strip $(SINCE))" || { echo "usage: make changes SINCE=<git commit or tag>" >&2; exit 2; }
	$(BUILD) changes --since "$(SINCE)"

# Translators' workflow: templates, new languages, merging, and how complete each language is.
extract: $(STAMP)
	$(BUILD) extract

update: $(STAMP)
	$(BUILD) update $(LANGOPT)

init: $(STAMP)
	@test -n "$(strip $(LANGS))" || { echo "usage: make init LANGS=xx" >&2; exit 2; }
	$(BUILD) init $(LANGOPT)

# `make stats MIN=90` fails if a language translates less than 90% of the words.
stats: $(STAMP)
	$(BUILD) stats --by-catalogue $(LANGOPT) $(if $(MIN),--min-coverage $(MIN))

test: $(STAMP)
	$(PY) -m pytest -q -n auto --dist worksteal

# The fast tier, to run while working: the tool on small books, without the built sample book and the
# external validators (docs/mutation.md says which tests those are). `make test` runs them all.
test-fast: $(STAMP)
	$(PY) -m pytest -q -n auto --dist worksteal -m "not sample and not slow"

# Mutation testing of src/bookbuild against the fast tier of the tests, then the kill rate per module
# (docs/mutation.md). `make mutation MUTANTS='bookbuild.state.*'` tries only the mutants named.
MUTANTS ?=
mutation: $(STAMP)
	$(VENV)/bin/mutmut run $(foreach m,$(MUTANTS),'$(m)')
	$(PY) scripts/mutation-report.py

# Timings and memory of full, parallel, incremental and large builds, the web edition per language, and the
# live preview's time from a saved file to the reloaded page (build/bench.json).
bench: $(STAMP)
	$(PY) bench/run.py

setup: $(STAMP)

$(STAMP): pyproject.toml package-lock.json scripts/setup-system.sh
	sh scripts/setup-system.sh
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

clean:
	rm -rf build dist
