/**
 * The compact graph (src/graph/compactGraph.ts, issue 13) is the full graph without its derived
 * fields: decoding it gives back `Analysis.graph()` field for field and in the same order, on
 * clusters that exercise every part of the format — kind-qualified ids, UDP ports, proxy-port
 * blocks, a custom inbound port, unknown layers, ports open to all with and without their flows.
 */
import { describe, expect, it } from 'vitest';
import { analyze, buildInventory, decodeCompactGraph, type Analysis, type CompactGraph } from '../../src/index.ts';
import { CompactGraphError } from '../../src/graph/compactGraph.ts';
import { generateCluster, ISSUE_13_SHAPE } from '../../bench/synthetic.ts';
import { cluster, deploy, namespace, netpol } from '../manifests.ts';

const compactOf = (a: Analysis, includeOpen = false) => JSON.parse([...a.compactGraph({ includeOpen })].join('')) as CompactGraph;
const synthetic = (options: Parameters<typeof generateCluster>[0], layers?: Parameters<typeof analyze>[1]) => analyze(buildInventory(generateCluster(options)).inventory, layers);

/** A small cluster with what the synthetic one lacks: same-named workloads of two kinds, UDP, a custom inbound port. */
function handMade(): Analysis {
  const statefulDb = deploy('data/db', { ports: ['pg:5432'] }).map((o) => (o.kind === 'Deployment' ? { ...o, kind: 'StatefulSet' } : o));
  return cluster([
    namespace('data', { team: 'data' }, { 'linkerd.io/inject': 'enabled' }),
    namespace('web'),
    deploy('data/db', { ports: ['pg:5432', 'dns:53/UDP'] }),
    statefulDb,
    deploy('data/cache', { ports: ['6379'], annotations: { 'config.linkerd.io/inbound-port': '4999' } }),
    deploy('web/app', { ports: ['http:8080'], meshed: true }),
    deploy('web/batch', { ports: ['9000'] }),
    netpol('data/db-only-pg', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ port: 5432 }, { protocol: 'UDP', port: 53 }] }] }),
  ]);
}

describe('compact graph decodes to the full graph', () => {
  const cases: [string, () => Analysis][] = [
    ['hand-made: kind-qualified ids, UDP, custom inbound port, proxy-port blocks', handMade],
    ['default synthetic shape (a third meshed: every edge class)', () => synthetic({ workloads: 300, seed: 3 })],
    ['issue 13 shape, scaled down (mostly unmeshed, whole-environment policies)', () => synthetic({ workloads: 400, seed: 1, namespaces: 160, meshedEvery: ISSUE_13_SHAPE.meshedEvery, wide: ISSUE_13_SHAPE.wide })],
    ['L7 unknown: unknown edges', () => synthetic({ workloads: 120, seed: 5 }, { layers: { l7: { state: 'unknown', reason: 'servers.policy.linkerd.io forbidden' } } })],
  ];
  it.each(cases)('%s', { timeout: 60_000 }, (_name, make) => {
    const a = make();
    for (const includeOpen of [false, true]) {
      const doc = compactOf(a, includeOpen);
      expect(doc.includeOpen).toBe(includeOpen);
      expect(decodeCompactGraph(doc)).toEqual(a.graph({ includeOpen }));
    }
  });

  it('the cases cover what they claim (so the equality above is not vacuous)', () => {
    const hand = handMade().graph({ includeOpen: true });
    expect(hand.nodes.map((n) => n.id)).toContain('data/statefulset/db');
    expect(hand.edges.some((e) => e.ports.some((p) => p.protocol === 'UDP'))).toBe(true);
    expect(hand.edges.some((e) => e.ports.some((p) => p.l4Port === 4999))).toBe(true);
    const meshedSynthetic = synthetic({ workloads: 300, seed: 3 }).graph({ includeOpen: true });
    // The cluster's own edges (edges with one end outside the cluster are checked by outside.test.ts).
    const classes = new Set(meshedSynthetic.edges.filter((e) => !e.from.startsWith('external:') && !e.to.startsWith('external:')).flatMap((e) => e.ports.map((p) => p.class)));
    expect([...classes].sort()).toEqual(['both', 'conflict', 'l4-only']);
    expect(hand.edges.some((e) => e.class === 'none')).toBe(true);
    expect(meshedSynthetic.edges.some((e) => e.ports.some((p) => p.proxyPortBlocked))).toBe(true);
    expect(hand.nodes.some((n) => n.openToAll.length > 0)).toBe(true);
    expect(synthetic({ workloads: 120, seed: 5 }, { layers: { l7: { state: 'unknown', reason: 'x' } } }).graph().edges.some((e) => e.class === 'unknown')).toBe(true);
  });
});

describe('compact graph writes nothing derivable', () => {
  const a = synthetic({ workloads: 300, seed: 3 });
  const doc = compactOf(a);
  const text = [...a.compactGraph()].join('');

  it('lists every workload once and refers to it by index: no workload id, edge id or class in the flows', () => {
    expect(doc.workloads).toHaveLength(a.table.size);
    expect(doc.flows.every((g) => g.every((n) => Number.isInteger(n)))).toBe(true);
    expect(text).not.toContain('->');
    expect(text.slice(text.indexOf('"flows"'), text.indexOf('"outside"'))).not.toMatch(/l4-only|"class"|"allowed"/);
    // The outside part names its class codes once, in its own table, never per edge.
    expect(text.slice(text.indexOf('"outside"'), text.indexOf('"diagnostics"')).match(/l4-only/g)).toHaveLength(1);
  });

  it('codes verdicts, kinds and protocols as indexes into its enums tables', () => {
    expect(doc.enums.l4).toEqual(['allow', 'deny', 'open', 'unknown']);
    expect(doc.enums.kind).toEqual(['Deployment', 'StatefulSet']);
    expect(doc.workloads.every((w) => typeof w.kind === 'number' && typeof w.ns === 'number')).toBe(true);
  });

  it('is a fraction of the full JSON', () => {
    const full = JSON.stringify(a.graph());
    expect(text.length * 5).toBeLessThan(full.length);
  });
});

describe('decodeCompactGraph refuses a malformed document', () => {
  const doc = compactOf(handMade());
  it.each<[string, (d: CompactGraph) => CompactGraph]>([
    ['another format', (d) => ({ ...d, format: 'other' as CompactGraph['format'] })],
    ['another version', (d) => ({ ...d, version: 2 as CompactGraph['version'] })],
    ['a workload index out of range', (d) => ({ ...d, flows: [[99, 0, 0, 6, 0, 0, 0]] })],
    ['a verdict code out of range', (d) => ({ ...d, flows: [[0, 0, 9, 6, 0, 0, 1]] })],
    ['verdicts that make no edge (l4 deny, l7 n/a)', (d) => ({ ...d, flows: [[0, 0, 1, 5, 0, 0, 1]] })],
    ['a group too short', (d) => ({ ...d, flows: [[0, 0, 0]] })],
  ])('%s', (_name, corrupt) => {
    expect(() => decodeCompactGraph(corrupt(doc))).toThrow(CompactGraphError);
  });
});
