#!/usr/bin/env bash
# `npm run test:faults` (issue 17): the fault suite (test/e2e/faults.e2e-spec.ts) three times in a
# row, each service killed with SIGKILL in turn under a steady load of filings, and the results as
# a table in docs/reliability.md (between the faults markers). Fails when any run loses or
# duplicates a filing. TKS_FAULTS_FILINGS (default 10) filings per scenario, TKS_FAULTS_RUNS (3).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh

results="$(mktemp)"
runs="${TKS_FAULTS_RUNS:-3}"
status=0
for run in $(seq 1 "$runs"); do
  echo "[faults] run $run of $runs"
  TKS_FAULTS_RUN="$run" TKS_FAULTS_RESULTS="$results" \
    TKS_FAULTS_FILINGS="${TKS_FAULTS_FILINGS:-10}" \
    TKS_FAULTS_SERVICES="${TKS_FAULTS_SERVICES:-signer,receipts,registry,gateway}" \
    npx jest --selectProjects e2e --runInBand test/e2e/faults.e2e-spec.ts || status=1
done
node scripts/faults-table.js "$results" docs/reliability.md
rm -f "$results"
exit "$status"
