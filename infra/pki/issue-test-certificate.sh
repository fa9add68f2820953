#!/usr/bin/env bash
# Issues a qualified-style test certificate from the local test CA ($TKS_PKI_DIR, made by
# infra/softhsm/init-token.sh) for a company: INN of a legal entity (1.2.643.100.4) and OGRN
# (1.2.643.100.1) as NumericStrings in the subject, as the registry's identity check expects.
# For development and tests only: the test CA is not trusted by anyone else.
#
#   infra/pki/issue-test-certificate.sh --cn NAME --org ORG --innle INN --ogrn OGRN --out DIR
# writes DIR/key.pem (unencrypted EC P-256 key) and DIR/certificate.pem; prints the certificate path.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source infra/env.sh

cn="" org="" innle="" ogrn="" out="" days=365
while [ $# -gt 0 ]; do
  case "$1" in
    --cn) cn="$2"; shift 2 ;;
    --org) org="$2"; shift 2 ;;
    --innle) innle="$2"; shift 2 ;;
    --ogrn) ogrn="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --days) days="$2"; shift 2 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
for name in cn org innle ogrn out; do
  [ -n "${!name}" ] || { echo "--$name is required" >&2; exit 2; }
done
[ -f "$TKS_PKI_DIR/test-ca.key" ] || { echo "no test CA in $TKS_PKI_DIR: run infra/softhsm/init-token.sh" >&2; exit 1; }

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
openssl req -config "$work/req.cnf" -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
  -keyout "$out/key.pem" -out "$work/request.csr" -utf8 \
  -subj "/CN=$cn/O=$org/C=RU/INNLE=$innle/OGRN=$ogrn" 2>/dev/null
openssl x509 -req -in "$work/request.csr" -CA "$TKS_PKI_DIR/test-ca.pem" -CAkey "$TKS_PKI_DIR/test-ca.key" \
  -set_serial "0x$(openssl rand -hex 16)" -days "$days" -extfile "$work/ext" -out "$out/certificate.pem" 2>/dev/null
chmod 600 "$out/key.pem"
echo "$out/certificate.pem"
