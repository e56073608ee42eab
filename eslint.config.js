import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.cache/**', 'e2e/artifacts/**', 'e2e/test-results/**', '**/*.generated.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Plain Node scripts (scripts/, bin/): Node's globals.
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly' } },
  },
  {
    // The model is pure: no I/O, no clock, no Kubernetes client at runtime (STYLE.md "Boundaries").
    files: ['packages/model/src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['node:*', 'fs', 'path', 'http', 'https', 'child_process'], message: 'packages/model is pure: no I/O.' }],
          paths: [{ name: '@kubernetes/client-node', allowTypeImports: true, message: 'Only type imports from client-node in the model.' }],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'fetch', 'setTimeout', 'setInterval', 'console'],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'The model has no clock.' }],
    },
  },
);
