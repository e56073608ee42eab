/**
 * Applying manifests to the test cluster through @kubernetes/client-node: create, or replace
 * when the object exists; CustomResourceDefinitions first, waiting until they are Established.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import { discoverResource, rest } from './rest.ts';

/**
 * The CRDs of Linkerd (policy.linkerd.io, linkerd.io, workload.linkerd.io) and of the Gateway
 * API routes it ships, written by this project from the facts of linkerd2's charts/linkerd-crds
 * at a pinned release (see crds/README.md): the test API server validates, prunes and defaults
 * Linkerd objects as a real cluster with Linkerd installed does.
 */
export const CRD_FILE = new URL('../crds/linkerd-policy.yaml', import.meta.url).pathname;

export function loadKubeConfig(path: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(path);
  return kc;
}

export function readObjects(paths: string[]): KubernetesObject[] {
  const files = paths.flatMap((p) => (statSync(p).isDirectory() ? readdirSync(p, { recursive: true }).map((f) => join(p, String(f))).filter((f) => /\.(ya?ml|json)$/.test(f)) : [p]));
  return files.flatMap((f) =>
    parseAllDocuments(readFileSync(f, 'utf8'))
      .map((d) => d.toJS() as KubernetesObject | null)
      .filter((o): o is KubernetesObject => !!o && typeof o === 'object' && !!o.kind),
  );
}

async function objectPath(kc: KubeConfig, obj: KubernetesObject): Promise<{ collection: string; item: string }> {
  const r = await discoverResource(kc, obj.apiVersion!, obj.kind!);
  const base = obj.apiVersion!.includes('/') ? `/apis/${obj.apiVersion}` : `/api/${obj.apiVersion}`;
  const collection = r.namespaced ? `${base}/namespaces/${obj.metadata?.namespace ?? 'default'}/${r.name}` : `${base}/${r.name}`;
  return { collection, item: `${collection}/${obj.metadata!.name}` };
}

/** Create, or replace when it exists. Returns what the server stored. */
async function applyOne(kc: KubeConfig, obj: KubernetesObject): Promise<KubernetesObject> {
  const { collection, item } = await objectPath(kc, obj);
  const existing = await rest(kc, 'GET', item);
  const body = existing.status === 200 ? { ...obj, metadata: { ...obj.metadata, resourceVersion: (existing.body as KubernetesObject).metadata?.resourceVersion } } : obj;
  const r = existing.status === 200 ? await rest(kc, 'PUT', item, body) : await rest(kc, 'POST', collection, body);
  if (r.status >= 300) throw new Error(`${obj.kind} ${obj.metadata?.namespace ?? ''}/${obj.metadata?.name}: ${r.status} ${(r.body as { message?: string })?.message ?? ''}`);
  return r.body as KubernetesObject;
}

type CrdStatus = {
  spec?: { group?: string; names?: { plural?: string }; versions?: { name: string; served?: boolean }[] };
  status?: { conditions?: { type: string; status: string }[] };
};

/**
 * Waits until each CRD is Established and every version it serves appears in API discovery
 * (Established comes first; a client that discovers right after may not see the resource yet).
 */
export async function waitForCrds(kc: KubeConfig, names: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const sleep = () => new Promise((r) => setTimeout(r, 100));
  for (const name of names) {
    let crd: CrdStatus | undefined;
    for (;;) {
      crd = (await rest(kc, 'GET', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`)).body as CrdStatus;
      if (crd?.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')) break;
      if (Date.now() > deadline) throw new Error(`CRD ${name} not Established after ${timeoutMs} ms`);
      await sleep();
    }
    const plural = crd.spec?.names?.plural;
    for (const v of (crd.spec?.versions ?? []).filter((x) => x.served !== false)) {
      for (;;) {
        const r = await rest(kc, 'GET', `/apis/${crd.spec?.group}/${v.name}`);
        if ((r.body as { resources?: { name: string }[] } | undefined)?.resources?.some((x) => x.name === plural)) break;
        if (Date.now() > deadline) throw new Error(`CRD ${name} version ${v.name} not in discovery after ${timeoutMs} ms`);
        await sleep();
      }
    }
  }
}

/** Applies objects in order, CRDs and Namespaces first (waiting for CRDs). Returns what the server stored. */
export async function applyObjects(kubeconfig: string, objects: KubernetesObject[]): Promise<KubernetesObject[]> {
  const kc = loadKubeConfig(kubeconfig);
  const crds = objects.filter((o) => o.kind === 'CustomResourceDefinition');
  const namespaces = objects.filter((o) => o.kind === 'Namespace');
  const rest_ = objects.filter((o) => o.kind !== 'CustomResourceDefinition' && o.kind !== 'Namespace');
  const out: KubernetesObject[] = [];
  for (const o of [...crds, ...namespaces]) out.push(await applyOne(kc, o));
  if (crds.length) await waitForCrds(kc, crds.map((c) => c.metadata!.name!));
  for (const o of rest_) out.push(await applyOne(kc, o));
  return out;
}

export type StrictResult = { accepted: true; stored: KubernetesObject } | { accepted: false; status: number; message: string };

/**
 * Creates one object with server-side strict field validation (`fieldValidation=Strict`, what
 * `kubectl apply --validate=strict` asks for): unknown or duplicate fields are errors, not
 * pruned with a warning. Never throws for a rejection: returns the status and the API server's
 * message (a kind or version no API serves is a rejection too, status 404).
 */
export async function applyObjectStrict(kubeconfig: string, obj: KubernetesObject): Promise<StrictResult> {
  const kc = loadKubeConfig(kubeconfig);
  let collection: string;
  try {
    if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') return { accepted: false, status: 400, message: 'apiVersion and kind must be strings' };
    const ns = obj.metadata?.namespace;
    ({ collection } = await objectPath(kc, { ...obj, metadata: { ...obj.metadata, namespace: typeof ns === 'string' ? ns : 'default' } }));
  } catch (e) {
    return { accepted: false, status: 404, message: (e as Error).message };
  }
  const r = await rest(kc, 'POST', `${collection}?fieldValidation=Strict`, obj);
  if (r.status >= 300) return { accepted: false, status: r.status, message: (r.body as { message?: string })?.message ?? String(r.body) };
  return { accepted: true, stored: r.body as KubernetesObject };
}

export async function applyManifests(kubeconfig: string, paths: string[]): Promise<KubernetesObject[]> {
  return applyObjects(kubeconfig, readObjects(paths));
}

export async function installLinkerdCrds(kubeconfig: string): Promise<void> {
  await applyManifests(kubeconfig, [CRD_FILE]);
}

export async function uninstallLinkerdCrds(kubeconfig: string): Promise<void> {
  const kc = loadKubeConfig(kubeconfig);
  for (const crd of readObjects([CRD_FILE])) await rest(kc, 'DELETE', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata!.name}`);
}

/** Sets status.podIP(s) through the status subresource, as a kubelet would. */
export async function setPodIps(cluster: { raw(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> }, namespace: string, name: string, ips: string[]): Promise<void> {
  const r = await cluster.raw('GET', `/api/v1/namespaces/${namespace}/pods/${name}`);
  const pod = r.json as { status?: Record<string, unknown> };
  pod.status = { ...(pod.status ?? {}), podIP: ips[0], podIPs: ips.map((ip) => ({ ip })) };
  const put = await cluster.raw('PUT', `/api/v1/namespaces/${namespace}/pods/${name}/status`, pod);
  if (put.status !== 200) throw new Error(`setting the IPs of ${namespace}/${name} failed: ${put.status} ${JSON.stringify(put.json)}`);
}

/** A Pod with a linkerd-proxy container, as the proxy injector would leave it. */
export function meshedPod(namespace: string, name: string, labels: Record<string, string>, ports: number[], serviceAccountName = 'default'): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels },
    spec: {
      serviceAccountName,
      containers: [
        { name: 'app', image: 'example/app', ports: ports.map((containerPort) => ({ containerPort })) },
        { name: 'linkerd-proxy', image: 'cr.l5d.io/linkerd/proxy', ports: [{ name: 'linkerd-proxy', containerPort: 4143 }, { name: 'linkerd-admin', containerPort: 4191 }] },
      ],
    },
  } as KubernetesObject;
}
