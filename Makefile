# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STORE ?= data/store
HOST ?= 127.0.0.1
PORT ?= 8000
REFERENCE ?= ../shared/reference

.PHONY: run test install browser virtuoso load serve lint typecheck generate bench bench-tests clean

$(BIN)/crosswalk: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/crosswalk

install: $(BIN)/crosswalk

EXAMPLE_ORG ?= open-weight-lab

load: install
	$(BIN)/crosswalk load --store $(STORE)
	$(BIN)/crosswalk evidence import examples/$(EXAMPLE_ORG)/evidence.json --org $(EXAMPLE_ORG) --store $(STORE)
	$(BIN)/crosswalk org create $(EXAMPLE_ORG) --name "Open Weight Lab (example)" --exist-ok --store $(STORE)

# The example organization's admin token, printed once per `make run` (it lasts a week; revoke with crosswalk token).
run: load
	@echo "API token for $(EXAMPLE_ORG) (admin, 7 days): send it as 'Authorization: Bearer <token>'"
	@$(BIN)/crosswalk token issue --org $(EXAMPLE_ORG) --role admin --subject example-admin --expires 7d --store $(STORE)
	$(BIN)/crosswalk serve --store $(STORE) --host $(HOST) --port $(PORT)

# Debian's Chromium for the browser tests (Playwright drives it; it downloads no browser of its own).
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# Debian's OpenLink Virtuoso for the store contract suite (the tests start it on loopback with a database of their own).
virtuoso:
	@command -v virtuoso-t >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource >/dev/null; }

test: install browser virtuoso
	$(BIN)/ruff check server tests bench
	$(BIN)/mypy
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check server tests bench
	$(BIN)/ruff format --check server tests bench

typecheck: install
	$(BIN)/mypy

# Rewrite the catalogs and official mapping sets from the reference data (needs ../shared/reference).
generate: install
	$(BIN)/crosswalk generate --reference $(REFERENCE)

bench: load
	$(BIN)/python -m bench.bench_startup --store $(STORE)
	$(BIN)/python -m bench.bench_surfaces --store $(STORE)
	$(BIN)/python -m bench.bench_crosswalk --store $(STORE)
	$(BIN)/python -m bench.bench_coverage --store $(STORE)
	$(BIN)/python -m bench.bench_suggest --store $(STORE)
	$(BIN)/python -m bench.bench_web --store $(STORE)

# The pytest part of `make test`, timed against issue 14's 90 s goal, with the slowest tests (as long as the suite).
bench-tests: install
	$(BIN)/python -m bench.bench_tests

clean:
	rm -rf $(VENV) data build dist .pytest_cache .mypy_cache .ruff_cache
