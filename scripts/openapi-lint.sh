#!/usr/bin/env bash
# Lints the gateway's OpenAPI document (/api/v1/openapi.json) with Redocly's recommended rules:
# no error and no warning. The document is written from the compiled gateway (dist/, built by
# scripts/setup.sh) in Nest's preview mode: no database, no broker. Redocly runs offline: its
# telemetry and update check are switched off and the document has no remote references.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out="$(mktemp -d)/openapi.json"
node -r ./scripts/register-paths.js dist/services/gateway/src/http/write-openapi.js "$out"
report="$(REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
  npx --no-install redocly lint --extends recommended --max-problems 1000 "$out" 2>&1)" || {
  echo "$report"
  exit 1
}
# Redocly exits 0 on warnings; the gateway's document must have none either.
if grep -qi 'warning' <<<"$(grep -v 'Node.js' <<<"$report")"; then
  echo "$report"
  exit 1
fi
echo "[openapi] $(grep -i 'valid' <<<"$report" | tail -1)"
