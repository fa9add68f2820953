#!/usr/bin/env node
// The command-line client; compiled by `npm run build` (run on install by the prepare script).
require('../../scripts/register-paths.js');
require('../../dist/cli/main.js');
