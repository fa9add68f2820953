#!/usr/bin/env bash
# Makes the GOST R 34.10-2012 (256 bit, CryptoPro A parameters, Streebog) keys of the local deployment
# and the GOST TEST certification authority that certifies them, with the OpenSSL GOST engine:
#   $TKS_PKI_DIR/gost/test-ca.key, test-ca.pem   the GOST TEST CA (CN=TKS Test CA GOST,O=TKS,C=RU),
#                                                beside the ECDSA test CA of infra/softhsm/init-token.sh
#   $TKS_PKI_DIR/gost/test-cas.pem               both test CAs: what verifiers of the local deployment trust
#   $TKS_PKI_DIR/gost/test-ca.crl.pem            the GOST test CA's CRL (empty until something is revoked;
#                                                revoke: openssl ca -engine gost -config $TKS_PKI_DIR/gost/ca/openssl-ca.cnf
#                                                -revoke CERT.pem, then -gencrl), so relying parties check revocation
#   $TKS_KEYS_DIR/<name>/key.pem                 the private key, encrypted PKCS#8 (PBES2: PBKDF2 with
#                                                HMAC-SHA256, AES-256-CBC), mode 600
#   $TKS_KEYS_DIR/<name>/password                its random password (mode 600, no newline)
#   $TKS_KEYS_DIR/<name>/certificate.pem         its certificate from the GOST test CA
# for <name> operator (CN=TKS Operator,O=TKS,C=RU) and tax-office (CN=Tax Office 0087,O=FNS,C=RU).
# The tax office's certificate also allows keyEncipherment and keyAgreement: containers are encrypted
# for it (GOST key agreement, TAX_OFFICE_CERTIFICATE_FILE) and it decrypts them with the same key, as
# the tax service's own certificate serves both (docs/decisions/0008-tax-office-channel.md).
# A signing-key setting names such a directory: OPERATOR_SIGNING_KEY=file:$TKS_KEYS_DIR/operator.
# Idempotent: only what is missing or no longer valid (a key its password does not open, a certificate
# that does not match its key, does not verify against the CA, or expires within 30 days) is made again.
# Usage: infra/pki/init-gost-keys.sh [--force]   (--force makes the CA and every key anew)
# Passwords are never printed; openssl reads them from their files.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../env.sh"

force=0
case "${1:-}" in
  "") ;;
  --force) force=1 ;;
  *) echo "usage: $0 [--force]" >&2; exit 2 ;;
esac

ca_dir="$TKS_PKI_DIR/gost"
ca_key="$ca_dir/test-ca.key"
ca_pem="$ca_dir/test-ca.pem"
umask 077
mkdir -p "$ca_dir" "$TKS_KEYS_DIR"
chmod 755 "$ca_dir"
chmod 700 "$TKS_KEYS_DIR"
exec 8>"$TKS_KEYS_DIR/.init-gost-keys.lock"
flock -w 120 8 || { echo "init-gost-keys.sh: another run holds $TKS_KEYS_DIR/.init-gost-keys.lock" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
run() {
  local what="$1"; shift
  if ! "$@" >"$work/out" 2>&1; then
    sed 's/^/  /' "$work/out" >&2
    echo "init-gost-keys.sh: $what failed" >&2
    exit 1
  fi
}
# The engine is named on each command rather than in an OPENSSL_CONF, so that nothing else changes.
gost() { openssl "$1" -engine gost "${@:2}"; }
gost_check() { openssl "$1" -engine gost "${@:2}" >/dev/null 2>&1; }
openssl engine gost >/dev/null 2>&1 \
  || { echo "init-gost-keys.sh: the OpenSSL GOST engine is missing (run infra/apt.sh)" >&2; exit 1; }

cat >"$work/ext.cnf" <<'CNF'
[ ca_ext ]
basicConstraints       = critical, CA:true
keyUsage               = critical, keyCertSign, cRLSign
subjectKeyIdentifier   = hash

[ signer_ext ]
basicConstraints       = critical, CA:false
keyUsage               = critical, digitalSignature, nonRepudiation
extendedKeyUsage       = emailProtection
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always

[ signer_encipher_ext ]
basicConstraints       = critical, CA:false
keyUsage               = critical, digitalSignature, nonRepudiation, keyEncipherment, keyAgreement
extendedKeyUsage       = emailProtection
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
CNF

if (( force )); then rm -f "$ca_key" "$ca_pem"; fi
new_ca=0
if [[ ! -s "$ca_key" || ! -s "$ca_pem" ]] || ! gost_check x509 -in "$ca_pem" -noout -checkend $((30 * 86400)); then
  run "generating the GOST test CA key" gost genpkey -algorithm gost2012_256 -pkeyopt paramset:A -out "$work/ca.key"
  run "self-signing the GOST test CA" gost req -x509 -new -key "$work/ca.key" -md_gost12_256 -days 3650 \
    -subj "/C=RU/O=TKS/CN=TKS Test CA GOST" -config "$work/ext.cnf" -extensions ca_ext \
    -set_serial "0x1$(openssl rand -hex 15)" -out "$work/ca.pem"
  install -m 600 "$work/ca.key" "$ca_key"
  install -m 644 "$work/ca.pem" "$ca_pem"
  new_ca=1
fi
ecdsa_ca="$TKS_PKI_DIR/test-ca.pem"
{ [[ -s "$ecdsa_ca" ]] && cat "$ecdsa_ca"; cat "$ca_pem"; } >"$work/test-cas.pem"
cmp -s "$work/test-cas.pem" "$ca_dir/test-cas.pem" || install -m 644 "$work/test-cas.pem" "$ca_dir/test-cas.pem"

# The GOST CA's openssl ca database and configuration, to make its CRL (and revoke certificates later).
ca_db="$ca_dir/ca"
ca_crl="$ca_dir/test-ca.crl.pem"
if (( new_ca )); then rm -rf "$ca_db" "$ca_crl"; fi
mkdir -p "$ca_db"
chmod 700 "$ca_db"
[[ -f "$ca_db/index.txt" ]] || : >"$ca_db/index.txt"
[[ -s "$ca_db/crlnumber" ]] || echo 01 >"$ca_db/crlnumber"
cat >"$work/openssl-ca.cnf" <<CONF
# openssl ca configuration of the TKS GOST TEST CA; written by infra/pki/init-gost-keys.sh.
[ ca ]
default_ca = tks_gost_test_ca

[ tks_gost_test_ca ]
dir              = $(cd "$ca_db" && pwd)
database         = \$dir/index.txt
crlnumber        = \$dir/crlnumber
new_certs_dir    = \$dir
certificate      = $(cd "$ca_dir" && pwd)/test-ca.pem
private_key      = $(cd "$ca_dir" && pwd)/test-ca.key
default_md       = md_gost12_256
default_crl_days = 365
unique_subject   = no
policy           = policy_any
crl_extensions   = crl_ext

[ policy_any ]
commonName             = supplied
organizationName       = optional
countryName            = optional

[ crl_ext ]
authorityKeyIdentifier = keyid:always
CONF
cmp -s "$work/openssl-ca.cnf" "$ca_db/openssl-ca.cnf" || install -m 644 "$work/openssl-ca.cnf" "$ca_db/openssl-ca.cnf"
# CRL: (re)made when missing, not from this CA, or due within 30 days.
crl_ok() {
  [[ -s "$ca_crl" ]] || return 1
  gost_check crl -in "$ca_crl" -CAfile "$ca_pem" -noout || return 1
  local next
  next="$(openssl crl -in "$ca_crl" -noout -nextupdate | sed 's/^nextUpdate=//')"
  (( $(date -d "$next" +%s) > $(date +%s) + 30 * 86400 ))
}
if ! crl_ok; then
  run "making the GOST CA's CRL" gost ca -batch -config "$ca_db/openssl-ca.cnf" -gencrl -out "$work/crl.pem"
  install -m 644 "$work/crl.pem" "$ca_crl"
fi

# key_files NAME SUBJECT [EXTENSIONS]
key_files() {
  local name="$1" subj="$2" ext="${3:-signer_ext}" dir="$TKS_KEYS_DIR/$1" reissue="$new_ca"
  mkdir -p "$dir"
  chmod 700 "$dir"
  if (( force )); then rm -f "$dir/key.pem" "$dir/password" "$dir/certificate.pem"; fi
  if [[ ! -s "$dir/password" ]]; then
    printf '%s' "$(openssl rand -hex 24)" >"$dir/password.tmp"
    chmod 600 "$dir/password.tmp"
    mv "$dir/password.tmp" "$dir/password"
    rm -f "$dir/key.pem"
  fi
  if [[ ! -s "$dir/key.pem" ]] || ! gost_check pkey -in "$dir/key.pem" -passin "file:$dir/password" -noout; then
    run "generating key $name" gost genpkey -algorithm gost2012_256 -pkeyopt paramset:A \
      -aes-256-cbc -pass "file:$dir/password" -out "$work/$name.key"
    install -m 600 "$work/$name.key" "$dir/key.pem"
    reissue=1
  fi
  run "reading public key $name" gost pkey -in "$dir/key.pem" -passin "file:$dir/password" -pubout -out "$work/$name.pub.pem"
  if (( ! reissue )); then
    if [[ ! -s "$dir/certificate.pem" ]] \
       || ! gost_check verify -CAfile "$ca_pem" -purpose smimesign "$dir/certificate.pem" \
       || ! gost_check x509 -in "$dir/certificate.pem" -noout -checkend $((30 * 86400)) \
       || [[ "$(gost x509 -in "$dir/certificate.pem" -noout -pubkey 2>/dev/null)" != "$(cat "$work/$name.pub.pem")" ]] \
       || { [[ "$ext" == signer_encipher_ext ]] \
            && ! gost x509 -in "$dir/certificate.pem" -noout -ext keyUsage 2>/dev/null | grep -q 'Key Agreement'; }; then
      reissue=1
    fi
  fi
  if (( reissue )); then
    run "issuing certificate $name" gost x509 -new -force_pubkey "$work/$name.pub.pem" -subj "$subj" \
      -CA "$ca_pem" -CAkey "$ca_key" -set_serial "0x1$(openssl rand -hex 15)" -days 365 -md_gost12_256 \
      -extfile "$work/ext.cnf" -extensions "$ext" -out "$work/$name.pem"
    install -m 644 "$work/$name.pem" "$dir/certificate.pem"
  fi
}

key_files operator "/C=RU/O=TKS/CN=TKS Operator"
key_files tax-office "/C=RU/O=FNS/CN=Tax Office 0087" signer_encipher_ext
