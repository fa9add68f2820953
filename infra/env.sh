# Defaults for the local deployment; sourced by every project script. Anything already set in the
# environment wins, so production and CI override by exporting before the script runs.
# Secrets are never set here: PINs live in files under the token directory (see infra/softhsm).
TKS_ROOT="${TKS_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
export TKS_ROOT
export TKS_LOCAL="${TKS_LOCAL:-$TKS_ROOT/.local}"

# Kafka: one KRaft node on loopback.
export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:19092}"
export KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-19093}"
export KAFKA_HOME_DIR="${KAFKA_HOME_DIR:-$TKS_LOCAL/kafka}"
# Its jars. A second broker run from other ports and another KAFKA_HOME_DIR (the fault suite's own,
# which it kills and restarts) shares them by keeping this setting.
export KAFKA_LIBS_DIR="${KAFKA_LIBS_DIR:-$KAFKA_HOME_DIR/libs}"
# The local three-broker cluster (infra/kafka-cluster/, started only on demand): its data, and the
# base of its ports (node N: base + 100*N for its broker, + 1 for its controller).
export KAFKA_CLUSTER_HOME_DIR="${KAFKA_CLUSTER_HOME_DIR:-$TKS_LOCAL/kafka-cluster}"
export KAFKA_CLUSTER_PORT_BASE="${KAFKA_CLUSTER_PORT_BASE:-19092}"

# The deployment profile. `development` (this file: the local deployment and the tests) lets a
# token on a vendor default PIN be used, with a warning; unset, the services assume `production`
# and refuse such a token before logging in (README "Token safety").
export TKS_PROFILE="${TKS_PROFILE:-development}"

# PKCS#11 token (SoftHSM2 in development and CI).
export SOFTHSM2_CONF="${SOFTHSM2_CONF:-$TKS_LOCAL/softhsm/softhsm2.conf}"
export PKCS11_LIBRARY="${PKCS11_LIBRARY:-/usr/lib/softhsm/libsofthsm2.so}"
export PKCS11_TOKEN_LABEL="${PKCS11_TOKEN_LABEL:-tks}"
export PKCS11_PIN_FILE="${PKCS11_PIN_FILE:-$TKS_LOCAL/softhsm/user.pin}"
export TKS_PKI_DIR="${TKS_PKI_DIR:-$TKS_LOCAL/pki}"

# Signing keys: each setting names its backend and key, `file:<dir>` (a GOST key file with its
# certificate and password file, made by infra/pki/init-gost-keys.sh) or `pkcs11:<label>` (a key on
# the token above). GOST R 34.10-2012 key files by default; the token's ECDSA keys stay selectable.
export TKS_KEYS_DIR="${TKS_KEYS_DIR:-$TKS_LOCAL/keys}"
export OPERATOR_SIGNING_KEY="${OPERATOR_SIGNING_KEY:-file:$TKS_KEYS_DIR/operator}"
export TAX_OFFICE_SIGNING_KEY="${TAX_OFFICE_SIGNING_KEY:-file:$TKS_KEYS_DIR/tax-office}"
# The tax office's GOST certificate, which the signer encrypts every container for, and the key it
# decrypts them with (the same key pair: its certificate allows key agreement, init-gost-keys.sh).
export TAX_OFFICE_CERTIFICATE_FILE="${TAX_OFFICE_CERTIFICATE_FILE:-$TKS_KEYS_DIR/tax-office/certificate.pem}"
export TAX_OFFICE_DECRYPTION_KEY="${TAX_OFFICE_DECRYPTION_KEY:-file:$TKS_KEYS_DIR/tax-office}"
# The simulated tax office's own trust list (CA certificates and their CRLs) and its own store.
export TAX_OFFICE_TRUST_DIRS="${TAX_OFFICE_TRUST_DIRS:-$TKS_PKI_DIR,$TKS_PKI_DIR/gost}"
export TAX_OFFICE_STORE_DIR="${TAX_OFFICE_STORE_DIR:-$TKS_LOCAL/tax-office-documents}"

# Shared document store: large payloads travel by reference (content hash), never inside events.
export DOCUMENT_STORE_DIR="${DOCUMENT_STORE_DIR:-$TKS_LOCAL/documents}"
# DOCUMENT_STORE_URL (unset here) wins over it: file:///dir or s3://bucket/prefix?endpoint=… .

# Local S3-compatible object store (S3Proxy over a directory, infra/s3proxy/): what the tests of the
# S3 backend and `npm run test:e2e:s3` use. Its credential is made by start.sh into a file (an AWS
# shared-credentials file), never set here.
export S3PROXY_HOST="${S3PROXY_HOST:-127.0.0.1}"
export S3PROXY_PORT="${S3PROXY_PORT:-19580}"
export S3PROXY_HOME_DIR="${S3PROXY_HOME_DIR:-$TKS_LOCAL/s3proxy}"
export S3PROXY_BUCKET="${S3PROXY_BUCKET:-tks}"
export S3PROXY_CREDENTIALS_FILE="${S3PROXY_CREDENTIALS_FILE:-$S3PROXY_HOME_DIR/credentials}"

export GATEWAY_PORT="${GATEWAY_PORT:-3000}"
