import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify from 'fastify';
import { describe, expect, it, vi } from 'vitest';
import { analyze, buildInventory, checkFlow, parseManifests } from '@accessgraph/model';
import { CheckResponseSchema } from '../../src/schemas/check.ts';
import { fullUpdate, KNOWN_LAYERS, type SourceState } from '../../src/sources/source.ts';
import { FIXTURES, SilentSource, eventually, fixtureApp, testApp } from '../helpers.ts';

function fixtureState(edit: (text: string) => string = (t) => t): SourceState {
  const files = ['data.yaml', 'shop.yaml'].map((f) => ({ path: f, text: edit(readFileSync(join(FIXTURES, f), 'utf8')) }));
  const parsed = parseManifests(files);
  return { objects: parsed.objects, diagnostics: parsed.diagnostics, layers: KNOWN_LAYERS };
}

async function silentApp() {
  const source = new SilentSource();
  const t = await testApp(source, { waitForSnapshot: false });
  source.listener!.update(fullUpdate(fixtureState()));
  await t.store.ready();
  return { ...t, listener: source.listener! };
}

function cacheCount(metrics: string, result: 'hit' | 'miss'): number {
  const m = new RegExp(`^accessgraph_check_answers_total\\{cache="${result}"\\} (\\d+)$`, 'm').exec(metrics);
  return m ? Number(m[1]) : 0;
}

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
    // Three segments are a kind-qualified workload id (issue 15); four are no id at all.
    [{ from: 'shop/frontend', to: 'shop/deployment/backend/extra' }, /to/],
    [{ from: 'shop/frontend', to: 'shop/backend:8080', port: 9090 }, /two ports given/],
    [{ from: 'shop/frontend', to: 'shop/backend:8080/UDP', protocol: 'TCP' }, /two protocols given/],
    [{ from: 'shop/frontend', to: 'shop/backend:99999' }, /not in 1-65535/],
    [{ from: 'shop/frontend', to: 'shop/backend:grpc' }, /declares no port named grpc/],
    [{ from: 'shop/frontend', to: 'service/shop/backend:81' }, /has no port 81; it has: 80\/TCP \(web\)/],
    [{ from: 'shop/frontend', to: 'shop/backend', extra: true }, /additional/],
    // JSON types as written: Fastify's coercion would make these ports 1 and 8080.
    [{ from: 'shop/frontend', to: 'shop/backend', port: true }, /body\/port must be a JSON integer, not a boolean/],
    [{ from: 'shop/frontend', to: 'shop/backend', port: '8080' }, /body\/port must be a JSON integer, not a string/],
    [{ from: 'shop/frontend', to: 'shop/backend', port: [8080] }, /body\/port must be a JSON integer, not an array/],
    [{ from: 1, to: 'shop/backend' }, /body\/from must be a JSON string, not a number/],
    [{ from: 'shop/frontend', to: 'shop/backend', protocol: 'udp' }, /body\/protocol must be one of "TCP", "UDP", "SCTP"/],
  ])('rejects a bad question with 400 and a message: %j', async (payload, message) => {
    const res = await check(payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(message);
  });

  it('answers a repeated question from the snapshot\'s cache, and a new snapshot with the new answer', async () => {
    const { app, store, listener } = await silentApp();
    const ask = () => app.inject({ method: 'POST', url: '/api/v1/check', payload: { from: 'shop/frontend', to: 'shop/backend', port: 8080 } });
    const first = await ask();
    const again = await ask();
    expect(first.json()).toMatchObject({ allowed: true, snapshot: { version: 1 } });
    expect(again.body).toBe(first.body);
    const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect([cacheCount(metrics, 'miss'), cacheCount(metrics, 'hit')]).toEqual([1, 1]);
    // The backend's NetworkPolicy stops admitting the frontend: the same question, a new answer.
    listener.update(fullUpdate(fixtureState((t) => t.replace('ports: [{ port: 4143 }, { port: 8080 }]', 'ports: [{ port: 9 }]'))));
    await eventually(() => store.current()!.version === 2, 2000, 'version 2');
    const after = (await ask()).json();
    expect(after).toMatchObject({ allowed: false, snapshot: { version: 2 } });
    expect(after.cells[0]).toMatchObject({ l4: 'deny', allowed: false });
    expect(cacheCount((await app.inject({ method: 'GET', url: '/metrics' })).body, 'miss')).toBe(2);
  });

  it('keys the cache on the question, not on how the JSON was written', async () => {
    const { app } = await silentApp();
    const a = await app.inject({ method: 'POST', url: '/api/v1/check', headers: { 'content-type': 'application/json' }, payload: '{"from":"shop/frontend","to":"shop/backend","port":8080}' });
    const b = await app.inject({ method: 'POST', url: '/api/v1/check', headers: { 'content-type': 'application/json' }, payload: '{ "port": 8080, "to": "shop/backend",  "from": "shop/frontend" }' });
    const c = await app.inject({ method: 'POST', url: '/api/v1/check', payload: { from: 'shop/frontend', to: 'shop/backend', port: 8080, protocol: 'UDP' } });
    expect(b.body).toBe(a.body);
    expect(c.json().cells[0].protocol).toBe('UDP');
    const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect([cacheCount(metrics, 'miss'), cacheCount(metrics, 'hit')]).toEqual([2, 1]);
  });

  it('writes exactly what the response schema\'s serializer writes, fresh or cached, stale or not', async () => {
    const { app, store, listener } = await silentApp();
    // Fastify's own serializer for the response schema, over the same answer.
    const reference = Fastify();
    reference.post('/', { schema: { response: { 200: CheckResponseSchema } } }, async (request) => {
      const snapshot = store.current()!;
      const outcome = checkFlow(snapshot.analysis, request.body as never);
      if (!outcome.ok) throw new Error(outcome.message);
      return { snapshot: store.info(snapshot), ...outcome.answer };
    });
    const workloads = store.current()!.analysis.inventory.workloads.map((w) => w.id);
    const questions: object[] = [];
    for (const from of workloads) {
      for (const to of workloads) {
        questions.push({ from, to }, { from, to, port: 8080 }, { from, to: `${to}:5432/TCP` }, { from, to, port: 53, protocol: 'UDP' });
      }
      questions.push({ from, to: 'service/shop/backend' }, { from, to: 'shop/backend:4143' });
    }
    const compare = async () => {
      let compared = 0;
      for (const payload of questions) {
        const ours = await app.inject({ method: 'POST', url: '/api/v1/check', payload });
        if (ours.statusCode !== 200) continue;
        compared++;
        const theirs = await reference.inject({ method: 'POST', url: '/', payload });
        expect(ours.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(JSON.parse(ours.body), JSON.stringify(payload)).toStrictEqual(JSON.parse(theirs.body));
      }
      expect(compared).toBeGreaterThan(questions.length / 2);
    };
    await compare();
    await compare(); // from the cache
    listener.health({ stale: true, since: new Date(Date.now() - 7000), reason: 'test' });
    // staleForSeconds is read off the clock per response: freeze Date so both serializers see the same second.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    try {
      await compare();
    } finally {
      vi.useRealTimers();
    }
    const stale = (await app.inject({ method: 'POST', url: '/api/v1/check', payload: questions[1]! })).json().snapshot;
    expect(stale.stale).toBe(true);
    expect(stale.staleForSeconds).toBeGreaterThanOrEqual(7);
    await reference.close();
  });
});

describe('checkFlow with a Service whose two ports lead to one target port', () => {
  it('asks the flow once: one cell, both Service ports in the resolution', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: c, image: x, ports: [{ name: http, containerPort: 8080 }] }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: client, namespace: shop }
spec:
  selector: { matchLabels: { app: client } }
  template:
    metadata: { labels: { app: client } }
    spec: { containers: [{ name: c, image: x }] }
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec:
  selector: { app: web }
  ports: [{ name: a, port: 80, targetPort: 8080 }, { name: b, port: 8080, targetPort: http }]
`;
    const parsed = parseManifests([{ path: 'shop.yaml', text }]);
    const analysis = analyze(buildInventory(parsed.objects).inventory);
    const outcome = checkFlow(analysis, { from: 'shop/client', to: 'service/shop/web' });
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.answer.service?.targets.map((t) => t.servicePort)).toEqual([80, 8080]);
    expect(outcome.answer.cells.map((c) => `${c.to}:${c.port}`)).toEqual(['shop/web:8080']);
  });
});
