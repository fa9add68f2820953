#!/usr/bin/env bash
# Waits until the local Kafka broker answers a real API request (ApiVersions through the broker
# listener, via org.apache.kafka.tools.BrokerApiVersionsCommand). Exits 1 with the tail of the
# broker log when it does not within KAFKA_WAIT_TIMEOUT seconds (default 90; or the first argument),
# or as soon as the broker process started by start.sh has died.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../env.sh"
source "$TKS_ROOT/infra/kafka/lib.sh"

timeout_s="${1:-${KAFKA_WAIT_TIMEOUT:-90}}"
deadline=$((SECONDS + timeout_s))
fail() {
  echo "wait.sh: $*" >&2
  kafka_log_tail 60
  exit 1
}
[[ -d "$KAFKA_LIBS_DIR" ]] || fail "no Kafka jars in $KAFKA_LIBS_DIR (run infra/kafka/start.sh)"

out=""
client_cfg="$(mktemp)"
trap 'rm -f "$client_cfg"' EXIT
# Fail each attempt fast instead of the admin client's default of retrying for a minute.
printf '%s\n' request.timeout.ms=5000 default.api.timeout.ms=8000 \
  socket.connection.setup.timeout.ms=2000 socket.connection.setup.timeout.max.ms=4000 >"$client_cfg"

while :; do
  # A broker started by start.sh that has exited will never answer.
  if [[ -f "$KAFKA_PID_FILE" ]] && ! kafka_pid >/dev/null; then
    fail "the Kafka broker (pid $(cat "$KAFKA_PID_FILE" 2>/dev/null)) is not running"
  fi
  # Cheap check first: the listener accepts connections only once the broker is caught up.
  if port_open "$KAFKA_BROKER_HOST" "$KAFKA_BROKER_PORT"; then
    if out="$(timeout 30 "${KAFKA_TOOL[@]}" org.apache.kafka.tools.BrokerApiVersionsCommand \
                --bootstrap-server "$KAFKA_BROKERS" --command-config "$client_cfg" 2>&1)" \
       && grep -q ' -> (' <<<"$out"; then
      exit 0
    fi
  fi
  (( SECONDS < deadline )) || fail "Kafka at $KAFKA_BROKERS did not answer within ${timeout_s}s${out:+; last answer:
$out}"
  # Poll the port often (cheap); a failed API request (a JVM start) is retried once a second.
  if [[ -n "$out" ]]; then sleep 1; else sleep 0.2; fi
done
