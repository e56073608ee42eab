/**
 * The policies that select one workload, per layer, for the workload page: the model answers
 * which (Analysis.policiesOf, the evaluators' own target resolution); this attaches what only
 * the source holds — each object's YAML, file and line.
 */
import type { WorkloadPolicy as ModelPolicy, Workload } from '@accessgraph/model';
import type { WorkloadPolicy } from '../schemas/workload.ts';
import { objectYaml, rawObject } from './objectIndex.ts';
import type { Snapshot } from './snapshot.ts';

/** The admin-tier kinds (cluster-scoped): no namespace. */
const CLUSTER_SCOPED = new Set(['AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy']);

function withSource(snapshot: Snapshot, w: Workload, p: ModelPolicy): WorkloadPolicy {
  const { ref } = p;
  const raw = rawObject(snapshot, ref);
  const out: WorkloadPolicy = {
    role: p.role,
    kind: ref.kind,
    namespace: ref.namespace ?? (CLUSTER_SCOPED.has(ref.kind) ? '' : w.namespace),
    name: ref.name,
    summary: p.summary,
    yaml: raw ? objectYaml(raw.object) : '# the source object is not available\n',
  };
  if (p.directions) out.directions = p.directions;
  if (ref.apiVersion) out.apiVersion = ref.apiVersion;
  const file = raw?.file ?? ref.file;
  const line = raw?.line ?? ref.line;
  if (file) out.file = file;
  if (line) out.line = line;
  return out;
}

export function workloadPolicies(snapshot: Snapshot, index: number): { l4: WorkloadPolicy[]; l7: WorkloadPolicy[] } {
  const w = snapshot.analysis.table.at(index);
  const { l4, l7 } = snapshot.analysis.policiesOf(index);
  return { l4: l4.map((p) => withSource(snapshot, w, p)), l7: l7.map((p) => withSource(snapshot, w, p)) };
}
