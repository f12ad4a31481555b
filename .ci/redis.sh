#!/usr/bin/env bash
# Start/stop a throw-away Redis (Debian package) on 127.0.0.1 — the Celery broker.
#   bash .ci/redis.sh start|stop [PORT]
set -euo pipefail
action=${1:-start}
port=${2:-56379}
dir=/tmp/gongkai-redis-$port
if ! command -v redis-server >/dev/null; then
  echo "Installing Redis from Debian packages…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq redis-server >/dev/null
fi
case "$action" in
  start)
    if redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1; then echo "Redis already running on $port"; exit 0; fi
    mkdir -p "$dir"
    redis-server --bind 127.0.0.1 --port "$port" --dir "$dir" --save "" --appendonly no \
      --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
    for _ in $(seq 1 50); do redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
    echo "Redis ready on 127.0.0.1:$port"
    ;;
  stop)
    redis-cli -h 127.0.0.1 -p "$port" shutdown nosave >/dev/null 2>&1 || true
    ;;
esac
