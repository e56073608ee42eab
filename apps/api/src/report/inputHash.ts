/**
 * The report's input hash: sha256 over the input objects in a canonical form — each object as
 * JSON with its keys sorted at every level, the objects sorted, one per line — so the same
 * objects give the same hash whatever their file order, key order or file layout (where an
 * object came from is not part of it; the report lists files separately).
 */
import { createHash } from 'node:crypto';
import type { SourcedObject } from '@accessgraph/model';

function canonical(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = canonical((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

export function canonicalObject(o: Record<string, unknown>): string {
  return JSON.stringify(canonical(o));
}

export function inputHash(objects: readonly SourcedObject[]): string {
  const lines = objects.map((o) => canonicalObject(o.object)).sort();
  const h = createHash('sha256');
  for (const l of lines) h.update(l + '\n', 'utf8');
  return `sha256:${h.digest('hex')}`;
}
