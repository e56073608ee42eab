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
import type { UnknownScope } from './types.ts';
import { GATEWAY_GROUP, POLICY_GROUP } from './linkerd/versions.ts';

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
  if (group === 'networking.k8s.io' && ref.kind === 'NetworkPolicy') {
    const podSelector = validSelector(o, 'spec', 'podSelector');
    return { ...base, layer: 'l4', affects: 'source-or-destination', ...(podSelector ? { podSelector } : {}) };
  }
  if (group === POLICY_GROUP || (group === GATEWAY_GROUP && /Route$/.test(ref.kind))) {
    const podSelector = ref.kind === 'Server' ? validSelector(o, 'spec', 'podSelector') : undefined;
    return { ...base, layer: 'l7', affects: 'destination', ...(podSelector ? { podSelector } : {}) };
  }
  return undefined;
}
