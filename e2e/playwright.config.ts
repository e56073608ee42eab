import { defineConfig } from '@playwright/test';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Every server the e2e starts listens on E2E_PORT_BASE + n (default 7440), so two runs on one machine
// (a clean-clone CI run beside a developer's) can use distinct bases.
const PORT_BASE = Number(process.env.E2E_PORT_BASE ?? 7440);
export const e2ePort = (n: number): number => PORT_BASE + n;
// Two real servers: the bundled demo, and a manifests source in a temp dir that the live test edits.
export const DEMO_PORT = e2ePort(1);
export const FIXTURE_PORT = e2ePort(2);
export const FIXTURE_DIR = join(tmpdir(), PORT_BASE === 7440 ? 'accessgraph-e2e-shop' : `accessgraph-e2e-shop-${PORT_BASE}`);
if (process.env.TEST_WORKER_INDEX === undefined) {
  rmSync(FIXTURE_DIR, { recursive: true, force: true });
  mkdirSync(FIXTURE_DIR, { recursive: true });
  cpSync(new URL('./fixtures/shop', import.meta.url).pathname, FIXTURE_DIR, { recursive: true });
}

const cli = 'node ../apps/api/bin/accessgraph.mjs serve';

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  reporter: [['list'], ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? './artifacts/results.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${DEMO_PORT}`,
    viewport: { width: 1500, height: 900 },
    acceptDownloads: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  webServer: [
    { command: `${cli} --demo --port ${DEMO_PORT}`, url: `http://127.0.0.1:${DEMO_PORT}/readyz`, reuseExistingServer: false, timeout: 60_000 },
    { command: `${cli} --manifests ${FIXTURE_DIR} --port ${FIXTURE_PORT}`, url: `http://127.0.0.1:${FIXTURE_PORT}/readyz`, reuseExistingServer: false, timeout: 60_000 },
  ],
});
