# moot: `make demo` and `make test` are the two set-up commands (see README.md).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PYTEST_WORKERS ?= 2

.PHONY: install demo serve test check lint typecheck pytest chromium pdf-libs bench clean

$(STAMP): pyproject.toml constraints.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: install pdf-libs
	mkdir -p var
	$(BIN)/moot migrate --noinput -v0
	$(BIN)/moot demo
	$(BIN)/moot serve

serve: install
	$(BIN)/moot serve

# Debian's Chromium drives the browser tests; Playwright never downloads a browser here.
chromium:
	@command -v chromium >/dev/null 2>&1 || ($(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium)

# WeasyPrint renders notices to PDF with Debian's Pango and HarfBuzz.
pdf-libs:
	@ldconfig -p | grep -q libpangoft2-1.0 || ($(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q \
		libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy moot

check: lint typecheck
	MOOT_PRODUCTION=1 SECRET_KEY=check-deploy-$$(date +%s)-0123456789abcdefghijklmnopqrstuvwxyz ALLOWED_HOSTS=moot.example.org \
		$(BIN)/moot check --deploy --fail-level WARNING

pytest: install chromium pdf-libs
	$(BIN)/pytest -n $(PYTEST_WORKERS) -q

test: check pytest

bench: install
	@echo "see bench/README.md for each benchmark's command"

clean:
	rm -rf $(VENV) var test-artifacts
