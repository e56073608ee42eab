import { describe, expect, it } from 'vitest';
import { fixtureApp } from '../helpers.ts';

describe('GET /api/v1/matrix', () => {
  it("is exactly the model's matrix document (the CLI's JSON) over declared ports", async () => {
    const { app, store } = await fixtureApp();
    const res = await app.inject({ method: 'GET', url: '/api/v1/matrix' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['x-accessgraph-snapshot']).toBe('1');
    const expected = JSON.parse(JSON.stringify(store.current()!.analysis.matrix()));
    expect(res.json()).toEqual(expected);
    expect(Object.keys(res.json())).toEqual(['workloads', 'cells', 'diagnostics']);
    expect(Object.keys(res.json().cells[0])).toEqual(['from', 'to', 'port', 'protocol', 'l4Port', 'l4', 'l7', 'allowed', 'protection', 'reasons']);
  });

  it('takes ports like the CLI (repeatable, TCP by default)', async () => {
    const { app, store } = await fixtureApp();
    const res = await app.inject({ method: 'GET', url: '/api/v1/matrix?port=5432&port=53/udp' });
    const expected = JSON.parse(JSON.stringify(store.current()!.analysis.matrix([{ port: 5432, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }])));
    expect(res.json()).toEqual(expected);
    // 4 workloads × 3 sources × 2 ports, plus external:0.0.0.0/0 into and out of each workload × 2 ports.
    expect(res.json().cells).toHaveLength(4 * 3 * 2 + 4 * 2 * 2);
  });

  it('counts a port given twice once, as the CLI does (5432 and 5432/TCP are the same port)', async () => {
    const { app } = await fixtureApp();
    const once = await app.inject({ method: 'GET', url: '/api/v1/matrix?port=5432' });
    const twice = await app.inject({ method: 'GET', url: '/api/v1/matrix?port=5432&port=5432/TCP' });
    expect(twice.json()).toEqual(once.json());
    expect(twice.json().cells).toHaveLength(4 * 3 + 4 * 2);
  });

  it('narrows destinations by namespace', async () => {
    const { app } = await fixtureApp();
    const body = (await app.inject({ method: 'GET', url: '/api/v1/matrix?namespace=data' })).json();
    expect(body.cells.map((c: { to: string }) => c.to)).toEqual(['data/postgres', 'data/postgres', 'data/postgres']);
    expect(body.workloads).toHaveLength(4);
  });

  it('answers CSV for auditors, one row per cell', async () => {
    const { app } = await fixtureApp();
    const res = await app.inject({ method: 'GET', url: '/api/v1/matrix?format=csv&port=5432/TCP' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="accessgraph-[\w-]+-\d{8}T\d{6}Z-matrix-port-5432-TCP\.csv"$/);
    const lines = res.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe('from,to,port,protocol,l4Port,l4,l7,allowed,protection,l4_rule,l4_rule_at,l7_rule,l7_rule_at,reasons');
    expect(lines).toHaveLength(1 + 12 + 8);
    expect(lines.find((l) => l.startsWith('shop/frontend,data/postgres,5432,TCP,5432,allow,n/a,true,l4-only,'))).toBeDefined();
  });

  it('refuses a matrix over the cell limit with a 400 that says how to narrow it', async () => {
    const { app } = await fixtureApp({ matrixCellLimit: 5 });
    const res = await app.inject({ method: 'GET', url: '/api/v1/matrix' });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/^the matrix would have \d+ cells \(limit 5\): choose ports/);
  });

  it.each([['port=0', /not in 1-65535/], ['port=eighty', /port/], ['format=xlsx', /format/], ['namespace=', /namespace/]])('rejects %s with 400', async (query, message) => {
    const { app } = await fixtureApp();
    const res = await app.inject({ method: 'GET', url: `/api/v1/matrix?${query}` });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(message);
  });
});
