#!/usr/bin/env bash
# `npm test`: the same set-up as `npm start`, then static checks and every test suite:
# unit, integration (real PostgreSQL, Kafka, SoftHSM, OpenSSL), end to end, and end to end on a
# three-broker cluster started for it (scripts/test-cluster.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh

echo "[test] typecheck, lint, format, OpenAPI lint"
npx tsc -p tsconfig.json --noEmit
npx eslint .
npx prettier --check .
bash scripts/openapi-lint.sh
echo "[test] unit"
npx jest --ci --selectProjects unit
echo "[test] integration"
npx jest --ci --selectProjects integration --runInBand
echo "[test] end to end"
npx jest --ci --selectProjects e2e --runInBand
echo "[test] a broker of three killed under load (three-broker cluster)"
bash scripts/test-cluster.sh
