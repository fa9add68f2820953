#!/usr/bin/env bash
# Starts the local S3-compatible object store (S3Proxy over a directory, on loopback) in the
# background and waits until it answers. Idempotent: a running one is left as it is. Fetches the
# jars (fetch.sh) on first use, makes the local credential ($S3PROXY_CREDENTIALS_FILE, an AWS
# shared-credentials file, mode 600) and the bucket $S3PROXY_BUCKET.
# Env: S3PROXY_HEAP_OPTS (default -Xmx256m -Xms32m), S3PROXY_WAIT_TIMEOUT (seconds, default 60).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../env.sh"
source "$TKS_ROOT/infra/s3proxy/lib.sh"
here="$TKS_ROOT/infra/s3proxy"

mkdir -p "$S3PROXY_HOME_DIR"
exec 9>"$S3PROXY_HOME_DIR/.start.lock"
flock -w 120 9 || { echo "start.sh: another start.sh holds $S3PROXY_HOME_DIR/.start.lock" >&2; exit 1; }

if s3proxy_pid >/dev/null; then
  exec "$here/wait.sh"
fi
rm -f "$S3PROXY_PID_FILE"
if port_open "$S3PROXY_HOST" "$S3PROXY_PORT"; then
  echo "start.sh: port $S3PROXY_PORT is taken by another process (not the S3Proxy of $S3PROXY_HOME_DIR)" >&2
  exit 1
fi
command -v java >/dev/null || { echo "start.sh: java not found (run infra/apt.sh)" >&2; exit 1; }

"$here/fetch.sh"

# The local credential: made once, kept in files only the owner reads, never printed.
if [[ ! -s "$S3PROXY_CREDENTIALS_FILE" ]]; then
  (umask 077 && printf '[default]\naws_access_key_id = tks-local\naws_secret_access_key = %s\n' \
      "$(openssl rand -hex 24)" >"$S3PROXY_CREDENTIALS_FILE.tmp")
  mv "$S3PROXY_CREDENTIALS_FILE.tmp" "$S3PROXY_CREDENTIALS_FILE"
fi
identity="$(sed -n 's/^aws_access_key_id *= *//p' "$S3PROXY_CREDENTIALS_FILE")"
credential="$(sed -n 's/^aws_secret_access_key *= *//p' "$S3PROXY_CREDENTIALS_FILE")"

# A bucket of the filesystem provider is a directory of its base directory.
mkdir -p "$S3PROXY_DATA_DIR/$S3PROXY_BUCKET" "$S3PROXY_LOG_DIR" "$(dirname "$S3PROXY_CONFIG")"
(umask 077 && sed -e "s|@HOST@|$S3PROXY_HOST|g" -e "s|@PORT@|$S3PROXY_PORT|g" \
    -e "s|@IDENTITY@|$identity|g" -e "s|@CREDENTIAL@|$credential|g" \
    -e "s|@DATA_DIR@|$S3PROXY_DATA_DIR|g" "$here/s3proxy.properties" >"$S3PROXY_CONFIG.tmp")
mv "$S3PROXY_CONFIG.tmp" "$S3PROXY_CONFIG"

heap_opts="${S3PROXY_HEAP_OPTS:--Xmx256m -Xms32m}"
# shellcheck disable=SC2086,SC2016 # heap_opts is a list of JVM flags; $$/$0 expand in the child
setsid nohup bash -c 'echo $$ >"$0"; exec "$@"' "$S3PROXY_PID_FILE" \
  java $heap_opts -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError \
    -Djava.awt.headless=true -Dlogback.configurationFile="$here/logback.xml" \
    -cp "$S3PROXY_HOME_DIR/libs/*" org.gaul.s3proxy.Main --properties "$S3PROXY_CONFIG" \
  </dev/null >>"$S3PROXY_LOG_DIR/s3proxy.log" 2>&1 9>&- &
for _ in $(seq 50); do [[ -s "$S3PROXY_PID_FILE" ]] && break; sleep 0.1; done

exec "$here/wait.sh"
