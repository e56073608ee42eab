/**
 * Sets of IP addresses as sorted, disjoint, inclusive intervals per family — what the outside
 * peer needs (issue 17): "0.0.0.0/0 minus the cluster networks", the part of a CIDR an ipBlock
 * admits, and the regions of the address space every policy in the input treats alike.
 */
import { parseCidr, type Cidr, type IpAddress, type Network } from './cidr.ts';

export interface Interval {
  family: 4 | 6;
  lo: bigint;
  hi: bigint;
}

const WIDTH = { 4: 32, 6: 128 } as const;
const maxOf = (family: 4 | 6) => (1n << BigInt(WIDTH[family])) - 1n;

export function cidrInterval(c: Cidr): Interval {
  const size = 1n << BigInt(WIDTH[c.family] - c.prefix);
  return { family: c.family, lo: c.base, hi: c.base + size - 1n };
}

function normalise(list: Interval[]): Interval[] {
  const sorted = [...list].sort((a, b) => a.family - b.family || (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0));
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && last.family === i.family && i.lo <= last.hi + 1n) {
      if (i.hi > last.hi) last.hi = i.hi;
    } else out.push({ ...i });
  }
  return out;
}

/** toCidrs() per set, kept apart so that sets compare (and print) as their intervals alone. */
const cidrLists = new WeakMap<object, string[]>();

export class AddressSet {
  private constructor(readonly intervals: readonly Interval[]) {}

  static of(intervals: Interval[]): AddressSet {
    return new AddressSet(normalise(intervals));
  }
  static empty(): AddressSet {
    return new AddressSet([]);
  }
  static fromCidrs(cidrs: readonly Cidr[]): AddressSet {
    return AddressSet.of(cidrs.map(cidrInterval));
  }
  /** An ipBlock / NetworkAuthentication network: the CIDR minus its excepts. */
  static fromNetwork(n: Network): AddressSet {
    return AddressSet.fromCidrs([n.cidr]).minus(AddressSet.fromCidrs(n.except));
  }
  /** Every IPv4 and IPv6 address. */
  static universe(): AddressSet {
    return AddressSet.of([
      { family: 4, lo: 0n, hi: maxOf(4) },
      { family: 6, lo: 0n, hi: maxOf(6) },
    ]);
  }

  isEmpty(): boolean {
    return this.intervals.length === 0;
  }

  union(o: AddressSet): AddressSet {
    return AddressSet.of([...this.intervals, ...o.intervals]);
  }

  minus(o: AddressSet): AddressSet {
    let rest: Interval[] = this.intervals.map((i) => ({ ...i }));
    for (const cut of o.intervals) {
      const next: Interval[] = [];
      for (const i of rest) {
        if (i.family !== cut.family || cut.hi < i.lo || cut.lo > i.hi) {
          next.push(i);
          continue;
        }
        if (cut.lo > i.lo) next.push({ family: i.family, lo: i.lo, hi: cut.lo - 1n });
        if (cut.hi < i.hi) next.push({ family: i.family, lo: cut.hi + 1n, hi: i.hi });
      }
      rest = next;
    }
    return AddressSet.of(rest);
  }

  intersect(o: AddressSet): AddressSet {
    return this.minus(this.minus(o));
  }

  equals(o: AddressSet): boolean {
    return this.intervals.length === o.intervals.length && this.intervals.every((i, k) => i.family === o.intervals[k]!.family && i.lo === o.intervals[k]!.lo && i.hi === o.intervals[k]!.hi);
  }

  /** The first address, to stand for a region every policy treats alike. */
  first(): IpAddress | undefined {
    const i = this.intervals[0];
    return i ? { family: i.family, value: i.lo } : undefined;
  }

  /** The smallest list of CIDRs covering exactly this set, as text (computed once: the set never changes). */
  toCidrs(): string[] {
    let list = cidrLists.get(this);
    if (!list) cidrLists.set(this, (list = this.computeCidrs()));
    return [...list];
  }

  private computeCidrs(): string[] {
    const out: string[] = [];
    for (const i of this.intervals) {
      let lo = i.lo;
      const width = WIDTH[i.family];
      while (lo <= i.hi) {
        let prefix = width;
        // Grow the block while it stays aligned and inside the interval.
        while (prefix > 0) {
          const size = 1n << BigInt(width - prefix + 1);
          if (lo % size !== 0n || lo + size - 1n > i.hi) break;
          prefix--;
        }
        out.push(`${formatIp(i.family, lo)}/${prefix}`);
        lo += 1n << BigInt(width - prefix);
      }
    }
    return out;
  }

  /** `203.0.113.0/25, 203.0.113.128/26` — at most `max` CIDRs, then "and N more". */
  describe(max = 4): string {
    const list = this.toCidrs();
    if (list.length === 0) return 'no address';
    return list.length <= max ? list.join(', ') : `${list.slice(0, max).join(', ')} and ${list.length - max} more CIDRs`;
  }
}

export function formatIp(family: 4 | 6, v: bigint): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 255n)).join('.');
  const groups = Array.from({ length: 8 }, (_, k) => Number((v >> BigInt(112 - 16 * k)) & 0xffffn));
  // The longest run of zero groups (2 or more) becomes "::" (RFC 5952).
  let best = -1;
  let bestLen = 1;
  for (let k = 0; k < 8; ) {
    if (groups[k] !== 0) {
      k++;
      continue;
    }
    let e = k;
    while (e < 8 && groups[e] === 0) e++;
    if (e - k > bestLen) {
      best = k;
      bestLen = e - k;
    }
    k = e;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/** Parses a CIDR strictly for user input: address and prefix required; undefined when invalid. */
export function parseUserCidr(text: string): Cidr | undefined {
  if (!/^[0-9A-Fa-f.:]+\/\d{1,3}$/.test(text.trim())) return undefined;
  return parseCidr(text);
}
