# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PG_PORT ?= 54329
PG_URL  := postgres://postgres@127.0.0.1:$(PG_PORT)/gongkai
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: setup run serve test test-sqlite test-postgres services postgres stop-services bench clean

setup: $(STAMP)  ## install (idempotent)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

run: setup  ## install, migrate, load catalog + demo content, serve on the SQLite default
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	@echo "站点：http://$(HOST):$(PORT)/   管理后台：http://$(HOST):$(PORT)/admin/"
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

services: postgres  ## start every service the suite needs (loopback only)

postgres:
	bash .ci/postgres.sh start $(PG_PORT)

stop-services:
	bash .ci/postgres.sh stop $(PG_PORT)

test: setup services  ## the whole suite, on SQLite and on PostgreSQL
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite: setup
	env -u DATABASE_URL $(BIN)/python -m pytest $(PYTEST_ARGS)

test-postgres: setup postgres
	DATABASE_URL=$(PG_URL) $(BIN)/python -m pytest $(PYTEST_ARGS)

bench: setup  ## import benchmark on the shared corpus
	$(BIN)/python bench/import_bench.py

clean:
	rm -rf $(VENV) db.sqlite3* .test-db.sqlite3* var test-artifacts
