import { describe, expect, it } from 'vitest';
import { SilentSource, testApp } from '../helpers.ts';

describe('security headers', () => {
  it('sends a strict Content-Security-Policy: no inline script, one hashed style (Cytoscape), data:/blob: images', async () => {
    const { app } = await testApp(new SilentSource(), { waitForSnapshot: false });
    const res = await app.inject({ method: 'GET', url: '/' });
    const csp = String(res.headers['content-security-policy']);
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['style-src']).toEqual(["'self'", "'sha256-pgvDUBa4IjFA2yuSJ2cqcyxmNYJMborsd0ORcRv9vw8='"]);
    expect(directives['img-src']).toEqual(["'self'", 'data:', 'blob:']);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('puts the headers on API answers and errors too', async () => {
    const { app } = await testApp(new SilentSource(), { waitForSnapshot: false, token: 'tok-tok-tok-tok-tok' });
    const res = await app.inject({ method: 'GET', url: '/api/v1/graph' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });
});

describe('request limits and validation', () => {
  it('answers a body over the limit with 413 and a message', async () => {
    const { app } = await testApp(new SilentSource(), { waitForSnapshot: false, bodyLimit: 1024 });
    const res = await app.inject({ method: 'POST', url: '/api/v1/check', payload: { from: 'a/b', to: 'c/d', pad: 'x'.repeat(2000) } });
    expect(res.statusCode).toBe(413);
    expect(res.json().message).toMatch(/too large/i);
  });

  it('answers malformed JSON with 400, not 500', async () => {
    const { app } = await testApp(new SilentSource(), { waitForSnapshot: false });
    const res = await app.inject({ method: 'POST', url: '/api/v1/check', headers: { 'content-type': 'application/json' }, payload: '{"from": ' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  });

  it('answers a non-JSON body with 415', async () => {
    const { app } = await testApp(new SilentSource(), { waitForSnapshot: false });
    const res = await app.inject({ method: 'POST', url: '/api/v1/check', headers: { 'content-type': 'text/xml' }, payload: '<x/>' });
    expect(res.statusCode).toBe(415);
  });
});
