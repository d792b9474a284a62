# Two entry points do all set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test golden bench fuzz install install-dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-dev: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"

demo: install
	$(BIN)/realpolitik demo

# The suite runs on SQLite; when REALPOLITIK_TEST_PG names a PostgreSQL server (CI starts one), it runs
# again with every test database on that server.
test: install-dev
	REALPOLITIK_TEST_BACKEND=sqlite $(BIN)/python -m pytest -q
	@if [ -n "$$REALPOLITIK_TEST_PG" ]; then \
	  echo "== the same suite on PostgreSQL"; \
	  REALPOLITIK_TEST_BACKEND=postgresql $(BIN)/python -m pytest -q; \
	fi

# After reviewing what the golden tests showed (the events a change adds, drops or alters on the rule
# examples, the PLOVER sentences and the news sets), record it as the new golden output.
golden: install-dev
	REALPOLITIK_GOLDEN=update $(BIN)/python -m pytest -q tests/test_golden.py
	git diff --stat -- tests/golden

# Property-based tests at full strength: 2,500 generated cases per property, over 10,000 in all.
fuzz: install-dev
	REALPOLITIK_HYPOTHESIS=fuzz $(BIN)/python -m pytest -q tests/test_fuzz.py --hypothesis-show-statistics

# Speed targets live here, never in the tests. Every benchmark runs even when an earlier one misses
# its target; the missed ones are named at the end and make the command fail.
bench: install-dev
	@missed=""; \
	$(BIN)/python benchmarks/bench_pipeline.py || missed="$$missed pipeline"; \
	$(BIN)/python benchmarks/bench_scaling.py || missed="$$missed scaling"; \
	$(BIN)/python benchmarks/bench_long_input.py || missed="$$missed long-input"; \
	$(BIN)/python benchmarks/bench_api.py --events 100000 || missed="$$missed api-100k"; \
	$(BIN)/python benchmarks/bench_api.py --events 1000000 || missed="$$missed api-1m"; \
	if [ -n "$$REALPOLITIK_BENCH_PG" ]; then \
	  $(BIN)/python benchmarks/bench_api.py --events 100000 --db "$$REALPOLITIK_BENCH_PG/realpolitik_bench_100k" \
	    || missed="$$missed api-postgresql-100k"; \
	  $(BIN)/python benchmarks/bench_api.py --events 1000000 --db "$$REALPOLITIK_BENCH_PG/realpolitik_bench_1m" \
	    || missed="$$missed api-postgresql-1m"; \
	fi; \
	if [ -n "$$missed" ]; then echo "targets missed:$$missed"; exit 1; fi; echo "all benchmark targets met"

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache
