# The Risk Analytics Platform on one machine. `make up` brings it up; `make test` runs
# every suite (it brings the platform up first). `make help` lists the rest.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .local/venvs/dev/bin
EMULATOR_ENV := AWS_ENDPOINT_URL=http://127.0.0.1:4566 AWS_ACCESS_KEY_ID=test \
	AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
TEMPLATES := template.yaml $(wildcard services/*/template.yaml)

.PHONY: help up down servers venvs migrate deploy graph-rebuild token test lint duplicates unit integration e2e contract openapi bench chaos

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

venvs:  ## create the virtualenvs from the lock files (only what changed)
	@scripts/venvs.sh

servers: venvs  ## start MariaDB, Memcached, Gremlin Server and the AWS emulator
	@scripts/mariadb.sh start
	@scripts/memcached.sh start
	@scripts/gremlin.sh start
	@scripts/ministack.sh start

migrate: servers  ## create each service's schema and user, apply migrations
	@PYTHONPATH=shared $(VENV)/python scripts/migrate.py

deploy: migrate  ## build and deploy the platform and service stacks (local stage)
	@scripts/deploy.sh
	@$(EMULATOR_ENV) $(VENV)/python scripts/local_setup.py

up: deploy  ## bring the whole platform up and load the demo register (DEMO=0 skips it)
	@$(EMULATOR_ENV) $(VENV)/python -m scripts.graph_rebuild --if-behind
	@if [ "$${DEMO:-1}" != 0 ]; then $(EMULATOR_ENV) $(VENV)/python -m scripts.demo.load; fi
	@scripts/web.sh up
	@echo "The platform is up. Outputs: .local/outputs.json. A token: make token"
	@echo "The web app: $$(scripts/web.sh url) (sign in as a seeded user: README)"

down:  ## stop everything make up started
	@scripts/web.sh stop
	@scripts/ministack.sh stop
	@scripts/gremlin.sh stop
	@scripts/memcached.sh stop
	@scripts/mariadb.sh stop

graph-rebuild: deploy  ## empty the local graph and rebuild it by replaying the event archive
	@$(EMULATOR_ENV) $(VENV)/python -m scripts.graph_rebuild

token:  ## print an ID token for a seeded user (USER_ROLE=analyst|risk-manager|executive|admin)
	@$(EMULATOR_ENV) $(VENV)/python -c "from scripts import local_setup; \
		print(local_setup.token('$${USER_ROLE:-admin}@riskplatform.local'))"

lint: venvs  ## ruff, mypy, pylint duplicate-code, cfn-lint (+ serverless rules), sam validate --lint, checkov, sam build
	$(VENV)/ruff check .
	$(VENV)/ruff format --check .
	$(VENV)/mypy shared services/*/src scripts
	$(VENV)/pylint --disable=all --enable=duplicate-code --min-similarity-lines=6 --score=n \
		--ignore=migrations,generated services/*/src shared scripts
	@scripts/venvs.sh checkov
	$(VENV)/cfn-lint $(TEMPLATES) platform/*.yaml pipeline/*.yaml -a cfn_lint_serverless.rules
	@for t in $(TEMPLATES) platform/*.yaml pipeline/*.yaml; do \
		AWS_REGION=us-east-1 SAM_CLI_TELEMETRY=0 .local/venvs/sam/bin/sam validate --lint -t $$t || exit 1; done
	.local/venvs/checkov/bin/checkov --skip-download --quiet --compact --framework cloudformation \
		$(foreach t,$(TEMPLATES) $(wildcard platform/*.yaml pipeline/*.yaml),-f $(t))
	@PATH="$$(dirname "$$(.local/venvs/dev/bin/python -c 'import sys; print(sys._base_executable)')"):$$PATH" \
		SAM_CLI_TELEMETRY=0 .local/venvs/sam/bin/sam build -t template.yaml -b .aws-sam/lint-build >/dev/null \
		&& echo "sam build of the platform template: ok"

duplicates: venvs  ## pylint's duplicate-code report (6 similar lines) over services, shared, scripts
	-$(VENV)/pylint --disable=all --enable=duplicate-code --min-similarity-lines=6 \
		services/*/src shared scripts

unit: venvs  ## unit and contract tests (no servers needed)
	$(VENV)/pytest -q tests/unit tests/contract

integration: migrate  ## integration tests against MariaDB, Gremlin Server, Memcached, the emulator
	$(EMULATOR_ENV) $(VENV)/pytest -q tests/integration

e2e: up  ## end-to-end tests through the deployed local stack
	$(EMULATOR_ENV) $(VENV)/pytest -q tests/e2e

test: up lint  ## every suite, starting what it needs
	$(EMULATOR_ENV) $(VENV)/pytest tests -ra
	@scripts/web.sh unit
	@scripts/web.sh e2e

.PHONY: web web-test
web: venvs  ## build the web app and serve it (needs the stacks: make up does both)
	@scripts/web.sh up

web-test:  ## the web app's unit tests (headless Chromium) and browser end-to-end tests
	@scripts/web.sh unit
	@scripts/web.sh e2e

openapi: venvs  ## regenerate the committed OpenAPI documents from the code, and the web app's client
	$(VENV)/python scripts/openapi.py
	@scripts/web.sh api

bench: up  ## run the benchmarks (and the load test) and print their figures beside their floors
	@scripts/venvs.sh locust
	@$(EMULATOR_ENV) POWERTOOLS_METRICS_DISABLED=true POWERTOOLS_LOG_LEVEL=ERROR \
		$(VENV)/python -m benchmarks

KERNEL_AND_SERVICES := shared:services/risk-intake/src:services/metrics-scoring/src:services/graph-sync/src:services/reporting/src

chaos: servers  ## fault-injection harness: 100,000 intake events, faults, each store down 5 min; prints figures
	@POWERTOOLS_METRICS_DISABLED=true POWERTOOLS_LOG_LEVEL=ERROR PYTHONPATH=$(KERNEL_AND_SERVICES):. \
		$(VENV)/python -m tests.chaos.harness --risks $${RISKS:-50000} --outage-seconds $${OUTAGE_SECONDS:-300}
