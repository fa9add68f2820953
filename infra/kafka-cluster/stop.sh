#!/usr/bin/env bash
# Stops nodes of the local three-broker cluster (default all; `stop.sh 2` only node 2):
# SIGTERM (controlled shutdown), SIGKILL after KAFKA_STOP_TIMEOUT seconds (default 30);
# `stop.sh --kill N` kills node N at once, as a machine that fails would. Data stays.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../env.sh"
source "$TKS_ROOT/infra/kafka-cluster/lib.sh"

signal=TERM
[[ "${1:-}" == "--kill" ]] && { signal=KILL; shift; }
nodes=("${KAFKA_CLUSTER_NODES[@]}")
[[ $# -ge 1 ]] && nodes=("$@")
for n in "${nodes[@]}"; do
  if ! pid="$(cluster_node_pid "$n")"; then
    rm -f "$(cluster_pid_file "$n")"
    continue
  fi
  kill "-$signal" "$pid" 2>/dev/null || true
  deadline=$((SECONDS + ${KAFKA_STOP_TIMEOUT:-30}))
  while kill -0 "$pid" 2>/dev/null; do
    if (( SECONDS >= deadline )); then kill -KILL "$pid" 2>/dev/null || true; break; fi
    sleep 0.2
  done
  rm -f "$(cluster_pid_file "$n")"
done
