# pydantable developer tasks. Run `make` (or `make help`) for the list.
# Needs only python3 and make: everything else is installed into .venv.

PYTHON ?= python3
VENV = .venv
BIN = $(VENV)/bin
STAMP = $(VENV)/.installed-dev

# Source trees that exist right now (ruff gets only these).
LINT_DIRS := $(wildcard src tests benchmarks examples fuzz)

.DEFAULT_GOAL := help
# A failed recipe removes its half-made target (venv python link / stamp),
# so the next run retries instead of trusting a broken environment.
.DELETE_ON_ERROR:
.PHONY: help install lock lint format typecheck unit test bench bench-quick fuzz demo soak clean distclean

help: ## Show this help
	@echo "Usage: make <target>"
	@echo
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) \
		| awk 'BEGIN {FS = ":.*## "}; {printf "  %-10s %s\n", $$1, $$2}'

# Create the venv once and upgrade pip once (only when the venv is new).
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip

# (Re)install the package and dev tools only when pyproject.toml changed.
# Order-only prerequisite: a newer venv python does not force a reinstall.
CONSTRAINTS = requirements/dev-constraints.txt

$(STAMP): pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	$(BIN)/python -m pip install -c $(CONSTRAINTS) -e '.[dev]'
	touch $@

install: $(STAMP) ## Create .venv and install pydantable[dev] (no-op if up to date)

lock: ## Re-resolve pydantable[dev] in a scratch venv and rewrite the constraints file
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install -q --upgrade pip
	.venv-lock/bin/python -m pip install -q -e '.[dev]'
	{ sed -n '1,3p' $(CONSTRAINTS); .venv-lock/bin/python -m pip freeze --exclude-editable; } > $(CONSTRAINTS).new
	mv $(CONSTRAINTS).new $(CONSTRAINTS) && rm -rf .venv-lock

lint: $(STAMP) ## Ruff lint + format check (src tests benchmarks examples)
ifeq ($(strip $(LINT_DIRS)),)
	@echo "lint: nothing to lint"
else
	$(BIN)/ruff check $(LINT_DIRS)
	$(BIN)/ruff format --check $(LINT_DIRS)
endif

format: $(STAMP) ## Ruff format + autofix lint findings
ifeq ($(strip $(LINT_DIRS)),)
	@echo "format: nothing to format"
else
	$(BIN)/ruff format $(LINT_DIRS)
	$(BIN)/ruff check --fix $(LINT_DIRS)
endif

typecheck: $(STAMP) ## mypy --strict (config in pyproject.toml)
	$(BIN)/mypy

# Under CI (CI=true) Hypothesis runs from a fixed seed, so a CI result is
# reproducible; local runs keep exploring new examples.
HYPOTHESIS_SEED := $(if $(filter true 1 yes,$(CI)),--hypothesis-seed=0,)

# No tests yet is not a failure: pytest exits 5 when it collects none, and a
# missing tests/ (git keeps no empty dirs) would trip filterwarnings=error.
unit: $(STAMP) ## Run the test suite with pytest
	@if [ ! -d tests ]; then echo "unit: no tests/ directory yet"; exit 0; fi; \
	$(BIN)/pytest -q $(HYPOTHESIS_SEED); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "unit: no tests collected"; rc=0; fi; \
	exit $$rc

test: ## install, lint, typecheck, unit, bench-quick - in that order, stopping at the first failure
	$(MAKE) --no-print-directory install
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory typecheck
	$(MAKE) --no-print-directory unit
	$(MAKE) --no-print-directory bench-quick

bench: $(STAMP) ## Run the benchmarks
	$(BIN)/python -m benchmarks

# Every benchmark at small sizes (< 60 s) with every equivalence check; exits
# non-zero on any mismatch. The report goes to benchmarks/.data/quick.md.
bench-quick: $(STAMP) ## Smoke-run every benchmark (small sizes); fails on any answer mismatch
	@mkdir -p benchmarks/.data
	$(BIN)/python -m benchmarks --quick > benchmarks/.data/quick.md
	@echo "bench-quick: all equivalence checks passed (report: benchmarks/.data/quick.md)"

# The file/bytes/Arrow readers under atheris (libFuzzer) for FUZZ_TIME seconds,
# when the `fuzz` extra is installed (pip install -e '.[fuzz]'); otherwise the
# Hypothesis fuzzers of tests/reliability with a large example count.
FUZZ_EXAMPLES ?= 300
FUZZ_TIME ?= 60
fuzz: $(STAMP) ## Fuzz the readers (atheris if installed) and every HTTP body format (Hypothesis)
	@if $(BIN)/python -c "import atheris" 2>/dev/null; then \
		PYTHONPATH=src $(BIN)/python fuzz/fuzz_sources.py -max_total_time=$(FUZZ_TIME) -rss_limit_mb=4096; \
		FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest -q -p no:cacheprovider tests/reliability/test_fuzz_bodies.py; \
	else \
		echo "fuzz: atheris is not installed (pip install -e '.[fuzz]'); running the Hypothesis fuzzers"; \
		FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest -q -p no:cacheprovider \
			tests/reliability/test_fuzz_sources.py tests/reliability/test_fuzz_bodies.py; \
	fi

# The reference data service (examples/reference_service): generates its sample
# data on first run (ROWS=... to change the size), serves on 127.0.0.1:8000.
demo: $(STAMP) ## Run the reference data service on http://127.0.0.1:8000 (Ctrl-C stops)
	$(BIN)/python -m examples.reference_service $(if $(ROWS),--rows $(ROWS))

# The long load run (tests/reliability/soak.py): 20k requests of valid, invalid
# and hostile traffic against the reference service under uvicorn on 127.0.0.1;
# prints its figures, fails on any 5xx, wrong answer or resource growth.
soak: $(STAMP) ## Load the reference service (20k requests, bounded); prints figures
	$(BIN)/python -m tests.reliability.soak

clean: ## Remove caches and build artifacts (keeps .venv)
	rm -rf build dist .mypy_cache .ruff_cache .pytest_cache .hypothesis
	find . -path ./$(VENV) -prune -o \( -name __pycache__ -o -name '*.egg-info' \) -type d -print \
		| xargs -r rm -rf

distclean: clean ## clean, and also remove .venv
	rm -rf $(VENV)
