/**
 * Which flows an object that accessgraph does not evaluate could decide (issue 12, issue 15):
 * an invalid policy object (the API server would reject it, so what runs is not what the file
 * says) or another enforcement engine's policy. The answer is an UnknownScope; the evaluators
 * turn every flow in it into `unknown` at that layer. One function per question, used by
 * every caller that drops a policy object, so a dropped policy never silently widens access.
 */
import type { ObjectRef } from '../diagnostics.ts';
import { diagnosticList } from '../diagnostics.ts';
import type { LabelSelector } from '../selectors/labelSelector.ts';
import { asObj, path as at, type Obj } from './fields.ts';
import { parseContext } from './parseContext.ts';
import { parseLabelSelector } from './parseLabelSelector.ts';
import type { SourcedObject } from './sourcedObject.ts';
import type { UnknownScope } from './types.ts';
import { GATEWAY_GROUP, POLICY_GROUP } from './linkerd/versions.ts';
import { engineKind, engineScope } from './otherEngines.ts';
import { ADMIN_POLICY_GROUP, isAdminPolicyKind } from './parseAdminPolicies.ts';
import { asStr } from './fields.ts';

/** Kinds whose loss changes no verdict of other workloads: a workload that is not read is simply not in the graph. */
const WORKLOAD_KINDS_ONLY = new Set(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Service', 'ServiceAccount']);

/** The podSelector at `keys` when it is present and valid; undefined otherwise (then the whole namespace is in scope). */
function validSelector(o: Obj, ...keys: string[]): LabelSelector | undefined {
  const raw = at(o, ...keys);
  if (raw === undefined || raw === null || !asObj(raw)) return undefined;
  const sink = diagnosticList();
  const s = parseLabelSelector(raw, keys.join('.'), parseContext({ kind: '', name: '' }, sink));
  return sink.items.length === 0 ? s : undefined;
}

function where(ref: ObjectRef): string {
  const at = ref.file ? ` (${ref.file}${ref.line ? `:${ref.line}` : ''})` : '';
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}${at}`;
}

/**
 * The scope of an invalid object of a policy kind: a NetworkPolicy decides L4 for the pods its
 * podSelector selects (both directions), a Linkerd/Gateway policy object L7 for destinations
 * in its namespace (a Server: those its podSelector selects). Undefined for kinds that are not
 * policy (an invalid Deployment is simply not a workload).
 */
export function invalidObjectScope(group: string, o: Obj, ref: ObjectRef, problem: { path?: string; message: string }): UnknownScope | undefined {
  const namespace = ref.namespace ?? 'default';
  const reason = `${where(ref)} is invalid${problem.path ? ` at ${problem.path}` : ''}: ${problem.message}. The API server would reject it, so what the cluster enforces here is not known.`;
  const base = { object: ref, ...(problem.path ? { path: problem.path } : {}), reason, namespace };
  // A selector the problem lies in is not a scope to trust (the parser may coerce what the API
  // server rejects): then the whole namespace is in scope.
  const selectorAt = (...keys: string[]) => (problem.path?.startsWith(keys.join('.')) ? undefined : validSelector(o, ...keys));
  if (group === 'networking.k8s.io' && ref.kind === 'NetworkPolicy') {
    const podSelector = selectorAt('spec', 'podSelector');
    return { ...base, layer: 'l4', affects: 'source-or-destination', ...(podSelector ? { podSelector } : {}) };
  }
  if (group === ADMIN_POLICY_GROUP && isAdminPolicyKind(group, ref.kind)) {
    // Cluster-scoped, and its subject selects namespaces by label: every flow is in scope.
    return { object: ref, ...(problem.path ? { path: problem.path } : {}), reason: reason.replace(/\.$/, '') + ' — admin-tier policy can decide any flow, so L4 is unknown for every flow.', layer: 'l4', affects: 'source-or-destination' };
  }
  if (group === POLICY_GROUP || (group === GATEWAY_GROUP && /Route$/.test(ref.kind))) {
    const podSelector = ref.kind === 'Server' ? selectorAt('spec', 'podSelector') : undefined;
    return { ...base, layer: 'l7', affects: 'destination', ...(podSelector ? { podSelector } : {}) };
  }
  return undefined;
}

/**
 * A document that does not parse could be any object: what its text lets us guess decides the
 * scope. A workload or Service that is not read is only missing from the graph (nothing else
 * changes); a NetworkPolicy makes L4 unknown in its namespace, a Linkerd object L7, a
 * Namespace both layers for flows touching it (its labels and annotations decide selectors
 * and defaults), linkerd-config L7 everywhere; anything else — or no kind at all — both
 * layers in its namespace, or everywhere when not even that can be read.
 */
export function unreadableDocumentScopes(s: SourcedObject): UnknownScope[] {
  const apiVersion = asStr(s.object.apiVersion) ?? '';
  const kind = asStr(s.object.kind);
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';
  const name = asStr(at(s.object, 'metadata', 'name'));
  const guessedNamespace = asStr(at(s.object, 'metadata', 'namespace'));
  const ref: ObjectRef = { kind: kind ?? '(unreadable document)', name: name ?? '(unknown name)', ...(guessedNamespace ? { namespace: guessedNamespace } : {}), ...(s.file ? { file: s.file } : {}), ...(s.line ? { line: s.line } : {}) };
  const engine = kind ? engineKind(group, kind) : undefined;
  if (engine) return [engineScope(engine, ref)];
  if (kind && group === '' && WORKLOAD_KINDS_ONLY.has(kind)) return [];
  if (kind && (group === 'apps' || group === 'batch') && WORKLOAD_KINDS_ONLY.has(kind)) return [];
  if (kind === 'ConfigMap' && name !== 'linkerd-config') return [];
  const what = `${where(ref)} could not be read (${s.unreadable?.message.replace(/\.\s*The objects.*$/, '') ?? 'syntax error'})`;
  const scope = (layer: 'l4' | 'l7', namespace: string | undefined, affects: UnknownScope['affects'], whom: string): UnknownScope => ({
    layer,
    ...(namespace ? { namespace } : {}),
    affects,
    object: ref,
    reason: `${what}: it could change ${layer.toUpperCase()} for ${whom}, so that is unknown until the file parses.`,
  });
  if (kind === 'ConfigMap') return [scope('l7', undefined, 'destination', 'every meshed destination (linkerd-config holds the cluster default policy)')];
  if (kind === 'Namespace' && name) {
    return [scope('l4', name, 'source-or-destination', `flows to or from namespace ${name}`), scope('l7', name, 'destination', `destinations in namespace ${name}`)];
  }
  const namespace = guessedNamespace ?? (kind ? 'default' : undefined);
  const inNs = namespace ? `flows to or from namespace ${namespace}` : 'every flow';
  if (kind === 'NetworkPolicy' && group === 'networking.k8s.io') return [scope('l4', namespace, 'source-or-destination', inNs)];
  if (kind && isAdminPolicyKind(group, kind)) return [scope('l4', undefined, 'source-or-destination', 'every flow (a cluster-scoped admin-tier policy)')];
  if (group === POLICY_GROUP || group === GATEWAY_GROUP) return [scope('l7', namespace, 'destination', namespace ? `destinations in namespace ${namespace}` : 'every destination')];
  return [scope('l4', namespace, 'source-or-destination', inNs), scope('l7', namespace, 'source-or-destination', inNs)];
}
