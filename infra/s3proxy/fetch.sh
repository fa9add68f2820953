#!/usr/bin/env bash
# Resolves S3Proxy and its dependencies (infra/s3proxy/pom.xml) from Maven Central into
# $S3PROXY_HOME_DIR/libs. Skips all work when the jars there were fetched from the same pom
# (a stamp file holds the pom's sha256). Usage: infra/s3proxy/fetch.sh [--force]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../env.sh"

here="$TKS_ROOT/infra/s3proxy"
libs="$S3PROXY_HOME_DIR/libs"
stamp="$libs/.pom.sha256"
want="$(sha256sum "$here/pom.xml" | cut -d' ' -f1)"
fetched() { [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]] && compgen -G "$libs/s3proxy-*.jar" >/dev/null; }

[[ "${1:-}" != "--force" ]] && fetched && exit 0

mkdir -p "$S3PROXY_HOME_DIR"
exec 8>"$S3PROXY_HOME_DIR/.fetch.lock"
flock -w 600 8 || { echo "fetch.sh: another fetch.sh holds $S3PROXY_HOME_DIR/.fetch.lock" >&2; exit 1; }
[[ "${1:-}" != "--force" ]] && fetched && exit 0   # fetched by the holder of the lock meanwhile

command -v mvn >/dev/null || { echo "fetch.sh: mvn not found (run infra/apt.sh)" >&2; exit 1; }

# Into a scratch directory, swapped in whole: an interrupted fetch never leaves a half class path.
tmp="$S3PROXY_HOME_DIR/libs.tmp.$$"
log="$(mktemp)"
trap 'rm -rf "$tmp" "$log"' EXIT
rm -rf "$tmp"
mkdir -p "$tmp"
if ! mvn -B -q -ntp -f "$here/pom.xml" dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$tmp" -Dmdep.useRepositoryLayout=false \
      >"$log" 2>&1; then
  cat "$log" >&2
  echo "fetch.sh: maven failed to resolve the S3Proxy jars" >&2
  exit 1
fi
rm -rf "$here/target"
compgen -G "$tmp/s3proxy-*.jar" >/dev/null || { echo "fetch.sh: no s3proxy jar resolved" >&2; exit 1; }
echo "$want" >"$tmp/.pom.sha256"
rm -rf "$libs"
mv "$tmp" "$libs"
