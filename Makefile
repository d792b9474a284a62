# Two entry points do all set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test bench install install-dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-dev: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"

demo: install
	$(BIN)/realpolitik demo

test: install-dev
	$(BIN)/python -m pytest -q

# Speed targets live here, never in the tests.
bench: install-dev
	$(BIN)/python benchmarks/bench_pipeline.py
	$(BIN)/python benchmarks/bench_api.py --events 100000
	$(BIN)/python benchmarks/bench_api.py --events 1000000

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache
