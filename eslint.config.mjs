import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The simulated tax office sees only what the channel carries: no code path to the operator's
// document store, entities, schema or services (README, "The tax office's side").
const taxOfficeBoundary = {
  paths: [
    {
      name: '@tks/platform',
      importNames: ['documentStoreProvider'],
      message: "The tax office has its own store (TAX_OFFICE_STORE), never the operator's.",
    },
  ],
  patterns: [
    {
      group: ['**/receipts', '**/receipts/**', '**/receipt-notices', '**/receipt-notices/**'],
      message: "The tax office must not import the operator's side (services/receipts/src/receipts/).",
    },
    {
      group: ['**/receipts.config', '**/receipts.module', '../migrations/*'],
      message: "The tax office must not use the operator's configuration, module or migrations.",
    },
  ],
};

// One door to the database per service (README, "Layout"): what code outside repositories may not import.
const oneDoor = {
  paths: [
    {
      name: 'typeorm',
      message: 'Query through a repository (*.repository.ts); pass its Transaction type along.',
    },
    {
      name: '@nestjs/typeorm',
      message: 'Only repositories (*.repository.ts) inject the DataSource or TypeORM repositories.',
    },
    {
      name: 'pg',
      message: 'Query through a repository (*.repository.ts).',
    },
  ],
  patterns: [
    {
      group: ['typeorm/*'],
      message: 'Query through a repository (*.repository.ts).',
    },
  ],
};

const databaseFiles = [
  '**/*.repository.ts',
  '**/*.entity.ts',
  '**/migrations/**',
  '**/*.migration.ts',
  '**/*.module.ts',
];

export default tseslint.config(
  { ignores: ['dist/**', '.local/**', 'node_modules/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['services/receipts/src/tax-office/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', taxOfficeBoundary] },
  },
  {
    // One door to the database per service (README, "Layout"): only repositories (*.repository.ts)
    // run queries; services, controllers and guards call their methods and pass on the Transaction
    // they were given. Entities, migrations and the module files that configure TypeORM are the
    // other files that may import it (receipts/src/channel/transfer-parts.migration.ts is a migration
    // outside migrations/: one class for the transfer_parts table of both of its schemas).
    files: [
      'services/gateway/src/**/*.ts',
      'services/registry/src/**/*.ts',
      'services/signer/src/**/*.ts',
      'services/receipts/src/**/*.ts',
    ],
    ignores: databaseFiles,
    rules: {
      'no-restricted-imports': ['error', oneDoor],
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.type='MemberExpression'][callee.property.name=/^(query|getRepository|createQueryBuilder|transaction)$/]",
          message: 'Only repositories (*.repository.ts) run queries and open transactions.',
        },
      ],
    },
  },
  {
    // A rule keeps one set of options, the last block's: outside its database files, the tax office
    // gets the one door's restrictions and its boundary's together.
    files: ['services/receipts/src/tax-office/**/*.ts'],
    ignores: databaseFiles,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...oneDoor.paths, ...taxOfficeBoundary.paths],
          patterns: [...oneDoor.patterns, ...taxOfficeBoundary.patterns],
        },
      ],
    },
  },
  {
    // api-key-admin is a command run without the gateway's module: its own pg connection runs the
    // statements of api-key-records.ts, shared with ApiKeysRepository.
    files: ['services/gateway/src/access/api-key-admin.ts', 'services/gateway/src/access/api-key-records.ts'],
    rules: { 'no-restricted-imports': 'off', 'no-restricted-syntax': 'off' },
  },
);
