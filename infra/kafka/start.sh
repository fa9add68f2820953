#!/usr/bin/env bash
# Starts the local Apache Kafka broker (KRaft, one combined broker+controller node on loopback) in
# the background and waits until it answers API requests. Idempotent: a running broker is left as
# it is. Fetches the jars (fetch.sh) and formats the storage on first use.
# Env: KAFKA_HEAP_OPTS (default -Xmx512m -Xms128m), KAFKA_WAIT_TIMEOUT (seconds, default 90).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../env.sh"
source "$TKS_ROOT/infra/kafka/lib.sh"
here="$TKS_ROOT/infra/kafka"

# One start at a time (up.sh may run from several terminals or test scripts at once).
mkdir -p "$KAFKA_HOME_DIR"
exec 9>"$KAFKA_HOME_DIR/.start.lock"
flock -w 180 9 || { echo "start.sh: another start.sh holds $KAFKA_HOME_DIR/.start.lock" >&2; exit 1; }

if pid="$(kafka_pid)"; then
  # Ours is running (maybe still starting): only wait for it.
  exec "$here/wait.sh"
fi
rm -f "$KAFKA_PID_FILE"
for p in "$KAFKA_BROKER_PORT" "$KAFKA_CONTROLLER_PORT"; do
  if port_open 127.0.0.1 "$p"; then
    echo "start.sh: port $p is taken by another process (not the broker of $KAFKA_HOME_DIR)" >&2
    exit 1
  fi
done

command -v java >/dev/null || { echo "start.sh: java not found (run infra/apt.sh)" >&2; exit 1; }
java_major="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
if (( ${java_major%%.*} < 17 )); then
  echo "start.sh: Kafka 4 needs Java 17 or newer, found $java_major" >&2
  exit 1
fi

"$here/fetch.sh"

mkdir -p "$KAFKA_HOME_DIR/config" "$KAFKA_HOME_DIR/data" "$KAFKA_LOG_DIR"
# Render the configuration (always, so edits of the template take effect on the next start).
sed -e "s|@BROKER_LISTENER@|$KAFKA_BROKER_HOST:$KAFKA_BROKER_PORT|g" \
    -e "s|@CONTROLLER_PORT@|$KAFKA_CONTROLLER_PORT|g" \
    -e "s|@DATA_DIR@|$KAFKA_HOME_DIR/data|g" \
    "$here/server.properties" >"$KAFKA_CONFIG.tmp"
mv "$KAFKA_CONFIG.tmp" "$KAFKA_CONFIG"

# Format the storage once, with a cluster id kept beside it.
if [[ ! -f "$KAFKA_HOME_DIR/data/meta.properties" ]]; then
  if [[ ! -s "$KAFKA_HOME_DIR/cluster.id" ]]; then
    kafka_tool kafka.tools.StorageTool random-uuid >"$KAFKA_HOME_DIR/cluster.id.tmp"
    mv "$KAFKA_HOME_DIR/cluster.id.tmp" "$KAFKA_HOME_DIR/cluster.id"
  fi
  if ! out="$(kafka_tool kafka.tools.StorageTool format --standalone --ignore-formatted \
               --cluster-id "$(cat "$KAFKA_HOME_DIR/cluster.id")" --config "$KAFKA_CONFIG" 2>&1)"; then
    echo "$out" >&2
    echo "start.sh: formatting the Kafka storage failed" >&2
    exit 1
  fi
fi

heap_opts="${KAFKA_HEAP_OPTS:--Xmx512m -Xms128m}"
# shellcheck disable=SC2086,SC2016 # heap_opts is a list of JVM flags; $$/$0 expand in the child
setsid nohup bash -c 'echo $$ >"$0"; exec "$@"' "$KAFKA_PID_FILE" \
  java $heap_opts -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent \
    -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
    -Dkafka.logs.dir="$KAFKA_LOG_DIR" \
    -Dlog4j2.configurationFile="$here/log4j2.xml" \
    -cp "$KAFKA_LIBS_DIR/*" kafka.Kafka "$KAFKA_CONFIG" \
  </dev/null >>"$KAFKA_LOG_DIR/stdout.log" 2>&1 9>&- &
# The pid file is written by the child; give it a moment before wait.sh looks for it.
for _ in $(seq 50); do [[ -s "$KAFKA_PID_FILE" ]] && break; sleep 0.1; done

exec "$here/wait.sh"
