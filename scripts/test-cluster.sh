#!/usr/bin/env bash
# `npm run test:cluster` (issue 12; `npm test` runs it after the e2e tests): the tests that need the
# local three-broker cluster (jest project `cluster`, test/e2e/*.cluster-spec.ts: a broker killed
# under load). Starts a fresh cluster of its own, data under $TKS_LOCAL/kafka-cluster-test and ports
# 19692, 19792, 19892 (controllers one above), apart from the shared broker on 19092 and from a
# development cluster of infra/kafka-cluster/start.sh; exports its bootstrap list as
# KAFKA_CLUSTER_BROKERS, runs the tests, and stops the cluster and deletes its data whether they
# passed or not. A cluster that does not start fails the run. Arguments go to jest.
# Env: TKS_TEST_CLUSTER_HOME_DIR, TKS_TEST_CLUSTER_PORT_BASE (default 19592: node N on base+100*N),
# KAFKA_CLUSTER_HEAP_OPTS (per node, default -Xmx384m -Xms64m), TKS_BROKER_LOSS_PACE_MS (1500).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh

export KAFKA_CLUSTER_HOME_DIR="${TKS_TEST_CLUSTER_HOME_DIR:-$TKS_LOCAL/kafka-cluster-test}"
export KAFKA_CLUSTER_PORT_BASE="${TKS_TEST_CLUSTER_PORT_BASE:-19592}"
# Stopped and deleted at the end, and before: a run killed midway leaves a cluster behind. Killed,
# not shut down: its data is deleted anyway, so a controlled shutdown would only cost time.
trap 'bash infra/kafka-cluster/stop.sh --kill; bash infra/kafka-cluster/wipe.sh' EXIT
bash infra/kafka-cluster/stop.sh --kill
bash infra/kafka-cluster/wipe.sh
echo "[test] starting the three-broker cluster ($KAFKA_CLUSTER_HOME_DIR)"
started=$SECONDS
bash infra/kafka-cluster/start.sh
KAFKA_CLUSTER_BROKERS="$(bash infra/kafka-cluster/bootstrap.sh)"
export KAFKA_CLUSTER_BROKERS
echo "[test] cluster at $KAFKA_CLUSTER_BROKERS, up in $((SECONDS - started)) s"
npx jest --ci --selectProjects cluster --runInBand "$@"
