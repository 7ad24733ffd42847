# The README's commands. `make demo` sets everything up and runs the nightly job on the bundled sample;
# `make test` runs the tests (CI runs exactly that through .ci/run).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SAMPLE_EXPORT := extract/samples/export
SAMPLE_FIRST_DAY := 2026-11-02
SAMPLE_LAST_DAY := 2026-11-04

export DAGSTER_HOME ?= $(CURDIR)/.dagster_home
# dbt-core and Dagster would otherwise send usage telemetry.
export DO_NOT_TRACK := 1

.PHONY: demo test install lint dev eval clean

demo: install $(DAGSTER_HOME)/dagster.yaml
	CALL_OUTCOMES_HASH_KEY="$${CALL_OUTCOMES_HASH_KEY:-sample-data-only-key}" \
		$(BIN)/call-outcomes nightly --export-dir $(SAMPLE_EXPORT) --from $(SAMPLE_FIRST_DAY) --to $(SAMPLE_LAST_DAY)
	$(BIN)/call-outcomes mart

test: install
	$(BIN)/pytest

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

$(DAGSTER_HOME)/dagster.yaml: orchestration/dagster.yaml
	mkdir -p $(DAGSTER_HOME)
	cp orchestration/dagster.yaml $@

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	cd dbt_project && CALL_OUTCOMES_WAREHOUSE=/tmp/call-outcomes-lint.duckdb ../$(BIN)/sqlfluff lint models

dev: install $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/dagster dev -w workspace.yaml

# Accuracy on the development scenarios; needs espeak-ng and sox to render them (apt-get install espeak-ng sox).
SCENARIOS ?= ../shared/datasets/dev_scenarios.jsonl
RENDER ?= ../shared/tools/render_calls.py
EVAL_DIR ?= /tmp/call-outcomes-eval
eval: install
	$(PYTHON) $(RENDER) $(SCENARIOS) $(EVAL_DIR)/export --labels $(EVAL_DIR)/labels.csv --format ogg
	$(BIN)/call-outcomes eval $(EVAL_DIR)/export $(EVAL_DIR)/labels.csv --output $(EVAL_DIR)/predictions.csv

clean:
	rm -rf .call-outcomes $(DAGSTER_HOME) dbt_project/target dbt_project/logs
