/**
 * Where the test cluster's binaries are: explicit env vars, then KUBEBUILDER_ASSETS
 * (setup-envtest's layout), then the cache that build.sh fills.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const K8S_VERSION = 'v1.34.4';

export interface Binaries {
  apiserver: string;
  etcd: string;
  /** Optional: without it, Deployments create no ReplicaSets or Pods. */
  controllerManager?: string;
}

export function cacheDir(): string {
  return process.env.ACCESSGRAPH_TESTCLUSTER_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'accessgraph', 'testcluster', K8S_VERSION);
}

function pick(envVar: string, name: string): string | undefined {
  const candidates = [process.env[envVar], process.env.KUBEBUILDER_ASSETS && join(process.env.KUBEBUILDER_ASSETS, name), join(cacheDir(), name)];
  return candidates.find((p): p is string => !!p && existsSync(p));
}

/** The binaries, or a sentence saying which are missing and how to get them. */
export function findBinaries(): Binaries | string {
  const apiserver = pick('KUBE_APISERVER_BIN', 'kube-apiserver');
  const etcd = pick('ETCD_BIN', 'etcd');
  const controllerManager = pick('KUBE_CONTROLLER_MANAGER_BIN', 'kube-controller-manager');
  if (!apiserver || !etcd) {
    return `test cluster binaries missing (${[!apiserver && 'kube-apiserver', !etcd && 'etcd'].filter(Boolean).join(', ')}): run \`pnpm --filter @accessgraph/testcluster prepare-binaries\` (builds them from Go modules into ${cacheDir()}), or set KUBEBUILDER_ASSETS / KUBE_APISERVER_BIN and ETCD_BIN`;
  }
  return { apiserver, etcd, ...(controllerManager ? { controllerManager } : {}) };
}

/** Helm (built by build.sh beside the cluster binaries), for the chart tests; HELM_BIN wins. */
export function findHelm(): string | undefined {
  return [process.env.HELM_BIN, join(cacheDir(), 'helm')].find((p): p is string => !!p && existsSync(p));
}
