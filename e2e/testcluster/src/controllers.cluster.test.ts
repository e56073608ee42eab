/**
 * With kube-controller-manager running (when built), a Deployment becomes a ReplicaSet and
 * Pending Pods with owner references and pod-template-hash labels, as in a live cluster.
 */
import { describe, expect, inject, it } from 'vitest';
import { CoreV1Api } from '@kubernetes/client-node';
import { applyObjects, findBinaries, loadKubeConfig } from './index.ts';

const bins = findBinaries();
const withControllers = !inject('clusterUnavailable') && typeof bins !== 'string' && !!bins.controllerManager;

describe.skipIf(!withControllers)('controllers', () => {
  it('a Deployment gets a ReplicaSet and Pods owned by it', async () => {
    const kubeconfig = inject('kubeconfig');
    await applyObjects(kubeconfig, [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ctrl' } },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'ctrl' } },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: 'ctrl' },
        spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'example/web' }] } } },
      } as never,
    ]);
    const core = loadKubeConfig(kubeconfig).makeApiClient(CoreV1Api);
    await expect.poll(async () => (await core.listNamespacedPod({ namespace: 'ctrl' })).items.length, { timeout: 30_000, interval: 500 }).toBe(2);
    const pod = (await core.listNamespacedPod({ namespace: 'ctrl' })).items[0]!;
    expect(pod.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'ReplicaSet', controller: true });
    expect(pod.metadata?.labels?.['pod-template-hash']).toBeTruthy();
    expect(pod.status?.phase).toBe('Pending');
  });
});
