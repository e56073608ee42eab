import { defineConfig } from 'vitest/config';

// One vitest run for every package; `cluster` tests need the real kube-apiserver (e2e/testcluster).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'model',
          root: './packages/model',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          // Property tests and the synthetic generator do real work: on a shared, loaded machine the
          // 5 s default made their outcome depend on its speed (issue 18). Sizes belong in benchmarks.
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'api',
          root: './apps/api',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['**/*.cluster.test.ts', '**/node_modules/**'],
          testTimeout: 20000,
        },
      },
      {
        test: {
          name: 'web',
          root: './apps/web',
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
          environment: 'happy-dom',
        },
      },
      {
        test: {
          name: 'cluster',
          include: ['e2e/testcluster/src/**/*.cluster.test.ts', 'apps/api/test/**/*.cluster.test.ts'],
          globalSetup: ['./e2e/testcluster/src/globalSetup.ts'],
          testTimeout: 60_000,
          hookTimeout: 90_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
