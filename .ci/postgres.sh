#!/usr/bin/env bash
# Start/stop a throw-away PostgreSQL (Debian package) on 127.0.0.1 for the tests.
set -euo pipefail
action=${1:-start}
port=${2:-54329}
data=/tmp/gongkai-pg-$port

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1; }
bindir=$(find_bin || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/postgres" ]; then
  echo "Installing PostgreSQL from Debian packages…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
  bindir=$(find_bin)
fi
run_as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "$action" in
  start)
    if run_as_pg "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
      echo "PostgreSQL already running on $port"; exit 0
    fi
    if [ ! -f "$data/PG_VERSION" ]; then
      mkdir -p "$data"
      [ "$(id -u)" = 0 ] && chown postgres:postgres "$data"
      run_as_pg "$bindir/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    fi
    run_as_pg "$bindir/pg_ctl" -D "$data" -l "$data/server.log" -w \
      -o "-c listen_addresses=127.0.0.1 -p $port -k /tmp -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
    "$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -tc "SELECT 1 FROM pg_database WHERE datname='gongkai'" | grep -q 1 \
      || "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres gongkai
    echo "PostgreSQL ready on 127.0.0.1:$port"
    ;;
  stop)
    run_as_pg "$bindir/pg_ctl" -D "$data" -m fast stop >/dev/null 2>&1 || true
    ;;
esac
