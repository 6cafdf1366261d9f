# `make run` and `make test` set everything up on first use (a .venv from
# pyproject.toml) and then run the bot or the whole test suite. `make demo` tries the
# bot in the terminal on a simulated Discord (SCRIPT=examples/demo-session.txt plays one).

PYTHON ?= $(shell command -v python3.12 2>/dev/null || echo python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_STAMP := $(VENV)/.demo-installed
CHECK_PYTHON = @$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Python 3.12 or newer is needed (found " + sys.version.split()[0] + ")")'
PIP_INSTALL = $(BIN)/python -m pip install --quiet --disable-pip-version-check

.PHONY: install run demo test lint format bench clean

$(STAMP): pyproject.toml
	$(CHECK_PYTHON)
	$(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) -e '.[test]'
	@touch $(STAMP)

# The demo needs only the bot and simcord (the `demo` extra), not the test tools.
$(DEMO_STAMP): pyproject.toml
	$(CHECK_PYTHON)
	@[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) -e '.[demo]'
	@touch $(DEMO_STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python -m bot

demo: $(DEMO_STAMP)
	$(BIN)/python -m bot demo $(if $(SCRIPT),--script $(SCRIPT))

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest --hypothesis-profile=ci

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP)
	@for script in bench/*.py; do \
		[ "$$script" = bench/report.py ] && continue; \
		echo "== $$script"; $(BIN)/python $$script || exit 1; \
	done

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .hypothesis
