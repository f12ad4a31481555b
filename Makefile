# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PG_PORT ?= 54329
PG_URL  := postgres://postgres@127.0.0.1:$(PG_PORT)/gongkai
ES_PORT ?= 59200
REDIS_PORT ?= 56379
HOST   ?= 127.0.0.1
PORT   ?= 8000


.PHONY: browser deploy-tools test-api-schema lint mutation search-cluster stop-search-cluster test-cluster run-production
.PHONY: setup run serve test test-sqlite test-postgres services postgres stop-services bench bench-api bench-admin bench-county manual-screenshots clean search-engine redis search-bench

MESSAGES := locale/.compiled
SECRET   := var/secret_key

setup: $(STAMP) $(MESSAGES) $(SECRET)  ## install (idempotent), compile the project's translations, a local secret key

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

# The project's catalogue (what Wagtail's zh_Hans lacks): the .po files are committed, the .mo built here.
$(MESSAGES): $(wildcard locale/*/LC_MESSAGES/*.po) $(STAMP)
	bash .ci/gettext.sh
	$(BIN)/python manage.py compilemessages --ignore '.venv' --ignore 'var' --ignore 'test-artifacts' >/dev/null
	touch $@

# A local SECRET_KEY, written once (settings read it when SECRET_KEY is not set): make run, the
# schemathesis server and the benches run without DEBUG and the server refuses the development key.
$(SECRET):
	mkdir -p var
	umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

run: setup  ## install, migrate, load catalog + demo content, serve on the SQLite default
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	@echo "站点：http://$(HOST):$(PORT)/   管理后台：http://$(HOST):$(PORT)/admin/"
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

run-production: setup postgres redis search-engine  ## gunicorn, 2 Celery workers, beat (Procfile, honcho) on PostgreSQL, Redis, Elasticsearch
	LOAD_DEMO=1 BIND=$(HOST):$(PORT) PG_PORT=$(PG_PORT) REDIS_PORT=$(REDIS_PORT) ES_PORT=$(ES_PORT) bash tools/run_production.sh

services: postgres search-engine redis browser deploy-tools  ## start every service the suite needs (loopback only)

postgres:
	bash .ci/postgres.sh start $(PG_PORT)

search-engine:  ## a real single-node Elasticsearch 8 on 127.0.0.1:$(ES_PORT) (SEARCH_URL=http://127.0.0.1:$(ES_PORT))
	bash .ci/elasticsearch.sh start $(ES_PORT)

search-cluster:  ## three Elasticsearch nodes on 127.0.0.1:29201-29203 (prints SEARCH_URL; use SEARCH_REPLICAS=1)
	bash .ci/search-cluster.sh start

stop-search-cluster:
	bash .ci/search-cluster.sh stop

redis:  ## Redis on 127.0.0.1:$(REDIS_PORT) (CELERY_BROKER_URL=redis://127.0.0.1:$(REDIS_PORT)/0)
	bash .ci/redis.sh start $(REDIS_PORT)

test-api-schema: setup  ## schemathesis against a live server: no 5xx, no schema violation
	bash .ci/schemathesis.sh

deploy-tools:  ## Debian nginx and systemd-analyze for the deploy/ tests
	bash .ci/deploy-tools.sh

browser:  ## Debian chromium + CJK fonts for the Playwright tests
	bash .ci/browser.sh

stop-services:
	bash .ci/postgres.sh stop $(PG_PORT)
	bash .ci/elasticsearch.sh stop $(ES_PORT)
	bash .ci/redis.sh stop $(REDIS_PORT)

lint: setup  ## ruff (lint + format check) and import-linter (the layer rule)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

test: setup services  ## lint, schemathesis over the API, then the whole suite on SQLite and on PostgreSQL side by side
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory test-api-schema
	bash .ci/test-passes.sh

test-sqlite: setup search-engine redis
	env -u DATABASE_URL $(BIN)/python -m pytest --durations=25 $(PYTEST_ARGS)

test-postgres: setup postgres search-engine redis
	DATABASE_URL=$(PG_URL) $(BIN)/python -m pytest --durations=25 $(PYTEST_ARGS)

# Part of test-sqlite (tests/cms/ops runs once per `make test`); here on its own. Each test starts
# what it needs (the cluster, the production shape) and stops it again.
test-cluster: setup redis postgres  ## the search cluster's node loss and the production shape, alone
	env -u DATABASE_URL $(BIN)/python -m pytest $(PYTEST_ARGS) tests/cms/ops/test_search_cluster.py tests/cms/ops/test_production_shape.py

mutation: setup  ## mutmut over the rule modules on SQLite: kill rate per module and the surviving mutants (MUTATION_ARGS="--only guards --fresh")
	$(BIN)/python tools/mutation.py $(MUTATION_ARGS)

bench: setup  ## import benchmark: the importer against stock Wagtail on the same entries, in one run
	$(BIN)/python bench/import_bench.py

bench-api: setup  ## API load test (wrk from Debian, 20 connections): list, detail, search
	command -v wrk >/dev/null || (DEBIAN_FRONTEND=noninteractive apt-get update -qq && apt-get install -y -qq wrk >/dev/null)
	$(BIN)/python bench/api_bench.py

manual-screenshots: setup  ## run the role journeys in Chromium and copy their chosen screenshots into the 操作手册 (commit the images)
	env -u DATABASE_URL $(BIN)/python -m pytest -q -p no:cacheprovider tests/browser/test_admin_journey.py tests/browser/test_office_request_journey.py tests/browser/test_office_annual_report_journey.py
	$(BIN)/python tools/manual_screenshots.py

bench-admin: setup  ## admin pages' server time and SQL queries with the 5,075-entry corpus (p95 ≤ 300 ms)
	$(BIN)/python bench/admin_bench.py

bench-county: setup  ## county scale: 21 portals, 100,000 entries, 5,000 requests; workflow, pages, annual report, site_check, memory (COUNTY_ARGS="--scale 20000")
	$(BIN)/python bench/county_bench.py $(COUNTY_ARGS)

search-bench: setup search-engine  ## search quality, latency (5,075 and 100k) and rebuild throughput
	SEARCH_URL=http://127.0.0.1:$(ES_PORT) $(BIN)/python bench/search_bench.py

clean:
	rm -rf $(VENV) db.sqlite3* .test-db.sqlite3* var test-artifacts locale/*/LC_MESSAGES/*.mo $(MESSAGES)
