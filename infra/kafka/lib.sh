# Helpers shared by the infra/kafka scripts; sourced after infra/env.sh. Not executable.
# shellcheck shell=bash disable=SC2034 # variables used by the scripts that source this file

KAFKA_PID_FILE="$KAFKA_HOME_DIR/kafka.pid"
KAFKA_LOG_DIR="$KAFKA_HOME_DIR/logs"
KAFKA_CONFIG="$KAFKA_HOME_DIR/config/server.properties"
KAFKA_BROKER_HOST="${KAFKA_BROKERS%%,*}"          # first broker of the list: host:port
KAFKA_BROKER_PORT="${KAFKA_BROKER_HOST##*:}"
KAFKA_BROKER_HOST="${KAFKA_BROKER_HOST%:*}"

# Prints the pid of our broker when it is alive (pid file present, process is kafka.Kafka).
kafka_pid() {
  local pid
  [[ -f "$KAFKA_PID_FILE" ]] || return 1
  pid="$(cat "$KAFKA_PID_FILE" 2>/dev/null)" || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'kafka\.Kafka' || return 1
  echo "$pid"
}

# True when something accepts TCP connections on host port.
port_open() {
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

# Command line that runs a Kafka command-line tool class with the broker's class path, logging
# warnings to stderr: "${KAFKA_TOOL[@]}" org.apache.kafka.tools.TopicCommand --list ...
KAFKA_TOOL=(java -Xmx256m -XX:TieredStopAtLevel=1
  -Dlog4j2.configurationFile="$TKS_ROOT/infra/kafka/tools-log4j2.xml"
  -cp "$KAFKA_LIBS_DIR/*")
kafka_tool() {
  "${KAFKA_TOOL[@]}" "$@"
}

# Last lines of the broker's logs, for failure reports.
kafka_log_tail() {
  local f
  for f in "$KAFKA_LOG_DIR/broker.log" "$KAFKA_LOG_DIR/stdout.log"; do
    [[ -s "$f" ]] || continue
    echo "---- tail of $f" >&2
    tail -n "${1:-60}" "$f" >&2
  done
}
