#!/usr/bin/env bash
# Stops the local S3Proxy: SIGTERM, then SIGKILL after 15 seconds. No-op when it is not running.
# Its data (the buckets under $S3PROXY_HOME_DIR/data) stays.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../env.sh"
source "$TKS_ROOT/infra/s3proxy/lib.sh"

if ! pid="$(s3proxy_pid)"; then
  rm -f "$S3PROXY_PID_FILE"
  exit 0
fi
kill -TERM "$pid" 2>/dev/null || true
deadline=$((SECONDS + 15))
while kill -0 "$pid" 2>/dev/null; do
  if (( SECONDS >= deadline )); then
    kill -KILL "$pid" 2>/dev/null || true
    break
  fi
  sleep 0.2
done
rm -f "$S3PROXY_PID_FILE"
