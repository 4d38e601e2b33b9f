# Two commands set everything up on a fresh machine: `make html` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SPHINXOPTS ?= -j auto
EDITIONS := participant facilitator
LANGUAGES := en zh_CN
OUT := _build/html

.PHONY: html test check live clean schemas lint bench fuzz gettext i18n-update dist

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[test,live]'
	touch $(STAMP)

# `ibsa check` first: a broken file stops the build instead of publishing a page with it missing.
# _build/site/ is the publishable site (participant editions only); _build/html/ keeps the facilitator
# editions for trainers and must never be published.
# Warnings are errors (-W): a flowchart that could not be drawn or a role that names nothing must stop the build,
# not publish a page with a hole in it.
html: $(STAMP)
	@command -v dot >/dev/null || { echo "make html: Graphviz is not installed; the flowcharts need its dot" \
	  "command. Install it (Debian/Ubuntu: sudo apt-get install graphviz; macOS: brew install graphviz)" \
	  "and run make html again."; exit 1; }
	$(BIN)/ibsa check
	@for l in $(LANGUAGES); do for e in $(EDITIONS); do \
	  $(BIN)/sphinx-build -b html -W --keep-going $(SPHINXOPTS) -D language=$$l -D ibsa_edition=$$e -d _build/doctrees/$$l/$$e \
	    . $(OUT)/$$l/$$e || exit 1; \
	done; done
	$(BIN)/ibsa verify-site $(foreach l,$(LANGUAGES),$(addprefix $(OUT)/$(l)/,$(EDITIONS)))
	$(BIN)/ibsa landing $(OUT)
	$(BIN)/ibsa publish $(OUT) _build/site

# `make dist`: every artefact for delivery under _build/dist/<lang>/<kind>/, then the root page lists them and the
# publishable site gets the participant ones. Each artefact kind adds its `dist-<kind>` target to DIST_PARTS and
# declares it .PHONY itself.
DIST_PARTS := dist-moodle dist-slides dist-offline dist-evaluation dist-pdf dist-letters dist-handouts

dist: html $(DIST_PARTS)
	$(BIN)/ibsa landing $(OUT)
	$(BIN)/ibsa publish $(OUT) _build/site

# Moodle XML question banks (facilitator: they hold the answers), validated after writing
.PHONY: dist-moodle
dist-moodle: $(STAMP)
	$(BIN)/ibsa dist-moodle --out _build/dist

# one zip per built edition, usable from disk with search: _build/dist/<lang>/offline/ibsa-<lang>-<edition>.zip
.PHONY: dist-offline
dist-offline: html
	$(BIN)/ibsa dist-offline --built $(OUT) --out _build/dist

# scripts/system-deps installs the system packages the tests need (as root on Debian) or stops with the command
test: $(STAMP)
	scripts/system-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

check: $(STAMP)
	$(BIN)/ibsa check

lint: $(STAMP)
	$(BIN)/ruff check src tests

schemas: $(STAMP)
	$(BIN)/ibsa schema --out schemas

live: $(STAMP)
	$(BIN)/sphinx-autobuild $(SPHINXOPTS) -D ibsa_edition=facilitator -d _build/doctrees/live . _build/live \
	  --ignore 'catalogue/*' --ignore 'scenarios/*'

# Translation: extract every string readers see (pages, data files, the extension's own words; the facilitator
# edition, since translators must see the answer keys) into _build/gettext/, then bring locales/ up to date.
gettext: $(STAMP)
	$(BIN)/sphinx-build -b gettext -q -D ibsa_edition=facilitator -d _build/doctrees/gettext . _build/gettext

i18n-update: gettext
	$(BIN)/sphinx-intl update -p _build/gettext -l zh_CN -w 0

# each course's knowledge check, views scale, feedback form and rubrics as CSV (participant and facilitator files)
.PHONY: dist-evaluation
dist-evaluation: $(STAMP)
	$(BIN)/ibsa check
	$(BIN)/ibsa dist-evaluation --out _build/dist

clean:
	rm -rf _build catalogue scenarios tools course-plans course-books .ibsa-cache

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest tests/test_fuzz.py -q

# Translation progress per page and data file (issue 17); `ibsa i18n-status --strict` fails until all is translated.
.PHONY: i18n-status
i18n-status: $(STAMP)
	$(BIN)/ibsa i18n-status --lang zh_CN

# reveal.js decks per lesson, participant and facilitator (speaker notes), both languages, offline
.PHONY: dist-slides
dist-slides: $(STAMP)
	$(BIN)/ibsa dist-slides --out _build/dist

# PDF workbooks and guides per course; need XeLaTeX and Poppler (scripts/system-deps installs them; `ibsa dist-pdf`
# stops with the install command)
.PHONY: dist-pdf dist-letters dist-handouts
dist-pdf: $(STAMP)
	$(BIN)/ibsa dist-pdf --out _build/dist

dist-letters: $(STAMP)
	$(BIN)/ibsa dist-letters --out _build/dist

# printed by Chromium from the built site: needs `make html` first
dist-handouts: html
	$(BIN)/ibsa dist-handouts --built $(OUT) --out _build/dist
