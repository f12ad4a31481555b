#!/usr/bin/env bash
# The SQLite and PostgreSQL passes side by side (`make test`): on two cores one pass leaves the
# second core mostly idle (SQLite runs in the test process; PostgreSQL waits on its server), so
# together they take little more than the longer one. Each pass has its own Redis database, its
# own Elasticsearch node (the outage tests stop and restart the node of their pass) and its own log; lines are printed as they come, prefixed with the pass's name, and the logs stay
# in test-artifacts/ for a failure's full text.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-artifacts
started=$(date +%s)

run_pass() {  # name, redis db, Elasticsearch port, make target
    local name=$1 db=$2 es_port=$3 target=$4
    local log="test-artifacts/pass-$name.log"
    bash .ci/elasticsearch.sh start "$es_port"
    (
        set -o pipefail
        REDIS_TEST_DB=$db SEARCH_TEST_PORT=$es_port make --no-print-directory "$target" 2>&1 | tee "$log" | sed -u "s/^/[$name] /"
    )
}

run_pass sqlite 15 59200 test-sqlite &
sqlite_pid=$!
run_pass postgres 14 59210 test-postgres &
postgres_pid=$!

wait "$sqlite_pid"; sqlite_rc=$?
wait "$postgres_pid"; postgres_rc=$?

echo
echo "== both passes in $(( $(date +%s) - started )) s"
for name in sqlite postgres; do
    echo "[$name] $(grep -E '^(=+ )?[0-9]+ (passed|failed)|^=+ .*(passed|failed|error).* in ' "test-artifacts/pass-$name.log" | tail -1)"
done
# The two passes' counts added up, on a plain line of its own ("N passed, N failed, N skipped"), so
# that a reader of the log's last line (CI included) sees that tests ran; pytest's own closing lines
# above carry the pass names as prefixes.
python3 .ci/sum-passes.py test-artifacts/pass-sqlite.log test-artifacts/pass-postgres.log
[ "$sqlite_rc" -eq 0 ] && [ "$postgres_rc" -eq 0 ]
