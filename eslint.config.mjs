import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
    // The simulated tax office sees only what the channel carries: no code path to the operator's
    // document store, entities, schema or services (README, "The tax office's side").
    files: ['services/receipts/src/tax-office/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
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
              message:
                "The tax office must not import the operator's side (services/receipts/src/receipts/).",
            },
            {
              group: ['**/receipts.config', '**/receipts.module', '../migrations/*'],
              message: "The tax office must not use the operator's configuration, module or migrations.",
            },
          ],
        },
      ],
    },
  },
  {
    // One door to the database per service (README, "Layout"): only repositories (*.repository.ts)
    // run queries; services, controllers and guards call their methods and pass on the Transaction
    // they were given. Entities, migrations and the module files that configure TypeORM are the
    // other files that may import it.
    files: ['services/gateway/src/**/*.ts', 'services/registry/src/**/*.ts'],
    ignores: ['**/*.repository.ts', '**/*.entity.ts', '**/migrations/**', '**/*.module.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
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
        },
      ],
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
    // api-key-admin is a command run without the gateway's module: its own pg connection runs the
    // statements of api-key-records.ts, shared with ApiKeysRepository.
    files: ['services/gateway/src/access/api-key-admin.ts', 'services/gateway/src/access/api-key-records.ts'],
    rules: { 'no-restricted-imports': 'off', 'no-restricted-syntax': 'off' },
  },
);
