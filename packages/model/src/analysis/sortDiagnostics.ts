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

interface SortKeys {
  /** Identical diagnostics have the same key. */
  key: string;
  severity: number;
  object: string;
  line: number;
}

/**
 * Each diagnostic's keys, made once: a change at 30,000 workloads re-sorts tens of thousands of
 * findings it reuses, and building their keys (messages of hundreds of characters) was most of
 * the sort. Diagnostics are values, never modified once reported.
 */
const keysOf = new WeakMap<Diagnostic, SortKeys>();

function sortKeys(d: Diagnostic): SortKeys {
  let k = keysOf.get(d);
  if (!k) {
    const object = objectKey(d);
    k = { key: `${d.code}|${object}|${d.path ?? ''}|${d.port ?? ''}|${d.message}`, severity: SEVERITIES.indexOf(d.severity), object, line: d.line ?? d.object?.line ?? 0 };
    keysOf.set(d, k);
  }
  return k;
}

export function sortDiagnostics(items: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const keyed: { d: Diagnostic; k: SortKeys; o: number; c: number }[] = [];
  const strings = new Set<string>();
  for (const d of items) {
    const k = sortKeys(d);
    if (seen.has(k.key)) continue;
    seen.add(k.key);
    keyed.push({ d, k, o: 0, c: 0 });
    strings.add(k.object);
    strings.add(d.code);
  }
  const rank = shared.ranks(strings);
  for (const x of keyed) {
    x.o = rank.get(x.k.object)!;
    x.c = rank.get(x.d.code)!;
  }
  keyed.sort((a, b) => a.k.severity - b.k.severity || a.o - b.o || a.c - b.c || a.k.line - b.k.line);
  return keyed.map((x) => x.d);
}
