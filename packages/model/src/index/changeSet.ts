/**
 * What a source tells the model: per object, applied (created or replaced) or deleted, under a
 * key the source chooses and keeps stable for the object's life (a manifest document's file and
 * position, a watched object's resource, namespace and name). `reset` says the set replaces
 * everything held so far: keys it does not apply are deleted (a first read, a re-list).
 * The same contract as linkerd2's IndexNamespacedResource (apply / delete / reset, in
 * policy-controller/k8s/index/src/inbound/index.rs): an apply of a known key replaces its
 * object, a delete of an unknown key does nothing.
 */
import type { SourcedObject } from '../k8s/sourcedObject.ts';

export type ObjectKey = string;

export type Change = { type: 'apply'; key: ObjectKey; object: SourcedObject } | { type: 'delete'; key: ObjectKey };

export interface ChangeSet {
  /** Everything held before is replaced: keys this set does not apply are deleted. */
  reset?: boolean;
  changes: Change[];
}

export const NO_CHANGES: ChangeSet = { changes: [] };

/** The key of the i-th object of a list: sorts in list order (the index holds objects in key order). */
export const positionKey = (i: number): ObjectKey => `#${String(i).padStart(9, '0')}`;

/** A reset to exactly these objects, keyed by `keyOf` (by default their position). */
export function resetTo(objects: readonly SourcedObject[], keyOf: (o: SourcedObject, i: number) => ObjectKey = (_o, i) => positionKey(i)): ChangeSet {
  return { reset: true, changes: objects.map((object, i) => ({ type: 'apply', key: keyOf(object, i), object })) };
}

/** `b` applied after `a`, as one set: the later change of a key wins; a reset in `b` drops `a`. */
export function mergeChangeSets(a: ChangeSet, b: ChangeSet): ChangeSet {
  if (b.reset) return b;
  if (a.changes.length === 0) return a.reset ? { reset: true, changes: b.changes } : b;
  const last = new Map<ObjectKey, Change>();
  for (const c of a.changes) last.set(c.key, c);
  for (const c of b.changes) {
    last.delete(c.key); // re-inserted: its place is the later one
    last.set(c.key, c);
  }
  const changes = [...last.values()];
  return a.reset ? { reset: true, changes: changes.filter((c) => c.type === 'apply') } : { changes };
}

export function isEmptyChangeSet(c: ChangeSet): boolean {
  return !c.reset && c.changes.length === 0;
}
