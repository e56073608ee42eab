import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { isLoopbackHostHeader } from '../../src/plugins/auth.ts';
import { SilentSource, testApp } from '../helpers.ts';

const TOKEN = 'a-long-enough-test-token-0123456789';

describe('bearer auth on /api', () => {
  it('refuses /api routes without a token, with WWW-Authenticate', async () => {
    const { app } = await testApp(new SilentSource(), { waitForSnapshot: false, token: TOKEN });
    const res = await app.inject({ method: 'GET', url: '/api/v1/graph' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="accessgraph"');
    expect(res.json()).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'this server needs a bearer token (Authorization: Bearer <token>)' });
  });

  it('refuses a wrong token, including one that differs only in length', async () => {
    const { app } = await testApp(new SilentSource(), { waitForSnapshot: false, token: TOKEN });
    for (const t of ['wrong', TOKEN + 'x', TOKEN.slice(0, -1)]) {
      const res = await app.inject({ method: 'GET', url: '/api/v1/snapshot', headers: { authorization: `Bearer ${t}` } });
      expect(res.statusCode, t).toBe(401);
      expect(res.json().message).toBe('the bearer token is not valid');
    }
  });

  it('lets the right token through (then the route answers: no snapshot yet)', async () => {
    const { app } = await testApp(new SilentSource(), { waitForSnapshot: false, token: TOKEN });
    const res = await app.inject({ method: 'GET', url: '/api/v1/snapshot', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.statusCode).toBe(503);
  });

  it('guards the OpenAPI document and unknown /api paths too', async () => {
    const { app } = await testApp(new SilentSource(), { waitForSnapshot: false, token: TOKEN });
    expect((await app.inject({ method: 'GET', url: '/api/openapi.json' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/v2/nothing' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/api/v1/check', payload: {} })).statusCode).toBe(401);
  });

  it('cannot be bypassed by percent-encoding or doubling the slash', async () => {
    const { app } = await testApp(new SilentSource(), { waitForSnapshot: false, token: TOKEN });
    for (const url of ['/%61pi/v1/graph', '//api/v1/graph', '/API/v1/graph', '/api%2Fv1%2Fgraph']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(401);
    }
  });

  it('accepts ?access_token= on /api/v1/events only (EventSource cannot send headers)', async () => {
    const { app } = await testApp(new SilentSource(), { waitForSnapshot: false, token: TOKEN });
    const other = await app.inject({ method: 'GET', url: `/api/v1/snapshot?access_token=${TOKEN}` });
    expect(other.statusCode).toBe(401);
    const wrong = await app.inject({ method: 'GET', url: '/api/v1/events?access_token=nope' });
    expect(wrong.statusCode).toBe(401);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path: `/api/v1/events?access_token=${TOKEN}` }, (res) => {
        resolve(res.statusCode ?? 0);
        res.destroy();
      });
      req.on('error', reject);
    });
    expect(status).toBe(200);
  });

  it('leaves health, readiness and metrics open for probes and scrapers', async () => {
    const { app } = await testApp(new SilentSource(), { waitForSnapshot: false, token: TOKEN });
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(503);
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
  });

  it('needs no token when none is configured', async () => {
    const { app } = await testApp(new SilentSource(), { waitForSnapshot: false });
    expect((await app.inject({ method: 'GET', url: '/api/v1/snapshot' })).statusCode).toBe(503);
  });
});

describe('a tokenless loopback server answers only requests addressed to a loopback name (DNS rebinding)', () => {
  it('refuses another Host with 403 and says why, on the API and the web app alike', async () => {
    const { app } = await testApp(new SilentSource(), { waitForSnapshot: false, loopbackHostsOnly: true });
    for (const url of ['/api/v1/graph', '/api/v1/events', '/']) {
      const res = await app.inject({ method: 'GET', url, headers: { host: 'rebound.example.com:7420' } });
      expect(res.statusCode, url).toBe(403);
      expect(res.json().message).toMatch(/answers only requests addressed to localhost.*"rebound\.example\.com:7420".*--token/);
    }
  });

  it('lets loopback names through (then the route answers: no snapshot yet)', async () => {
    const { app } = await testApp(new SilentSource(), { waitForSnapshot: false, loopbackHostsOnly: true });
    for (const host of ['localhost:7420', '127.0.0.1:7420', '[::1]:7420', 'LOCALHOST', '127.0.0.2']) {
      expect((await app.inject({ method: 'GET', url: '/api/v1/snapshot', headers: { host } })).statusCode, host).toBe(503);
    }
  });

  it('reads Host names as a browser sends them', () => {
    for (const h of ['localhost', 'localhost:80', 'app.localhost:7420', '127.0.0.1:1', '[::1]:7420', '[::1]']) expect(isLoopbackHostHeader(h), h).toBe(true);
    for (const h of ['example.com', 'localhost.example.com', '127.0.0.1.nip.io', '[::2]:80', '10.0.0.1:7420', '0.0.0.0']) expect(isLoopbackHostHeader(h), h).toBe(false);
  });

  it('is off with a token (the token guards the API; other names are then fine)', async () => {
    const { app } = await testApp(new SilentSource(), { waitForSnapshot: false, token: TOKEN });
    const res = await app.inject({ method: 'GET', url: '/api/v1/snapshot', headers: { host: 'accessgraph.internal', authorization: `Bearer ${TOKEN}` } });
    expect(res.statusCode).toBe(503);
  });
});
