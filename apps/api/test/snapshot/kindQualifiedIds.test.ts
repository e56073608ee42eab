/**
 * Issue 15: a Deployment and a StatefulSet of one namespace/name are two workloads with ids
 * `ns/deployment/name` and `ns/statefulset/name`. The check lookups find them by those ids,
 * and an unqualified id suggests both.
 */
import { describe, expect, it } from 'vitest';
import { analyze, buildInventory, checkFlow, parseManifests } from '@accessgraph/model';
import { closeMatches } from '../../src/commands/closeMatches.ts';

const text = `apiVersion: apps/v1
kind: Deployment
metadata: { name: db, namespace: shop }
spec:
  selector: { matchLabels: { app: db } }
  template:
    metadata: { labels: { app: db } }
    spec: { containers: [{ name: c, image: x, ports: [{ name: http, containerPort: 8080 }] }] }
---
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db, namespace: shop }
spec:
  selector: { matchLabels: { app: pg } }
  template:
    metadata: { labels: { app: pg } }
    spec: { containers: [{ name: c, image: x, ports: [{ name: pg, containerPort: 5432 }] }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: client, namespace: shop }
spec:
  selector: { matchLabels: { app: client } }
  template:
    metadata: { labels: { app: client } }
    spec: { containers: [{ name: c, image: x }] }
`;
const analysis = analyze(buildInventory(parseManifests([{ path: 'shop.yaml', text }]).objects).inventory);

describe('kind-qualified workload ids (issue 15)', () => {
  it('the model keeps both workloads', () => {
    expect(analysis.inventory.workloads.map((w) => w.id).sort()).toEqual(['shop/client', 'shop/deployment/db', 'shop/statefulset/db']);
  });
  it.each([
    ['shop/statefulset/db:pg', ['shop/statefulset/db:5432']],
    ['shop/deployment/db', ['shop/deployment/db:8080']],
    ['shop/statefulset/db:5432/TCP', ['shop/statefulset/db:5432']],
  ])('check to %s', (to, cells) => {
    const outcome = checkFlow(analysis, { from: 'shop/client', to });
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.answer.cells.map((c) => `${c.to}:${c.port}`)).toEqual(cells);
  });
  it('check from a kind-qualified id', () => {
    const outcome = checkFlow(analysis, { from: 'shop/statefulset/db', to: 'shop/deployment/db:8080' });
    expect(outcome.ok).toBe(true);
  });
  it('the unqualified id is no workload, and suggests both kinds', () => {
    const outcome = checkFlow(analysis, { from: 'shop/client', to: 'shop/db' });
    expect(outcome).toMatchObject({ ok: false, status: 404 });
    expect(closeMatches('shop/db', analysis.inventory.workloads.map((w) => w.id))).toEqual(['shop/deployment/db', 'shop/statefulset/db']);
  });
  it('a kind-qualified id that does not exist is a 404, not a Service lookup', () => {
    expect(checkFlow(analysis, { from: 'shop/client', to: 'shop/daemonset/db' })).toMatchObject({ ok: false, status: 404 });
  });
});

describe('GET /api/v1/workloads/:namespace/:kind/:name (issue 15)', () => {
  it('answers for each of two workloads sharing namespace and name', async () => {
    const { writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tempDir, testApp } = await import('../helpers.ts');
    const { ManifestWatchSource } = await import('../../src/sources/manifestWatch.ts');
    const dir = tempDir();
    writeFileSync(join(dir, 'shop.yaml'), text);
    const { app } = await testApp(new ManifestWatchSource({ paths: [dir], pollMs: 0 }));
    const sts = await app.inject({ method: 'GET', url: '/api/v1/workloads/shop/statefulset/db' });
    expect(sts.statusCode).toBe(200);
    expect(sts.json().workload).toMatchObject({ id: 'shop/statefulset/db', kind: 'StatefulSet' });
    expect((await app.inject({ method: 'GET', url: '/api/v1/workloads/shop/deployment/db' })).json().workload).toMatchObject({ kind: 'Deployment' });
    expect((await app.inject({ method: 'GET', url: '/api/v1/workloads/shop/db' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/v1/workloads/shop/client' })).statusCode).toBe(200);
  });
});
