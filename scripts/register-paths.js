// Resolves the `@tks/<lib>` imports of the compiled services to dist/libs/<lib>/src at run time.
const path = require('node:path');
const tsConfigPaths = require('tsconfig-paths');

tsConfigPaths.register({
  baseUrl: path.join(__dirname, '..', 'dist'),
  paths: { '@tks/*': ['libs/*/src'] },
});
