/**
 * The one cache the server keeps answers in: string keys, a size in bytes per entry, a budget
 * in bytes, least recently used first out. A hit moves the entry to the back (Map order is
 * insertion order, so delete + set). Past the budget it evicts from the front, in one pass,
 * down to 7/8 of the budget: asking a Map for its first entry once per insertion walks the
 * deleted slots at its front every time (a fifth of the server's CPU once full, before).
 * An entry bigger than the whole budget is not kept. Counts bytes, entries and evictions for
 * /metrics (plugins/metrics.ts reads every cache registered with a CacheRegistry).
 * Pure: no I/O, no timers.
 */

export interface CacheStats {
  readonly name: string;
  readonly bytes: number;
  readonly entries: number;
  readonly evictions: number;
  readonly maxBytes: number;
}

export class ByteLru<V> implements CacheStats {
  private readonly map = new Map<string, { value: V; cost: number }>();
  private used = 0;
  private evicted = 0;

  constructor(
    readonly name: string,
    readonly maxBytes: number,
    /** Bytes an entry holds (its key included): the caller knows what the value retains. */
    private readonly sizeOf: (key: string, value: V) => number,
  ) {}

  get bytes(): number {
    return this.used;
  }
  get entries(): number {
    return this.map.size;
  }
  get evictions(): number {
    return this.evicted;
  }

  /** The value, now the most recently used. */
  get(key: string): V | undefined {
    const e = this.map.get(key);
    if (!e) return undefined;
    this.map.delete(key);
    this.map.set(key, e);
    return e.value;
  }

  /** Without touching recency (tests, metrics). */
  peek(key: string): V | undefined {
    return this.map.get(key)?.value;
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  /** Stores `value`; false when it alone exceeds the budget (then nothing is kept for `key`). */
  set(key: string, value: V): boolean {
    this.delete(key);
    const cost = this.sizeOf(key, value);
    if (cost > this.maxBytes) return false;
    this.makeRoom(cost);
    this.map.set(key, { value, cost });
    this.used += cost;
    return true;
  }

  /**
   * The entry grew or shrank since it was stored (a gzip made later): its size is measured
   * again and the budget enforced. Another entry may go; this one stays unless alone too big.
   */
  resize(key: string): void {
    const e = this.map.get(key);
    if (!e) return;
    const cost = this.sizeOf(key, e.value);
    this.used += cost - e.cost;
    e.cost = cost;
    if (cost > this.maxBytes) {
      this.delete(key);
      this.evicted++;
      return;
    }
    if (this.used > this.maxBytes) {
      this.map.delete(key);
      this.used -= cost;
      this.makeRoom(cost);
      this.map.set(key, e);
      this.used += cost;
    }
  }

  delete(key: string): boolean {
    const e = this.map.get(key);
    if (!e) return false;
    this.map.delete(key);
    this.used -= e.cost;
    return true;
  }

  /** Empties the cache (a new snapshot: nothing in it can be served again). Not evictions. */
  clear(): void {
    this.map.clear();
    this.used = 0;
  }

  keys(): IterableIterator<string> {
    return this.map.keys();
  }

  private makeRoom(cost: number): void {
    if (this.used + cost <= this.maxBytes) return;
    const low = this.maxBytes - Math.floor(this.maxBytes / 8);
    for (const [k, e] of this.map) {
      if (this.used + cost <= low) break;
      this.map.delete(k);
      this.used -= e.cost;
      this.evicted++;
    }
  }
}

/** Every cache of one server, for the metrics. */
export class CacheRegistry {
  private readonly caches: CacheStats[] = [];
  add<C extends CacheStats>(cache: C): C {
    this.caches.push(cache);
    return cache;
  }
  all(): readonly CacheStats[] {
    return this.caches;
  }
}

/** Bytes a string holds in V8, at most (two per UTF-16 unit unless one-byte). */
export function stringBytes(s: string): number {
  // Counting every string as two-byte would halve what fits; one-byte strings are the rule for
  // JSON of Kubernetes names. A string with any non-Latin-1 unit is two-byte throughout.
  // eslint-disable-next-line no-control-regex
  return /[^\u0000-\u00ff]/.test(s) ? s.length * 2 : s.length;
}

/**
 * The bound of an evaluator's per-(destination, port) answer cache (L4Classes, L7 decisions):
 * each answer holds a few WorkloadSets of n bits, so the budget is in bytes and the answers
 * are recomputed when evicted (a few bitset unions). Many distinct questions — `check` with
 * ports nobody declares, `matrix?port=` — then cost recomputation, never unbounded memory.
 */
export const EVALUATOR_CACHE_BYTES = 8 * 2 ** 20;

/**
 * An answer cache of `sets` WorkloadSets of `n` bits each per entry. With `measure`, an entry
 * costs what its sets hold (WorkloadSet.bytes(): block-sparse sets share most of their blocks,
 * so a dense estimate would keep a tenth of the answers it could at 30,000 workloads).
 */
export function setCache<V>(name: string, n: number, sets: number, maxBytes = EVALUATOR_CACHE_BYTES, measure?: (value: V) => number): ByteLru<V> {
  const perEntry = sets * (Math.ceil(n / 32) * 4 + 64) + 96;
  return new ByteLru<V>(name, maxBytes, measure ? (key, value) => measure(value) + 96 + key.length * 2 : (key) => perEntry + key.length * 2);
}
