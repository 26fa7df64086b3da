// Lint rules, including the import rules between top-level folders that ARCHITECTURE.md describes.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Leading slashes anchor the names, so k6's own modules (k6/http, k6/crypto) stay allowed.
const nodeBuiltins = [
  'node:*',
  '/fs',
  '/path',
  '/http',
  '/https',
  '/child_process',
  '/os',
  '/crypto',
  '/url',
];

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'reports/**', 'test-results/**', '.k6-build/**', '**/*.bundle.js'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Plain JavaScript entry points run under Node.
    files: ['**/*.mjs'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': 'off',
    },
  },
  {
    // Runtime-neutral code: k6 bundles it, so it may use neither Node built-ins nor the Node-side library.
    files: ['scripts/core/**/*.ts', 'load/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: nodeBuiltins,
              message: 'scripts/core and load/ run inside k6: no Node built-ins.',
            },
            {
              group: [
                '**/scripts/lib/**',
                '**/scripts/cli/**',
                '**/scripts/report/**',
                '**/reference/**',
                '**/suites/**',
              ],
              message: 'scripts/core imports only scripts/core and npm packages that run in k6.',
            },
          ],
        },
      ],
    },
  },
  {
    // The reference server is a separate program: the product never depends on its internals, only on
    // its public entry (reference/index.ts) for starting it.
    files: ['reference/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/suites/**', '**/scripts/cli/**', '**/scripts/report/**', '**/load/**'],
              message: 'reference/ must not depend on the suite.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['suites/**/*.ts', 'scripts/**/*.ts'],
    ignores: ['scripts/cli/**', 'scripts/lib/reference-target.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/reference/*', '!**/reference/index.ts'],
              message: 'Only reference/index.ts is public.',
            },
          ],
        },
      ],
    },
  },
);
