#!/usr/bin/env bash
# Installs the Debian 12 packages the local deployment needs, only those missing: SoftHSM2 (the
# PKCS#11 token), OpenSC (pkcs11-tool), the GOST engine for OpenSSL, OpenSSL itself, and a JDK 17 +
# Maven when `java`/`mvn` are absent (the Kafka broker runs on the JVM). Runs `apt-get update` only
# when something must be installed. Quiet unless it fails. Needs root (or sudo) for installing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

# libxml2-utils: xmllint --stream --schema validates declarations too large to hold in memory.
# chromium: the web console's browser tests (playwright-core drives it; no browser is downloaded).
# zip, unzip: the container tests build and open transport containers with tools other than tks's.
wanted=(softhsm2 opensc libengine-gost-openssl openssl libxml2-utils chromium zip unzip)
command -v java >/dev/null || wanted+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || wanted+=(maven)

missing=()
for p in "${wanted[@]}"; do
  # dpkg -s also lists removed-but-not-purged packages: require the installed state.
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
(( ${#missing[@]} )) || exit 0

sudo=()
if (( EUID != 0 )); then
  command -v sudo >/dev/null || { echo "apt.sh: need root to install: ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! { "${sudo[@]}" apt-get update -qq \
       && "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
            -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}"; \
     } >"$log" 2>&1; then
  cat "$log" >&2
  echo "apt.sh: installing ${missing[*]} failed" >&2
  exit 1
fi
