#!/usr/bin/env bash
# `npm start`: sets up what is missing, then runs the four services under a supervisor until
# Ctrl-C or SIGTERM, which each service answers by finishing in-flight work and leaving its
# consumer group. A service that dies is restarted with a growing delay (1 s doubling to 30 s) and
# the others go on; one that exits 78 (EX_CONFIG: a configuration error) is left stopped, with the
# reason (libs/platform/src/supervisor.ts).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh

echo "[start] gateway on http://127.0.0.1:${GATEWAY_PORT:-3000}/api/v1 (logs in $TKS_LOCAL/logs)"
exec node -r ./scripts/register-paths.js dist/libs/platform/src/supervise.js registry gateway signer receipts
