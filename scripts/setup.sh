#!/usr/bin/env bash
# Installs and starts whatever is missing, so `npm start` and `npm test` work on a fresh clone:
# npm packages, Debian packages, the SoftHSM token, the Kafka broker, the S3-compatible object store
# (S3Proxy), the database, the build.
# Source it to keep the exported settings: `source scripts/setup.sh`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source infra/env.sh
mkdir -p "$TKS_LOCAL/logs"

step() { printf '[setup] %s\n' "$*"; }

# npm packages: reinstall when the lock file changed since the last install.
# Serialised with flock: two set-ups at once must not run two `npm ci` in one tree.
lock_hash=$(sha256sum package-lock.json | cut -c1-64)
(
  flock 9
  if [ ! -f node_modules/.tks-lock-hash ] || [ "$(cat node_modules/.tks-lock-hash)" != "$lock_hash" ]; then
    step "npm ci"
    npm ci --no-audit --no-fund
    echo "$lock_hash" > node_modules/.tks-lock-hash
  fi
) 9> "$TKS_LOCAL/npm-ci.lock"

step "infrastructure (Debian packages, token, Kafka, S3Proxy)"
bash infra/up.sh

if [ -z "${DATABASE_URL:-}" ]; then
  pg_port="${EMBEDDED_PG_PORT:-54329}"
  pw_file="$TKS_LOCAL/postgres/password"
  pg_pid_file="$TKS_LOCAL/postgres/data/postmaster.pid"
  if (exec 3<>"/dev/tcp/127.0.0.1/$pg_port") 2>/dev/null; then
    # Open: fine if it is this checkout's database (its postmaster.pid names that port and a live
    # process), else say so now rather than fail later on a password or a missing database.
    if ! { [ -f "$pg_pid_file" ] && [ "$(sed -n 4p "$pg_pid_file")" = "$pg_port" ] \
           && kill -0 "$(head -1 "$pg_pid_file")" 2>/dev/null; }; then
      echo "[setup] port $pg_port (EMBEDDED_PG_PORT) is taken by another process, not this checkout's" \
        "database ($TKS_LOCAL/postgres): stop it, or set EMBEDDED_PG_PORT to a free port, or DATABASE_URL" >&2
      exit 1
    fi
  else
    step "embedded PostgreSQL on 127.0.0.1:$pg_port"
    mkdir -p "$TKS_LOCAL/postgres"
    # As root, PostgreSQL runs as the `postgres` user, which must be able to reach its data dir.
    chmod 711 "$TKS_LOCAL" "$TKS_LOCAL/postgres"
    [ -f "$pw_file" ] || (umask 077 && openssl rand -hex 16 > "$pw_file")
    nohup node scripts/embedded-postgres.mjs "$TKS_LOCAL/postgres/data" "$pg_port" "$pw_file" \
      > "$TKS_LOCAL/logs/postgres.log" 2>&1 &
    for _ in $(seq 1 120); do
      grep -q 'embedded postgres ready' "$TKS_LOCAL/logs/postgres.log" 2>/dev/null && break
      sleep 0.5
    done
    grep -q 'embedded postgres ready' "$TKS_LOCAL/logs/postgres.log" || { tail -20 "$TKS_LOCAL/logs/postgres.log"; exit 1; }
  fi
  export DATABASE_URL="postgres://postgres:$(cat "$pw_file")@127.0.0.1:$pg_port/tks"
fi

node scripts/ensure-database.js

# Build when any source is newer than the last build.
(
  flock 9
  if [ ! -f dist/.built ] || [ -n "$(find libs services cli -name '*.ts' -newer dist/.built -print -quit)" ]; then
    step "build"
    npx tsc -p tsconfig.build.json
    touch dist/.built
  fi
) 9> "$TKS_LOCAL/build.lock"
step "ready"
