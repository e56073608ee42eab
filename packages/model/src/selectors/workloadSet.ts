/**
 * A set of workloads over the workload indexes of one analysis. The evaluators answer "which
 * sources does this (destination, port) admit" with one of these, so that the whole graph is a
 * few set operations per destination port instead of N² pairwise evaluations.
 *
 * Block-sparse, copy on write (issue 19): the indexes are cut into blocks of 1,024 bits
 * (32 words); a block is absent (empty), the shared all-ones block (full), or a Uint32Array.
 * A set that shares a block with another (clone, or a union that takes the other's block)
 * never writes it again: the first write copies it. So an operation costs one step per block
 * plus 32 words only where both operands hold a mixed block, and a copy costs one pointer per
 * block. Per-destination answers are mostly either a few clients (one or two mixed blocks) or
 * nearly everyone (full blocks, or a mixed block shared with the table's own sets): with dense
 * bitsets each of them cost N/32 words to build and to keep, which made the graph quadratic
 * in the workloads (at 30,000 workloads: 940 words per set, ~20 sets per destination port).
 *
 * Hand-written rather than a bitset package for a measured reason: the evaluators need in-place
 * union/intersect/subtract with structural sharing and iteration in index order; the model bench
 * (`packages/model/bench/run.ts`) is the check.
 */

const BLOCK_SHIFT = 10;
const BLOCK_BITS = 1 << BLOCK_SHIFT;
const BLOCK_WORDS = BLOCK_BITS >>> 5;
type Block = Uint32Array;

/** The all-ones block, shared by every set (never written). */
const FULL: Block = new Uint32Array(BLOCK_WORDS).fill(0xffffffff);
/** The all-ones last block of a set whose size is not a multiple of the block, per size (never written; only as many words as the size needs, so a small set costs what a dense one did). */
const lastFullBySize = new Map<number, Block>();

function lastFullFor(size: number): Block {
  let b = lastFullBySize.get(size);
  if (!b) {
    const bits = size - ((size - 1) >>> BLOCK_SHIFT) * BLOCK_BITS;
    b = new Uint32Array((bits + 31) >>> 5);
    for (let i = 0; i < bits; i++) b[i >>> 5]! |= 1 << (i & 31);
    lastFullBySize.set(size, b);
  }
  return b;
}

function popcount(w: number): number {
  w = w - ((w >>> 1) & 0x55555555);
  w = (w & 0x33333333) + ((w >>> 2) & 0x33333333);
  return (((w + (w >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export class WorkloadSet {
  /** Per block: null (empty), FULL / the last full block, or a mixed block. */
  private readonly blocks: (Block | null)[];
  /**
   * Which blocks this set alone holds and may write in place: one bit per block for the first 32
   * (a number: no allocation per set), a byte per block beyond (sets of more than 32,768 workloads).
   */
  private ownedLow = 0;
  private readonly ownedHigh: Uint8Array | null;
  /** The all-ones last block when size is not a multiple of the block (else null). */
  private readonly lastFull: Block | null;

  private constructor(
    readonly size: number,
    blocks?: (Block | null)[],
  ) {
    const n = (size + BLOCK_BITS - 1) >>> BLOCK_SHIFT;
    this.blocks = blocks ?? new Array<Block | null>(n).fill(null);
    this.ownedHigh = n > 32 ? new Uint8Array(n - 32) : null;
    this.lastFull = (size & (BLOCK_BITS - 1)) !== 0 ? lastFullFor(size) : null;
  }

  static empty(size: number): WorkloadSet {
    return new WorkloadSet(size);
  }

  static full(size: number): WorkloadSet {
    const s = new WorkloadSet(size);
    for (let k = 0; k < s.blocks.length; k++) s.blocks[k] = s.fullBlock(k);
    return s;
  }

  static of(size: number, indexes: Iterable<number>): WorkloadSet {
    const s = new WorkloadSet(size);
    for (const i of indexes) s.add(i);
    return s;
  }

  /** The all-ones block at position k (the last one holds only the bits below size). */
  private fullBlock(k: number): Block {
    return this.lastFull !== null && k === this.blocks.length - 1 ? this.lastFull : FULL;
  }

  private isOwned(k: number): boolean {
    return k < 32 ? ((this.ownedLow >>> k) & 1) === 1 : this.ownedHigh![k - 32] === 1;
  }

  private setOwned(k: number, owned: boolean): void {
    if (k < 32) this.ownedLow = owned ? this.ownedLow | (1 << k) : this.ownedLow & ~(1 << k);
    else this.ownedHigh![k - 32] = owned ? 1 : 0;
  }

  /** From now on every block is shared (clone, complement): no write in place. */
  private disown(): void {
    this.ownedLow = 0;
    this.ownedHigh?.fill(0);
  }

  /** A zeroed block for position k (the last one only as long as the size needs). */
  private newBlock(k: number): Block {
    return new Uint32Array(this.lastFull !== null && k === this.blocks.length - 1 ? this.lastFull.length : BLOCK_WORDS);
  }

  private isFull(b: Block | null): boolean {
    return b === FULL || (b !== null && b === this.lastFull);
  }

  /** Block k, writable by this set (copied first when shared, allocated when empty). */
  private writable(k: number): Block {
    const b = this.blocks[k]!;
    if (this.isOwned(k)) return b;
    const w = b === null ? this.newBlock(k) : b.slice();
    this.blocks[k] = w;
    this.setOwned(k, true);
    return w;
  }

  /** Puts a block this set shares with `from` (neither writes it again). */
  private share(k: number, b: Block | null, from?: WorkloadSet): void {
    this.blocks[k] = b;
    this.setOwned(k, false);
    if (from) from.setOwned(k, false);
  }

  /** Puts a computed block: null when empty, else owned. */
  private put(k: number, b: Block, any: number): void {
    if (any === 0) this.share(k, null);
    else {
      this.blocks[k] = b;
      this.setOwned(k, true);
    }
  }

  has(i: number): boolean {
    const b = this.blocks[i >>> BLOCK_SHIFT];
    return b !== null && b !== undefined && (b[(i >>> 5) & (BLOCK_WORDS - 1)]! & (1 << (i & 31))) !== 0;
  }

  add(i: number): void {
    if (this.has(i)) return;
    this.writable(i >>> BLOCK_SHIFT)[(i >>> 5) & (BLOCK_WORDS - 1)]! |= 1 << (i & 31);
  }

  delete(i: number): void {
    if (!this.has(i)) return;
    this.writable(i >>> BLOCK_SHIFT)[(i >>> 5) & (BLOCK_WORDS - 1)]! &= ~(1 << (i & 31));
  }

  /** A copy sharing every block (copy on write on either side). */
  clone(): WorkloadSet {
    this.disown();
    return new WorkloadSet(this.size, this.blocks.slice());
  }

  /** In place: this ∪= other. Returns this. */
  unionWith(other: WorkloadSet): this {
    const A = this.blocks, B = other.blocks;
    for (let k = 0; k < A.length; k++) {
      const a = A[k]!, b = B[k]!;
      if (b === null || a === b || this.isFull(a)) continue;
      if (a === null || this.isFull(b)) {
        this.share(k, b, other);
        continue;
      }
      const w = this.isOwned(k) ? a : this.newBlock(k);
      let all = -1;
      for (let i = 0; i < w.length; i++) all &= w[i] = a[i]! | b[i]!;
      // A block that became all ones is the shared FULL one (the last block of an odd size stays mixed).
      if (all === -1 && this.fullBlock(k) === FULL) this.share(k, FULL);
      else {
        A[k] = w;
        this.setOwned(k, true);
      }
    }
    return this;
  }

  /** In place: this ∩= other. Returns this. */
  intersectWith(other: WorkloadSet): this {
    const A = this.blocks, B = other.blocks;
    for (let k = 0; k < A.length; k++) {
      const a = A[k]!, b = B[k]!;
      if (a === null || a === b || this.isFull(b)) continue;
      if (b === null) {
        this.share(k, null);
        continue;
      }
      if (this.isFull(a)) {
        this.share(k, b, other);
        continue;
      }
      const w = this.isOwned(k) ? a : this.newBlock(k);
      let any = 0;
      for (let i = 0; i < w.length; i++) any |= w[i] = a[i]! & b[i]!;
      this.put(k, w, any);
    }
    return this;
  }

  /** In place: this \= other. Returns this. */
  subtract(other: WorkloadSet): this {
    const A = this.blocks, B = other.blocks;
    for (let k = 0; k < A.length; k++) {
      const a = A[k]!, b = B[k]!;
      if (a === null || b === null) continue;
      if (a === b || this.isFull(b)) {
        this.share(k, null);
        continue;
      }
      if (this.isFull(a)) {
        const c = this.complementBlock(k, b);
        this.blocks[k] = c;
        this.setOwned(k, c !== null);
        continue;
      }
      const w = this.isOwned(k) ? a : this.newBlock(k);
      let any = 0;
      for (let i = 0; i < w.length; i++) any |= w[i] = a[i]! & ~b[i]!;
      this.put(k, w, any);
    }
    return this;
  }

  /** The complement of block b at position k, within size: null, a full block, or a new block. */
  private complementBlock(k: number, b: Block | null): Block | null {
    if (b === null) return this.fullBlock(k);
    if (this.isFull(b)) return null;
    const full = this.fullBlock(k);
    const w = this.newBlock(k);
    let any = 0;
    for (let i = 0; i < w.length; i++) any |= w[i] = ~b[i]! & full[i]!;
    return any === 0 ? null : w;
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
    const s = new WorkloadSet(this.size);
    for (let k = 0; k < this.blocks.length; k++) {
      const c = this.complementBlock(k, this.blocks[k]!);
      s.blocks[k] = c;
      // A computed block is the new set's own; null and the full blocks are shared constants.
      s.setOwned(k, c !== null && !s.isFull(c));
    }
    return s;
  }

  isEmpty(): boolean {
    for (const b of this.blocks) {
      if (b === null) continue;
      for (let i = 0; i < b.length; i++) if (b[i] !== 0) return false;
    }
    return true;
  }

  count(): number {
    let n = 0;
    for (let k = 0; k < this.blocks.length; k++) {
      const b = this.blocks[k]!;
      if (b === null) continue;
      if (b === FULL) n += BLOCK_BITS;
      else for (let i = 0; i < b.length; i++) n += popcount(b[i]!);
    }
    return n;
  }

  equals(other: WorkloadSet): boolean {
    if (this.size !== other.size) return false;
    for (let k = 0; k < this.blocks.length; k++) {
      const a = this.blocks[k]!, b = other.blocks[k]!;
      if (a === b) continue;
      for (let i = 0; i < (a ?? b)!.length; i++) if ((a?.[i] ?? 0) !== (b?.[i] ?? 0)) return false;
    }
    return true;
  }

  /**
   * Bytes this set may keep alive: its block table and every mixed block, shared or not (a
   * block shared with a set that is gone is this one's alone; counting shared blocks by a
   * pointer let the answer caches hold ten times their budget). The full blocks are constants.
   */
  bytes(): number {
    let n = 64 + this.blocks.length * 9;
    for (const b of this.blocks) if (b !== null && !this.isFull(b)) n += b.length * 4 + 120;
    return n;
  }

  *[Symbol.iterator](): IterableIterator<number> {
    const B = this.blocks;
    for (let k = 0; k < B.length; k++) {
      const b = B[k]!;
      if (b === null) continue;
      const base = k << BLOCK_SHIFT;
      for (let i = 0; i < b.length; i++) {
        let w = b[i]!;
        while (w !== 0) {
          const t = w & -w;
          yield base + (i << 5) + (31 - Math.clz32(t));
          w ^= t;
        }
      }
    }
  }
}

/** Bytes the WorkloadSets among an object's values keep (an answer cache's entry size). */
export function bytesOfSets(record: object): number {
  let n = 0;
  for (const v of Object.values(record)) if (v instanceof WorkloadSet) n += v.bytes();
  return n;
}
