#!/usr/bin/env bash
# Stops the local three-broker cluster and deletes its data and cluster id (not the shared jars).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../env.sh"
"$TKS_ROOT/infra/kafka-cluster/stop.sh"
rm -rf "${KAFKA_CLUSTER_HOME_DIR:?}"/node-* "$KAFKA_CLUSTER_HOME_DIR/cluster.id"
