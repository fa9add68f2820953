#!/usr/bin/env bash
# Prepares the PKCS#11 token (SoftHSM2) and the local TEST certification authority:
#   $SOFTHSM2_CONF                    SoftHSM2 configuration, tokens in <its dir>/tokens
#   $PKCS11_PIN_FILE, <its dir>/so.pin random user and security-officer PINs (mode 600, no newline)
#   token "$PKCS11_TOKEN_LABEL"       with two ECDSA P-256 key pairs generated on the token, and their
#                                     certificates:
#       id 01, label "operator"       the special operator's signing key   (CN=TKS Operator,O=TKS,C=RU)
#       id 02, label "tax-office"     the tax office's key for receipts    (CN=Tax Office 0087,O=FNS,C=RU)
#   $TKS_PKI_DIR/test-ca.key, test-ca.pem   the TEST CA (CN=TKS Test CA,O=TKS,C=RU), key in a file
#   $TKS_PKI_DIR/test-ca.crl.pem             its CRL (empty until something is revoked)
#   $TKS_PKI_DIR/test-ca-crl-bundle.pem      CA certificate + CRL (for openssl cms -crl_check)
#   $TKS_PKI_DIR/operator.pem, tax-office.pem the certificates, also stored on the token
#   $TKS_PKI_DIR/ca/                         openssl ca database + config, for revoking later:
#       openssl ca -config "$TKS_PKI_DIR/ca/openssl-ca.cnf" -revoke "$TKS_PKI_DIR/operator.pem"
#       openssl ca -config "$TKS_PKI_DIR/ca/openssl-ca.cnf" -gencrl -out "$TKS_PKI_DIR/test-ca.crl.pem"
# Idempotent: only what is missing or no longer valid (a certificate that does not match the token's
# key, does not verify against the CA, or expires within 30 days; a stale CRL) is made again.
# Usage: infra/softhsm/init-token.sh [--force]   (--force deletes the token, PINs and PKI first)
# PINs are never printed; they are passed to softhsm2-util/pkcs11-tool on their command lines.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../env.sh"

force=0
case "${1:-}" in
  "") ;;
  --force) force=1 ;;
  *) echo "usage: $0 [--force]" >&2; exit 2 ;;
esac

for tool in softhsm2-util pkcs11-tool openssl; do
  command -v "$tool" >/dev/null || { echo "init-token.sh: $tool not found (run infra/apt.sh)" >&2; exit 1; }
done
[[ -r "$PKCS11_LIBRARY" ]] || { echo "init-token.sh: no PKCS#11 library at $PKCS11_LIBRARY" >&2; exit 1; }

conf_dir="$(dirname "$SOFTHSM2_CONF")"
token_dir="$conf_dir/tokens"
pin_dir="$(dirname "$PKCS11_PIN_FILE")"
so_pin_file="$pin_dir/so.pin"
pki="$TKS_PKI_DIR"
ca_key="$pki/test-ca.key"
ca_pem="$pki/test-ca.pem"
ca_crl="$pki/test-ca.crl.pem"
ca_db="$pki/ca"
label="$PKCS11_TOKEN_LABEL"

umask 077
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Runs a command quietly; on failure shows its output (never containing PINs: they are arguments,
# and neither tool echoes its arguments) and stops.
run() {
  local what="$1"; shift
  if ! "$@" >"$work/out" 2>&1; then
    sed 's/^/  /' "$work/out" >&2
    echo "init-token.sh: $what failed" >&2
    exit 1
  fi
}
p11() { pkcs11-tool --module "$PKCS11_LIBRARY" --token-label "$label" "$@"; }
p11_login() { p11 --login --pin "$(cat "$PKCS11_PIN_FILE")" "$@"; }
# has_object privkey|pubkey|cert LABEL [--login]: the token holds such an object with that label.
# (pkcs11-tool 0.23 ignores --label/--id when listing, so the listing is filtered here.)
has_object() {
  local out
  if [[ "${3:-}" == --login ]]; then
    out="$(p11_login --list-objects --type "$1" 2>/dev/null)" || return 1
  else
    out="$(p11 --list-objects --type "$1" 2>/dev/null)" || return 1
  fi
  awk -v want="$2" '/^[^ ]/ { obj = 1 } obj && $1 == "label:" { sub(/^ *label: */, ""); if ($0 == want) found = 1 }
                    END { exit !found }' <<<"$out"
}
token_exists() {
  pkcs11-tool --module "$PKCS11_LIBRARY" --list-token-slots 2>/dev/null \
    | grep -qE "^ *token label *: ${label}\$"
}

# ---------------------------------------------------------------- SoftHSM2 configuration
mkdir -p "$conf_dir" "$token_dir" "$pin_dir" "$pki"
# One run at a time: two concurrent runs would both create the token or the keys.
exec 9>"$conf_dir/.init-token.lock"
flock -w 120 9 || { echo "init-token.sh: another run holds $conf_dir/.init-token.lock" >&2; exit 1; }
chmod 700 "$token_dir" "$pin_dir"
chmod 755 "$pki"
cat >"$work/softhsm2.conf" <<EOF
# SoftHSM2 configuration of the TKS development/CI token; written by infra/softhsm/init-token.sh.
directories.tokendir = $(cd "$token_dir" && pwd)
objectstore.backend = file
log.level = ERROR
slots.removable = false
EOF
if ! cmp -s "$work/softhsm2.conf" "$SOFTHSM2_CONF"; then
  install -m 644 "$work/softhsm2.conf" "$SOFTHSM2_CONF"
fi
export SOFTHSM2_CONF

# ---------------------------------------------------------------- --force: start from nothing
if (( force )); then
  if token_exists; then
    run "deleting token $label" softhsm2-util --delete-token --token "$label"
  fi
  rm -f "$PKCS11_PIN_FILE" "$so_pin_file"
  rm -rf "$pki"
  mkdir -p "$pki"
  chmod 755 "$pki"
fi

# ---------------------------------------------------------------- PINs and token
if [[ ! -s "$PKCS11_PIN_FILE" ]]; then
  if token_exists; then
    # Nobody can log in to it any more: it is useless, make a new one.
    echo "init-token.sh: token '$label' exists but $PKCS11_PIN_FILE is missing; recreating the token" >&2
    run "deleting token $label" softhsm2-util --delete-token --token "$label"
  fi
  printf '%s' "$(openssl rand -hex 16)" >"$PKCS11_PIN_FILE.tmp"
  printf '%s' "$(openssl rand -hex 16)" >"$so_pin_file.tmp"
  chmod 600 "$PKCS11_PIN_FILE.tmp" "$so_pin_file.tmp"
  mv "$so_pin_file.tmp" "$so_pin_file"
  mv "$PKCS11_PIN_FILE.tmp" "$PKCS11_PIN_FILE"
fi
chmod 600 "$PKCS11_PIN_FILE"
[[ -f "$so_pin_file" ]] && chmod 600 "$so_pin_file"

if ! token_exists; then
  [[ -s "$so_pin_file" ]] || { printf '%s' "$(openssl rand -hex 16)" >"$so_pin_file"; chmod 600 "$so_pin_file"; }
  run "initialising token $label" softhsm2-util --init-token --free --label "$label" \
    --pin "$(cat "$PKCS11_PIN_FILE")" --so-pin "$(cat "$so_pin_file")"
fi
if ! p11_login --list-objects >"$work/objects" 2>&1; then
  echo "init-token.sh: cannot log in to token '$label' with the PIN in $PKCS11_PIN_FILE;" \
       "run $0 --force to recreate the token" >&2
  exit 1
fi

# ---------------------------------------------------------------- test CA
cat >"$work/ext.cnf" <<'EOF'
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
EOF

new_ca=0
if [[ ! -s "$ca_key" || ! -s "$ca_pem" ]] \
   || ! openssl x509 -in "$ca_pem" -noout -checkend $((30 * 86400)) >/dev/null 2>&1; then
  run "generating the test CA key" openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
    -pkeyopt ec_param_enc:named_curve -out "$work/ca.key"
  run "self-signing the test CA" openssl req -x509 -new -key "$work/ca.key" -sha256 -days 3650 \
    -subj "/C=RU/O=TKS/CN=TKS Test CA" -config "$work/ext.cnf" -extensions ca_ext \
    -set_serial "0x$(openssl rand -hex 15)" -out "$work/ca.pem"
  install -m 600 "$work/ca.key" "$ca_key"
  install -m 644 "$work/ca.pem" "$ca_pem"
  rm -rf "$ca_db" "$ca_crl"
  new_ca=1
fi

# openssl ca database and configuration, to make CRLs (and revoke certificates later).
mkdir -p "$ca_db"
[[ -f "$ca_db/index.txt" ]] || : >"$ca_db/index.txt"
[[ -s "$ca_db/crlnumber" ]] || echo 01 >"$ca_db/crlnumber"
cat >"$work/openssl-ca.cnf" <<EOF
# openssl ca configuration of the TKS TEST CA; written by infra/softhsm/init-token.sh.
[ ca ]
default_ca = tks_test_ca

[ tks_test_ca ]
dir              = $(cd "$ca_db" && pwd)
database         = \$dir/index.txt
crlnumber        = \$dir/crlnumber
new_certs_dir    = \$dir
certificate      = $(cd "$pki" && pwd)/test-ca.pem
private_key      = $(cd "$pki" && pwd)/test-ca.key
default_md       = sha256
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
EOF
cmp -s "$work/openssl-ca.cnf" "$ca_db/openssl-ca.cnf" || install -m 644 "$work/openssl-ca.cnf" "$ca_db/openssl-ca.cnf"

# CRL: (re)made when missing, not from this CA, or due within 30 days.
crl_ok() {
  [[ -s "$ca_crl" ]] || return 1
  openssl crl -in "$ca_crl" -CAfile "$ca_pem" -noout >/dev/null 2>&1 || return 1
  local next
  next="$(openssl crl -in "$ca_crl" -noout -nextupdate | sed 's/^nextUpdate=//')"
  (( $(date -d "$next" +%s) > $(date +%s) + 30 * 86400 ))
}
if (( new_ca )) || ! crl_ok; then
  run "making the CRL" openssl ca -batch -config "$ca_db/openssl-ca.cnf" -gencrl -out "$work/crl.pem"
  install -m 644 "$work/crl.pem" "$ca_crl"
fi

# CA certificate + CRL in one file: `openssl cms -verify` (3.0) has no -CRLfile, so CRL checking
# there is `-CAfile test-ca-crl-bundle.pem -crl_check`.
cat "$ca_pem" "$ca_crl" >"$work/bundle.pem"
cmp -s "$work/bundle.pem" "$pki/test-ca-crl-bundle.pem" || install -m 644 "$work/bundle.pem" "$pki/test-ca-crl-bundle.pem"

# ---------------------------------------------------------------- keys and certificates
# key_pair ID LABEL SUBJECT
key_pair() {
  local id="$1" name="$2" subj="$3" pem="$pki/$2.pem" reissue=0

  if ! has_object privkey "$name" --login; then
    # A stale public key or certificate under that label would shadow the new ones.
    local type
    for type in pubkey cert; do
      while has_object "$type" "$name"; do
        run "deleting old $type $name" p11_login --delete-object --type "$type" --id "$id" --label "$name"
      done
    done
    run "generating key pair $name" p11_login --keypairgen --key-type EC:prime256v1 \
      --id "$id" --label "$name" --usage-sign
    reissue=1
  fi

  run "reading public key $name" p11 --read-object --type pubkey --id "$id" --label "$name" -o "$work/$name.pub.der"
  run "converting public key $name" openssl pkey -pubin -inform DER -in "$work/$name.pub.der" \
    -out "$work/$name.pub.pem"

  if (( ! reissue )); then
    if [[ ! -s "$pem" ]] \
       || ! openssl verify -CAfile "$ca_pem" -purpose smimesign "$pem" >/dev/null 2>&1 \
       || ! openssl x509 -in "$pem" -noout -checkend $((30 * 86400)) >/dev/null 2>&1 \
       || [[ "$(openssl x509 -in "$pem" -noout -pubkey)" != "$(cat "$work/$name.pub.pem")" ]]; then
      reissue=1
    fi
  fi

  if (( reissue )); then
    # Random positive 120-bit serial; the leading 1 keeps it positive and non-zero.
    run "issuing certificate $name" openssl x509 -new -force_pubkey "$work/$name.pub.pem" \
      -subj "$subj" -CA "$ca_pem" -CAkey "$ca_key" -set_serial "0x1$(openssl rand -hex 15)" \
      -days 365 -sha256 -extfile "$work/ext.cnf" -extensions signer_ext -out "$work/$name.pem"
    install -m 644 "$work/$name.pem" "$pem"
  fi

  # The certificate on the token must be the same as the file.
  openssl x509 -in "$pem" -outform DER -out "$work/$name.cert.der"
  if ! p11 --read-object --type cert --id "$id" --label "$name" -o "$work/$name.token.der" >/dev/null 2>&1 \
     || ! cmp -s "$work/$name.cert.der" "$work/$name.token.der"; then
    while has_object cert "$name"; do
      run "deleting old certificate $name" p11_login --delete-object --type cert --id "$id" --label "$name"
    done
    run "writing certificate $name to the token" p11_login --write-object "$work/$name.cert.der" \
      --type cert --id "$id" --label "$name"
  fi

  # Prove the pair: the token signs, the certificate's key verifies.
  if (( reissue )); then
    # SoftHSM 2.6 has CKM_ECDSA only (no ECDSA-SHA256): the token signs the SHA-256 digest.
    openssl rand -out "$work/challenge" 64
    openssl dgst -sha256 -binary -out "$work/challenge.sha256" "$work/challenge"
    run "signing with $name on the token" p11_login --sign --id "$id" --mechanism ECDSA \
      --signature-format openssl -i "$work/challenge.sha256" -o "$work/challenge.sig"
    openssl x509 -in "$pem" -noout -pubkey >"$work/$name.cert.pub.pem"
    run "verifying the signature of $name" openssl dgst -sha256 -verify "$work/$name.cert.pub.pem" \
      -signature "$work/challenge.sig" "$work/challenge"
  fi
}

key_pair 01 operator "/C=RU/O=TKS/CN=TKS Operator"
key_pair 02 tax-office "/C=RU/O=FNS/CN=Tax Office 0087"
