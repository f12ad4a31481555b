#!/usr/bin/env bash
# A three-node Elasticsearch cluster on loopback, from the same distribution as the single test
# node (.ci/elasticsearch.sh), with its own ports and data folders (/tmp/gongkai-es-<port>);
# the single node on 59200 is never touched.
#   bash .ci/search-cluster.sh start|stop|status|urls
#   bash .ci/search-cluster.sh kill-node|start-node PORT     (one member: a crash, a return)
# SEARCH_CLUSTER_PORTS (default 29201,29202,29203), ES_HEAP (default 256m), ES_JVM_EXTRA.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
ports=${SEARCH_CLUSTER_PORTS:-29201,29202,29203}
export ES_CLUSTER=$ports ES_HEAP=${ES_HEAP:-256m} ES_START_TIMEOUT=${ES_START_TIMEOUT:-300}
# Client JIT only: a node starts on much less CPU (the test cluster holds a few entries).
export ES_JVM_EXTRA=${ES_JVM_EXTRA:--XX:TieredStopAtLevel=1}
export CLI_JAVA_OPTS=${CLI_JAVA_OPTS:--XX:TieredStopAtLevel=1}  # the launcher JVMs too
first=${ports%%,*}

urls() { local out=""; for p in ${ports//,/ }; do out+="${out:+,}http://127.0.0.1:$p"; done; echo "$out"; }

# Green with every member: all three nodes joined and every replica assigned.
wait_green() {
  local want=${1:-3}
  for _ in $(seq 1 "$ES_START_TIMEOUT"); do
    for p in ${ports//,/ }; do
      curl -fsS "http://127.0.0.1:$p/_cluster/health?wait_for_status=green&wait_for_nodes=$want&timeout=1s" \
        >/dev/null 2>&1 && return 0
    done
    sleep 1
  done
  echo "the search cluster did not become green with $want nodes" >&2
  return 1
}

case "${1:-start}" in
  start)
    pids=()
    for p in ${ports//,/ }; do bash "$here/elasticsearch.sh" start "$p" & pids+=($!); done
    status=0
    for pid in "${pids[@]}"; do wait "$pid" || status=1; done
    [ "$status" = 0 ] || { echo "a cluster node failed to start; logs in /tmp/gongkai-es-<port>/logs" >&2; exit 1; }
    wait_green 3
    echo "Search cluster ready: SEARCH_URL=$(urls) SEARCH_REPLICAS=1"
    ;;
  stop)
    for p in ${ports//,/ }; do bash "$here/elasticsearch.sh" stop "$p" & done
    wait
    ;;
  status)
    curl -fsS "http://127.0.0.1:$first/_cat/nodes?v" || { echo "search cluster not running" >&2; exit 1; }
    ;;
  urls) urls ;;
  kill-node) bash "$here/elasticsearch.sh" kill "${2:?port}" ;;
  start-node) bash "$here/elasticsearch.sh" start "${2:?port}" && wait_green 3 ;;
  *) echo "usage: $0 start|stop|status|urls|kill-node PORT|start-node PORT" >&2; exit 2 ;;
esac
