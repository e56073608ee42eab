/** @accessgraph/testcluster — a real kube-apiserver for tests. */
export { TestCluster, type StartOptions } from './harness.ts';
export { findBinaries, findHelm, cacheDir, K8S_VERSION, type Binaries } from './binaries.ts';
export { applyManifests, applyObjects, applyObjectStrict, type StrictResult, installLinkerdCrds, uninstallLinkerdCrds, setPodIps, meshedPod, readObjects, loadKubeConfig, CRD_FILE } from './apply.ts';
