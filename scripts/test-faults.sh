#!/usr/bin/env bash
# `npm run test:faults` (issue 17): the fault suite (test/e2e/faults.e2e-spec.ts) three times in a
# row, every scenario under a steady load of filings: each service killed with SIGKILL in turn, the
# broker and PostgreSQL restarted, the document store's disk filled, poison and duplicate messages,
# a declaration that exhausts a consumer's memory. Writes the results as a table in
# docs/reliability.md (between the faults markers) and fails when any run loses or duplicates a
# filing. The broker, database and disk it breaks are its own (a Kafka on free ports, an embedded
# PostgreSQL, a tmpfs: mounting needs root), never the shared ones.
# TKS_FAULTS_FILINGS (default 10) filings per scenario, TKS_FAULTS_RUNS (3), TKS_FAULTS_SCENARIOS
# (default all), TKS_FAULTS_OOM_SERVICE / TKS_FAULTS_OOM_HEAP_MB (the consumer run out of memory in
# the memory scenario, and its heap).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh

all="kill:signer,kill:receipts,kill:registry,kill:gateway,broker-restart,postgres-restart,disk-full,poison,oom"
results="$(mktemp)"
runs="${TKS_FAULTS_RUNS:-3}"
status=0
for run in $(seq 1 "$runs"); do
  echo "[faults] run $run of $runs"
  TKS_FAULTS_RUN="$run" TKS_FAULTS_RESULTS="$results" \
    TKS_FAULTS_FILINGS="${TKS_FAULTS_FILINGS:-10}" \
    TKS_FAULTS_SCENARIOS="${TKS_FAULTS_SCENARIOS:-$all}" \
    npx jest --selectProjects e2e --runInBand test/e2e/faults.e2e-spec.ts || status=1
done
node scripts/faults-table.js "$results" docs/reliability.md
npx prettier --write docs/reliability.md >/dev/null
rm -f "$results"
exit "$status"
