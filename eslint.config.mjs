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
);
