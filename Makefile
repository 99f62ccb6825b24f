# Two commands do all the set-up: `make run` (the portal locally) and `make test` (the whole suite).
PYTHON312 ?= $(shell command -v python3.12 2>/dev/null || ls /root/.pyenv/versions/3.12*/bin/python 2>/dev/null | head -n1)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: help run test test-fast lint format package bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON312) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $(STAMP)

run: $(STAMP) ## Run the portal on http://127.0.0.1:8000 against moto, with demo data and the scheduler
	$(PY) -m local.run

test: $(STAMP) lint ## Run the whole suite: lint, unit, integration (moto, package) and browser tests
	$(PY) -m pytest

test-fast: $(STAMP) ## Unit and integration tests without the browser and the package build
	$(PY) -m pytest -m "not e2e and not package"

lint: $(STAMP) ## ruff (lint and format check) and cfn-lint
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/cfn-lint infra/template.yaml

format: $(STAMP) ## Format the code with ruff
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean: ## Remove virtual environments and build output
	rm -rf $(VENV) .venv-package build
