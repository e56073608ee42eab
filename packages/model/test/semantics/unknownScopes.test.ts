/**
 * Fail closed: policy that accessgraph does not evaluate — another engine's kinds (SEMANTICS
 * §1, issue 12) or an object the API server would reject (issue 15) — makes every flow it could
 * decide `unknown` at its layer, with the object as the reason. Never "grants nothing".
 */
import { describe, expect, it } from 'vitest';
import { analyze, buildInventory, ModelIndex, parseManifests, positionKey, resetTo, type Cell } from '../../src/index.ts';
import { cluster, deploy, flow, netpol, server } from '../manifests.ts';

type Obj = Record<string, unknown>;

const obj = (apiVersion: string, kind: string, name: string, namespace?: string, spec: Obj = {}): Obj => ({
  apiVersion,
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}) },
  spec,
});

/** Three workloads: two in `prod`, one in `dev`; unisolated, unmeshed unless told. */
const base = (meshed = false) => [deploy('prod/api', { ports: [8080], meshed }), deploy('prod/db', { ports: [5432], meshed }), deploy('dev/tool', { ports: [80], meshed })];

interface EngineCase {
  rule: string;
  source: string;
  object: Obj;
  layer: 'l4' | 'l7';
  /** A flow the object could decide, and one it cannot (namespaced kinds only). */
  affected: [string, string, number];
  unaffected?: [string, string, number];
}

// The engines and their kinds: Cilium (cilium.io/v2 CRDs), Calico (projectcalico.org/v3),
// Antrea (crd.antrea.io/v1beta1), Istio (security.istio.io/v1). Each enforces; none is evaluated
// yet. (kubernetes-sigs/network-policy-api kinds are evaluated since issue 17:
// upstream-admin-tiers.test.ts.)
const ENGINE_CASES: EngineCase[] = [
  { rule: 'CiliumNetworkPolicy (namespaced) makes L4 unknown for flows touching its namespace', source: 'cilium/cilium pkg/k8s/apis/cilium.io/v2 CiliumNetworkPolicy', object: obj('cilium.io/v2', 'CiliumNetworkPolicy', 'lock', 'prod', { endpointSelector: {} }), layer: 'l4', affected: ['dev/tool', 'prod/db', 5432] },
  { rule: 'CiliumClusterwideNetworkPolicy makes L4 unknown for every flow', source: 'cilium/cilium CiliumClusterwideNetworkPolicy (cluster-scoped)', object: obj('cilium.io/v2', 'CiliumClusterwideNetworkPolicy', 'global'), layer: 'l4', affected: ['prod/api', 'dev/tool', 80] },
  { rule: 'Calico NetworkPolicy (projectcalico.org/v3) makes L4 unknown in its namespace', source: 'projectcalico/api pkg/apis/projectcalico/v3 networkpolicy.go', object: obj('projectcalico.org/v3', 'NetworkPolicy', 'p', 'dev', { selector: 'all()' }), layer: 'l4', affected: ['prod/api', 'dev/tool', 80], unaffected: ['prod/api', 'prod/db', 5432] },
  { rule: 'Calico GlobalNetworkPolicy (crd.projectcalico.org/v1) makes L4 unknown everywhere', source: 'projectcalico/api globalnetworkpolicy.go (cluster-scoped)', object: obj('crd.projectcalico.org/v1', 'GlobalNetworkPolicy', 'g'), layer: 'l4', affected: ['prod/api', 'prod/db', 5432] },
  { rule: 'Antrea NetworkPolicy makes L4 unknown in its namespace', source: 'antrea-io/antrea pkg/apis/crd/v1beta1 NetworkPolicy', object: obj('crd.antrea.io/v1beta1', 'NetworkPolicy', 'a', 'prod'), layer: 'l4', affected: ['prod/api', 'prod/db', 5432] },
  { rule: 'Antrea ClusterNetworkPolicy makes L4 unknown everywhere', source: 'antrea-io/antrea pkg/apis/crd/v1beta1 ClusterNetworkPolicy', object: obj('crd.antrea.io/v1beta1', 'ClusterNetworkPolicy', 'c'), layer: 'l4', affected: ['dev/tool', 'prod/api', 8080] },
  { rule: 'Istio AuthorizationPolicy makes L7 unknown for flows touching its namespace', source: 'istio/api security/v1 authorization_policy.proto', object: obj('security.istio.io/v1', 'AuthorizationPolicy', 'deny-all', 'prod', {}), layer: 'l7', affected: ['dev/tool', 'prod/api', 8080] },
  { rule: 'Istio AuthorizationPolicy in the root namespace (istio-system) applies mesh-wide', source: 'istio/api security/v1 authorization_policy.proto (root namespace)', object: obj('security.istio.io/v1', 'AuthorizationPolicy', 'mesh', 'istio-system', {}), layer: 'l7', affected: ['prod/api', 'dev/tool', 80] },
];

describe('other enforcement engines make their layer unknown (SEMANTICS §1)', () => {
  it.each(ENGINE_CASES)('$rule ($source)', ({ object, layer, affected, unaffected }) => {
    const a = cluster([...base(), object]);
    const c = flow(a, ...affected);
    expect(c[layer]).toBe('unknown');
    expect(c.allowed).toBeNull();
    expect(c.protection).toBeNull();
    const reason = c.reasons[layer][0]!;
    expect(reason).toMatchObject({ role: 'layer-unknown', kind: (object.kind as string), name: (object.metadata as Obj).name, file: 'test.yaml' });
    expect(reason.text).toContain('accessgraph does not evaluate');
    // The other layer still says what it knows.
    const other = layer === 'l4' ? 'l7' : 'l4';
    expect(c[other]).not.toBe('unknown');
    expect(a.diagnostics.some((d) => d.code === 'layer-unknown' && d.object?.name === (object.metadata as Obj).name)).toBe(true);
    expect(a.diagnostics.some((d) => d.code === 'unknown-policy-kind')).toBe(false);
    if (unaffected) expect(flow(a, ...unaffected)[layer]).not.toBe('unknown');
  });

  it('a namespaced engine policy leaves flows between other namespaces known', () => {
    const a = cluster([...base(), deploy('other/x', { ports: [9090] }), obj('cilium.io/v2', 'CiliumNetworkPolicy', 'lock', 'prod')]);
    expect(flow(a, 'dev/tool', 'other/x', 9090).l4).toBe('open');
    expect(flow(a, 'prod/api', 'other/x', 9090).l4).toBe('unknown');
  });

  it('a deny at the other layer still decides: an engine cannot undo a Linkerd deny', () => {
    // Linkerd denies (Server without authorization, accessPolicy deny); Cilium makes L4 unknown; the flow is denied.
    const a = cluster([...base(true), server('prod/db-srv', { app: 'db' }, 5432), obj('cilium.io/v2', 'CiliumNetworkPolicy', 'lock', 'prod')]);
    const c = flow(a, 'prod/api', 'prod/db', 5432);
    expect([c.l4, c.l7, c.allowed]).toEqual(['unknown', 'deny', false]);
  });

  it('the graph draws a flow inside an engine scope as unknown, never as allowed', () => {
    const a = cluster([...base(), obj('cilium.io/v2', 'CiliumNetworkPolicy', 'lock', 'prod')]);
    const g = a.graph({ includeOpen: true });
    const edges = g.edges.filter((e) => e.to === 'prod/db' || e.from === 'prod/db');
    expect(edges.length).toBeGreaterThan(0);
    for (const e of edges) expect(e.class).toBe('unknown');
  });
});

const invalidPolicy = netpol('prod/bad', { podSelector: { matchLabels: { app: 'db' } }, ingress: { from: [] } });

describe('an invalid policy object fails closed (issue 15)', () => {
  const cases: { rule: string; objects: (Obj | Obj[])[]; flow: [string, string, number]; layer: 'l4' | 'l7'; still?: [string, string, number, string] }[] = [
    {
      rule: 'NetworkPolicy with spec.ingress a map (API server: cannot unmarshal object into []NetworkPolicyIngressRule) makes L4 unknown for the pods its valid podSelector selects',
      objects: [...base(), invalidPolicy],
      flow: ['prod/api', 'prod/db', 5432],
      layer: 'l4',
      still: ['dev/tool', 'prod/api', 8080, 'open'],
    },
    {
      rule: 'NetworkPolicy with an invalid podSelector makes L4 unknown for its whole namespace',
      objects: [...base(), netpol('prod/bad', { podSelector: { matchExpressions: [{ key: 'app', operator: 'Equals', values: ['x'] }] } })],
      flow: ['dev/tool', 'prod/api', 8080],
      layer: 'l4',
      still: ['prod/api', 'dev/tool', 80, 'unknown'],
    },
  ];
  it.each(cases)('$rule', ({ objects, flow: f, layer, still }) => {
    const sourced = objects.flat().map((object, i) => ({ object, file: 'test.yaml', line: i + 1 }));
    const { inventory, diagnostics } = buildInventory(sourced);
    expect(inventory.unknownScopes.length).toBe(1);
    expect(diagnostics.some((d) => d.code === 'invalid-object' && d.severity === 'error')).toBe(true);
    const a = analyze(inventory, { inputDiagnostics: diagnostics });
    const c: Cell = flow(a, ...f);
    expect(c[layer]).toBe('unknown');
    expect(c.allowed).toBeNull();
    expect(c.reasons[layer][0]).toMatchObject({ role: 'layer-unknown', file: 'test.yaml' });
    expect(c.reasons[layer][0]!.text).toContain('API server would reject');
    if (still) expect(flow(a, still[0], still[1], still[2])[layer]).toBe(still[3]);
    // The diagnostic names the workloads it makes unknown (workload panel, check's diagnostics).
    expect(a.diagnostics.find((d) => d.severity === 'error' && d.workloads?.length)?.workloads).toContain(f[1]);
  });

  it('an unmeshed destination stays n/a at L7 even when a Linkerd object in its namespace is invalid', () => {
    const a = cluster([...base(false), server('prod/db-srv', { app: 'db' }, -1)]);
    expect(flow(a, 'prod/api', 'prod/db', 5432).l7).toBe('n/a');
  });

  it('incremental analysis after an invalid object appears equals a fresh one', () => {
    const index = new ModelIndex();
    const objects = [...base(), invalidPolicy].flat().map((object, i) => ({ object, file: 'test.yaml', line: i + 1 }));
    index.apply(resetTo(objects.slice(0, -1)));
    index.analyze().graph({ includeOpen: true });
    index.apply({ changes: [{ type: 'apply', key: positionKey(objects.length - 1), object: objects[objects.length - 1]! }] });
    const next = index.analyze();
    const fresh = analyze(buildInventory(objects).inventory);
    expect([...next.cells()].map((c) => [c.from, c.to, c.port, c.l4])).toEqual([...fresh.cells()].map((c) => [c.from, c.to, c.port, c.l4]));
    // Reused per-destination graph parts would keep the old (open) edges: the scope change must make them dirty.
    expect(next.graph({ includeOpen: true }).edges).toEqual(fresh.graph({ includeOpen: true }).edges);
  });
});

describe('a document that does not parse fails closed (issue 15: never evaluate what the file does not say)', () => {
  const workloads = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: prod}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}, annotations: {linkerd.io/inject: enabled}}
    spec: {containers: [{name: c, image: x, ports: [{containerPort: 8080}]}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: tool, namespace: dev}
spec:
  selector: {matchLabels: {app: tool}}
  template:
    metadata: {labels: {app: tool}, annotations: {linkerd.io/inject: enabled}}
    spec: {containers: [{name: c, image: x, ports: [{containerPort: 80}]}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: dev}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}, annotations: {linkerd.io/inject: enabled}}
    spec: {containers: [{name: c, image: x, ports: [{containerPort: 80}]}]}
`;
  const cases: { rule: string; broken: string; expect: { flow: [string, string, number]; l4: string; l7: string }[] }[] = [
    {
      rule: 'a NetworkPolicy cut mid-list makes L4 unknown for flows touching its namespace',
      broken: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: lock\n  namespace: prod\nspec:\n  podSelector: {}\n  ingress: [{from: [\n',
      expect: [
        { flow: ['dev/tool', 'prod/api', 8080], l4: 'unknown', l7: 'open' },
        { flow: ['dev/tool', 'dev/web', 80], l4: 'open', l7: 'open' },
      ],
    },
    {
      rule: 'a Linkerd Server that does not parse makes L7 unknown for destinations in its namespace',
      broken: 'apiVersion: policy.linkerd.io/v1beta3\nkind: Server\nmetadata: {name: s, namespace: prod}\nspec: {podSelector: {matchLabels: {app: api}}, port: [\n',
      expect: [
        { flow: ['dev/tool', 'prod/api', 8080], l4: 'open', l7: 'unknown' },
        { flow: ['prod/api', 'dev/tool', 80], l4: 'open', l7: 'open' },
      ],
    },
    {
      rule: 'a Deployment that does not parse changes no other verdict (it is only missing)',
      broken: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: gone, namespace: prod}\nspec: {template: [\n',
      expect: [{ flow: ['dev/tool', 'prod/api', 8080], l4: 'open', l7: 'open' }],
    },
    {
      rule: 'a document whose kind and namespace cannot be read makes both layers unknown everywhere',
      broken: '{"apiVersion": ',
      expect: [
        { flow: ['dev/tool', 'dev/web', 80], l4: 'unknown', l7: 'unknown' },
        { flow: ['dev/tool', 'prod/api', 8080], l4: 'unknown', l7: 'unknown' },
      ],
    },
  ];
  it.each(cases)('$rule', ({ broken, expect: expected }) => {
    const parsed = parseManifests([{ path: 'ok.yaml', text: workloads }, { path: 'broken.yaml', text: broken }]);
    expect(parsed.diagnostics.some((d) => d.code === 'parse-error' && d.file === 'broken.yaml')).toBe(true);
    const { inventory, diagnostics } = buildInventory(parsed.objects);
    const a = analyze(inventory, { inputDiagnostics: [...parsed.diagnostics, ...diagnostics] });
    for (const e of expected) {
      const c = flow(a, ...e.flow);
      expect([e.flow.join(' '), c.l4, c.l7]).toEqual([e.flow.join(' '), e.l4, e.l7]);
      if (c.l4 === 'unknown') expect(c.reasons.l4[0]).toMatchObject({ role: 'layer-unknown', file: 'broken.yaml', line: 1 });
    }
  });
});
