#!/usr/bin/env bash
# Resolves the Apache Kafka broker and tools jars (infra/kafka/pom.xml) from Maven Central into
# $KAFKA_LIBS_DIR ($KAFKA_HOME_DIR/libs by default). Skips all work when the jars there were fetched from the same pom
# (a stamp file holds the pom's sha256). Usage: infra/kafka/fetch.sh [--force]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../env.sh"

here="$TKS_ROOT/infra/kafka"
libs="$KAFKA_LIBS_DIR"
stamp="$libs/.pom.sha256"
want="$(sha256sum "$here/pom.xml" | cut -d' ' -f1)"

if [[ "${1:-}" != "--force" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]] \
   && compgen -G "$libs/kafka_2.13-*.jar" >/dev/null; then
  exit 0
fi

mkdir -p "$KAFKA_HOME_DIR" "$(dirname "$libs")"
exec 8>"$KAFKA_HOME_DIR/.fetch.lock"
flock -w 600 8 || { echo "fetch.sh: another fetch.sh holds $KAFKA_HOME_DIR/.fetch.lock" >&2; exit 1; }
if [[ "${1:-}" != "--force" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  exit 0   # fetched by the holder of the lock meanwhile
fi

command -v mvn >/dev/null || { echo "fetch.sh: mvn not found (run infra/apt.sh)" >&2; exit 1; }

# Fetch into a scratch directory and swap it in, so an interrupted fetch never leaves a half
# class path that the stamp would vouch for, and jars of an older pom never linger.
tmp="$libs.tmp.$$"
log="$(mktemp)"
trap 'rm -rf "$tmp" "$log"' EXIT
rm -rf "$tmp"
mkdir -p "$tmp"
# Batch mode (-B) always, so it behaves the same with or without CI=true and never prompts;
# the output is shown only when Maven fails.
mvn_args=(-B -q -ntp -f "$here/pom.xml")
if ! mvn "${mvn_args[@]}" dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$tmp" -Dmdep.useRepositoryLayout=false \
      >"$log" 2>&1; then
  cat "$log" >&2
  echo "fetch.sh: maven failed to resolve the Kafka jars" >&2
  exit 1
fi
rm -rf "$here/target"   # in case a Maven plugin made one
compgen -G "$tmp/kafka_2.13-*.jar" >/dev/null || { echo "fetch.sh: no kafka_2.13 jar resolved" >&2; exit 1; }
echo "$want" >"$tmp/.pom.sha256"
rm -rf "$libs"
mv "$tmp" "$libs"
