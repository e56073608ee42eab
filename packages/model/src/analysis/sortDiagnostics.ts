/**
 * One order for diagnostics everywhere: severity (errors first), then object, then code;
 * exact duplicates (same code, object, path and message) are reported once.
 */
import { SEVERITIES, type Diagnostic } from '../diagnostics.ts';

function objectKey(d: Diagnostic): string {
  const o = d.object;
  return o ? `${o.namespace ?? ''}/${o.name}/${o.kind}` : (d.file ?? '');
}

/** `a.localeCompare(b)` is this collator's compare (ECMA-402): the order every string key is sorted in. */
const collator = new Intl.Collator();

/**
 * Strings in collation order, ranked once: two strings compare as their ranks do. Kept from one
 * sort to the next (issue 19: a change at 30,000 workloads sorts tens of thousands of findings
 * whose objects are almost all the same as before), so a sort collates only the strings it has
 * not seen, by binary search, and compares integers. Started again when it holds many strings
 * the latest sort did not ask for.
 */
export class CollationRanks {
  private sorted: string[] = [];
  private rank = new Map<string, number>();
  private stale = false;

  /** Ranks for `strings`: equal ranks exactly where `collator.compare` says 0. */
  ranks(strings: Iterable<string>): Map<string, number> {
    const wanted = new Set(strings);
    if (this.sorted.length > 2 * wanted.size + 1024) {
      this.sorted = [];
      this.rank = new Map();
    }
    const fresh = [...wanted].filter((s) => !this.rank.has(s));
    if (fresh.length > 0) {
      if (fresh.length * 8 > this.sorted.length) this.sorted = [...this.sorted, ...fresh].sort(collator.compare);
      else {
        for (const s of fresh) {
          let lo = 0;
          let hi = this.sorted.length;
          while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (collator.compare(this.sorted[mid]!, s) <= 0) lo = mid + 1;
            else hi = mid;
          }
          this.sorted.splice(lo, 0, s);
        }
      }
      this.stale = true;
    }
    if (this.stale) {
      // Ties (strings the collator holds equal) share the rank of the first of them.
      let r = 0;
      for (let i = 0; i < this.sorted.length; i++) {
        if (i > 0 && collator.compare(this.sorted[i - 1]!, this.sorted[i]!) !== 0) r = i;
        this.rank.set(this.sorted[i]!, r);
      }
      this.stale = false;
    }
    return this.rank;
  }
}

const shared = new CollationRanks();

export function sortDiagnostics(items: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const keyed: { d: Diagnostic; severity: number; object: string; line: number; o: number; c: number }[] = [];
  for (const d of items) {
    const object = objectKey(d);
    const key = `${d.code}|${object}|${d.path ?? ''}|${d.port ?? ''}|${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    keyed.push({ d, severity: SEVERITIES.indexOf(d.severity), object, line: d.line ?? d.object?.line ?? 0, o: 0, c: 0 });
  }
  const strings = new Set<string>();
  for (const k of keyed) {
    strings.add(k.object);
    strings.add(k.d.code);
  }
  const rank = shared.ranks(strings);
  for (const k of keyed) {
    k.o = rank.get(k.object)!;
    k.c = rank.get(k.d.code)!;
  }
  keyed.sort((a, b) => a.severity - b.severity || a.o - b.o || a.c - b.c || a.line - b.line);
  return keyed.map((k) => k.d);
}
