/**
 * `pnpm -s testcluster [--apply PATH ...]`: builds the binaries if needed, starts a real
 * kube-apiserver + etcd (+ controller-manager), installs the test CRDs, applies the given
 * manifests, prints KUBECONFIG=<path>, and runs until SIGINT/SIGTERM, then cleans up.
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { applyObjects, installLinkerdCrds, readObjects } from './apply.ts';
import { findBinaries } from './binaries.ts';
import { TestCluster } from './harness.ts';

const HELP = `usage: pnpm -s testcluster [--apply PATH ...] [--no-controller-manager]

Starts a real kube-apiserver and etcd on loopback (built from Go modules on first use),
installs the Linkerd policy and HTTPRoute CRDs, applies PATHs (files or directories), prints
KUBECONFIG=<path> and keeps running until Ctrl-C. Then everything is stopped and removed.

  accessgraph serve --kubeconfig <path>     reads it like any live cluster
`;

const { values } = parseArgs({ options: { apply: { type: 'string', multiple: true, default: [] }, 'no-controller-manager': { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } } });
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
if (typeof findBinaries() === 'string') {
  execFileSync('bash', [new URL('../build.sh', import.meta.url).pathname], { stdio: 'inherit' });
}
const cwd = process.env.INIT_CWD ?? process.cwd();
const cluster = await TestCluster.start(values['no-controller-manager'] ? { controllerManager: false } : {});
const stop = async () => {
  await cluster.stop();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
try {
  await installLinkerdCrds(cluster.kubeconfigPath);
  const objects = readObjects(values.apply.map((p) => (p.startsWith('/') ? p : `${cwd}/${p}`)));
  // Namespaces first; each object on its own, so one the API server rejects (like seed 000's
  // NetworkAuthenticationPolicy, which no CRD serves) is reported and the rest still applied.
  for (const o of [...objects.filter((x) => x.kind === 'Namespace'), ...objects.filter((x) => x.kind !== 'Namespace')]) {
    try {
      await applyObjects(cluster.kubeconfigPath, [o]);
    } catch (e) {
      process.stderr.write(`not applied: ${o.kind} ${o.metadata?.namespace ?? ''}/${o.metadata?.name}: ${(e as Error).message.split('\n')[0]}\n`);
    }
  }
} catch (e) {
  process.stderr.write(`could not apply: ${(e as { body?: string }).body ?? (e as Error).message}\n`);
  await cluster.stop();
  process.exit(2);
}
process.stderr.write(`test cluster ready in ${cluster.startupMs} ms at ${cluster.server}\n`);
process.stdout.write(`KUBECONFIG=${cluster.kubeconfigPath}\n`);
setInterval(() => {}, 1 << 30);
