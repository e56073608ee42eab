/**
 * Proves the harness: a real API server that stores and lists NetworkPolicies and Linkerd
 * policy objects, streams watch events, enforces RBAC on service-account tokens, and can be
 * stopped and restarted without losing data.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { existsSync } from 'node:fs';
import { CustomObjectsApi, NetworkingV1Api, Watch } from '@kubernetes/client-node';
import { applyObjectStrict, applyObjects, installLinkerdCrds, loadKubeConfig, TestCluster } from './index.ts';

const unavailable = inject('clusterUnavailable');

describe.skipIf(!!unavailable)('test cluster', () => {
  const kubeconfig = inject('kubeconfig');

  it('stores a namespace, a NetworkPolicy and Linkerd Server/AuthorizationPolicy, and lists them back', async () => {
    await installLinkerdCrds(kubeconfig);
    await applyObjects(kubeconfig, [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'smoke' } },
      { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny', namespace: 'smoke' }, spec: { podSelector: {}, policyTypes: ['Ingress'] } } as never,
      { apiVersion: 'policy.linkerd.io/v1beta3', kind: 'Server', metadata: { name: 'web', namespace: 'smoke' }, spec: { podSelector: { matchLabels: { app: 'web' } }, port: 8080 } } as never,
      {
        apiVersion: 'policy.linkerd.io/v1alpha1',
        kind: 'AuthorizationPolicy',
        metadata: { name: 'web', namespace: 'smoke' },
        spec: { targetRef: { group: 'policy.linkerd.io', kind: 'Server', name: 'web' }, requiredAuthenticationRefs: [] },
      } as never,
    ]);
    const kc = loadKubeConfig(kubeconfig);
    const policies = await kc.makeApiClient(NetworkingV1Api).listNamespacedNetworkPolicy({ namespace: 'smoke' });
    expect(policies.items.map((p) => p.metadata?.name)).toEqual(['deny']);
    expect(policies.items[0]?.spec?.policyTypes).toEqual(['Ingress']);
    const servers = (await kc.makeApiClient(CustomObjectsApi).listNamespacedCustomObject({ group: 'policy.linkerd.io', version: 'v1beta2', namespace: 'smoke', plural: 'servers' })) as { items: { metadata: { name: string }; spec: { port: number } }[] };
    expect(servers.items.map((s) => [s.metadata.name, s.spec.port])).toEqual([['web', 8080]]);
    const authz = (await kc.makeApiClient(CustomObjectsApi).listNamespacedCustomObject({ group: 'policy.linkerd.io', version: 'v1alpha1', namespace: 'smoke', plural: 'authorizationpolicies' })) as { items: unknown[] };
    expect(authz.items).toHaveLength(1);
  });

  it("validates, prunes and defaults Linkerd objects with schemas carrying the facts of Linkerd's CRDs (crds/README.md)", async () => {
    await installLinkerdCrds(kubeconfig);
    await applyObjects(kubeconfig, [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'schema' } }]);
    const server = (spec: unknown, name: string) => ({ apiVersion: 'policy.linkerd.io/v1beta3', kind: 'Server', metadata: { name, namespace: 'schema' }, spec }) as never;
    // Rejected: a port that is a list (x-kubernetes-int-or-string), a Server with no selector (oneOf).
    const portList = await applyObjectStrict(kubeconfig, server({ podSelector: { matchLabels: { app: 'web' } }, port: [8080] }, 'port-list'));
    expect(portList.accepted).toBe(false);
    expect(!portList.accepted && portList.status).toBe(422);
    expect((await applyObjectStrict(kubeconfig, server({ port: 8080 }, 'no-selector'))).accepted).toBe(false);
    // Strict: AuthorizationPolicy targetRef has no namespace field.
    const targetNs = await applyObjectStrict(kubeconfig, {
      apiVersion: 'policy.linkerd.io/v1alpha1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'target-ns', namespace: 'schema' },
      spec: { targetRef: { group: 'policy.linkerd.io', kind: 'Server', name: 'web', namespace: 'other' }, requiredAuthenticationRefs: [] },
    } as never);
    expect(!targetNs.accepted && targetNs.message).toMatch(/unknown field "spec.targetRef.namespace"/);
    // Without strict validation the same field is pruned, as on a real cluster.
    const [pruned] = await applyObjects(kubeconfig, [
      {
        apiVersion: 'policy.linkerd.io/v1alpha1',
        kind: 'AuthorizationPolicy',
        metadata: { name: 'target-ns', namespace: 'schema' },
        spec: { targetRef: { group: 'policy.linkerd.io', kind: 'Server', name: 'web', namespace: 'other' }, requiredAuthenticationRefs: [] },
      } as never,
    ]);
    expect((pruned as { spec: { targetRef: Record<string, string> } }).spec.targetRef).toEqual({ group: 'policy.linkerd.io', kind: 'Server', name: 'web' });
    // Defaulted: accessPolicy deny, proxyProtocol unknown.
    const ok = await applyObjectStrict(kubeconfig, server({ podSelector: { matchLabels: { app: 'web' } }, port: 8080 }, 'web'));
    expect(ok.accepted && (ok.stored as { spec: unknown }).spec).toEqual({ podSelector: { matchLabels: { app: 'web' } }, port: 8080, accessPolicy: 'deny', proxyProtocol: 'unknown' });
    // The Gateway API routes the chart ships are served too.
    const kc = loadKubeConfig(kubeconfig);
    const grpc = (await kc.makeApiClient(CustomObjectsApi).listNamespacedCustomObject({ group: 'gateway.networking.k8s.io', version: 'v1', namespace: 'schema', plural: 'grpcroutes' })) as { items: unknown[] };
    expect(grpc.items).toEqual([]);
  });

  it('delivers a watch event when a NetworkPolicy changes', async () => {
    const kc = loadKubeConfig(kubeconfig);
    const seen: string[] = [];
    const watch = new Watch(kc);
    const req = await watch.watch('/apis/networking.k8s.io/v1/namespaces/smoke/networkpolicies', {}, (type, obj: { metadata?: { name?: string } }) => seen.push(`${type} ${obj.metadata?.name}`), () => {});
    await new Promise((r) => setTimeout(r, 300));
    await applyObjects(kubeconfig, [{ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'late', namespace: 'smoke' }, spec: { podSelector: {} } } as never]);
    await expect.poll(() => seen, { timeout: 5000 }).toContain('ADDED late');
    req.abort();
  });

  it('a ServiceAccount token with a read-only role can list what it is granted and gets 403 elsewhere', async () => {
    await applyObjects(kubeconfig, [
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'reader', namespace: 'smoke' } },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'smoke-reader' }, rules: [{ apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: ['get', 'list', 'watch'] }] } as never,
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'smoke-reader' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'smoke-reader' },
        subjects: [{ kind: 'ServiceAccount', name: 'reader', namespace: 'smoke' }],
      } as never,
    ]);
    const cluster = { kubeconfig };
    const admin = loadKubeConfig(cluster.kubeconfig);
    const server = admin.getCurrentCluster()!.server;
    // TokenRequest through a throwaway harness handle: the admin token is in the kubeconfig.
    const adminToken = admin.getCurrentUser()!.token!;
    const res = await fetchJson(admin, 'POST', `${server}/api/v1/namespaces/smoke/serviceaccounts/reader/token`, adminToken, { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 600 } });
    const token = (res.json as { status: { token: string } }).status.token;
    expect(token).toMatch(/^ey/);
    expect((await fetchJson(admin, 'GET', `${server}/apis/networking.k8s.io/v1/networkpolicies`, token)).status).toBe(200);
    expect((await fetchJson(admin, 'GET', `${server}/api/v1/secrets`, token)).status).toBe(403);
  });
});

describe.skipIf(!!unavailable)('harness lifecycle', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await TestCluster.start({ controllerManager: false });
  }, 90_000);
  afterAll(async () => cluster?.stop());

  it('starts a fresh pair in seconds and writes a CA-verified kubeconfig', () => {
    expect(cluster.startupMs).toBeLessThan(30_000);
    expect(existsSync(cluster.kubeconfigPath)).toBe(true);
  });

  it('keeps data across an API server restart (same etcd) and answers 503/refuses while down', async () => {
    await cluster.raw('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'survives' } });
    await cluster.stopApiServer();
    await expect(cluster.raw('GET', '/readyz')).rejects.toThrow();
    await cluster.startApiServer();
    expect((await cluster.raw('GET', '/api/v1/namespaces/survives')).status).toBe(200);
    expect(await cluster.tokenFor('default', 'default').catch((e: Error) => e.message)).toMatch(/ey|not found/);
  }, 90_000);

  it('stop() ends the processes and removes every file', async () => {
    const other = await TestCluster.start({ controllerManager: false });
    const dir = other.dir;
    await other.stop();
    expect(existsSync(dir)).toBe(false);
    await expect(other.raw('GET', '/readyz')).rejects.toThrow();
  }, 90_000);
});

async function fetchJson(kc: ReturnType<typeof loadKubeConfig>, method: string, url: string, token: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const { request } = await import('node:https');
  const ca = Buffer.from(kc.getCurrentCluster()!.caData!, 'base64');
  return new Promise((resolve, reject) => {
    const req = request(url, { method, ca, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : null }));
    });
    req.on('error', reject);
    if (body) req.write(JSON.stringify(body));
    req.end();
  });
}
