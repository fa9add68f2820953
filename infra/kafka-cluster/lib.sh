# Helpers shared by the infra/kafka-cluster scripts; sourced after infra/env.sh. Not executable.
# shellcheck shell=bash disable=SC2034 # variables used by the scripts that source this file

KAFKA_CLUSTER_NODES=(1 2 3)
# Node N listens on $KAFKA_CLUSTER_PORT_BASE + 100*N (broker) and that + 1 (controller):
# 19192/19193, 19292/19293, 19392/19393 by default, apart from the single broker's 19092/19093.
cluster_broker_port() { echo $((KAFKA_CLUSTER_PORT_BASE + 100 * $1)); }
cluster_controller_port() { echo $((KAFKA_CLUSTER_PORT_BASE + 100 * $1 + 1)); }
cluster_node_dir() { echo "$KAFKA_CLUSTER_HOME_DIR/node-$1"; }
cluster_pid_file() { echo "$(cluster_node_dir "$1")/kafka.pid"; }
cluster_bootstrap() {
  local n out=()
  for n in "${KAFKA_CLUSTER_NODES[@]}"; do out+=("127.0.0.1:$(cluster_broker_port "$n")"); done
  (IFS=,; echo "${out[*]}")
}
cluster_voters() {
  local n out=()
  for n in "${KAFKA_CLUSTER_NODES[@]}"; do out+=("$n@127.0.0.1:$(cluster_controller_port "$n")"); done
  (IFS=,; echo "${out[*]}")
}

# Prints the pid of node N when it is alive (pid file present, process is kafka.Kafka).
cluster_node_pid() {
  local pid file
  file="$(cluster_pid_file "$1")"
  [[ -f "$file" ]] || return 1
  pid="$(cat "$file" 2>/dev/null)" || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'kafka\.Kafka' || return 1
  echo "$pid"
}

port_open() {
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}
