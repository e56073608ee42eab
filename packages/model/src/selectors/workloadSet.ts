/**
 * A set of workloads as a bitset over the workload indexes of one analysis. The evaluators
 * answer "which sources does this (destination, port) admit" with one of these, so that the
 * whole graph is a few thousand word-wise ANDs and ORs instead of N² pairwise evaluations.
 *
 * Hand-written rather than a bitset package for a measured reason: the evaluators need
 * in-place union/intersect/subtract over a shared Uint32Array with no allocation per call, and
 * iteration in index order; the model bench (`packages/model/bench/run.ts`) is the check.
 */

export class WorkloadSet {
  readonly words: Uint32Array;

  constructor(readonly size: number, words?: Uint32Array) {
    this.words = words ?? new Uint32Array((size + 31) >>> 5);
  }

  static empty(size: number): WorkloadSet {
    return new WorkloadSet(size);
  }

  static full(size: number): WorkloadSet {
    const s = new WorkloadSet(size);
    s.words.fill(0xffffffff);
    s.trim();
    return s;
  }

  static of(size: number, indexes: Iterable<number>): WorkloadSet {
    const s = new WorkloadSet(size);
    for (const i of indexes) s.add(i);
    return s;
  }

  private trim(): void {
    const extra = this.words.length * 32 - this.size;
    if (extra > 0 && this.words.length > 0) this.words[this.words.length - 1]! &= 0xffffffff >>> extra;
  }

  has(i: number): boolean {
    return (this.words[i >>> 5]! & (1 << (i & 31))) !== 0;
  }

  add(i: number): void {
    this.words[i >>> 5]! |= 1 << (i & 31);
  }

  delete(i: number): void {
    this.words[i >>> 5]! &= ~(1 << (i & 31));
  }

  clone(): WorkloadSet {
    return new WorkloadSet(this.size, this.words.slice());
  }

  /** In place: this ∪= other. Returns this. */
  unionWith(other: WorkloadSet): this {
    const a = this.words, b = other.words;
    for (let i = 0; i < a.length; i++) a[i]! |= b[i]!;
    return this;
  }

  /** In place: this ∩= other. Returns this. */
  intersectWith(other: WorkloadSet): this {
    const a = this.words, b = other.words;
    for (let i = 0; i < a.length; i++) a[i]! &= b[i]!;
    return this;
  }

  /** In place: this \= other. Returns this. */
  subtract(other: WorkloadSet): this {
    const a = this.words, b = other.words;
    for (let i = 0; i < a.length; i++) a[i]! &= ~b[i]!;
    return this;
  }

  union(other: WorkloadSet): WorkloadSet {
    return this.clone().unionWith(other);
  }

  intersect(other: WorkloadSet): WorkloadSet {
    return this.clone().intersectWith(other);
  }

  minus(other: WorkloadSet): WorkloadSet {
    return this.clone().subtract(other);
  }

  complement(): WorkloadSet {
    const s = new WorkloadSet(this.size, this.words.map((w) => ~w >>> 0));
    s.trim();
    return s;
  }

  isEmpty(): boolean {
    for (const w of this.words) if (w !== 0) return false;
    return true;
  }

  count(): number {
    let n = 0;
    for (let w of this.words) {
      w = w - ((w >>> 1) & 0x55555555);
      w = (w & 0x33333333) + ((w >>> 2) & 0x33333333);
      n += (((w + (w >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
    }
    return n;
  }

  equals(other: WorkloadSet): boolean {
    if (this.size !== other.size) return false;
    for (let i = 0; i < this.words.length; i++) if (this.words[i] !== other.words[i]) return false;
    return true;
  }

  *[Symbol.iterator](): IterableIterator<number> {
    const ws = this.words;
    for (let i = 0; i < ws.length; i++) {
      let w = ws[i]!;
      while (w !== 0) {
        const t = w & -w;
        yield (i << 5) + (31 - Math.clz32(t));
        w ^= t;
      }
    }
  }
}
