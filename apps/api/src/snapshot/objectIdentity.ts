/**
 * Keeps raw objects the same objects across source states when their content has not changed.
 *
 * The model's incremental recompute works by identity: an object it has seen (same object, same
 * file and line) is not parsed again, and while every workload object is the same, the workload
 * table, compiled policies and every destination the change cannot affect are reused. A manifest
 * file that is saved again is parsed again by the source, so every document in it comes back as
 * a new object even when only one of them changed (and a live informer's re-list does the same
 * for every object). Here each new object that has the same place (file, line, kind, namespace,
 * name) and the same JSON as an object of the previous state is replaced by that previous object,
 * so only what really changed looks changed. Comparing JSON is order-sensitive on purpose: the
 * objects are also what the workload page shows as YAML.
 *
 * Objects already known (same identity as before: the live source keeps its objects) cost one
 * lookup; only new objects are compared, and only with the one previous object at their place.
 */
import type { SourcedObject } from '@accessgraph/model';

type Raw = SourcedObject['object'];

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function placeOf(s: SourcedObject): string {
  const o = s.object;
  const meta = (o.metadata ?? undefined) as Record<string, unknown> | undefined;
  return `${s.file ?? ''}\u0000${s.line ?? ''}\u0000${str(o.apiVersion)}\u0000${str(o.kind)}\u0000${str(meta?.namespace)}\u0000${str(meta?.name)}`;
}

function sameJson(a: Raw, b: Raw): boolean {
  try {
    return JSON.stringify(a) === JSON.stringify(b);
  } catch {
    // Not JSON (a cycle): never the same, so it is simply treated as changed.
    return false;
  }
}

interface Place {
  key: string;
  file: string | undefined;
  line: number | undefined;
}

export interface IdentityStats {
  /** Objects with the same identity as in the previous state. */
  known: number;
  /** New objects replaced by an equal previous one. */
  reused: number;
  /** New objects kept as they are (new or changed content). */
  changed: number;
}

export class ObjectIdentity {
  /** Where every object of the last state was, by object. */
  private places = new WeakMap<Raw, Place>();
  /** The last state's object at each place. */
  private byPlace = new Map<string, Raw>();
  lastStats: IdentityStats = { known: 0, reused: 0, changed: 0 };

  /** `objects` with each unchanged object replaced by its previous identity (the input is not modified). */
  reuse(objects: readonly SourcedObject[]): SourcedObject[] {
    const places = new WeakMap<Raw, Place>();
    const byPlace = new Map<string, Raw>();
    const stats: IdentityStats = { known: 0, reused: 0, changed: 0 };
    const out: SourcedObject[] = new Array(objects.length);
    for (let i = 0; i < objects.length; i++) {
      let s = objects[i]!;
      let place = this.places.get(s.object);
      if (place !== undefined && place.file === s.file && place.line === s.line) stats.known++;
      else {
        place = { key: placeOf(s), file: s.file, line: s.line };
        const previous = this.byPlace.get(place.key);
        if (previous !== undefined && previous !== s.object && sameJson(previous, s.object)) {
          s = { ...s, object: previous };
          stats.reused++;
        } else stats.changed++;
      }
      places.set(s.object, place);
      byPlace.set(place.key, s.object);
      out[i] = s;
    }
    this.places = places;
    this.byPlace = byPlace;
    this.lastStats = stats;
    return out;
  }
}
