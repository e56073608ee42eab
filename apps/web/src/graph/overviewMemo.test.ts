/**
 * An expansion reuses the overview's element definitions that it does not change (overview.ts,
 * issue 16: at 10,000 workloads an overview holds ~40,000 pair edges, rebuilt on every
 * expansion before): the same objects for collapsed boxes and for pair edges whose kind did
 * not change, and the same content as a fresh computation whatever was expanded before.
 */
import { describe, expect, it } from 'vitest';
import { EDGE_CLASSES, type EdgeClass } from '@accessgraph/model';
import type { GraphResponseLike } from './graphTypes.ts';
import { overviewElements, type OverviewLike, type OverviewNamespaceLike } from './overview.ts';

const counts = (over: Partial<Record<EdgeClass, number>>): Record<EdgeClass, number> => ({ ...(Object.fromEntries(EDGE_CLASSES.map((c) => [c, 0])) as Record<EdgeClass, number>), ...over });
const ns = (name: string): OverviewNamespaceLike => ({ name, workloads: 2, meshedWorkloads: 0, posture: { ingressDefaultDeny: 'all', egressDefaultDeny: 'none', l7DefaultPolicy: 'n/a', openPorts: 0, findings: { error: 0, warning: 0, info: 0 } } });
const pair = (from: string, to: string, c: Partial<Record<EdgeClass, number>>) => ({ from, to, counts: counts(c), flows: Object.values(counts(c)).reduce((a, b) => a + b, 0), ports: 1 });
const names = ['a', 'b', 'c', 'd'];
const overview = (): OverviewLike => ({
  namespaces: names.map(ns),
  pairs: [pair('a', 'b', { 'l4-only': 3, conflict: 1 }), pair('b', 'c', { both: 2 }), pair('c', 'd', { none: 1 }), pair('d', 'a', { 'l4-only': 1 }), pair('b', 'a', { unknown: 1 })],
});
const node = (id: string) => {
  const [namespace, name] = id.split('/') as [string, string];
  return { id, namespace, name, kind: 'Deployment', meshed: false, serviceAccount: 'default', labels: {}, ports: [], openToAll: [], l4Isolated: true, sensitive: false };
};
const edge = (from: string, to: string) => ({ id: `${from}->${to}`, from, to, class: 'l4-only' as const, mixed: false, ports: [{ port: 80, protocol: 'TCP' as const, l4Port: 80, l4: 'allow' as const, l7: 'n/a' as const, allowed: true, protection: 'l4-only' as const, class: 'l4-only' as const }] });
const graphOf = (n: string): GraphResponseLike => ({ namespaces: [], nodes: [node(`${n}/x`), node(`${n}/y`), node('b/db')], edges: [edge(`${n}/x`, `${n}/y`), edge(`${n}/x`, 'b/db')] });
const expanded = (...open: string[]) => new Map(open.map((n) => [n, graphOf(n)]));

describe('overview element definitions across expansions', () => {
  it('a collapsed namespace box and a pair edge whose kind is unchanged are the same definition on the next call', () => {
    const o = overview();
    const first = overviewElements(o, expanded());
    const next = overviewElements(o, expanded('a'));
    const get = (els: typeof first, id: string) => els.find((e) => e.data.id === id);
    // c and d stay collapsed; the pair c→d involves neither end expanded.
    expect(get(next, 'ns:c')).toBe(get(first, 'ns:c'));
    expect(get(next, 'pair:c->d:none')).toBe(get(first, 'pair:c->d:none'));
    // a is expanded: its box and its pairs (now bundles) are new definitions.
    expect(get(next, 'ns:a')).not.toBe(get(first, 'ns:a'));
    expect(get(next, 'pair:a->b:l4-only')).not.toBe(get(first, 'pair:a->b:l4-only'));
    expect(get(next, 'pair:a->b:l4-only')?.classes).toContain('bundle');
  });

  it('after any sequence of expansions, the elements equal those computed from a fresh overview', () => {
    const o = overview();
    const sequence: string[][] = [[], ['a'], ['a', 'c'], ['c'], [], ['b', 'd'], names, ['a']];
    for (const open of sequence) {
      const memoised = overviewElements(o, expanded(...open));
      const fresh = overviewElements(overview(), expanded(...open));
      expect(memoised).toEqual(fresh);
    }
  });

  it('a collapsed box handed out again is not changed by what is done with the last one (callers copy the data)', () => {
    const o = overview();
    const box = overviewElements(o, expanded()).find((e) => e.data.id === 'ns:c')!;
    const label = box.data.kind === 'namespace' ? box.data.label : '';
    overviewElements(o, expanded('c'));
    const again = overviewElements(o, expanded()).find((e) => e.data.id === 'ns:c')!;
    expect(again).toBe(box);
    expect(again.data.kind === 'namespace' && again.data.label).toBe(label);
  });
});
