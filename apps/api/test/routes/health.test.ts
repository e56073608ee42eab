import { describe, expect, it } from 'vitest';
import { SilentSource, testApp } from '../helpers.ts';

describe('GET /healthz', () => {
  it('answers ok while the source is still syncing', async () => {
    const { app } = await testApp(new SilentSource(), { waitForSnapshot: false });
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });
});

describe('GET /readyz', () => {
  it('is 503 until the first snapshot is complete', async () => {
    const { app } = await testApp(new SilentSource(), { waitForSnapshot: false });
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ status: 'starting', message: 'reading silent test source' });
  });

  it('API routes answer 503 with a message while there is no snapshot', async () => {
    const { app } = await testApp(new SilentSource(), { waitForSnapshot: false });
    for (const url of ['/api/v1/graph', '/api/v1/snapshot', '/api/v1/diagnostics', '/api/v1/matrix', '/api/v1/workloads/a/b']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(503);
      expect(res.json().message, url).toMatch(/no snapshot yet/);
    }
    const check = await app.inject({ method: 'POST', url: '/api/v1/check', payload: { from: 'a/b', to: 'c/d' } });
    expect(check.statusCode).toBe(503);
  });
});
