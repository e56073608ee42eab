/**
 * Workload facts as upstream has them (issue 12, issue 15): who folds into whom, stopped pods,
 * same-named workloads of different kinds, hostNetwork. Each row cites its upstream source.
 */
import { describe, expect, it } from 'vitest';
import { buildInventory, type Diagnostic, type Workload } from '../../src/index.ts';
import { cluster, deploy, flow, netpol } from '../manifests.ts';

type Obj = Record<string, unknown>;

function build(objects: (Obj | Obj[])[]): { workloads: Workload[]; diagnostics: Diagnostic[] } {
  const { inventory, diagnostics } = buildInventory(objects.flat().map((object, i) => ({ object, file: 'w.yaml', line: i + 1 })));
  return { workloads: inventory.workloads, diagnostics };
}

const pod = (ns: string, name: string, o: { owner?: Obj; labels?: Record<string, string>; ip?: string; phase?: string; hostNetwork?: boolean } = {}): Obj => ({
  apiVersion: 'v1',
  kind: 'Pod',
  // An ownerReference needs apiVersion, kind, name and uid (the API server's schema).
  metadata: { name, namespace: ns, labels: o.labels ?? { app: name }, ...(o.owner ? { ownerReferences: [{ controller: true, uid: `uid-${String(o.owner.name)}`, ...o.owner }] } : {}) },
  spec: { ...(o.hostNetwork ? { hostNetwork: true } : {}), containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 80 }] }] },
  status: { ...(o.ip ? { podIP: o.ip } : {}), ...(o.phase ? { phase: o.phase } : {}) },
});
const node = (name: string) => ({ apiVersion: 'v1', kind: 'Node', name });
const statefulSet = (ns: string, name: string, labels: Record<string, string> = { app: name }): Obj => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name, namespace: ns },
  spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 5432 }] }] } } },
});

interface Row {
  title: string;
  upstream: string;
  objects: (Obj | Obj[])[];
  /** Expected workloads, by id, with the fields the rule is about. */
  workloads: Record<string, Partial<Omit<Workload, 'ips'>> & { ips?: number }>;
  /** Workload ids that must not exist. */
  absent?: string[];
  diagnostic?: { code: string; severity: string };
}

const MIRROR = 'kubernetes pkg/kubelet/pod/mirror_client.go (a mirror pod is owned by its Node); SEMANTICS §2';
const TERMINAL = 'kubernetes#110255 (terminal pods keep status.podIP; they run nothing)';
const ISSUE15 = 'accessgraph issue 15 (a Deployment and a StatefulSet of one name are two workloads)';

const rows: Row[] = [
  {
    title: 'static pods owned by a Node are their own workloads, not folded under the Node',
    upstream: MIRROR,
    objects: [pod('kube-system', 'etcd-cp1', { owner: node('cp1') }), pod('kube-system', 'kube-apiserver-cp1', { owner: node('cp1') })],
    workloads: { 'kube-system/etcd-cp1': { kind: 'Pod', podCount: 1 }, 'kube-system/kube-apiserver-cp1': { kind: 'Pod', podCount: 1 } },
    absent: ['kube-system/cp1'],
  },
  {
    title: 'an ownerReference without apiVersion is rejected by the API server: the pod is not evaluated',
    upstream: 'kubernetes OpenAPI io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference (apiVersion, kind, name, uid required)',
    objects: [pod('kube-system', 'etcd-cp1', { owner: { kind: 'Node', name: 'cp1' } })],
    workloads: {},
    absent: ['kube-system/etcd-cp1', 'kube-system/cp1'],
    diagnostic: { code: 'invalid-object', severity: 'error' },
  },
  {
    title: 'a ReplicationController (core v1) is a controller: its pods fold into it',
    upstream: 'kubernetes core/v1 ReplicationController',
    objects: [pod('a', 'web-x1', { owner: { apiVersion: 'v1', kind: 'ReplicationController', name: 'web' }, labels: { app: 'web' } }), pod('a', 'web-x2', { owner: { apiVersion: 'v1', kind: 'ReplicationController', name: 'web' }, labels: { app: 'web' } })],
    workloads: { 'a/web': { kind: 'ReplicationController', podCount: 2 } },
  },
  {
    title: 'a controller of another API group (a CRD) still stands for its pods',
    upstream: 'SEMANTICS §2 (owned pods stand for an absent top owner)',
    objects: [pod('a', 'roll-1', { owner: { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'roll' }, labels: { app: 'roll' } })],
    workloads: { 'a/roll': { kind: 'Rollout' } },
  },
  {
    title: 'a terminal bare Pod is not a workload (info)',
    upstream: TERMINAL,
    objects: [pod('a', 'migrate', { phase: 'Succeeded', ip: '10.1.0.9' }), pod('a', 'crashed', { phase: 'Failed' })],
    workloads: {},
    absent: ['a/migrate', 'a/crashed'],
    diagnostic: { code: 'terminal-pod', severity: 'info' },
  },
  {
    title: "a controller's terminal pods contribute no IPs and no labels",
    upstream: TERMINAL,
    objects: [
      deploy('a/web'),
      pod('a', 'web-1', { owner: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, labels: { app: 'web', v: '1' }, ip: '10.1.0.1', phase: 'Running' }),
      pod('a', 'web-2', { owner: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, labels: { app: 'web', v: '2' }, ip: '10.1.0.2', phase: 'Failed' }),
    ],
    workloads: { 'a/web': { kind: 'Deployment', podCount: 1, ips: 1, labels: { app: 'web', v: '1' } } },
  },
  {
    title: 'a controller whose pods are all terminal still stands for its template',
    upstream: TERMINAL,
    objects: [deploy('a/web'), pod('a', 'web-2', { owner: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, labels: { other: 'x' }, ip: '10.1.0.2', phase: 'Succeeded' })],
    workloads: { 'a/web': { kind: 'Deployment', podCount: 0, ips: 0, labels: { app: 'web' } } },
  },
  {
    title: 'a Deployment and a StatefulSet of one name are two workloads with kind-qualified ids',
    upstream: ISSUE15,
    objects: [deploy('shop/db'), statefulSet('shop', 'db'), deploy('shop/web')],
    workloads: { 'shop/deployment/db': { kind: 'Deployment', name: 'db' }, 'shop/statefulset/db': { kind: 'StatefulSet', name: 'db' }, 'shop/web': { kind: 'Deployment' } },
    absent: ['shop/db'],
  },
  {
    title: "pods fold into their own kind's workload when names collide",
    upstream: ISSUE15,
    objects: [deploy('shop/db'), statefulSet('shop', 'db'), pod('shop', 'db-0', { owner: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db' }, labels: { app: 'db' }, ip: '10.2.0.1' })],
    workloads: { 'shop/statefulset/db': { kind: 'StatefulSet', podCount: 1, ips: 1 }, 'shop/deployment/db': { kind: 'Deployment', podCount: 0, ips: 0 } },
  },
  {
    title: 'the same name in two namespaces is no collision',
    upstream: ISSUE15,
    objects: [deploy('a/db'), statefulSet('b', 'db')],
    workloads: { 'a/db': { kind: 'Deployment' }, 'b/db': { kind: 'StatefulSet' } },
  },
  {
    title: 'hostNetwork is read from the template',
    upstream: 'kubernetes core/v1 PodSpec.hostNetwork',
    objects: [deploy('mon/agent', { hostNetwork: true }), deploy('mon/other')],
    workloads: { 'mon/agent': { hostNetwork: true, meshed: false }, 'mon/other': { hostNetwork: false } },
    diagnostic: { code: 'host-network-pod', severity: 'info' },
  },
  {
    title: 'hostNetwork is read from a bare pod',
    upstream: 'kubernetes core/v1 PodSpec.hostNetwork',
    objects: [pod('kube-system', 'kube-proxy-n1', { hostNetwork: true, owner: node('n1') })],
    workloads: { 'kube-system/kube-proxy-n1': { hostNetwork: true, kind: 'Pod' } },
    diagnostic: { code: 'host-network-pod', severity: 'info' },
  },
];

describe('upstream workload facts', () => {
  it.each(rows)('$title ($upstream)', (row) => {
    const { workloads, diagnostics } = build(row.objects);
    const byId = new Map(workloads.map((w) => [w.id, w]));
    expect(new Set(byId.keys()).size).toBe(workloads.length);
    expect([...byId.keys()].sort()).toEqual(Object.keys(row.workloads).sort());
    for (const [id, expected] of Object.entries(row.workloads)) {
      const { ips, ...rest } = expected;
      expect(byId.get(id)).toMatchObject(rest);
      if (ips !== undefined) expect(byId.get(id)!.ips).toHaveLength(ips);
    }
    for (const id of row.absent ?? []) expect(byId.has(id)).toBe(false);
    if (row.diagnostic) expect(diagnostics).toContainEqual(expect.objectContaining(row.diagnostic));
  });

  it("a terminal pod's IP is matched by no ipBlock (kubernetes#110255)", () => {
    const web = deploy('shop/web', { ports: [8080] });
    const policy = netpol('shop/p', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.1.0.0/16' } }] }] });
    const running = cluster([web, deploy('other/client', { ips: ['10.1.2.3'], phase: 'Running' }), policy]);
    const stopped = cluster([web, deploy('other/client', { ips: ['10.1.2.3'], phase: 'Failed' }), policy]);
    expect(flow(running, 'other/client', 'shop/web', 8080).l4).toBe('allow');
    expect(flow(stopped, 'other/client', 'shop/web', 8080).l4).toBe('deny');
    expect(stopped.diagnostics.map((d) => d.code)).not.toContain('ipblock-covers-pods');
  });

  it('a terminal pod of a controller takes no part in selection: its labels select nothing', () => {
    const objects = [
      deploy('shop/web', { ports: [8080] }),
      deploy('other/client'),
      pod('other', 'client-old', { owner: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'client' }, labels: { app: 'client', role: 'old' }, phase: 'Succeeded' }),
      netpol('shop/p', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {}, podSelector: { matchLabels: { role: 'old' } } }] }] }),
    ];
    expect(flow(cluster(objects), 'other/client', 'shop/web', 8080).l4).toBe('deny');
  });

  it('kind-qualified ids are answered by check (issue 15)', () => {
    const a = cluster([deploy('shop/db', { ports: [5432] }), statefulSet('shop', 'db'), deploy('shop/web')]);
    expect(a.check({ from: 'shop/web', to: 'shop/statefulset/db', port: 5432, protocol: 'TCP' }).ok).toBe(true);
    expect(a.check({ from: 'shop/statefulset/db', to: 'shop/deployment/db', port: 5432, protocol: 'TCP' }).ok).toBe(true);
    expect(a.check({ from: 'shop/web', to: 'shop/db', port: 5432, protocol: 'TCP' }).ok).toBe(false);
  });
});
