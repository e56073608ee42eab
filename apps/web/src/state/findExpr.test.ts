import { describe, expect, it } from 'vitest';
import type { EdgeClass, GraphEdge, GraphNode } from '../graph/graphTypes.ts';
import { applyFind, pairPlan, parseFind, type FindExpr } from './findExpr.ts';

function node(id: string, over: Partial<GraphNode> = {}): GraphNode {
  const [namespace, name] = id.split('/') as [string, string];
  return { id, namespace, name, kind: 'Deployment', meshed: false, serviceAccount: 'default', labels: {}, ports: [], openToAll: [], l4Isolated: false, sensitive: false, ...over };
}
function edge(from: string, to: string, ports: [number, EdgeClass][]): GraphEdge {
  return {
    id: `${from}->${to}`,
    from,
    to,
    class: ports[0]![1],
    mixed: ports.some((p) => p[1] !== ports[0]![1]),
    ports: ports.map(([port, cls]) => ({ port, protocol: 'TCP', l4Port: port, l4: 'allow', l7: 'n/a', allowed: true, protection: 'l4-only', class: cls })),
  };
}

const nodes = [
  node('web/app'),
  node('web/api', { ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] }),
  node('payments/pay'),
  node('data/postgresql', { sensitive: true, ports: [{ name: 'pg', port: 5432, protocol: 'TCP' }] }),
  node('kube-system/dns'),
];
const graph = {
  namespaces: ['web', 'payments', 'data', 'kube-system'].map((name) => ({ name })),
  nodes,
  edges: [
    edge('web/app', 'data/postgresql', [[5432, 'l4-only']]),
    edge('web/app', 'web/api', [[8080, 'both'], [9090, 'none']]),
    edge('payments/pay', 'data/postgresql', [[5432, 'conflict']]),
    edge('kube-system/dns', 'web/api', [[8080, 'none']]),
    edge('web/api', 'kube-system/dns', [[53, 'none']]),
  ],
};
const parse = (text: string): FindExpr => {
  const r = parseFind(text);
  if (!r.ok) throw new Error(r.message);
  return r.expr;
};
const edgeIds = (text: string) => applyFind(graph, parse(text)).edges.map((e) => e.id);

describe('find expressions: which flows a term keeps', () => {
  const cases: [string, string, string[]][] = [
    ['the empty expression keeps everything', '', graph.edges.map((e) => e.id)],
    ['to:sensitive — destinations flagged sensitive', 'to:sensitive', ['web/app->data/postgresql', 'payments/pay->data/postgresql']],
    ['terms are ANDed: to:sensitive protection:l4-only', 'to:sensitive protection:l4-only', ['web/app->data/postgresql']],
    ['ns: either end, with a class', 'ns:payments class:conflict', ['payments/pay->data/postgresql']],
    ['from: an id glob, port: a number', 'from:web/* port:5432', ['web/app->data/postgresql']],
    ['port: a name the destination declares', 'port:http', ['web/app->web/api', 'kube-system/dns->web/api']],
    ['values are ORed: class:conflict,l4-only', 'class:conflict,l4-only', ['web/app->data/postgresql', 'payments/pay->data/postgresql']],
    ['-ns: hides both directions', '-ns:kube-system', ['web/app->data/postgresql', 'web/app->web/api', 'payments/pay->data/postgresql']],
    ['a namespace glob', 'from:pay*', ['payments/pay->data/postgresql']],
    ['from: a bare namespace', 'from:kube-system', ['kube-system/dns->web/api']],
    ['find and hide together', 'to:web/* -from:kube-system/*', ['web/app->web/api']],
    ['aliases: l4 = l4-only, open = none', 'class:open', ['web/app->web/api', 'kube-system/dns->web/api', 'web/api->kube-system/dns']],
  ];
  for (const [rule, text, expected] of cases) it(rule, () => expect(edgeIds(text)).toEqual(expected));

  it('a port-level term drops the other ports of an edge and recomputes its class', () => {
    const e = applyFind(graph, parse('class:none from:web/app')).edges;
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({ id: 'web/app->web/api', class: 'none', mixed: false });
    expect(e[0]!.ports.map((p) => p.port)).toEqual([9090]);
  });

  it('keeps the workloads at both ends of found flows, and those a positive ns: names', () => {
    expect(applyFind(graph, parse('to:sensitive')).nodes.map((n) => n.id)).toEqual(['web/app', 'payments/pay', 'data/postgresql']);
    expect(applyFind(graph, parse('ns:payments')).nodes.map((n) => n.id)).toContain('payments/pay');
    const hidden = applyFind(graph, parse('-ns:kube-system'));
    expect(hidden.nodes.map((n) => n.id)).not.toContain('kube-system/dns');
    expect(hidden.namespaces.map((n) => n.name)).toEqual(['web', 'payments', 'data']);
  });
});

describe('find expressions: bad input is a message, never a throw', () => {
  const bad: [string, RegExp][] = [
    ['payments', /key:value/],
    ['colour:red', /not a key/],
    ['class:great', /not a class/],
    ['port:99999', /not in 1-65535/],
    ['port:5432/xyz', /not a port/],
    ['from:', /value is missing/],
    ['from:a/b/c/d', /not a workload id/],
    ['ns:we$b', /not a namespace/],
  ];
  for (const [text, message] of bad) {
    it(`“${text}”`, () => {
      const r = parseFind(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(message);
    });
  }
});

describe('what the namespace overview can answer (pairPlan)', () => {
  it('namespace terms test pairs; class and numeric ports go to the API', () => {
    const p = pairPlan(parse('from:web/* -ns:kube-system class:conflict,none -class:none port:5432'));
    expect(p.pair('web', 'data')).toBe(true);
    expect(p.pair('data', 'web')).toBe(false);
    expect(p.pair('web', 'kube-system')).toBe(false);
    expect(p.namespaceHidden('kube-system')).toBe(true);
    expect(p.protections).toEqual(['conflict']);
    expect(p.ports).toEqual(['5432']);
    expect(p.needsWorkloads).toEqual([]);
  });
  it('sensitive, workload globs and port names need the workloads', () => {
    expect(pairPlan(parse('to:sensitive from:web/app* port:http')).needsWorkloads).toEqual(['to:sensitive', 'from:web/app*', 'port:http']);
  });
});
