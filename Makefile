# Two entry points that work on a fresh machine with only Python and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: audit test lint models evaluate bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

audit: $(STAMP)  ## set up, then audit the bundled seed policies into reports/
	$(BIN)/policy-audit audit corpus/seeds/*.txt --out reports --format all --summary

test: $(STAMP)  ## set up, then run the whole test suite
	$(BIN)/ruff check policy_audit tests
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check policy_audit tests

models: $(STAMP)  ## retrain the shipped models from ../shared/corpus (needs ../shared)
	$(BIN)/python models/train.py

evaluate: $(STAMP)  ## accuracy figures (needs ../shared for the real policies)
	$(BIN)/policy-audit evaluate sections --gold corpus/gold/sections
	$(BIN)/policy-audit evaluate entities --gold corpus/gold/policies
	$(BIN)/policy-audit evaluate requirements --gold corpus/gold/policies

clean:
	rm -rf $(VENV) reports build dist *.egg-info
