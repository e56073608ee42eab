/**
 * The chart's RBAC against the real API server, in both modes (issue 13): applied for real, a
 * token for its ServiceAccount from the TokenRequest API, and the API server's own answers
 * (SelfSubjectAccessReview, SelfSubjectRulesReview — what `kubectl auth can-i [--list]` asks)
 * say it may get/list/watch exactly every resource `serve --in-cluster` reads — the list comes
 * from the code's catalog (liveResources.ts), not a copy — and nothing else: no Secrets, no
 * write. Then the live source in tenant mode: a namespace outside the list is unknown.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { applyObjects, findHelm, installLinkerdCrds, type TestCluster } from '@accessgraph/testcluster';
import type { KubernetesObject } from '@kubernetes/client-node';
import { CORE_RESOURCES, POLICY_KINDS, pluralOf } from '../../src/sources/liveResources.ts';
import { LINKERD_CONFIG, fixtureObjects, liveApp, serviceAccountKubeconfig, startCluster } from './liveHelpers.ts';
import { eventually } from '../helpers.ts';

const unavailable = inject('clusterUnavailable');
const CHART = new URL('../../../../deploy/helm/accessgraph', import.meta.url).pathname;
const READ = ['get', 'list', 'watch'] as const;
const TENANT = ['shop', 'data'];

/** What the live source reads, from its catalog: group, plural, scope, and a pinned namespace/name. */
interface Wanted {
  group: string;
  resource: string;
  namespaced: boolean;
  namespace?: string;
  name?: string;
}
const WANTED: Wanted[] = [
  ...CORE_RESOURCES.map((r) => ({
    group: r.group,
    resource: r.plural,
    namespaced: r.namespaced,
    ...(r.namespace ? { namespace: r.namespace } : {}),
    ...(r.fieldSelector?.startsWith('metadata.name=') ? { name: r.fieldSelector.slice('metadata.name='.length) } : {}),
  })),
  ...Object.entries(POLICY_KINDS).flatMap(([group, g]) => g.kinds.map((kind) => ({ group, resource: pluralOf(kind), namespaced: !(g.clusterScoped ?? []).includes(kind) }))),
];

function rbacObjects(release: string, set: string[]): KubernetesObject[] {
  const helm = findHelm();
  if (!helm) throw new Error('helm binary missing (prepare-binaries builds it)');
  const r = spawnSync(helm, ['template', release, CHART, '--namespace', 'accessgraph', ...set.flatMap((s) => ['--set', s])], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return parseAllDocuments(r.stdout)
    .map((d) => d.toJS() as KubernetesObject)
    .filter((o) => o && ['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'].includes(o.kind!));
}

describe.skipIf(!!unavailable)('Helm chart RBAC on the real API server: exactly what serve reads', () => {
  let cluster: TestCluster;
  const tokens = new Map<string, string>();
  beforeAll(async () => {
    cluster = await startCluster();
    await installLinkerdCrds(cluster.kubeconfigPath);
    const namespaces = ['accessgraph', 'shop', 'data', 'tools'].map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));
    await applyObjects(cluster.kubeconfigPath, [...namespaces, ...LINKERD_CONFIG, ...fixtureObjects({ linkerd: true })]);
    for (const [release, set] of [['ag-cluster', []], ['ag-tenant', [`rbac.namespaces={${TENANT.join(',')}}`]]] as const) {
      await applyObjects(cluster.kubeconfigPath, rbacObjects(release, [...set]));
      tokens.set(release, await cluster.tokenFor('accessgraph', release));
    }
  }, 120_000);
  afterAll(async () => cluster?.stop());

  const canI = async (token: string, attrs: { verb: string; group: string; resource: string; namespace?: string; name?: string }) => {
    const r = await cluster.raw('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: attrs } }, token);
    expect(r.status).toBe(201);
    return (r.json as { status: { allowed: boolean } }).status.allowed;
  };

  /** Where each wanted resource must be readable, and where not, in a mode. */
  const cases = (tenant: boolean) =>
    WANTED.flatMap((w): { what: string; attrs: { group: string; resource: string; namespace?: string; name?: string }; allowed: boolean }[] => {
      const label = `${w.resource}${w.group ? `.${w.group}` : ''}`;
      if (w.namespace) return [{ what: `${label} ${w.namespace}/${w.name}`, attrs: { ...w, namespace: w.namespace, ...(w.name ? { name: w.name } : {}) }, allowed: true }, ...(w.name ? [{ what: `${label} ${w.namespace}/other`, attrs: { group: w.group, resource: w.resource, namespace: w.namespace, name: 'other' }, allowed: false }] : [])];
      if (!w.namespaced) return [{ what: `${label} (cluster)`, attrs: { group: w.group, resource: w.resource }, allowed: true }];
      if (!tenant) return [{ what: `${label} (all namespaces)`, attrs: { group: w.group, resource: w.resource }, allowed: true }];
      return [
        ...TENANT.map((ns) => ({ what: `${label} in ${ns}`, attrs: { group: w.group, resource: w.resource, namespace: ns }, allowed: true })),
        { what: `${label} in tools (not listed)`, attrs: { group: w.group, resource: w.resource, namespace: 'tools' }, allowed: false },
        { what: `${label} (all namespaces)`, attrs: { group: w.group, resource: w.resource }, allowed: false },
      ];
    });

  it.each([
    ['cluster mode', 'ag-cluster', false],
    ['tenant mode', 'ag-tenant', true],
  ] as const)('%s: get/list/watch on every resource of the catalog where serve reads it, and only there', async (_mode, release, tenant) => {
    const token = tokens.get(release)!;
    const wrong: string[] = [];
    for (const c of cases(tenant)) {
      for (const verb of READ) if ((await canI(token, { verb, ...c.attrs })) !== c.allowed) wrong.push(`${verb} ${c.what}: expected ${c.allowed ? 'allowed' : 'denied'}`);
    }
    expect(wrong).toEqual([]);
  });

  it.each([
    ['cluster mode', 'ag-cluster'],
    ['tenant mode', 'ag-tenant'],
  ] as const)('%s: nothing else — every rule the API server lists is a read of a catalog resource; no Secrets, no writes', async (_mode, release) => {
    const token = tokens.get(release)!;
    const catalog = new Set(WANTED.map((w) => `${w.group}/${w.resource}`));
    for (const namespace of ['shop', 'tools', 'linkerd', 'accessgraph']) {
      const r = await cluster.raw('POST', '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace } }, token);
      expect(r.status).toBe(201);
      const rules = (r.json as { status: { resourceRules: { verbs: string[]; apiGroups?: string[]; resources?: string[] }[] } }).status.resourceRules;
      // What every authenticated client may do (system:basic-user): ask these very questions.
      const own = rules.filter((x) => x.verbs.join() === 'create' && (x.apiGroups ?? []).every((g) => g === 'authorization.k8s.io' || g === 'authentication.k8s.io'));
      const granted = rules.filter((x) => !own.includes(x));
      expect(granted.length).toBeGreaterThan(0);
      for (const rule of granted) {
        expect(rule.verbs.every((v) => (READ as readonly string[]).includes(v)), `${namespace}: ${JSON.stringify(rule)}`).toBe(true);
        for (const g of rule.apiGroups ?? []) for (const res of rule.resources ?? []) expect(catalog.has(`${g}/${res}`), `${namespace}: ${g}/${res} is read by nothing`).toBe(true);
      }
    }
    for (const [verb, attrs] of [
      ['list', { group: '', resource: 'secrets' }],
      ['get', { group: '', resource: 'secrets', namespace: 'shop', name: 'x' }],
      ['create', { group: '', resource: 'configmaps', namespace: 'shop' }],
      ['update', { group: 'networking.k8s.io', resource: 'networkpolicies', namespace: 'shop' }],
      ['delete', { group: '', resource: 'pods', namespace: 'data' }],
      ['patch', { group: 'policy.linkerd.io', resource: 'servers', namespace: 'shop' }],
    ] as const) {
      expect(await canI(token, { verb, ...attrs }), `${verb} ${JSON.stringify(attrs)}`).toBe(false);
    }
  });

  it('tenant mode, live: with the tenant token and --namespaces shop,data everything is read; a namespace outside the list is unknown at both layers, with the reason', async () => {
    const kubeconfig = await serviceAccountKubeconfig(cluster, 'accessgraph', 'ag-tenant');
    const { store, app } = await liveApp(kubeconfig, { namespaces: TENANT });
    const s = await eventually(() => {
      const cur = store.current();
      return cur && cur.layers.l7.state === 'known' ? cur : undefined;
    }, 20_000, 'a snapshot with L7 known');
    expect(store.resources().filter((r) => r.state !== 'synced')).toEqual([]);
    expect(s.layers).toEqual({ l4: { state: 'known' }, l7: { state: 'known' } });
    // Per-namespace informers: pods of shop and of data, none of tools.
    expect(new Set(store.resources().map((r) => r.resource).filter((r) => r.startsWith('pods ')))).toEqual(new Set(['pods (namespace shop) v1', 'pods (namespace data) v1']));
    // The cluster's workloads (the outside peer, kind External, is in no namespace).
    expect(s.graph.nodes.filter((n) => n.kind !== 'External').map((n) => n.namespace).filter((ns) => !TENANT.includes(ns))).toEqual([]);
    // Inside the list: decided as ever.
    const inside = (await app.inject({ method: 'POST', url: '/api/v1/check', payload: { from: 'shop/frontend', to: 'shop/backend', port: 8080 } })).json();
    expect(inside.cells[0]).toMatchObject({ l4: 'allow', allowed: true });
    // tools/debug exists, but the tenant may not read tools: unknown both ways, never "no workload".
    for (const payload of [{ from: 'tools/debug', to: 'shop/backend', port: 8080 }, { from: 'shop/frontend', to: 'tools/debug', port: 80 }]) {
      const r = await app.inject({ method: 'POST', url: '/api/v1/check', payload });
      expect(r.statusCode).toBe(200);
      expect(r.json().cells[0]).toMatchObject({ l4: 'unknown', l7: 'unknown', allowed: null, protection: null });
      expect(r.json().cells[0].reasons.l4[0].text).toMatch(/namespace tools is outside --namespaces \(shop, data\)/);
    }
    expect(s.analysis.diagnostics.some((d) => d.code === 'layer-unknown' && /tenant mode/.test(d.message) && /tools/.test(d.message))).toBe(true);
  });
});
