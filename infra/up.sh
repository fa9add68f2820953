#!/usr/bin/env bash
# Brings up everything the services need on this machine, without Docker:
#   1. Debian packages (apt.sh)  2. SoftHSM2 token + test PKI (softhsm/init-token.sh)
#   3. GOST key files + GOST test CA (pki/init-gost-keys.sh)  4. Apache Kafka, KRaft, one node on loopback (kafka/start.sh, which waits until it answers).
#   5. S3Proxy, an S3-compatible object store over a local directory (s3proxy/start.sh).
# Idempotent: a second run checks and returns in a few seconds. PostgreSQL is not handled here.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

step() {
  local name="$1" t0 t1; shift
  t0="$(date +%s%N)"
  if ! "$@"; then
    echo "infra: $name FAILED" >&2
    exit 1
  fi
  t1="$(date +%s%N)"
  LC_ALL=C printf 'infra: %-7s ok  %5.1fs  %s\n' "$name" "$(( (t1 - t0) / 1000000 ))e-3" "$detail"
}

detail="softhsm2 opensc libengine-gost-openssl openssl present"
step apt "$TKS_ROOT/infra/apt.sh"
detail="token '$PKCS11_TOKEN_LABEL' (operator, tax-office) via $SOFTHSM2_CONF; PKI in $TKS_PKI_DIR"
step token "$TKS_ROOT/infra/softhsm/init-token.sh"
detail="operator, tax-office GOST R 34.10-2012 keys in $TKS_KEYS_DIR; GOST test CA in $TKS_PKI_DIR/gost"
step keys "$TKS_ROOT/infra/pki/init-gost-keys.sh"
detail="Kafka 4.1.1 at $KAFKA_BROKERS (controller :$KAFKA_CONTROLLER_PORT), logs in $KAFKA_HOME_DIR/logs"
step kafka "$TKS_ROOT/infra/kafka/start.sh"
detail="S3Proxy 2.6.0 at http://$S3PROXY_HOST:$S3PROXY_PORT (bucket $S3PROXY_BUCKET), logs in $S3PROXY_HOME_DIR/logs"
step s3proxy "$TKS_ROOT/infra/s3proxy/start.sh"
