// Decision: Jest 29 in CommonJS mode with ts-jest. NestJS 11, pkijs 3 and asn1js 3 still ship
// CommonJS, so Jest's module loader can load every dependency without experimental VM modules.
// See docs/decisions/0001-commonjs-toolchain.md.
const moduleNameMapper = { '^@tks/(.*)$': '<rootDir>/libs/$1/src' };
const transform = {
  '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
};
const common = { rootDir: __dirname, moduleNameMapper, transform, testEnvironment: 'node' };

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{libs,services,cli}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{libs,services}/**/test/**/*.int-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/libs/testing/jest/integration-timeout.js'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/libs/testing/jest/e2e-timeout.js'],
    },
    {
      // On the local three-broker cluster, which scripts/test-cluster.sh starts for them.
      ...common,
      displayName: 'cluster',
      testMatch: ['<rootDir>/test/e2e/**/*.cluster-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/libs/testing/jest/e2e-timeout.js'],
    },
  ],
};
