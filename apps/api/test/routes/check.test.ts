import { describe, expect, it } from 'vitest';
import { fixtureApp } from '../helpers.ts';

async function check(payload: unknown) {
  const { app } = await fixtureApp();
  return app.inject({ method: 'POST', url: '/api/v1/check', payload: payload as object });
}

describe('POST /api/v1/check', () => {
  it('answers one flow with the verdict contract and reasons', async () => {
    const res = await check({ from: 'shop/frontend', to: 'shop/backend', port: 8080 });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ from: 'shop/frontend', to: 'shop/backend', allowed: true, snapshot: { version: 1 } });
    expect(body.cells).toHaveLength(1);
    expect(body.cells[0]).toMatchObject({ from: 'shop/frontend', to: 'shop/backend', port: 8080, protocol: 'TCP', l4Port: 4143, l4: 'allow', l7: 'allow', allowed: true, protection: 'both' });
    expect(body.cells[0].reasons.l4.length).toBeGreaterThan(0);
    expect(body.cells[0].reasons.l7.length).toBeGreaterThan(0);
    expect(body.service).toBeUndefined();
  });

  it('says denied when a layer denies', async () => {
    const body = (await check({ from: 'tools/debug', to: 'shop/backend:8080/TCP' })).json();
    expect(body.allowed).toBe(false);
    expect(body.cells[0]).toMatchObject({ l4Port: 8080, l4: 'deny', allowed: false, protection: null });
  });

  it('checks every declared port of the destination when no port is given', async () => {
    const body = (await check({ from: 'shop/frontend', to: 'data/postgres' })).json();
    expect(body.cells.map((c: { port: number }) => c.port)).toEqual([5432]);
    expect(body.cells[0]).toMatchObject({ l4: 'allow', l7: 'n/a', protection: 'l4-only' });
  });

  it('resolves a named port of a workload', async () => {
    const body = (await check({ from: 'shop/frontend', to: 'data/postgres:pg' })).json();
    expect(body.cells[0].port).toBe(5432);
  });

  it('resolves a Service to the workloads it selects and their target ports', async () => {
    const body = (await check({ from: 'shop/frontend', to: 'service/shop/backend:80' })).json();
    expect(body.service).toEqual({ namespace: 'shop', name: 'backend', targets: [{ workload: 'shop/backend', servicePort: 80, port: 8080, protocol: 'TCP' }], notes: [] });
    expect(body.cells[0]).toMatchObject({ to: 'shop/backend', port: 8080, protection: 'both' });
    expect(body.allowed).toBe(true);
    const byName = (await check({ from: 'tools/debug', to: 'service/shop/backend:web' })).json();
    expect(byName.allowed).toBe(false);
  });

  it('falls back to the Service when no workload has the name, and the workload wins when both do', async () => {
    const workload = (await check({ from: 'shop/frontend', to: 'shop/backend:8080' })).json();
    expect(workload.service).toBeUndefined();
    const svcOnlyPort = await check({ from: 'shop/frontend', to: 'shop/backend:80' });
    // shop/backend is a workload: port 80 is asked of the workload itself.
    expect(svcOnlyPort.json().cells[0].port).toBe(80);
  });

  it('rejects a JSON body that is not an object', async () => {
    const { app } = await fixtureApp();
    const res = await app.inject({ method: 'POST', url: '/api/v1/check', headers: { 'content-type': 'application/json' }, payload: '"shop/frontend"' });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe('body must be object');
  });

  it.each([
    [{ from: 'shop/ghost', to: 'shop/backend', port: 8080 }, 'no workload shop/ghost'],
    [{ from: 'shop/frontend', to: 'shop/ghost', port: 8080 }, 'no workload or Service shop/ghost'],
    [{ from: 'shop/frontend', to: 'service/shop/frontend:80' }, 'no Service shop/frontend'],
  ])('answers unknown names with 404 and a message: %j', async (payload, message) => {
    const res = await check(payload);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ statusCode: 404, error: 'Not Found', message });
  });

  it.each([
    [{ to: 'shop/backend' }, /from/],
    [{ from: 'shop/frontend' }, /to/],
    [{ from: 'shop/frontend', to: 'shop/backend', port: 0 }, /port/],
    [{ from: 'shop/frontend', to: 'shop/backend', port: 70000 }, /port/],
    [{ from: 'shop/frontend', to: 'shop/backend', port: '80; drop' }, /port/],
    [{ from: 'shop/frontend', to: 'shop/backend', protocol: 'ICMP' }, /protocol/],
    [{ from: 'frontend', to: 'shop/backend' }, /from/],
    [{ from: 'shop/frontend', to: 'shop/backend/extra' }, /to/],
    [{ from: 'shop/frontend', to: 'shop/backend:8080', port: 9090 }, /two ports given/],
    [{ from: 'shop/frontend', to: 'shop/backend:8080/UDP', protocol: 'TCP' }, /two protocols given/],
    [{ from: 'shop/frontend', to: 'shop/backend:99999' }, /not in 1-65535/],
    [{ from: 'shop/frontend', to: 'shop/backend:grpc' }, /declares no port named grpc/],
    [{ from: 'shop/frontend', to: 'service/shop/backend:81' }, /has no port 81; it has: 80\/TCP \(web\)/],
    [{ from: 'shop/frontend', to: 'shop/backend', extra: true }, /additional/],
  ])('rejects a bad question with 400 and a message: %j', async (payload, message) => {
    const res = await check(payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(message);
  });
});
