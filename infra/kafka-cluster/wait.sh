#!/usr/bin/env bash
# Waits until the given nodes of the local three-broker cluster (default all) answer API requests
# through their broker listeners. Exits 1 naming the node (and its log's tail) when one does not
# within KAFKA_WAIT_TIMEOUT seconds (default 120), or as soon as one started by start.sh has died.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../env.sh"
source "$TKS_ROOT/infra/kafka-cluster/lib.sh"

nodes=("${KAFKA_CLUSTER_NODES[@]}")
[[ $# -ge 1 ]] && nodes=("$@")
deadline=$((SECONDS + ${KAFKA_WAIT_TIMEOUT:-120}))
client_cfg="$(mktemp)"
trap 'rm -f "$client_cfg"' EXIT
printf '%s\n' request.timeout.ms=5000 default.api.timeout.ms=8000 \
  socket.connection.setup.timeout.ms=2000 socket.connection.setup.timeout.max.ms=4000 >"$client_cfg"
tool=(java -Xmx256m -XX:TieredStopAtLevel=1 -Dlog4j2.configurationFile="$TKS_ROOT/infra/kafka/tools-log4j2.xml"
  -cp "$KAFKA_HOME_DIR/libs/*")

for n in "${nodes[@]}"; do
  port="$(cluster_broker_port "$n")"
  while :; do
    if [[ -f "$(cluster_pid_file "$n")" ]] && ! cluster_node_pid "$n" >/dev/null; then
      echo "wait.sh: node $n of the cluster is not running" >&2
      tail -n 40 "$(cluster_node_dir "$n")/logs/stdout.log" >&2 2>/dev/null || true
      exit 1
    fi
    if port_open 127.0.0.1 "$port" \
       && out="$(timeout 30 "${tool[@]}" org.apache.kafka.tools.BrokerApiVersionsCommand \
                   --bootstrap-server "127.0.0.1:$port" --command-config "$client_cfg" 2>&1)" \
       && grep -q "127.0.0.1:$port (id: $n" <<<"$out"; then
      break
    fi
    if (( SECONDS >= deadline )); then
      echo "wait.sh: node $n (127.0.0.1:$port) did not answer within ${KAFKA_WAIT_TIMEOUT:-120}s" >&2
      tail -n 40 "$(cluster_node_dir "$n")/logs/server.log" >&2 2>/dev/null || true
      exit 1
    fi
    sleep 1
  done
done
