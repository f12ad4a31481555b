#!/usr/bin/env bash
# Start/stop/status a real single-node Elasticsearch 8 on 127.0.0.1 for tests and
# manual use. The distribution (server core only, no analysis plugins) comes from
# Maven Central through the machine's `mvn` and is cached under ~/.cache/gongkai.
#   bash .ci/elasticsearch.sh start|stop|kill|status [PORT]
# ES_CLUSTER=29201,29202,29203 makes the node one member of a loopback cluster of those HTTP
# ports (transport port = HTTP port + 100; .ci/search-cluster.sh starts all three);
# ES_HEAP (default 512m) sets the heap, ES_JVM_EXTRA more JVM options (space-separated), ES_START_TIMEOUT (default 120 s) the wait for health.
set -euo pipefail
action=${1:-start}
port=${2:-59200}
version=${ES_VERSION:-8.19.0}
cache=${GONGKAI_CACHE:-$HOME/.cache/gongkai}
zip=$cache/elasticsearch-$version.zip
# Unpacked outside $HOME: the unprivileged user that runs the node must read it.
home=/tmp/gongkai-elasticsearch-$version
data=/tmp/gongkai-es-$port
pidfile=$data/es.pid
url=http://127.0.0.1:$port
es_user=gongkai-es   # Elasticsearch refuses to run as root
cluster=${ES_CLUSTER:-}
heap=${ES_HEAP:-512m}
start_timeout=${ES_START_TIMEOUT:-120}

# Serialise start/stop: test runs may call this script at the same time.
mkdir -p "$data"
exec 9>"$data.lock"
flock 9

node_pid() {
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then cat "$pidfile"; return; fi
  pgrep -f -- "-XX:HeapDumpPath=$data/data" | head -n1   # this data directory's node only (see jvm.options below)
}
running() { [ -n "$(node_pid)" ]; }
healthy() { curl -fsS "$url/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1; }

install_dist() {
  [ -x "$home/bin/elasticsearch" ] && return 0
  mkdir -p "$cache"
  if [ ! -f "$zip" ]; then
    echo "Fetching Elasticsearch $version from Maven Central…"
    mvn -q -B dependency:copy \
      -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$version:zip" \
      -DoutputDirectory="$cache" >/dev/null
  fi
  for tool in unzip curl; do
    command -v $tool >/dev/null || { export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq $tool >/dev/null; }
  done
  rm -rf "$home.tmp" && mkdir -p "$home.tmp" && unzip -q "$zip" -d "$home.tmp"
  mv "$home.tmp/elasticsearch-$version" "$home" && rm -rf "$home.tmp"
}

case "$action" in
  start)
    if running; then
      for _ in $(seq 1 120); do healthy && { echo "Elasticsearch already running on $url"; exit 0; }; sleep 1; done
    fi
    install_dist
    mkdir -p "$data/data" "$data/logs" "$data/config"
    cp -r "$home/config/." "$data/config/"
    # GC log, heap dumps and fatal-error logs default to paths under the (read-only) install.
    sed -i "s|logs/|$data/logs/|g; s|-XX:HeapDumpPath=data|-XX:HeapDumpPath=$data/data|" "$data/config/jvm.options"
    if [ -n "$cluster" ]; then
      seeds="" masters=""
      for p in ${cluster//,/ }; do seeds+="${seeds:+, }127.0.0.1:$((p + 100))"; masters+="${masters:+, }gongkai-$p"; done
      discovery="cluster.name: gongkai-cluster
discovery.seed_hosts: [$seeds]
cluster.initial_master_nodes: [$masters]"
    else
      discovery="cluster.name: gongkai-test
discovery.type: single-node"
    fi
    cat > "$data/config/elasticsearch.yml" <<EOF
$discovery
node.name: gongkai-$port
network.host: 127.0.0.1
http.port: $port
transport.port: $((port + 100))
xpack.security.enabled: false
path.data: $data/data
path.logs: $data/logs
action.destructive_requires_name: false
cluster.routing.allocation.disk.threshold_enabled: false
EOF
    mkdir -p "$data/config/jvm.options.d"
    printf -- '-Xms%s\n-Xmx%s\n' "$heap" "$heap" > "$data/config/jvm.options.d/heap.options"
    rm -f "$data/config/jvm.options.d/extra.options"
    for opt in ${ES_JVM_EXTRA:-}; do echo "$opt" >> "$data/config/jvm.options.d/extra.options"; done
    run=()
    if [ "$(id -u)" = 0 ]; then
      id "$es_user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$es_user"
      chown -R "$es_user" "$data"
      run=(runuser -u "$es_user" --)
    fi
    # The machine's Java 17 (the integ-test zip ships no JDK).
    export ES_JAVA_HOME=${ES_JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
    ES_PATH_CONF="$data/config" "${run[@]}" env ES_PATH_CONF="$data/config" ES_JAVA_HOME="$ES_JAVA_HOME" \
      "$home/bin/elasticsearch" -d -p "$pidfile" >"$data/start.log" 2>&1 || { cat "$data/start.log"; exit 1; }
    for _ in $(seq 1 "$start_timeout"); do
      if healthy; then echo "Elasticsearch $version ready on $url"; exit 0; fi
      sleep 1
    done
    echo "Elasticsearch did not start; see $data/logs" >&2
    tail -n 40 "$data/logs/"*.log >&2 || true
    exit 1
    ;;
  stop)
    if running; then
      pid=$(node_pid)
      kill "$pid"
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    fi
    echo "Elasticsearch on $url stopped"
    ;;
  kill)  # a crash, not a shutdown: SIGKILL, no goodbye to the cluster
    if running; then
      pid=$(node_pid)
      kill -9 "$pid"
      for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    fi
    echo "Elasticsearch on $url killed"
    ;;
  status)
    if healthy; then echo "running on $url"; else echo "not running on $url"; exit 1; fi
    ;;
  *) echo "usage: $0 start|stop|kill|status [PORT]" >&2; exit 2 ;;
esac
