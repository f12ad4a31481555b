#!/usr/bin/env bash
# schemathesis over the whole OpenAPI schema against a live server with the demo content:
# no 5xx and no response that violates the schema, for anonymous and token-authenticated calls.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${1:-8777}
work=$(mktemp -d)
export DATABASE_URL="sqlite:///$work/api.sqlite3" MEDIA_ROOT="$work/media" IMPORT_REPORT_DIR="$work" \
  DOCUMENTS_PRIVATE_ROOT="$work/private"
export API_WRITE_RATE=100000/min API_READ_RATE=100000/min DISCLOSURE_THROTTLE_COUNT=100000 INTERACTION_THROTTLE_COUNT=100000  # exercise intake, not its limit
unset SEARCH_URL CELERY_BROKER_URL
export SECURE_SSL_REDIRECT=0  # plain HTTP on loopback (production settings otherwise redirect to HTTPS)
py=.venv/bin/python
$py manage.py migrate --noinput -v0
$py manage.py load_demo >/dev/null
token=$($py manage.py drf_create_token admin | awk '{print $3}')
# gunicorn, the production server: runserver's http.server answers some generated requests
# (odd headers, unread bodies) by dropping the connection, which schemathesis reports as errors.
.venv/bin/gunicorn cms.wsgi -b "127.0.0.1:$port" -w 2 --access-logfile - >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$port/api/schema/" >/dev/null && break; sleep 0.5; done
# schemathesis closes on a pytest-shaped line ("==== 3 warnings in 46.70s ====") that counts no test;
# a reader of the CI log would take it for a pytest run that ran nothing, so its lines carry a prefix.
fuzz() {
    .venv/bin/st run "http://127.0.0.1:$port/api/schema/" -c not_a_server_error,response_schema_conformance \
      -n "${SCHEMATHESIS_EXAMPLES:-25}" --generation-deterministic "$@" 2>&1 | sed -u 's/^/[schemathesis] /'
}
status=0
fuzz || status=$?
fuzz -H "Authorization: Token $token" || status=$?
if [ $status -ne 0 ]; then tail -50 "$work/server.log"; fi
exit $status
