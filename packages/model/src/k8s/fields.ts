/**
 * Reading untrusted decoded YAML/JSON safely: every accessor checks the type it returns, so
 * parsers never trust a field's shape and never throw on bad input.
 */

export type Obj = Record<string, unknown>;

export function asObj(v: unknown): Obj | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}

export function asArr(v: unknown): unknown[] | undefined {
  return Array.isArray(v) ? v : undefined;
}

export function asStr(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** String-valued map (labels, annotations); non-string values are stringified like the API server would reject — callers report. */
export function asStringMap(v: unknown): Record<string, string> {
  const o = asObj(v);
  const out: Record<string, string> = {};
  if (!o) return out;
  for (const [k, x] of Object.entries(o)) if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') out[k] = String(x);
  return out;
}

export function path(o: unknown, ...keys: (string | number)[]): unknown {
  let cur: unknown = o;
  for (const k of keys) {
    if (typeof k === 'number') cur = asArr(cur)?.[k];
    else cur = asObj(cur)?.[k];
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** ISO string for a creationTimestamp given as a string (YAML) or a Date (live client). */
export function asTimestamp(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v instanceof Date && !Number.isNaN(v.getTime())) return v.toISOString();
  return undefined;
}
