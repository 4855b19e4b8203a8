# Two entry points, both starting from a fresh clone:
#   make demo   set up .venv, build the travel example's data, run its campaigns on DuckDB
#   make test   set up .venv and run the test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test bench clean

$(BIN)/camp: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

demo: $(BIN)/camp
	$(BIN)/python examples/travel/generate.py
	$(BIN)/camp run examples/travel

test: $(BIN)/camp
	$(BIN)/python -m pytest

bench: $(BIN)/camp
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis examples/*/*.duckdb spark-warehouse
