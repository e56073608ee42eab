/**
 * Vitest global set-up for the `cluster` project: one test cluster for the run, its admin
 * kubeconfig provided as `kubeconfig` (and ACCESSGRAPH_TEST_KUBECONFIG). Without binaries the
 * tests are skipped loudly — except under CI=true, where a missing cluster is a failure.
 */
import type { TestProject } from 'vitest/node';
import { findBinaries } from './binaries.ts';
import { TestCluster } from './harness.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    kubeconfig: string;
    clusterUnavailable: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const bins = findBinaries();
  if (typeof bins === 'string') {
    if (process.env.CI === 'true') throw new Error(`CI=true and no test cluster: ${bins}`);
    console.warn(`\n\n!!! CLUSTER TESTS SKIPPED: ${bins}\n\n`);
    project.provide('kubeconfig', '');
    project.provide('clusterUnavailable', bins);
    return async () => {};
  }
  const cluster = await TestCluster.start();
  console.log(`test cluster ready in ${cluster.startupMs} ms at ${cluster.server}`);
  process.env.ACCESSGRAPH_TEST_KUBECONFIG = cluster.kubeconfigPath;
  project.provide('kubeconfig', cluster.kubeconfigPath);
  project.provide('clusterUnavailable', '');
  return async () => cluster.stop();
}
