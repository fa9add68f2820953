#!/usr/bin/env bash
# Prints the cluster's bootstrap servers, for KAFKA_BROKERS: 127.0.0.1:19192,127.0.0.1:19292,…
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../env.sh"
source "$TKS_ROOT/infra/kafka-cluster/lib.sh"
cluster_bootstrap
