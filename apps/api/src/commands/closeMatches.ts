/**
 * "Did you mean": the known names closest to what the user typed, for an unknown workload or
 * Service id. Same name in another namespace first, then by edit distance.
 */

/** Levenshtein distance, two rows. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** Up to `limit` of `known` that are close to `wanted` (`ns/name`). */
export function closeMatches(wanted: string, known: Iterable<string>, limit = 5): string[] {
  const w = wanted.toLowerCase();
  // The name is the last segment: ids are `ns/name`, or `ns/<kind>/name` when two kinds share a name.
  const wantedName = w.slice(w.lastIndexOf('/') + 1);
  const scored: { id: string; score: number }[] = [];
  for (const id of new Set(known)) {
    const k = id.toLowerCase();
    const name = k.slice(k.lastIndexOf('/') + 1);
    let score = editDistance(w, k);
    if (name === wantedName) score = Math.min(score, 0.5);
    else if (wantedName.length >= 3 && name.includes(wantedName)) score = Math.min(score, 1.5);
    const tolerance = Math.max(2, Math.floor(w.length / 3));
    if (score <= tolerance) scored.push({ id, score });
  }
  scored.sort((a, b) => a.score - b.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return scored.slice(0, limit).map((s) => s.id);
}

/** `no workload x/y; did you mean: a/y, x/z?` or the message alone. */
export function withSuggestions(message: string, wanted: string, known: Iterable<string>): string {
  const close = closeMatches(wanted, known);
  return close.length ? `${message}; did you mean: ${close.join(', ')}?` : message;
}
