#!/usr/bin/env bash
# `npm run bench:profile`: where each service's CPU goes under a steady load (bench/pipeline-profile.ts),
# written to bench/results/profile.md. The same set-up as `npm run bench` comes first.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh

npx tsc -p bench/tsconfig.json
node -r ./scripts/register-paths.js dist/bench/pipeline-profile.js
npx prettier --write bench/results/profile.md >/dev/null
