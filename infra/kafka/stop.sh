#!/usr/bin/env bash
# Stops the local Kafka broker: SIGTERM (controlled shutdown), then SIGKILL after
# KAFKA_STOP_TIMEOUT seconds (default 30). No-op when it is not running.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../env.sh"
source "$TKS_ROOT/infra/kafka/lib.sh"

if ! pid="$(kafka_pid)"; then
  rm -f "$KAFKA_PID_FILE"
  exit 0
fi
kill -TERM "$pid" 2>/dev/null || true
deadline=$((SECONDS + ${KAFKA_STOP_TIMEOUT:-30}))
while kill -0 "$pid" 2>/dev/null; do
  if (( SECONDS >= deadline )); then
    echo "stop.sh: Kafka (pid $pid) ignored SIGTERM for ${KAFKA_STOP_TIMEOUT:-30}s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
    break
  fi
  sleep 0.2
done
rm -f "$KAFKA_PID_FILE"
