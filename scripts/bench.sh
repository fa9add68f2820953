#!/usr/bin/env bash
# `npm run bench`: the benchmarks, one command per line. Performance goals live here, never in timed
# tests. Needs the token (infra/softhsm/init-token.sh) and a build of the libraries.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source infra/env.sh

npx tsc -p bench/tsconfig.json
node -r ./scripts/register-paths.js dist/bench/signer-throughput.js
# Gateway (issue 5): needs DATABASE_URL and the broker (source scripts/setup.sh), and the build.
npx tsc -p tsconfig.build.json
node -r ./scripts/register-paths.js dist/bench/gateway-xsd-validators.js
node -r ./scripts/register-paths.js dist/bench/gateway-large-declaration.js
