import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SilentSource, tempDir, testApp } from '../helpers.ts';

function fakeDist(): string {
  const dir = tempDir('accessgraph-dist-');
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>accessgraph</title><script type="module" src="/assets/app-1234.js"></script>');
  writeFileSync(join(dir, 'assets', 'app-1234.js'), 'console.log("hi")');
  return dir;
}

describe('the web app', () => {
  it('serves index.html at / and for client-side routes (SPA fallback), revalidated', async () => {
    const { app } = await testApp(new SilentSource(), { waitForSnapshot: false, webDist: fakeDist() });
    for (const url of ['/', '/workloads/postgres/postgres', '/graph?namespace=x']) {
      const res = await app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toMatch(/text\/html/);
      expect(res.body, url).toContain('<title>accessgraph</title>');
      expect(res.headers['cache-control'], url).toBe('no-cache');
    }
  });

  it('serves hashed assets as immutable', async () => {
    const { app } = await testApp(new SilentSource(), { waitForSnapshot: false, webDist: fakeDist() });
    const res = await app.inject({ method: 'GET', url: '/assets/app-1234.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('answers a missing file and an unknown API path with a JSON 404, not the page', async () => {
    const { app } = await testApp(new SilentSource(), { waitForSnapshot: false, webDist: fakeDist() });
    const missing = await app.inject({ method: 'GET', url: '/assets/gone-999.js' });
    expect(missing.statusCode).toBe(404);
    const api = await app.inject({ method: 'GET', url: '/api/v1/nothing' });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toEqual({ statusCode: 404, error: 'Not Found', message: 'no route GET /api/v1/nothing' });
  });

  it('explains how to build the web app when there is no build', async () => {
    const { app } = await testApp(new SilentSource(), { waitForSnapshot: false, webDist: join(tempDir(), 'no-dist') });
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('has not been built');
    expect(res.body).toContain('pnpm --filter @accessgraph/web build');
    expect(res.body).not.toMatch(/<script|style=/);
    expect((await app.inject({ method: 'GET', url: '/other' })).statusCode).toBe(404);
  });
});
