#!/usr/bin/env bash
# Starts the local three-broker KRaft cluster (each node broker + controller, on loopback, from
# the same jars as the single broker: infra/kafka/fetch.sh) and waits until every node answers.
# `start.sh N` starts node N only (after stop.sh N). Idempotent: running nodes are left alone.
# Data under $KAFKA_CLUSTER_HOME_DIR/node-N; topics there get replication factor 3 and
# min.insync.replicas 2 (export KAFKA_BROKERS=$(infra/kafka-cluster/bootstrap.sh)
# KAFKA_REPLICATION_FACTOR=3 for the services).
# Env: KAFKA_CLUSTER_HEAP_OPTS (default -Xmx384m -Xms64m), KAFKA_WAIT_TIMEOUT (default 120).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../env.sh"
source "$TKS_ROOT/infra/kafka-cluster/lib.sh"
here="$TKS_ROOT/infra/kafka-cluster"

nodes=("${KAFKA_CLUSTER_NODES[@]}")
[[ $# -ge 1 ]] && nodes=("$@")
mkdir -p "$KAFKA_CLUSTER_HOME_DIR"
exec 9>"$KAFKA_CLUSTER_HOME_DIR/.start.lock"
flock -w 180 9 || { echo "start.sh: another start.sh holds $KAFKA_CLUSTER_HOME_DIR/.start.lock" >&2; exit 1; }

command -v java >/dev/null || { echo "start.sh: java not found (run infra/apt.sh)" >&2; exit 1; }
"$TKS_ROOT/infra/kafka/fetch.sh"
libs="$KAFKA_HOME_DIR/libs"
tool=(java -Xmx256m -XX:TieredStopAtLevel=1 -Dlog4j2.configurationFile="$TKS_ROOT/infra/kafka/tools-log4j2.xml" -cp "$libs/*")

if [[ ! -s "$KAFKA_CLUSTER_HOME_DIR/cluster.id" ]]; then
  "${tool[@]}" kafka.tools.StorageTool random-uuid >"$KAFKA_CLUSTER_HOME_DIR/cluster.id.tmp"
  mv "$KAFKA_CLUSTER_HOME_DIR/cluster.id.tmp" "$KAFKA_CLUSTER_HOME_DIR/cluster.id"
fi
voters="$(cluster_voters)"

# Render and format every node first, then launch them together: a node waits only a limited
# time for the quorum, so the voters must come up close to each other.
to_start=()
for n in "${nodes[@]}"; do
  cluster_node_pid "$n" >/dev/null && continue
  dir="$(cluster_node_dir "$n")"
  broker_port="$(cluster_broker_port "$n")"
  controller_port="$(cluster_controller_port "$n")"
  for p in "$broker_port" "$controller_port"; do
    if port_open 127.0.0.1 "$p"; then
      echo "start.sh: port $p of node $n is taken by another process" >&2
      exit 1
    fi
  done
  mkdir -p "$dir/data" "$dir/logs"
  sed -e "s|@NODE_ID@|$n|g" -e "s|@VOTERS@|$voters|g" -e "s|@BROKER_PORT@|$broker_port|g" \
      -e "s|@CONTROLLER_PORT@|$controller_port|g" -e "s|@DATA_DIR@|$dir/data|g" \
      "$here/server.properties" >"$dir/server.properties"
  if [[ ! -f "$dir/data/meta.properties" ]]; then
    if ! out="$("${tool[@]}" kafka.tools.StorageTool format --ignore-formatted \
                 --cluster-id "$(cat "$KAFKA_CLUSTER_HOME_DIR/cluster.id")" \
                 --config "$dir/server.properties" 2>&1)"; then
      echo "$out" >&2
      echo "start.sh: formatting node $n failed" >&2
      exit 1
    fi
  fi
  to_start+=("$n")
done

heap_opts="${KAFKA_CLUSTER_HEAP_OPTS:--Xmx384m -Xms64m}"
for n in "${to_start[@]}"; do
  dir="$(cluster_node_dir "$n")"
  # shellcheck disable=SC2086,SC2016 # heap_opts is a list of JVM flags; $$/$0 expand in the child
  setsid nohup bash -c 'echo $$ >"$0"; exec "$@"' "$(cluster_pid_file "$n")" \
    java $heap_opts -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError \
      -Djava.awt.headless=true -Dkafka.logs.dir="$dir/logs" \
      -Dlog4j2.configurationFile="$TKS_ROOT/infra/kafka/log4j2.xml" \
      -cp "$libs/*" kafka.Kafka "$dir/server.properties" \
    </dev/null >>"$dir/logs/stdout.log" 2>&1 9>&- &
done
for n in "${to_start[@]}"; do
  for _ in $(seq 50); do [[ -s "$(cluster_pid_file "$n")" ]] && break; sleep 0.1; done
done

exec "$here/wait.sh" "${nodes[@]}"
