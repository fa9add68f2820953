#!/usr/bin/env bash
# Waits until the local S3Proxy answers HTTP on its port (an anonymous request is answered, with a
# refusal: enough to know it serves). Exits 1 with the tail of its log when it does not within
# S3PROXY_WAIT_TIMEOUT seconds (default 60; or the first argument), or as soon as the process
# started by start.sh has died.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../env.sh"
source "$TKS_ROOT/infra/s3proxy/lib.sh"

timeout_s="${1:-${S3PROXY_WAIT_TIMEOUT:-60}}"
deadline=$((SECONDS + timeout_s))
fail() {
  echo "wait.sh: $*" >&2
  s3proxy_log_tail 40
  exit 1
}
while :; do
  if [[ -f "$S3PROXY_PID_FILE" ]] && ! s3proxy_pid >/dev/null; then
    fail "S3Proxy (pid $(cat "$S3PROXY_PID_FILE" 2>/dev/null)) is not running"
  fi
  if port_open "$S3PROXY_HOST" "$S3PROXY_PORT"; then
    code="$(curl -s -o /dev/null -m 5 -w '%{http_code}' "http://$S3PROXY_HOST:$S3PROXY_PORT/" || true)"
    [[ "$code" =~ ^[1-5][0-9][0-9]$ ]] && exit 0
  fi
  (( SECONDS < deadline )) || fail "S3Proxy at $S3PROXY_HOST:$S3PROXY_PORT did not answer within ${timeout_s}s"
  sleep 0.2
done
