#!/usr/bin/env bash
# Issues a qualified-style test certificate for a company: INN of a legal entity (1.2.643.100.4) and
# OGRN (1.2.643.100.1) as NumericStrings in the subject, as the registry's identity check expects.
# For development and tests only: the test CAs are not trusted by anyone else.
#
#   infra/pki/issue-test-certificate.sh --cn NAME --org ORG --innle INN --ogrn OGRN --out DIR
#       [--gost 256|512] [--csr REQUEST.pem] [--days N]
#
# By default: an EC P-256 key from the ECDSA test CA ($TKS_PKI_DIR, infra/softhsm/init-token.sh).
# --gost 256|512: a GOST R 34.10-2012 key (256: CryptoPro A; 512: TC26 512 A) from the GOST test CA
#   ($TKS_PKI_DIR/gost, infra/pki/init-gost-keys.sh, which also keeps its CRL that the registry
#   needs to call a certificate valid), signed GOST 2012 with Streebog-256, as accredited CAs issue them.
# --csr REQUEST.pem: certify the key of a PKCS#10 request instead of making one (a key generated on
#   the operator's HSM, POST /subscribers/{id}/keys); the subject is the one given here, not the
#   request's, since the CA writes the identity attributes itself.
# Writes DIR/certificate.pem and, unless --csr, DIR/key.pem (unencrypted, mode 600); prints the
# certificate's path.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source infra/env.sh

cn="" org="" innle="" ogrn="" out="" days=365 gost="" csr=""
while [ $# -gt 0 ]; do
  case "$1" in
    --cn) cn="$2"; shift 2 ;;
    --org) org="$2"; shift 2 ;;
    --innle) innle="$2"; shift 2 ;;
    --ogrn) ogrn="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --days) days="$2"; shift 2 ;;
    --gost) gost="$2"; shift 2 ;;
    --csr) csr="$2"; shift 2 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
for name in cn org innle ogrn out; do
  [ -n "${!name}" ] || { echo "--$name is required" >&2; exit 2; }
done
case "$gost" in
  "") ca_dir="$TKS_PKI_DIR" ca_md=-sha256 engine=() ;;
  256 | 512) ca_dir="$TKS_PKI_DIR/gost" ca_md=-md_gost12_256 engine=(-engine gost) ;;
  *) echo "--gost takes 256 or 512" >&2; exit 2 ;;
esac
[ -f "$ca_dir/test-ca.key" ] || {
  echo "no test CA in $ca_dir: run infra/softhsm/init-token.sh and infra/pki/init-gost-keys.sh" >&2
  exit 1
}

mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# OpenSSL 3.0 does not know INNLE: name it and encode it as a NumericString (FSB order 795), as
# OpenSSL already does for OGRN.
cat > "$work/req.cnf" <<CNF
openssl_conf = openssl_init
[openssl_init]
oid_section = new_oids
stbl_section = string_table
[new_oids]
INNLE = 1.2.643.100.4
[string_table]
INNLE = min:10,max:10,mask:NUMERICSTRING,flags:nomask
[req]
distinguished_name = dn
[dn]
CNF
printf 'keyUsage=critical,digitalSignature,nonRepudiation\nextendedKeyUsage=emailProtection\n' > "$work/ext"
subject="/CN=$cn/O=$org/C=RU/INNLE=$innle/OGRN=$ogrn"

# The public key to certify: the request's (after checking its self-signature) or a new key's.
if [ -n "$csr" ]; then
  openssl req "${engine[@]}" -in "$csr" -verify -noout 2>/dev/null \
    || { echo "$csr is not a PKCS#10 request with a valid signature" >&2; exit 1; }
  openssl req "${engine[@]}" -in "$csr" -pubkey -noout -out "$work/public.pem" 2>/dev/null
else
  case "$gost" in
    "") openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/key.pem" ;;
    256) openssl genpkey -engine gost -algorithm gost2012_256 -pkeyopt paramset:A -out "$work/key.pem" ;;
    512) openssl genpkey -engine gost -algorithm gost2012_512 -pkeyopt paramset:A -out "$work/key.pem" ;;
  esac 2>/dev/null
  openssl pkey "${engine[@]}" -in "$work/key.pem" -pubout -out "$work/public.pem" 2>/dev/null
fi
# The subject goes through a request (x509 -subj has no -utf8): signed with the new key, or with a
# throw-away one when the key is the request's, replaced by -force_pubkey either way.
if [ -n "$csr" ]; then
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/subject.key" 2>/dev/null
else
  cp "$work/key.pem" "$work/subject.key"
fi
openssl req "${engine[@]}" -config "$work/req.cnf" -new -key "$work/subject.key" -utf8 -subj "$subject" \
  -out "$work/subject.csr" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
openssl x509 "${engine[@]}" -req -in "$work/subject.csr" -force_pubkey "$work/public.pem" \
  -CA "$ca_dir/test-ca.pem" -CAkey "$ca_dir/test-ca.key" "$ca_md" \
  -set_serial "0x$(openssl rand -hex 16)" -days "$days" -extfile "$work/ext" -out "$work/certificate.pem" \
  2>"$work/err" || { cat "$work/err" >&2; exit 1; }
install -m 644 "$work/certificate.pem" "$out/certificate.pem"
[ -n "$csr" ] || install -m 600 "$work/key.pem" "$out/key.pem"

echo "$out/certificate.pem"
