/**
 * Every object the Helm chart renders (all switches on that need no foreign CRD) is one the
 * real API server accepts: server-side dry-run with strict field validation.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { findHelm, type TestCluster } from '@accessgraph/testcluster';
import { startCluster } from './liveHelpers.ts';

const unavailable = inject('clusterUnavailable');
const CHART = new URL('../../../../deploy/helm/accessgraph', import.meta.url).pathname;

const PATHS: Record<string, (ns: string, name: string) => string> = {
  ServiceAccount: (ns) => `/api/v1/namespaces/${ns}/serviceaccounts`,
  Service: (ns) => `/api/v1/namespaces/${ns}/services`,
  Deployment: (ns) => `/apis/apps/v1/namespaces/${ns}/deployments`,
  NetworkPolicy: (ns) => `/apis/networking.k8s.io/v1/namespaces/${ns}/networkpolicies`,
  ClusterRole: () => '/apis/rbac.authorization.k8s.io/v1/clusterroles',
  ClusterRoleBinding: () => '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
  Role: (ns) => `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/roles`,
  RoleBinding: (ns) => `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`,
};

describe.skipIf(!!unavailable)('Helm chart against the real API server', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startCluster();
  });
  afterAll(async () => cluster?.stop());

  it.each([[[] as string[]], [['networkPolicy.ingressFromOwnNamespaceOnly=false', 'image.tag=dev']], [['rbac.namespaces={shop,data}']]])('accepts every rendered object (dry-run, strict) with --set %j', async (set) => {
    const helm = findHelm();
    expect(helm, 'helm binary (prepare-binaries builds it)').toBeDefined();
    const r = spawnSync(helm!, ['template', 'accessgraph', CHART, '--namespace', 'accessgraph', ...set.flatMap((s) => ['--set', s])], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    for (const name of ['accessgraph', 'shop', 'data', 'linkerd']) await cluster.raw('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    const docs = parseAllDocuments(r.stdout).map((d) => d.toJS() as { kind: string; metadata: { name: string; namespace?: string } }).filter(Boolean);
    expect(docs.length).toBeGreaterThanOrEqual(6);
    for (const o of docs) {
      const path = PATHS[o.kind];
      expect(path, `a path for ${o.kind}`).toBeDefined();
      const res = await cluster.raw('POST', `${path!(o.metadata.namespace ?? 'accessgraph', o.metadata.name)}?dryRun=All&fieldValidation=Strict`, o);
      expect([o.kind, res.status, res.status >= 300 ? JSON.stringify(res.json) : '']).toEqual([o.kind, 201, '']);
    }
  });
});
