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

  /** How many strings are ranked. */
  get size(): number {
    return this.sorted.length;
  }

  /**
   * Ranks for `strings`: equal ranks exactly where `collator.compare` says 0. With `forget`
   * (the default), strings the call did not ask for may be dropped when they are many.
   */
  ranks(strings: Iterable<string>, forget = true): Map<string, number> {
    const wanted = new Set(strings);
    if (forget && this.sorted.length > 2 * wanted.size + 1024) {
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

interface GroupEntry {
  d: Diagnostic;
  k: SortKeys;
  /** Collation ranks of the object key and the code (in `SortedGroups.ranks`). */
  o: number;
  c: number;
  /** The group and the place in it: the input order, which breaks ties as a stable sort does. */
  g: number;
  i: number;
  /** The first of its key in input order: the one kept. */
  kept: boolean;
  dead: boolean;
}

/**
 * `sortDiagnostics` of groups of diagnostics, one after the other, kept for the next call
 * (issue 19): a change at 30,000 workloads replaces the findings of a few destinations among
 * tens of thousands. Groups that hold the same diagnostics as before keep their place in the
 * order; the changed ones' diagnostics are taken out and merged in by the same comparator, with
 * the input position (group, index) as the stable sort's tie-break. The result is the same list
 * as `sortDiagnostics(groups.flat())` (property test in test/sortDiagnostics.test.ts).
 */
export interface SortedGroups {
  readonly groups: readonly (readonly Diagnostic[])[];
  readonly sorted: Diagnostic[];
  /** @internal */
  readonly state: { entries: GroupEntry[]; byGroup: GroupEntry[][]; holders: Map<string, GroupEntry[]>; ranks: CollationRanks };
}

const compareEntries = (a: GroupEntry, b: GroupEntry) => a.k.severity - b.k.severity || a.o - b.o || a.c - b.c || a.k.line - b.k.line || a.g - b.g || a.i - b.i;
const sameItems = (a: readonly Diagnostic[] | undefined, b: readonly Diagnostic[]) => {
  if (a === b) return true;
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};
/** The kept one of a key: the first alive holder in input order. */
function pickKept(holders: GroupEntry[]): void {
  let best: GroupEntry | undefined;
  for (const h of holders) {
    h.kept = false;
    if (!best || h.g < best.g || (h.g === best.g && h.i < best.i)) best = h;
  }
  if (best) best.kept = true;
}

export function sortDiagnosticGroups(groups: readonly (readonly Diagnostic[])[], prior?: SortedGroups): SortedGroups {
  if (!prior || prior.groups.length !== groups.length) return sortGroupsAfresh(groups);
  const changed: number[] = [];
  for (let g = 0; g < groups.length; g++) if (!sameItems(prior.groups[g], groups[g]!)) changed.push(g);
  if (changed.length === 0) return { groups, sorted: prior.sorted, state: prior.state };
  // Most groups changed (a new workload table): sorting from nothing costs no more.
  if (changed.length * 2 > groups.length) return sortGroupsAfresh(groups);
  const { entries, byGroup, holders, ranks } = prior.state;
  const touchedKeys = new Set<string>();
  const added: GroupEntry[] = [];
  /** Entries of a changed group that stay: their place in the group (the tie-break) may have moved, so they are merged in again. */
  const moved = new Set<GroupEntry>();
  const strings = new Set<string>();
  for (const g of changed) {
    const before = new Map<Diagnostic, GroupEntry[]>();
    for (const e of byGroup[g]!) {
      const list = before.get(e.d);
      if (list) list.push(e);
      else before.set(e.d, [e]);
    }
    const now: GroupEntry[] = [];
    for (const [i, d] of groups[g]!.entries()) {
      const again = before.get(d)?.shift();
      if (again) {
        again.i = i;
        now.push(again);
        moved.add(again);
        added.push(again);
        // Its place among the holders of its key may have changed: which of them is kept is decided again.
        touchedKeys.add(again.k.key);
        continue;
      }
      const k = sortKeys(d);
      const e: GroupEntry = { d, k, o: 0, c: 0, g, i, kept: false, dead: false };
      now.push(e);
      added.push(e);
      strings.add(k.object);
      strings.add(d.code);
      touchedKeys.add(k.key);
      const list = holders.get(k.key);
      if (list) list.push(e);
      else holders.set(k.key, [e]);
    }
    for (const list of before.values()) {
      for (const e of list) {
        e.dead = true;
        touchedKeys.add(e.k.key);
        const hs = holders.get(e.k.key)!;
        hs.splice(hs.indexOf(e), 1);
        if (hs.length === 0) holders.delete(e.k.key);
      }
    }
    byGroup[g] = now;
  }
  for (const key of touchedKeys) {
    const hs = holders.get(key);
    if (hs) pickKept(hs);
  }
  // New strings shift the ranks of those after them: every entry takes its rank again.
  const before = ranks.size;
  const rank = ranks.ranks(strings, false);
  const live = entries.filter((e) => !e.dead && !moved.has(e));
  if (ranks.size !== before) {
    for (const e of live) {
      e.o = rank.get(e.k.object)!;
      e.c = rank.get(e.d.code)!;
    }
  }
  for (const e of added) {
    e.o = rank.get(e.k.object)!;
    e.c = rank.get(e.d.code)!;
  }
  added.sort(compareEntries);
  const merged: GroupEntry[] = new Array<GroupEntry>(live.length + added.length);
  let a = 0;
  let b = 0;
  for (let at = 0; at < merged.length; at++) merged[at] = b >= added.length || (a < live.length && compareEntries(live[a]!, added[b]!) <= 0) ? live[a++]! : added[b++]!;
  const sorted: Diagnostic[] = [];
  for (const e of merged) if (e.kept) sorted.push(e.d);
  return { groups, sorted, state: { entries: merged, byGroup, holders, ranks } };
}

function sortGroupsAfresh(groups: readonly (readonly Diagnostic[])[]): SortedGroups {
  const entries: GroupEntry[] = [];
  const byGroup: GroupEntry[][] = [];
  const holders = new Map<string, GroupEntry[]>();
  const strings = new Set<string>();
  for (const [g, items] of groups.entries()) {
    const list: GroupEntry[] = [];
    for (const [i, d] of items.entries()) {
      const k = sortKeys(d);
      const e: GroupEntry = { d, k, o: 0, c: 0, g, i, kept: false, dead: false };
      const hs = holders.get(k.key);
      if (hs) hs.push(e);
      else {
        holders.set(k.key, [e]);
        e.kept = true;
      }
      list.push(e);
      entries.push(e);
      strings.add(k.object);
      strings.add(d.code);
    }
    byGroup.push(list);
  }
  const ranks = new CollationRanks();
  const rank = ranks.ranks(strings, false);
  for (const e of entries) {
    e.o = rank.get(e.k.object)!;
    e.c = rank.get(e.d.code)!;
  }
  entries.sort(compareEntries);
  const sorted: Diagnostic[] = [];
  for (const e of entries) if (e.kept) sorted.push(e.d);
  return { groups, sorted, state: { entries, byGroup, holders, ranks } };
}
