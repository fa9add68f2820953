#!/usr/bin/env bash
# `npm run bench`: the benchmarks, one command per line. Performance goals live here, never in timed
# tests. The same set-up as `npm start` (token, broker, database, build) comes first.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh

npx tsc -p bench/tsconfig.json
# End to end first, on a quiet machine: stepped open-loop load, per-stage latency, CPU per filing per
# service, peak RSS, scaling with instances, a 200 MB declaration, and the baselines of the same run.
node -r ./scripts/register-paths.js dist/bench/pipeline-throughput.js
npx prettier --write docs/benchmarks.md bench/results/pipeline.json >/dev/null
node -r ./scripts/register-paths.js dist/bench/signer-throughput.js
# GOST R 34.10-2012 key files: pure JavaScript, in-thread and on the pool, against the OpenSSL GOST engine.
node -r ./scripts/register-paths.js dist/bench/gost-signing.js
# Gateway: peak memory on a 200 MB declaration, and the two XSD validators.
node -r ./scripts/register-paths.js dist/bench/gateway-xsd-validators.js
node -r ./scripts/register-paths.js dist/bench/gateway-large-declaration.js
node -r ./scripts/register-paths.js dist/bench/gost-encryption.js
# tks check: declarations per second on a folder of a quarter's files (README, "Command line").
node -r ./scripts/register-paths.js dist/bench/tks-check-rate.js
