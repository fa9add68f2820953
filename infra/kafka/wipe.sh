#!/usr/bin/env bash
# Stops the local Kafka broker and deletes its data: topics, offsets, the KRaft metadata log, the
# cluster id and the rendered configuration. Keeps the jars (libs/) and the logs. The next
# start.sh formats a fresh cluster.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../env.sh"

"$TKS_ROOT/infra/kafka/stop.sh"
rm -rf "$KAFKA_HOME_DIR/data" "$KAFKA_HOME_DIR/config" "$KAFKA_HOME_DIR/cluster.id"
