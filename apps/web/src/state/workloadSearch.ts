/**
 * What a search term names: a workload id (`namespace/name`) as typed, or the one workload whose
 * name, or whose id, contains the term. Never a guess among several: those are listed instead.
 */
export type SearchResult = { ok: true; id: string } | { ok: false; message: string };

export function resolveWorkloadSearch(term: string, workloads: readonly string[]): SearchResult {
  const t = term.trim();
  if (!t) return { ok: false, message: 'Type a workload (namespace/name or a part of it).' };
  if (workloads.includes(t)) return { ok: true, id: t };
  const lower = t.toLowerCase();
  const byName = workloads.filter((w) => w.slice(w.indexOf('/') + 1).toLowerCase() === lower);
  const candidates = byName.length > 0 ? byName : workloads.filter((w) => w.toLowerCase().includes(lower));
  if (candidates.length === 1) return { ok: true, id: candidates[0]! };
  if (candidates.length === 0) return { ok: false, message: `No workload matches “${t}”.` };
  const shown = candidates.slice(0, 5).join(', ');
  return { ok: false, message: `“${t}” matches ${candidates.length} workloads: ${shown}${candidates.length > 5 ? ', …' : ''}. Pick one.` };
}
