/**
 * The audit report's content (issue 16): each section from a small cluster whose answers are
 * known by construction — a default-deny namespace with one admitting rule, a sensitive store
 * open to all, a namespace default inbound policy — plus the folding of repeated findings,
 * the exposed section for a graph that carries `exposures`, and the figure split.
 */
import { describe, expect, it } from 'vitest';
import { buildAuditReport, type Analysis, type Diagnostic, type Graph, type ObjectRef } from '../../src/index.ts';
import { decidingRule, groupFindings, type ReportMeta } from '../../src/report/auditReport.ts';
import { cluster, deploy, namespace, netpol } from '../manifests.ts';

const META: ReportMeta = { source: 'test', takenAt: '2026-01-01T00:00:00.000Z', inputHash: 'sha256:00', toolVersion: '0.0.0' };

const objects = [
  namespace('data'),
  namespace('shop', {}, { 'config.linkerd.io/default-inbound-policy': 'deny' }),
  namespace('cache'),
  deploy('data/postgres', { ports: [5432] }),
  deploy('shop/web', { ports: [8080] }),
  deploy('shop/api', { ports: [8080] }),
  deploy('shop/batch'),
  deploy('cache/redis', { ports: [6379] }),
  // object 8: isolates every pod of data and admits nothing
  netpol('data/default-deny', { podSelector: {}, policyTypes: ['Ingress'] }),
  // object 9: admits the shop namespace on 5432
  netpol('data/allow-shop', { podSelector: { matchLabels: { app: 'postgres' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } }], ports: [{ port: 5432 }] }] }),
  // object 10: egress isolation of shop/batch, admitting only data and cache
  netpol('shop/batch-egress', { podSelector: { matchLabels: { app: 'batch' } }, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['data', 'cache'] }] } }] }] }),
  // object 11: selects nothing (a finding with file:line)
  netpol('shop/stale', { podSelector: { matchLabels: { app: 'gone' } }, ingress: [{}] }),
];

// cluster() numbers the flattened objects from line 1: deploy() gives one object per workload here.
const lineOf = (name: string) => objects.flat().findIndex((o) => (o as { metadata: { name: string } }).metadata.name === name) + 1;

describe('buildAuditReport', () => {
  const analysis = cluster(objects);
  const report = buildAuditReport(analysis, META);

  it('carries the meta it is given and the layer states', () => {
    expect(report.meta).toEqual(META);
    expect(report.layers).toEqual({ l4: { state: 'known' }, l7: { state: 'known' } });
    expect(report.totals).toMatchObject({ namespaces: 3, workloads: 5, meshed: 0 });
  });

  it('counts flows by class exactly as the graph has them (open-to-all ports apart)', () => {
    const g = analysis.graph();
    for (const c of report.classCounts) {
      expect(c.flows, c.cls).toBe(g.edges.flatMap((e) => e.ports).filter((p) => p.class === c.cls).length);
      expect(c.edges, c.cls).toBe(g.edges.filter((e) => e.class === c.cls).length);
    }
    expect(report.openToAll.ports).toBe(g.nodes.reduce((s, n) => s + n.openToAll.length, 0));
    expect(report.totals.flows).toBe(report.classCounts.reduce((s, c) => s + c.flows, 0));
  });

  it('lists who reaches a sensitive workload per port with the deciding rule and its file:line; denied clients are not listed', () => {
    const pg = report.sensitive.find((s) => s.id === 'data/postgres')!;
    expect(pg).toBeDefined();
    // shop/batch is egress-isolated (its own rule admits data): another deciding rule, another row.
    expect(pg.access).toHaveLength(2);
    const [row, batch] = pg.access as [(typeof pg.access)[0], (typeof pg.access)[0]];
    expect(row).toMatchObject({ port: '5432/TCP', clients: ['shop/api', 'shop/web'], l4: 'allow', l7: 'n/a', cls: 'l4-only', allClients: false });
    expect(row.l4Rule).toBe(`NetworkPolicy data/allow-shop ingress rule 0 (test.yaml:${lineOf('allow-shop')})`);
    expect(batch).toMatchObject({ port: '5432/TCP', clients: ['shop/batch'], l4: 'allow' });
    expect(batch.l4Rule).toContain(`NetworkPolicy shop/batch-egress egress rule 0 (test.yaml:${lineOf('batch-egress')})`);
    expect(batch.l4Rule).toContain('NetworkPolicy data/allow-shop ingress rule 0');
    expect(pg.access.flatMap((a) => a.clients)).not.toContain('cache/redis');
  });

  it('a sensitive port open to all is one "every workload" row, not N', () => {
    const redis = report.sensitive.find((s) => s.id === 'cache/redis')!;
    expect(redis.openToAll).toEqual(['6379/TCP']);
    const open = redis.access.filter((a) => a.allClients);
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ port: '6379/TCP', clients: ['every workload (4)'], l4: 'open' });
  });

  it('namespace posture: default-deny, isolation counts, egress, the L7 default and where it comes from', () => {
    const by = Object.fromEntries(report.namespaces.map((n) => [n.name, n]));
    expect(by.data).toMatchObject({ workloads: 1, l4Ingress: 'default-deny (default-deny)', l4IngressAll: true, l4Egress: 'none', openPorts: 0 });
    expect(by.shop).toMatchObject({ workloads: 3, l4Ingress: 'none', l4Egress: '1 of 3 isolated', l7Default: 'deny (namespace annotation)' });
    expect(by.cache).toMatchObject({ l4Ingress: 'none', openPorts: 1, l7Default: 'all-unauthenticated (cluster default, Linkerd chart default)' });
    expect(by.shop!.findings).toBeGreaterThanOrEqual(1); // shop/stale selects nothing
    const overridden = buildAuditReport(analysis, { ...META, linkerdDefaultPolicy: 'all-authenticated' });
    expect(overridden.namespaces.find((n) => n.name === 'cache')!.l7Default).toBe('all-authenticated (--linkerd-default-policy)');
  });

  it('findings by severity carry the object and file:line', () => {
    const all = report.findings.flatMap((s) => s.groups.flatMap((g) => g.items));
    const stale = all.find((f) => f.code === 'policy-selects-nothing');
    expect(stale).toMatchObject({ object: 'NetworkPolicy shop/stale', where: `test.yaml:${lineOf('stale')}` });
    expect(report.findings.map((s) => s.severity)).toEqual(['error', 'warning', 'info']);
    expect(report.findings.reduce((n, s) => n + s.count, 0)).toBe(analysis.graph().diagnostics.length);
  });

  it('has no exposed section when the graph does not say what is exposed', () => {
    expect(report.exposed).toBeUndefined();
  });

  it('is deterministic', () => {
    expect(JSON.stringify(buildAuditReport(cluster(objects), META))).toBe(JSON.stringify(report));
  });
});

describe('exposed workloads (a graph whose nodes carry exposures)', () => {
  const analysis = cluster(objects);
  const withExposures = (exposures: Record<string, { object: ObjectRef; path: string }[]>): Analysis => {
    const g = analysis.graph();
    const graph: Graph = { ...g, nodes: g.nodes.map((n) => ({ ...n, exposures: exposures[n.id] ?? [] })) };
    return Object.assign(Object.create(analysis) as Analysis, { graph: () => graph });
  };

  it('lists each exposed workload with the exposing object and path, sensitive ones first', () => {
    const r = buildAuditReport(
      withExposures({
        'shop/web': [{ object: { kind: 'Ingress', namespace: 'shop', name: 'web' }, path: 'spec.rules[0].http.paths[0].backend' }],
        'data/postgres': [{ object: { kind: 'Service', namespace: 'data', name: 'postgres-lb' }, path: 'spec.type' }],
      }),
      META,
    );
    expect(r.exposed!.map(({ fromOutside: _, ...x }) => x)).toEqual([
      { id: 'data/postgres', sensitive: true, exposures: [{ object: 'Service data/postgres-lb', path: 'spec.type' }] },
      { id: 'shop/web', sensitive: false, exposures: [{ object: 'Ingress shop/web', path: 'spec.rules[0].http.paths[0].backend' }] },
    ]);
    // What protects each against every address outside, per declared port: the model's own check of external:0.0.0.0/0.
    for (const x of r.exposed!) {
      expect(x.fromOutside.length).toBeGreaterThan(0);
      for (const f of x.fromOutside) {
        const [port, protocol] = f.port.split('/');
        const c = analysis.check({ from: 'external:0.0.0.0/0', to: x.id, port: Number(port), protocol: protocol as 'TCP' });
        expect(c.ok && [c.cell.l4, c.cell.l7, c.cell.allowed]).toEqual([f.l4, f.l7, f.allowed]);
      }
    }
  });

  it('an empty exposures list everywhere is an empty section, not an absent one', () => {
    expect(buildAuditReport(withExposures({}), META).exposed).toEqual([]);
  });
});

describe('groupFindings', () => {
  const d = (over: Partial<Diagnostic>): Diagnostic => ({ code: 'meshed-port-rule-ineffective', severity: 'error', message: 'm', object: { kind: 'NetworkPolicy', namespace: 'a', name: 'p', file: 'f.yaml', line: 3 }, path: 'spec.ingress[0].ports', ...over });

  it('folds repeats of one code on the same object, place and port into one row with the workloads they add', () => {
    const [errors] = groupFindings([d({ workloads: ['a/x', 'a/y'], port: '80/TCP' }), d({ workloads: ['a/x', 'a/z'], port: '80/TCP' }), d({ workloads: ['a/w'], port: '80/TCP' }), d({ workloads: ['a/x'], port: '81/TCP' })]);
    expect(errors!.count).toBe(4);
    expect(errors!.groups).toHaveLength(1);
    const [first, other] = errors!.groups[0]!.items;
    expect(first).toMatchObject({ where: 'f.yaml:3', port: '80/TCP', workloads: ['a/x', 'a/y'], more: { count: 2, workloads: ['a/z', 'a/w'] } });
    expect(other).toMatchObject({ port: '81/TCP' });
    expect(other!.more).toBeUndefined();
  });

  it('never folds findings without an object (file-level problems)', () => {
    const [errors] = groupFindings([d({ code: 'parse-error', object: undefined, file: 'x.yaml', line: 2 }), d({ code: 'parse-error', object: undefined, file: 'x.yaml', line: 2 })]);
    expect(errors!.groups[0]!.items).toHaveLength(2);
  });
});

describe('decidingRule', () => {
  it('names the deciding objects with rule and file:line, leaving out sides no policy isolates', () => {
    expect(
      decidingRule([
        { role: 'not-isolated', direction: 'egress', text: 'no NetworkPolicy isolates a/x for egress' },
        { role: 'admits', kind: 'NetworkPolicy', namespace: 'b', name: 'p', direction: 'ingress', rule: 1, file: 'f.yaml', line: 9, text: '…' },
      ]),
    ).toBe('NetworkPolicy b/p ingress rule 1 (f.yaml:9)');
  });

  it('without a deciding object, names the side by its role so clients decided alike group', () => {
    const text = (who: string) => decidingRule([{ role: 'not-isolated', direction: 'egress', text: `no NetworkPolicy isolates ${who} for egress` }, { role: 'not-isolated', direction: 'ingress', text: 'no NetworkPolicy isolates b/y for ingress' }]);
    expect(text('a/x')).toBe('no NetworkPolicy isolates the client for egress; no NetworkPolicy isolates the destination for ingress');
    expect(text('a/z')).toBe(text('a/x'));
  });
});

describe('figures', () => {
  const analysis = cluster(objects);

  it('an overview between namespaces, then one figure per namespace; every line joins two boxes of its figure', () => {
    const r = buildAuditReport(analysis, META);
    expect(r.figures.map((f) => f.id)).toEqual(['overview', 'ns-cache', 'ns-data', 'ns-shop']);
    for (const f of r.figures) {
      const src = new Set(f.sources.map((b) => b.id));
      const dst = new Set(f.destinations.map((b) => b.id));
      for (const e of f.edges) {
        expect(src.has(e.from), `${f.id} ${e.from}`).toBe(true);
        expect(dst.has(e.to), `${f.id} ${e.to}`).toBe(true);
      }
    }
    const data = r.figures.find((f) => f.id === 'ns-data')!;
    expect(data.destinations.map((b) => [b.label, b.detail, b.sensitive])).toEqual([['postgres', '5432/TCP', true]]);
    expect(data.sources.map((b) => b.id)).toEqual(['ns:shop']);
    expect(data.edges).toEqual([{ from: 'ns:shop', to: 'data/postgres', cls: 'l4-only', ports: ['5432/TCP'], flows: 3 }]);
  });

  it('splits a namespace with more destinations than a figure holds, and folds clients beyond the limit into one box', () => {
    const r = buildAuditReport(analysis, META, { maxDestinations: 1, maxSources: 1 });
    expect(r.figures.filter((f) => f.id.startsWith('ns-shop-')).map((f) => f.title)).toEqual([
      'Namespace shop: who reaches its workloads (part 1 of 3)',
      'Namespace shop: who reaches its workloads (part 2 of 3)',
      'Namespace shop: who reaches its workloads (part 3 of 3)',
    ]);
    for (const f of r.figures) expect(f.sources.length).toBeLessThanOrEqual(1);
    // shop/web and shop/api each reach the other: with one client row that row is a folded box when there are two clients.
    const overview = r.figures.filter((f) => f.id.startsWith('overview'));
    expect(overview.length).toBe(3);
  });
});
