# Everything bootstraps from pyproject.toml into .venv; the stamp is rebuilt when pyproject changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck unit bench devset clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# A current pip reads extras as PEP 685 names: jusText's lxml[html_clean] needs that.
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/briefbot start

# mypy and pytest side by side: the tests leave a core idle while they wait on servers and
# subprocesses, and mypy fills it.
test: lint
	@$(MAKE) --no-print-directory -j2 typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check bot tests benchmarks
	$(BIN)/ruff format --check bot tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

# One worker more than cores: the tests spend much of their time waiting on local servers and
# subprocesses, and the extra worker fills that time (2 cores: 96 s instead of 111 s). A test
# file stays on one worker, so its tests share one running bot.
WORKERS ?= $(shell $(PYTHON) -c "import os; print((os.cpu_count() or 1) + 1)")
unit: $(STAMP)
	$(BIN)/pytest -n $(WORKERS) --dist loadfile

# BENCH_ARGS=--quick keeps the store figures under a minute.
bench: $(STAMP)
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)
	$(BIN)/python -m benchmarks.burst
	$(BIN)/python -m benchmarks.watch

devset: $(STAMP)
	$(BIN)/python tests/devset/score.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
