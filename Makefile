# The README's commands. `make serve` and `make test` set everything up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium
# Material 9.7+ prints an end-of-life banner on every build; the project already pins mkdocs<2 and knows.
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve apercu test build validate bench zensical clean chromium nodejs lint-js pdf

# The install's own output (setuptools warns about editable installs) goes to a log, shown only if it fails.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	@echo "Installation des dépendances épinglées dans $(VENV) (journal : $(VENV)/installation.log)…"
	@$(BIN)/pip install --quiet --upgrade pip > $(VENV)/installation.log 2>&1 || (cat $(VENV)/installation.log; exit 1)
	@$(BIN)/pip install --quiet -e '.[test]' >> $(VENV)/installation.log 2>&1 || (cat $(VENV)/installation.log; exit 1)
	touch $(STAMP)

# --dirty: a save rebuilds the pages whose content changed, not the site (macros/adapters/preview.py).
serve: $(STAMP) pdf
	$(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

# The PMO's preview: the draft edition shown as current, on this machine only.
apercu: $(STAMP)
	PMO_APERCU=1 $(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

# Browser tests need Debian's chromium; printed pages are checked with poppler's pdfinfo and pdftotext.
chromium:
	@if [ ! -x "$(CHROMIUM)" ] || ! command -v pdftotext >/dev/null; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installation de chromium et poppler-utils (Debian)…"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null; \
	  else \
	    echo "Erreur : chromium ou poppler-utils est absent. Installez-les avec « sudo apt-get install chromium poppler-utils » puis relancez « make test »." >&2; \
	    exit 1; \
	  fi; \
	fi

# The JavaScript linter needs node and npm (Debian's nodejs); installed like chromium when missing.
nodejs:
	@if ! command -v node >/dev/null || ! command -v npm >/dev/null; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installation de nodejs et npm (Debian)…"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; \
	  else \
	    echo "Erreur : node ou npm est absent. Installez-les avec « sudo apt-get install nodejs npm » puis relancez « make test »." >&2; \
	    exit 1; \
	  fi; \
	fi

# The editions' PDFs: WeasyPrint's libraries (Pango, HarfBuzz) and the fonts the PDFs embed (Debian's DejaVu, whose
# Bitstream Vera licence allows embedding), installed with apt-get when root, as chromium is.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-dejavu-extra
PDF_FONTS := /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf /usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf
pdf: $(STAMP)
	@if ! $(BIN)/python -c "import weasyprint" >/dev/null 2>&1 || ! ls $(PDF_FONTS) >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installation des bibliothèques et des polices du document PDF (Debian)…"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PDF_PACKAGES) >/dev/null; \
	  else \
	    echo "Erreur : les bibliothèques ou les polices du document PDF manquent. Installez-les avec « sudo apt-get install $(PDF_PACKAGES) » puis relancez." >&2; \
	    exit 1; \
	  fi; \
	fi

# The pinned linter (package.json and its lock file), in node_modules/ of this folder: never a global install.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json | nodejs
	@echo "Installation de l'analyseur JavaScript épinglé dans node_modules (journal : node_modules.log)…"
	@npm ci --no-audit --no-fund --ignore-scripts > node_modules.log 2>&1 || (cat node_modules.log; exit 1)
	@rm -f node_modules.log
	touch $(NODE_STAMP)

lint-js: $(NODE_STAMP)
	node_modules/.bin/eslint --max-warnings 0 docs/assets/javascripts

# Lint and type checks first: they take seconds and name the line.
test: $(STAMP) chromium pdf lint-js
	$(BIN)/ruff check macros benchmarks tests
	$(BIN)/mypy
	$(BIN)/pytest

build: $(STAMP) pdf
	$(BIN)/pmo build

validate: $(STAMP)
	$(BIN)/pmo validate

bench: $(STAMP) pdf
	$(BIN)/python benchmarks/run.py

# Canary of a move to Zensical (Material's successor): a separate venv, a pinned version, a report in benchmarks/.
# 0.0.60 is the newest release whose dependencies the package registry serves here (later ones need zensical-ui).
ZENSICAL_VERSION := 0.0.60
ZVENV := .venv-zensical
$(ZVENV)/bin/zensical:
	$(PYTHON) -m venv $(ZVENV)
	$(ZVENV)/bin/pip install --quiet zensical==$(ZENSICAL_VERSION)

zensical: $(STAMP) $(ZVENV)/bin/zensical
	ZENSICAL=$(ZVENV)/bin/zensical $(BIN)/python benchmarks/zensical_canary.py

clean:
	rm -rf $(VENV) $(ZVENV) site node_modules
