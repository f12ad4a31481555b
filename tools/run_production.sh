#!/usr/bin/env bash
# The production shape on one machine (`make run-production`): gunicorn, two Celery workers and
# Celery beat from ./Procfile under honcho, against PostgreSQL, Redis and Elasticsearch on
# loopback (the services `make services` starts). Every setting can be overridden from the
# environment; LOAD_DEMO=1 loads the demo content first. Ctrl-C stops every process.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
PG_PORT=${PG_PORT:-54329} REDIS_PORT=${REDIS_PORT:-56379} ES_PORT=${ES_PORT:-59200}

export DEBUG=0
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:$PG_PORT/gongkai_production}
export CELERY_BROKER_URL=${CELERY_BROKER_URL:-redis://127.0.0.1:$REDIS_PORT/1}
export CACHE_URL=${CACHE_URL:-redis://127.0.0.1:$REDIS_PORT/2}
export SEARCH_URL=${SEARCH_URL:-http://127.0.0.1:$ES_PORT}
export SEARCH_INDEX=${SEARCH_INDEX:-gongkai-production}
export BIND=${BIND:-127.0.0.1:8000} WEB_WORKERS=${WEB_WORKERS:-2} WORKER_CONCURRENCY=${WORKER_CONCURRENCY:-1}
export BEAT_SCHEDULE_FILE=${BEAT_SCHEDULE_FILE:-var/production/celerybeat-schedule}
# gunicorn's workers share their metrics through this folder (emptied at each start).
export PROMETHEUS_MULTIPROC_DIR=${PROMETHEUS_MULTIPROC_DIR:-var/production/prometheus}
mkdir -p "$(dirname "$BEAT_SCHEDULE_FILE")" "$PROMETHEUS_MULTIPROC_DIR"
rm -f "$PROMETHEUS_MULTIPROC_DIR"/*.db
if [ -z "${SECRET_KEY:-}" ]; then
  key_file=var/production/secret-key
  mkdir -p var/production
  [ -s "$key_file" ] || python -c "import secrets; print(secrets.token_urlsafe(50))" > "$key_file"
  SECRET_KEY=$(cat "$key_file")
  export SECRET_KEY
fi

# The PostgreSQL database, created when missing.
python - <<'EOF'
import os

import dj_database_url
import psycopg

cfg = dj_database_url.parse(os.environ["DATABASE_URL"])
if "postgresql" in cfg["ENGINE"]:
    params = dict(host=cfg["HOST"], port=cfg["PORT"] or 5432, user=cfg["USER"], password=cfg["PASSWORD"] or None)
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]]).fetchone():
            conn.execute(f'CREATE DATABASE "{cfg["NAME"]}"')
EOF
python manage.py migrate --noinput
if [ -n "${LOAD_DEMO:-}" ]; then
  python manage.py load_demo
  python manage.py rebuild_search_index --backend elasticsearch
fi
echo "生产形态：http://$BIND/ （gunicorn ×$WEB_WORKERS，Celery worker ×2，beat ×1；Ctrl-C 停止）"
exec honcho start --procfile Procfile --app-root .
