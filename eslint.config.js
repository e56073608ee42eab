import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

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
    // The dashboard: the Rules of React (hooks order, effect dependencies, the compiler's purity rules).
    files: ['apps/web/src/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
    rules: { ...reactHooks.configs.flat.recommended.rules, 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // GraphView.tsx is being split (issue 18: a wrapper that owns cy, a highlighter, a layout
    // dictionary) by another change; its refs-in-render and effect dependencies go with that split.
    // Remove this block when it lands.
    files: ['apps/web/src/graph/GraphView.tsx'],
    rules: { 'react-hooks/refs': 'off', 'react-hooks/purity': 'off', 'react-hooks/exhaustive-deps': 'warn' },
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
