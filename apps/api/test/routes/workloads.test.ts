import { describe, expect, it } from 'vitest';
import type { GraphEdge } from '@accessgraph/model';
import { fullUpdate } from '../../src/sources/source.ts';
import { SilentSource, fixtureApp, testApp } from '../helpers.ts';
import { deploy, namespace, netpol, sourceState } from '../support/manifests.ts';

describe('GET /api/v1/workloads/:namespace/:name', () => {
  it('describes the workload and the policies selecting it at each layer, with their YAML', async () => {
    const { app } = await fixtureApp();
    const res = await app.inject({ method: 'GET', url: '/api/v1/workloads/shop/backend' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.snapshot.version).toBe(1);
    expect(body.workload).toMatchObject({
      id: 'shop/backend',
      kind: 'Deployment',
      labels: { app: 'backend' },
      serviceAccount: 'backend',
      meshed: true,
      meshedBy: 'namespace-annotation',
      ports: [{ name: 'http', port: 8080, protocol: 'TCP', container: 'api' }],
      l4Isolated: true,
    });
    expect(body.policies.l4).toEqual([
      expect.objectContaining({ role: 'selects', kind: 'NetworkPolicy', namespace: 'shop', name: 'backend-ingress', directions: ['ingress'], yaml: expect.stringContaining('port: 4143') }),
    ]);
    expect(body.policies.l4[0].file).toMatch(/shop\.yaml$/);
    expect(body.policies.l4[0].line).toBeGreaterThan(1);
    const l7 = body.policies.l7.map((p: { role: string; kind: string; name: string }) => `${p.role} ${p.kind} ${p.name}`);
    expect(l7).toEqual(['server Server backend-http', 'authorizes AuthorizationPolicy backend-from-frontend', 'authentication MeshTLSAuthentication frontend-only']);
    expect(body.policies.l7[0].yaml).toContain('kind: Server');
    expect(body.inbound.map((e: GraphEdge) => e.id)).toContain('shop/frontend->shop/backend');
    expect(body.outbound.every((e: GraphEdge) => e.from === 'shop/backend')).toBe(true);
  });

  // Issue 18: the panel lists what the evaluator uses, in both directions; an egress-only policy shows as such.
  it('lists the policies selecting it for ingress and for egress, admin tiers and the namespace default policy, each with its directions', async () => {
    const source = new SilentSource();
    const { app, store } = await testApp(source, { waitForSnapshot: false });
    const tier = { apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'AdminNetworkPolicy', metadata: { name: 'guard' }, spec: { priority: 5, subject: { namespaces: {} }, ingress: [{ action: 'Allow', from: [{ namespaces: {} }] }] } };
    const objects = [
      namespace('shop', {}, { 'config.linkerd.io/default-inbound-policy': 'all-authenticated' }),
      deploy('shop/api', { ports: [8080], meshed: true }),
      netpol('shop/api-out', { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Egress'], egress: [{}] }),
      netpol('shop/deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
      tier,
    ];
    source.listener!.update(fullUpdate(sourceState(objects, 'shop.yaml')));
    await store.ready();
    const body = (await app.inject({ method: 'GET', url: '/api/v1/workloads/shop/api' })).json();
    const l4 = body.policies.l4.map((p: { kind: string; namespace: string; name: string; directions: string[] }) => [p.kind, p.namespace, p.name, p.directions]);
    expect(l4).toEqual([
      ['NetworkPolicy', 'shop', 'api-out', ['egress']],
      ['NetworkPolicy', 'shop', 'deny-all', ['ingress', 'egress']],
      ['AdminNetworkPolicy', '', 'guard', ['ingress']],
    ]);
    expect(body.policies.l4[0].summary).toBe('isolates egress (1 rule)');
    expect(body.policies.l4[2].yaml).toContain('kind: AdminNetworkPolicy');
    expect(body.policies.l7).toEqual([expect.objectContaining({ role: 'default-policy', kind: 'Namespace', namespace: 'shop', name: 'shop', yaml: expect.stringContaining('all-authenticated') })]);
    expect(body.policies.l7[0]).not.toHaveProperty('directions');
  });

  it('lists open-to-all ports and, with includeOpen, their edges', async () => {
    const { app } = await fixtureApp();
    const plain = (await app.inject({ method: 'GET', url: '/api/v1/workloads/tools/debug' })).json();
    expect(plain.workload.openToAll).toEqual(['8080/TCP']);
    expect(plain.inbound).toEqual([]);
    expect(plain.policies).toEqual({ l4: [], l7: [] });
    const open = (await app.inject({ method: 'GET', url: '/api/v1/workloads/tools/debug?includeOpen=true' })).json();
    // The three workloads and, with includeOpen, external:0.0.0.0/0 (issue 17).
    expect(open.inbound).toHaveLength(4);
  });

  it('answers an unknown workload with 404 and its name', async () => {
    const { app } = await fixtureApp();
    const res = await app.inject({ method: 'GET', url: '/api/v1/workloads/shop/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json().message).toMatch(/^no workload shop\/nope in snapshot 1/);
  });

  it.each([
    ['/api/v1/workloads/shop%20x/backend', /namespace/],
    ['/api/v1/workloads/shop/backend?includeOpen=perhaps', /includeOpen/],
    [`/api/v1/workloads/shop/${'x'.repeat(300)}`, /name|must NOT have more/],
  ])('rejects %s with 400', async (url, message) => {
    const { app } = await fixtureApp();
    const res = await app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(message);
  });

  it('has no route for a workload id without a name', async () => {
    const { app } = await fixtureApp();
    expect((await app.inject({ method: 'GET', url: '/api/v1/workloads/shop' })).statusCode).toBe(404);
  });
});
