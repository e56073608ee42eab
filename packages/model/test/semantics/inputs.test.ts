/**
 * SEMANTICS.md §1–2 — inputs, workloads and identities, read from manifest text.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildInventory, parseManifests } from '../../src/index.ts';
import type { Inventory } from '../../src/k8s/types.ts';

function read(text: string): { inventory: Inventory; codes: string[]; diagnostics: ReturnType<typeof parseManifests>['diagnostics'] } {
  const p = parseManifests([{ path: 'in.yaml', text }]);
  const b = buildInventory(p.objects);
  const diagnostics = [...p.diagnostics, ...b.diagnostics];
  return { inventory: b.inventory, codes: diagnostics.map((d) => d.code), diagnostics };
}

const deployment = (name: string, ns = 'app', extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${ns}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}${extra}}
    spec:
      containers: [{name: c, image: x, ports: [{containerPort: 80, name: http}]}]
`;

describe('§1 inputs', () => {
  it('§1 multi-document YAML is read with the line of each object', () => {
    const { inventory } = read(`${deployment('a')}---\n${deployment('b')}`);
    expect(inventory.workloads.map((w) => [w.id, w.ref.line])).toEqual([['app/a', 1], ['app/b', 11]]);
  });
  it('§1 kind: List and *List items are unwrapped (kubectl get -o yaml)', () => {
    const { inventory } = read(`apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata: {name: a}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicyList\nitems:\n- metadata: {name: p, namespace: a}\n  spec: {podSelector: {}}\n`);
    expect(inventory.namespaces.find((n) => n.name === 'a')?.implicit).toBe(false);
    expect(inventory.networkPolicies.map((p) => [p.name, p.ref.line])).toEqual([['p', 11]]);
  });
  it('§1 JSON is read too', () => {
    const { inventory } = read(JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'j' } }));
    expect(inventory.namespaces.map((n) => n.name)).toContain('j');
  });
  it('§7 parse-error names the file and line, and the other documents are still read', () => {
    const { inventory, diagnostics } = read(`${deployment('a')}---\nkind: [unclosed\n---\n${deployment('b')}`);
    const err = diagnostics.find((d) => d.code === 'parse-error');
    // `kind: [unclosed` is line 11; the parser notices on the next line, where the list should have ended.
    expect(err).toMatchObject({ file: 'in.yaml' });
    expect([11, 12]).toContain(err?.line);
    expect(inventory.workloads.map((w) => w.id)).toEqual(['app/a', 'app/b']);
  });
  it('§7 parse-error points at the line where the syntax breaks, not where its document starts', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: a\ndata:\n  k: v\n  j: [unclosed\n  l: w\n';
    const err = read(text).diagnostics.find((d) => d.code === 'parse-error');
    expect(err?.line).toBeGreaterThanOrEqual(8);
    expect(err?.line).toBeLessThanOrEqual(9);
  });
  it('§1 a policy-looking kind no controller serves is unknown-policy-kind (seed 000)', () => {
    const { codes } = read('apiVersion: policy.linkerd.io/v1alpha1\nkind: NetworkAuthenticationPolicy\nmetadata: {name: x, namespace: demo}\nspec: {}\n');
    expect(codes).toContain('unknown-policy-kind');
  });
  it('§1 other kinds are ignored silently', () => {
    expect(read('apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: a}\n').codes).toEqual([]);
    expect(read('apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i, namespace: a}\n').codes).toEqual([]);
  });
  it('§1 every served Linkerd version is accepted; an unserved one is diagnosed', () => {
    // podSelector names labels: Linkerd's v1alpha1 CRD requires exactly one of matchLabels and
    // matchExpressions (charts/linkerd-crds/templates/policy/server.yaml), so `{}` is rejected there.
    for (const v of ['v1alpha1', 'v1beta1', 'v1beta2', 'v1beta3']) {
      expect(read(`apiVersion: policy.linkerd.io/${v}\nkind: Server\nmetadata: {name: s, namespace: a}\nspec: {podSelector: {matchLabels: {app: x}}, port: 80}\n`).inventory.servers).toHaveLength(1);
    }
    expect(read('apiVersion: policy.linkerd.io/v9\nkind: Server\nmetadata: {name: s, namespace: a}\nspec: {podSelector: {}, port: 80}\n').codes).toContain('unsupported-version');
  });
  it('§7 invalid-object for a bad selector operator, and the policy is not evaluated', () => {
    const { inventory, diagnostics } = read('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: a}\nspec:\n  podSelector: {matchExpressions: [{key: app, operator: Equals, values: [x]}]}\n');
    expect(inventory.networkPolicies).toHaveLength(0);
    expect(diagnostics.find((d) => d.code === 'invalid-object')).toMatchObject({ path: 'spec.podSelector.matchExpressions[0].operator', object: { name: 'p', file: 'in.yaml', line: 1 } });
  });
  it('§7 invalid-object for a bad CIDR and for a port out of range', () => {
    expect(read('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: a}\nspec: {podSelector: {}, ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/33}}]}]}\n').codes).toContain('invalid-object');
    expect(read('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: a}\nspec: {podSelector: {}, ingress: [{ports: [{port: 70000}]}]}\n').codes).toContain('invalid-object');
  });
  it('§7 objects missing a name are reported, not dropped silently', () => {
    expect(read('apiVersion: v1\nkind: Namespace\nmetadata: {}\n').codes).toEqual(['invalid-object']);
  });
});

describe('§2 workloads and identities', () => {
  it('§2 a controller contributes its pod template; CronJob uses jobTemplate', () => {
    const { inventory } = read(`apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: backup, namespace: kube-system}\nspec:\n  schedule: "* * * * *"\n  jobTemplate:\n    spec:\n      template:\n        metadata: {labels: {job: backup}}\n        spec: {serviceAccountName: backup, containers: [{name: c, image: x}]}\n`);
    expect(inventory.workloads[0]).toMatchObject({ id: 'kube-system/backup', kind: 'CronJob', labels: { job: 'backup' }, serviceAccount: 'backup' });
  });
  it('§2 pods fold into their top owner (Pod → ReplicaSet → Deployment) and bring their IPs', () => {
    const { inventory } = read(`${deployment('web')}---
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web-5d, namespace: app, ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, uid: u1, controller: true}]}
spec: {selector: {matchLabels: {app: web}}}
---
apiVersion: v1
kind: Pod
metadata: {name: web-5d-x, namespace: app, labels: {app: web, pod-template-hash: 5d}, ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-5d, uid: u2, controller: true}]}
spec: {containers: [{name: c, image: x}]}
status: {podIP: 10.1.1.1}
`);
    expect(inventory.workloads).toHaveLength(1);
    expect(inventory.workloads[0]).toMatchObject({ id: 'app/web', kind: 'Deployment', podCount: 1 });
    expect(inventory.workloads[0]!.ips).toHaveLength(1);
  });
  it('§2 when the top owner is absent, the owned pods stand for it under its kind and name', () => {
    const { inventory } = read('apiVersion: v1\nkind: Pod\nmetadata: {name: db-0, namespace: d, labels: {app: db}, ownerReferences: [{apiVersion: apps/v1, kind: StatefulSet, name: db, uid: u3, controller: true}]}\nspec: {containers: [{name: c, image: x}]}\n');
    expect(inventory.workloads[0]).toMatchObject({ id: 'd/db', kind: 'StatefulSet' });
  });
  it('§2 a Pod with no owner is its own workload; the service account defaults to "default"', () => {
    const { inventory } = read('apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: d}\nspec: {containers: [{name: c, image: x}]}\n');
    expect(inventory.workloads[0]).toMatchObject({ id: 'd/p', kind: 'Pod', serviceAccount: 'default' });
  });
  it('§2 container ports keep name, number and protocol (TCP by default)', () => {
    const { inventory } = read(deployment('a'));
    expect(inventory.workloads[0]!.ports).toEqual([{ name: 'http', port: 80, protocol: 'TCP', container: 'c' }]);
  });
  it('§2 a referenced but absent namespace exists implicitly with kubernetes.io/metadata.name', () => {
    const { inventory } = read(deployment('a', 'ghost'));
    expect(inventory.namespaces).toEqual([expect.objectContaining({ name: 'ghost', implicit: true, labels: { 'kubernetes.io/metadata.name': 'ghost' } })]);
  });
  it('§2 a live pod with a linkerd-proxy container is meshed whatever the annotations say', () => {
    const { inventory } = read('apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: d, annotations: {linkerd.io/inject: disabled}}\nspec: {containers: [{name: c, image: x}, {name: linkerd-proxy, image: p, ports: [{containerPort: 4143}]}]}\n');
    expect(inventory.workloads[0]).toMatchObject({ meshed: true, meshedBy: 'proxy-container' });
    expect(inventory.workloads[0]!.ports).toEqual([]);
  });
  it('§2 the pod annotation linkerd.io/inject decides before the namespace’s', () => {
    const ns = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: app, annotations: {linkerd.io/inject: enabled}}\n---\n';
    expect(read(ns + deployment('a')).inventory.workloads[0]).toMatchObject({ meshed: true, meshedBy: 'namespace-annotation' });
    expect(read(ns + deployment('a', 'app', ', annotations: {linkerd.io/inject: disabled}')).inventory.workloads[0]).toMatchObject({ meshed: false });
  });
});

describe('robustness', () => {
  it('parseManifests and buildInventory never throw, whatever the text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const p = parseManifests([{ path: 'f', text }]);
        buildInventory(p.objects);
      }),
      { numRuns: 300 },
    );
  });
  it('buildInventory never throws on arbitrary objects shaped like Kubernetes objects', () => {
    const kinds = fc.constantFrom('NetworkPolicy', 'Server', 'AuthorizationPolicy', 'MeshTLSAuthentication', 'Pod', 'Deployment', 'HTTPRoute', 'ServerAuthorization', 'Namespace', 'Service');
    const groups = fc.constantFrom('networking.k8s.io/v1', 'policy.linkerd.io/v1beta3', 'policy.linkerd.io/v1alpha1', 'v1', 'apps/v1', 'policy.linkerd.io/v1beta1');
    fc.assert(
      fc.property(kinds, groups, fc.anything(), fc.anything(), (kind, apiVersion, spec, meta) => {
        buildInventory([{ object: { apiVersion, kind, metadata: { name: 'x', namespace: 'y', ...(typeof meta === 'object' && meta ? meta : {}) }, spec } }]);
      }),
      { numRuns: 500 },
    );
  });
});
