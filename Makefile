# The two commands of the README. Both set up what they need and can be run again at any time.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.instalado

.PHONY: demo test lint setup clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

# Builds the demo practice from its seed (always anew) and processes its last month. The program's
# modules are compiled to bytecode first, as Python does at first run unless PYTHONDONTWRITEBYTECODE
# is set (some machines set it): without it every run compiles them again, about 0.2 s.
demo: $(STAMP)
	$(BIN)/python -m compileall -q src
	rm -rf demo
	$(BIN)/conciliar demo demo

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

clean:
	rm -rf $(VENV) demo .pytest_cache .mypy_cache .ruff_cache .hypothesis
