/**
 * Helpers for the live-source tests against a real kube-apiserver (@accessgraph/testcluster).
 * Each test file starts its own cluster, so it controls what is installed (CRDs or not, RBAC)
 * and may stop and restart the API server without disturbing other files.
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import { TestCluster, readObjects } from '@accessgraph/testcluster';
import type { FastifyInstance } from 'fastify';
import { onTestFinished } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { ServerMetrics } from '../../src/plugins/metrics.ts';
import { SnapshotStore } from '../../src/snapshot/snapshotStore.ts';
import { LiveSource, loadKubeConfig, type LiveSourceOptions } from '../../src/sources/live.ts';
import { FIXTURES, eventually } from '../helpers.ts';

declare module 'vitest' {
  // Provided by @accessgraph/testcluster's global set-up (the cluster project).
  export interface ProvidedContext {
    kubeconfig: string;
    clusterUnavailable: string;
  }
}

export const DEPLOY = new URL('../../../../deploy/', import.meta.url).pathname;

/** The fixture cluster's objects; `linkerd: false` leaves out the Linkerd policy kinds. */
export function fixtureObjects({ linkerd }: { linkerd: boolean }): KubernetesObject[] {
  const all = readObjects([FIXTURES]);
  return linkerd ? all : all.filter((o) => !o.apiVersion?.startsWith('policy.linkerd.io/'));
}

export function linkerdObjects(): KubernetesObject[] {
  return readObjects([FIXTURES]).filter((o) => o.apiVersion?.startsWith('policy.linkerd.io/'));
}

/** A linkerd-config ConfigMap as Linkerd's control plane holds it (only the fields we read). */
export const LINKERD_CONFIG: KubernetesObject[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'linkerd' } },
  {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'linkerd-config', namespace: 'linkerd' },
    data: { values: 'clusterNetworks: "10.0.0.0/8"\nidentityTrustDomain: cluster.local\npolicyController:\n  defaultAllowPolicy: all-unauthenticated\n' },
  } as KubernetesObject,
];

export interface LiveApp {
  app: FastifyInstance;
  store: SnapshotStore;
  source: LiveSource;
  url: string;
}

/** Fast timings so tests see re-discovery and reconnects within seconds. */
export const FAST: Partial<LiveSourceOptions> = {
  discoveryIntervalMs: 500,
  debounceMs: 30,
  timing: { backoffBaseMs: 100, backoffMaxMs: 500, watchTimeoutSeconds: 60, pageSize: 500 },
};

/** The app over a live source reading the cluster through `kubeconfig`, listening on a free port. */
export async function liveApp(kubeconfig: string, options: Partial<LiveSourceOptions> = {}): Promise<LiveApp> {
  const loaded = loadKubeConfig({ kubeconfig });
  const metrics = new ServerMetrics();
  const source = new LiveSource({ ...loaded, ...FAST, onWatchRestart: (resource, reason) => metrics.watchRestarts.inc({ resource, reason }), ...options });
  const store = new SnapshotStore({ source, onRecompute: (ms) => metrics.recomputeDuration.observe({}, ms / 1000) });
  const app = await buildApp({ store, heartbeatMs: 1000, metrics });
  onTestFinished(async () => {
    await app.close();
    await store.stop();
  });
  await store.start();
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  return { app, store, source, url: `http://127.0.0.1:${port}` };
}

/** Starts a fresh cluster for a test file; call in beforeAll and stop in afterAll. */
export async function startCluster(controllerManager = false): Promise<TestCluster> {
  return TestCluster.start({ controllerManager });
}

/** A ServiceAccount bound to a ClusterRole, and a kubeconfig with its token. */
export async function serviceAccountKubeconfig(cluster: TestCluster, namespace: string, name: string): Promise<string> {
  const token = await cluster.tokenFor(namespace, name);
  return cluster.kubeconfigForToken(token, `${namespace}-${name}`);
}

/** The first snapshot in which both layers could be read (discovery may lag just-installed CRDs). */
export async function knownSnapshot(store: SnapshotStore, timeoutMs = 15_000) {
  await store.ready();
  return eventually(() => {
    const s = store.current();
    return s && s.layers.l4.state === 'known' && s.layers.l7.state === 'known' ? s : undefined;
  }, timeoutMs, 'a snapshot with both layers known');
}
