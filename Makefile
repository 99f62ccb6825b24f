# Two commands do all the set-up: `make run` (the portal locally) and `make test` (the whole suite).
# A CPython 3.12 that really runs (pyenv's shim for python3.12 exists even when 3.12 is not active).
PYTHON312 ?= $(shell for p in $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.12*/bin/python 2>/dev/null) $$(command -v python3.12); do \
	$$p -c 'import sys; assert sys.version_info[:2] == (3, 12)' 2>/dev/null && echo $$p && break; done)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: help run simulate test test-fast lint format package bench zappa-env translations clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

$(STAMP): requirements.txt requirements-dev.txt
	@test -n "$(PYTHON312)" || { echo "Python 3.12 is needed (pyenv install 3.12, or set PYTHON312)"; exit 1; }
	@test -x $(PY) || $(PYTHON312) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $(STAMP)

run: $(STAMP) ## Run the portal on http://127.0.0.1:8000 against moto, with demo data and the scheduler
	$(PY) -m local.run

DAYS ?= 1
simulate: $(STAMP) ## Move the running local portal's clock forward: make simulate DAYS=30
	$(PY) -m local.simulate --days $(DAYS)

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

translations: $(STAMP) ## Extract the debtor page's strings, update every catalogue, compile them (.mo are committed)
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l --no-location --sort-output -o app/translations/messages.pot .
	for lang in sl fi pl el; do \
		test -f app/translations/$$lang/LC_MESSAGES/messages.po \
		|| $(VENV)/bin/pybabel init -i app/translations/messages.pot -d app/translations -l $$lang; \
		$(VENV)/bin/pybabel update --no-fuzzy-matching --ignore-obsolete -i app/translations/messages.pot -d app/translations -l $$lang; \
	done
	$(VENV)/bin/pybabel compile --statistics -d app/translations

PACKAGE_ZIP := build/portal-dev.zip
PACKAGE_SOURCES := $(shell find app functions -type f -not -path '*/__pycache__/*' -not -name '*.pyc') \
                   requirements.txt zappa_settings.json scripts/build_package.py

package: $(PACKAGE_ZIP) ## Build the Lambda package build/portal-dev.zip (Zappa in a runtime-only .venv-package)

$(PACKAGE_ZIP): $(PACKAGE_SOURCES)
	PYTHON312=$(PYTHON312) $(PYTHON312) scripts/build_package.py --stage dev --output $@

bench: $(STAMP) package ## Benchmarks: package size, cold start, import, parse memory, scheduler, debtor page
	$(PY) -m bench.package_size
	$(PY) -m bench.cold_start --breakdown $(ARGS)
	$(PY) -m bench.import_claims --rows 10000
	$(PY) -m bench.parse_memory --rows 100000
	$(PY) -m bench.scheduler_run --open 100000 --due 1000
	$(PY) -m bench.debtor_page --history 200

zappa-env: $(STAMP) ## Copy a stack's outputs into a Zappa stage: make zappa-env STAGE=prod STACK=portal-prod-infra
	$(PY) scripts/zappa_env.py $(STAGE) $(STACK)

clean: ## Remove virtual environments and build output
	rm -rf $(VENV) .venv-package build
