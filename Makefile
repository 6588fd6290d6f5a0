# Corridor: `make demo` serves the platform with demo data; `make test` runs the whole suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
BENCH  ?=

.PHONY: demo test lint fmt bench audit deps dev-deps assets clean migrate serve

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.deps: requirements.lock pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.dev-deps: requirements-dev.lock $(VENV)/.deps
	$(PY) -m pip install --quiet -r requirements-dev.lock
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

deps: $(VENV)/.deps
dev-deps: $(VENV)/.dev-deps
assets: node_modules/.package-lock.json

demo: deps assets
	DEBUG=1 $(BIN)/corridor demo

migrate: deps
	DEBUG=1 $(BIN)/corridor migrate

test: dev-deps assets
	DEBUG=1 bash scripts/test.sh

lint: dev-deps
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports
	DEBUG=1 $(BIN)/corridor makemigrations --check --dry-run
	$(BIN)/djlint --check src/corridor --quiet

fmt: dev-deps
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/djlint --reformat src/corridor

bench: dev-deps assets
	DEBUG=1 bash scripts/bench.sh $(BENCH)

# The locked packages against the advisories PyPI publishes (scripts/audit_lock.py says what it
# can and cannot vouch for); pip-audit, where its services answer, is the fuller check.
audit: dev-deps
	$(PY) scripts/audit_lock.py

clean:
	rm -rf $(VENV) node_modules var
