# The README's commands. `make demo` and `make test` do all the set-up on a fresh machine
# (Python 3.11 and make, nothing else).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
APP_STAMP := $(VENV)/.installed-app
DEV_STAMP := $(VENV)/.installed-dev
PIP := $(BIN)/python -m pip
PIP_FLAGS := --disable-pip-version-check --quiet

.PHONY: demo test fuzz lint format typecheck check-migrations ci serve worker bench e2e clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(APP_STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) install $(PIP_FLAGS) -c constraints.txt -e .
	$(BIN)/kam compile-translations
	@touch $@

$(DEV_STAMP): $(APP_STAMP)
	$(PIP) install $(PIP_FLAGS) -c constraints.txt -e '.[dev]'
	@touch $@

## demo: set up, create and fill the demo database, serve it on http://127.0.0.1:8000
demo: $(APP_STAMP)
	$(BIN)/kam demo

## test: set up and run the whole test suite with a coverage report
test: $(DEV_STAMP)
	$(BIN)/kam compile-translations
	$(BIN)/pytest -n 2 --dist loadgroup --cov --cov-report=term:skip-covered

## fuzz: the longer API fuzzing run for use before a release (100 examples per operation)
fuzz: $(DEV_STAMP)
	KAM_FUZZ_EXAMPLES=$${KAM_FUZZ_EXAMPLES:-100} $(BIN)/pytest tests/security/test_fuzz.py -n 2 -q

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(DEV_STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: $(DEV_STAMP)
	$(BIN)/mypy

check-migrations: $(DEV_STAMP)
	$(BIN)/kam makemigrations --check --dry-run

## bench: the benchmark suite (e.g. make bench ARGS="--scale default --db postgres --record")
bench: $(DEV_STAMP)
	$(BIN)/python bench/run.py $(ARGS)

serve: $(APP_STAMP)
	$(BIN)/kam serve

worker: $(APP_STAMP)
	$(BIN)/kam worker

clean:
	rm -rf $(VENV) .coverage htmlcov
