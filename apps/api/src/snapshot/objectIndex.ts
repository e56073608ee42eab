/**
 * The raw source objects of a snapshot by kind, namespace and name, and their YAML as the
 * workload page shows it. Built on first use per snapshot.
 */
import { stringify } from 'yaml';
import type { ObjectRef, SourcedObject } from '@accessgraph/model';
import type { Snapshot } from './snapshot.ts';

type Index = Map<string, SourcedObject[]>;
const indexes = new WeakMap<Snapshot, Index>();

function key(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}\u0000${namespace ?? ''}\u0000${name}`;
}

function field(o: unknown, name: string): unknown {
  return o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[name] : undefined;
}

function indexOf(snapshot: Snapshot): Index {
  let index = indexes.get(snapshot);
  if (index) return index;
  index = new Map();
  for (const so of snapshot.objects) {
    const kind = field(so.object, 'kind');
    const meta = field(so.object, 'metadata');
    const name = field(meta, 'name');
    if (typeof kind !== 'string' || typeof name !== 'string') continue;
    const ns = field(meta, 'namespace');
    const k = key(kind, typeof ns === 'string' ? ns : undefined, name);
    const list = index.get(k);
    if (list) list.push(so);
    else index.set(k, [so]);
  }
  indexes.set(snapshot, index);
  return index;
}

function groupOf(apiVersion: unknown): string {
  if (typeof apiVersion !== 'string') return '';
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** The raw object behind a model ObjectRef (same kind, namespace, name; same API group when two match). */
export function rawObject(snapshot: Snapshot, ref: ObjectRef): SourcedObject | undefined {
  const list = indexOf(snapshot).get(key(ref.kind, ref.namespace, ref.name));
  if (!list || list.length === 0) return undefined;
  if (list.length === 1 || !ref.apiVersion) return list[0];
  const group = groupOf(ref.apiVersion);
  return list.find((so) => groupOf(field(so.object, 'apiVersion')) === group) ?? list[0];
}

/** YAML of an object without the server's bookkeeping (managedFields). */
export function objectYaml(object: Record<string, unknown>): string {
  const meta = field(object, 'metadata');
  if (meta && typeof meta === 'object' && 'managedFields' in meta) {
    const { managedFields: _dropped, ...rest } = meta as Record<string, unknown>;
    return stringify({ ...object, metadata: rest }, { lineWidth: 0 });
  }
  return stringify(object, { lineWidth: 0 });
}
