/**
 * What an element update changes on an element already drawn. Setting data or classes on a
 * Cytoscape element restyles it and redraws the graph, even when the value is the same; an
 * expansion re-sends every namespace box and pair edge of the overview, so only the fields that
 * differ are set (CyGraph.setElements).
 */

/** Equal as JSON values (strings, numbers, booleans, null, arrays and plain objects of them). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => sameValue(x, bb[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * Whether setting `next` on an element holding `drawn` changes anything. Cytoscape merges data
 * (a key absent from `next` keeps its value), so only next's keys are compared.
 */
export function dataChanges(drawn: Readonly<Record<string, unknown>>, next: Readonly<Record<string, unknown>>): boolean {
  for (const k of Object.keys(next)) if (!sameValue(drawn[k], next[k])) return true;
  return false;
}

/** The class list an element definition sets, as a canonical string (order and blanks do not matter). */
export function classKey(classes: string | undefined): string {
  return (classes ?? '').split(/\s+/).filter(Boolean).sort().join(' ');
}
