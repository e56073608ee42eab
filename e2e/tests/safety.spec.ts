import http from 'node:http';
import { expect, test } from '@playwright/test';
import { DEMO_PORT } from '../playwright.config.ts';
import { DashboardPage } from './dashboardPage.ts';

/** A GET to the demo server with a Host header of our choosing (fetch may not set Host). */
function getWithHost(path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port: DEMO_PORT, path, headers: { host } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

test('the tokenless server on loopback refuses a page reaching it under another name (DNS rebinding)', async ({ page }) => {
  const rebound = await getWithHost('/api/v1/graph', `rebound.example.com:${DEMO_PORT}`);
  expect(rebound.status).toBe(403);
  expect(JSON.parse(rebound.body).message).toMatch(/answers only requests addressed to localhost/);
  expect((await getWithHost('/', `rebound.example.com:${DEMO_PORT}`)).status).toBe(403);
  // The dashboard itself, under its own loopback names, works.
  expect((await getWithHost('/api/v1/snapshot', `127.0.0.1:${DEMO_PORT}`)).status).toBe(200);
  expect((await getWithHost('/api/v1/snapshot', `localhost:${DEMO_PORT}`)).status).toBe(200);
  const d = new DashboardPage(page);
  await d.open();
  expect((await d.graph()).nodes.length).toBeGreaterThan(0);
});
