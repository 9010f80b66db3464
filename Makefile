# graphsvc: the two Quick start commands are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
CODE   := graphsvc loaders queries tests bench

.PHONY: run test lint audit install system-deps bench schema clean lock

run: install ## set up everything, start Neo4j, load the bundled case, serve on 127.0.0.1:8000
	$(BIN)/graphsvc up

test: install lint audit ## the whole test suite (lint, types, audit, tests) against a real Neo4j
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check $(CODE)
	$(BIN)/ruff format --check $(CODE)
	$(BIN)/mypy

# Every pin in requirements.lock against PyPI's advisories (pip-audit); a known
# vulnerability fails with the fixed release. AUDIT_STRICT=1 also fails when
# the advisories cannot be read.
audit: install
	$(BIN)/python scripts/audit_deps.py

bench: install ## every benchmark; SIZE=1000000 for the full run, writes BENCHMARKS.md
	$(BIN)/python -m bench.run --size $(or $(SIZE),10000)

schema: install ## regenerate the committed GraphQL SDL
	$(BIN)/graphsvc export-schema > schema.graphql

install: system-deps $(VENV)/.installed

system-deps:
	@bash scripts/system-deps.sh

# The exact versions tested, from requirements.lock (regenerate it with `make lock`
# after changing the ranges in pyproject.toml); then graphsvc itself.
$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

lock: ## pin every dependency (with the dev extra) into requirements.lock
	$(PYTHON) -m venv $(VENV)-lock
	$(VENV)-lock/bin/pip install --quiet pip-tools
	$(VENV)-lock/bin/pip-compile --quiet --extra dev --strip-extras --no-header \
	  --no-emit-find-links -o requirements.lock pyproject.toml
	rm -rf $(VENV)-lock

clean:
	rm -rf $(VENV) var .mypy_cache .pytest_cache .ruff_cache
