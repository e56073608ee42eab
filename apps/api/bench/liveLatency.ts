/**
 * Change-to-event latency through a real kube-apiserver: the synthetic cluster applied to a
 * fresh test cluster, `accessgraph serve --kubeconfig` reading it live, and a NetworkPolicy
 * updated through the API until the SSE stream announces the new snapshot.
 */
import { TestCluster, applyObjects, installLinkerdCrds, readObjects } from '@accessgraph/testcluster';
import { measureChanges, snapshotRecomputeMs, watchSnapshots, type LatencySummary } from './changeLatency.ts';
import { startServerProcess } from './serverProcess.ts';

export async function liveChangeLatency(dir: string, samples: number, log: (m: string) => void): Promise<LatencySummary & { recompute?: LatencySummary; workloads: number; applyMs: number }> {
  const cluster = await TestCluster.start({ controllerManager: false });
  try {
    await installLinkerdCrds(cluster.kubeconfigPath);
    const objects = readObjects([dir]);
    // Namespaces the files only imply (e.g. linkerd, holding linkerd-config) must exist first.
    const declared = new Set(objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata?.name));
    const implied = new Set(objects.map((o) => o.metadata?.namespace).filter((ns): ns is string => !!ns && !declared.has(ns)));
    objects.unshift(...[...implied].map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })));
    const t0 = performance.now();
    await applyObjects(cluster.kubeconfigPath, objects);
    const applyMs = Math.round(performance.now() - t0);
    const workloads = objects.filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(o.kind ?? '')).length;
    log(`applied ${objects.length} objects to the test cluster in ${applyMs} ms`);
    const server = await startServerProcess(['--kubeconfig', cluster.kubeconfigPath]);
    try {
      const np = objects.find((o) => o.kind === 'NetworkPolicy')!;
      const path = `/apis/networking.k8s.io/v1/namespaces/${np.metadata!.namespace}/networkpolicies/${np.metadata!.name}`;
      const watcher = await watchSnapshots(`${server.url}/api/v1/events`);
      log(`change → event: ${samples} API updates of ${np.metadata!.namespace}/${np.metadata!.name}`);
      // Alternate between the policy as applied and the policy with one more rule, so every
      // update is a real change (a no-op PUT makes no watch event).
      const original = ((await cluster.raw('GET', path)).json as { spec: { ingress?: unknown[] } }).spec.ingress ?? [];
      const result = await measureChanges(watcher, samples, async (i) => {
        const current = (await cluster.raw('GET', path)).json as { spec: { ingress?: unknown[] } };
        current.spec.ingress = i % 2 === 0 ? [...original, EXTRA_RULE] : original;
        const r = await cluster.raw('PUT', path, current);
        if (r.status !== 200) throw new Error(`update failed: ${r.status}`);
      }, snapshotRecomputeMs(server.url));
      watcher.close();
      return { ...result, workloads, applyMs };
    } finally {
      await server.stop();
    }
  } finally {
    await cluster.stop();
  }
}

const EXTRA_RULE = { from: [{ namespaceSelector: {} }], ports: [{ port: 1 }] };
