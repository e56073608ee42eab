/**
 * Exports, once, the OpenAPI v3 schemas of the Kubernetes kinds the model reads from the real
 * test kube-apiserver (src/harness.ts) into packages/model/src/k8s/validate/schemas/kubernetes.json:
 * only the definitions reachable from those kinds, less `description` (prose the validator never
 * reads). The model imports that file; it never talks to an API server to validate.
 *
 *   pnpm --filter @accessgraph/testcluster run export-openapi
 */
import { writeFileSync } from 'node:fs';
import { findBinaries, K8S_VERSION } from '../src/binaries.ts';
import { TestCluster } from '../src/harness.ts';

/** group-version path → kinds read from it (SEMANTICS.md §1). */
const KINDS: Record<string, string[]> = {
  'api/v1': ['Namespace', 'Pod', 'Service', 'ServiceAccount', 'ConfigMap'],
  'apis/apps/v1': ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'],
  'apis/batch/v1': ['Job', 'CronJob'],
  'apis/networking.k8s.io/v1': ['NetworkPolicy'],
};

type Schema = Record<string, unknown>;
const output = new URL('../../../packages/model/src/k8s/validate/schemas/kubernetes.json', import.meta.url);

function withoutDescriptions(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutDescriptions);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).filter(([k, x]) => !(k === 'description' && typeof x === 'string')).map(([k, x]) => [k, withoutDescriptions(x)]));
}

function refsOf(v: unknown, out: Set<string>): void {
  if (Array.isArray(v)) for (const x of v) refsOf(x, out);
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k === '$ref' && typeof x === 'string') out.add(x.replace('#/components/schemas/', ''));
      else refsOf(x, out);
    }
  }
}

const bins = findBinaries();
if (typeof bins === 'string') throw new Error(bins);
const cluster = await TestCluster.start({ controllerManager: false });
try {
  const version = (await cluster.raw('GET', '/version')).json as { gitVersion: string };
  const all: Record<string, Schema> = {};
  const kinds: Record<string, string> = {};
  for (const [gv, list] of Object.entries(KINDS)) {
    const r = await cluster.raw('GET', `/openapi/v3/${gv}`);
    if (r.status !== 200) throw new Error(`GET /openapi/v3/${gv}: ${r.status}`);
    const schemas = (r.json as { components: { schemas: Record<string, Schema> } }).components.schemas;
    Object.assign(all, schemas);
    const apiVersion = gv.replace(/^apis?\//, '');
    for (const kind of list) {
      const name = Object.keys(schemas).find((n) => {
        const gvk = schemas[n]!['x-kubernetes-group-version-kind'] as { group: string; version: string; kind: string }[] | undefined;
        return gvk?.some((g) => (g.group ? `${g.group}/${g.version}` : g.version) === apiVersion && g.kind === kind);
      });
      if (!name) throw new Error(`no schema for ${apiVersion} ${kind}`);
      kinds[`${apiVersion}/${kind}`] = name;
    }
  }
  // Keep only what the kinds reach.
  const keep = new Set<string>();
  const queue = Object.values(kinds);
  while (queue.length) {
    const n = queue.pop()!;
    if (keep.has(n)) continue;
    if (!all[n]) throw new Error(`dangling $ref ${n}`);
    keep.add(n);
    const refs = new Set<string>();
    refsOf(all[n], refs);
    queue.push(...refs);
  }
  const schemas = Object.fromEntries([...keep].sort().map((n) => [n, withoutDescriptions(all[n])]));
  writeFileSync(
    output,
    JSON.stringify({ source: 'kube-apiserver /openapi/v3 (e2e/testcluster/scripts/export-openapi.ts)', // A kube-apiserver built from the k8s.io/kubernetes module reports v0.0.0-master: the module version is the one.
    kubernetesVersion: K8S_VERSION, reportedGitVersion: version.gitVersion, kinds, components: { schemas } }) + '\n',
  );
  console.log(`wrote ${output.pathname}: ${Object.keys(kinds).length} kinds, ${keep.size} definitions, Kubernetes ${K8S_VERSION}`);
} finally {
  await cluster.stop();
}
