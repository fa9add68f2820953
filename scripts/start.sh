#!/usr/bin/env bash
# `npm start`: sets up what is missing, then runs the four services until Ctrl-C or SIGTERM,
# which each service answers by finishing in-flight work and leaving its consumer group.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh

services=(registry gateway signer receipts)
pids=()
stop() {
  trap - INT TERM
  echo "[start] stopping services"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait || true
  exit 0
}
trap stop INT TERM

for service in "${services[@]}"; do
  node -r ./scripts/register-paths.js "dist/services/$service/src/main.js" \
    > >(tee -a "$TKS_LOCAL/logs/$service.log") 2>&1 &
  pids+=("$!")
done
echo "[start] gateway on http://127.0.0.1:${GATEWAY_PORT}/api/v1 (logs in $TKS_LOCAL/logs)"
wait -n "${pids[@]}" || true
echo "[start] a service exited; stopping the others"
stop
