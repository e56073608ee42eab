/**
 * Issue 15: the model's validation agrees with the real API server. Every hostile case of
 * packages/model/test/semantics/validationCases.ts is sent, as the YAML text a user would apply,
 * to a real kube-apiserver holding the Linkerd CRDs (crds/linkerd-policy.yaml, written from the facts of Linkerd's chart) with
 * `dryRun=All&fieldValidation=Strict` (what `kubectl apply` sends by default): each is rejected.
 * Every accepted case is stored (dry run) with `fieldValidation=Warn`.
 *
 * Its own cluster: the real CRDs must not replace the minimal ones other cluster tests install.
 */
import https from 'node:https';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { ACCEPTED, HOSTILE } from '../../../packages/model/test/semantics/validationCases.ts';
import { applyObjects, loadKubeConfig, readObjects, TestCluster } from './index.ts';
import { discoverResource } from './rest.ts';

const unavailable = inject('clusterUnavailable');
const REAL_CRDS = new URL('../crds/linkerd-policy.yaml', import.meta.url).pathname;

describe.skipIf(!!unavailable)('the real API server rejects what the model rejects', () => {
  let cluster: TestCluster;

  beforeAll(async () => {
    cluster = await TestCluster.start({ controllerManager: false });
    await applyObjects(cluster.kubeconfigPath, [...readObjects([REAL_CRDS]), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'app' } }, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } }]);
  }, 120_000);
  afterAll(async () => cluster?.stop());

  /** POSTs YAML text as is (the server decodes it); the status, or 404 when the version is not served. */
  async function post(text: string, fieldValidation: 'Strict' | 'Warn'): Promise<{ status: number; message: string }> {
    const kc = loadKubeConfig(cluster.kubeconfigPath);
    const o = parse(text, { uniqueKeys: false }) as { apiVersion: string; kind: string; metadata?: { namespace?: unknown } };
    let resource;
    try {
      resource = await discoverResource(kc, o.apiVersion, o.kind);
    } catch (e) {
      return { status: 404, message: (e as Error).message };
    }
    const base = o.apiVersion.includes('/') ? `/apis/${o.apiVersion}` : `/api/${o.apiVersion}`;
    const ns = typeof o.metadata?.namespace === 'string' ? o.metadata.namespace : 'app';
    const path = `${base}${resource.namespaced ? `/namespaces/${encodeURIComponent(ns)}` : ''}/${resource.name}?dryRun=All&fieldValidation=${fieldValidation}`;
    const options: https.RequestOptions = { method: 'POST', headers: { 'content-type': 'application/yaml', accept: 'application/json' } };
    await kc.applyToHTTPSOptions(options);
    return new Promise((resolve, reject) => {
      const req = https.request(new URL(cluster.server + path), options, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => {
          let message = body;
          try {
            message = (JSON.parse(body) as { message?: string }).message ?? body;
          } catch {
            /* text */
          }
          resolve({ status: res.statusCode ?? 0, message });
        });
      });
      req.on('error', reject);
      req.end(text);
    });
  }

  it.each(HOSTILE.filter((c) => !c.rejectedBy))('rejected: $rule', async (c) => {
    const r = await post(c.yaml, 'Strict');
    expect(r.status, r.message).toBeGreaterThanOrEqual(400);
  });

  // Rejected by Linkerd (its admission webhook or its controller), not by the schema: a bare API
  // server stores them, which is why the model does not rely on the schema alone.
  it.each(HOSTILE.filter((c) => c.rejectedBy))('schema-valid, rejected by $rejectedBy: $rule', async (c) => {
    const r = await post(c.yaml, 'Strict');
    expect(r.status, r.message).toBe(201);
  });

  it.each(ACCEPTED)('accepted: $rule', async (c) => {
    const r = await post(c.yaml, 'Warn');
    expect(r.status, r.message).toBe(201);
  });
});
