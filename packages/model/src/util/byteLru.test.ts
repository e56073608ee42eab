import { describe, expect, it } from 'vitest';
import { ByteLru } from './byteLru.ts';

const lru = (max: number) => new ByteLru<string>('t', max, (k, v) => k.length + v.length);

describe('the byte-bounded LRU every response cache uses', () => {
  it('evicts the least recently used entry, not the oldest inserted, once past its budget', () => {
    const c = lru(100);
    c.set('a', 'x'.repeat(39));
    c.set('b', 'y'.repeat(39));
    expect(c.get('a')).toBe('x'.repeat(39)); // a is now the most recent
    c.set('c', 'z'.repeat(39));
    expect([c.peek('a'), c.peek('b'), c.peek('c')]).toEqual(['x'.repeat(39), undefined, 'z'.repeat(39)]);
    expect([c.bytes, c.entries, c.evictions]).toEqual([80, 2, 1]);
  });

  it('keeps nothing bigger than its whole budget', () => {
    const c = lru(100);
    c.set('a', 'x'.repeat(39));
    expect(c.set('huge', 'h'.repeat(200))).toBe(false);
    expect([c.peek('huge'), c.peek('a'), c.entries]).toEqual([undefined, 'x'.repeat(39), 1]);
  });

  it('evicts in one pass down to 7/8 of the budget, least recent first', () => {
    const c = lru(800);
    for (let i = 0; i < 8; i++) c.set(`k${i}`, 'v'.repeat(98)); // 8 × 100 bytes: full
    c.get('k0');
    c.set('k8', 'v'.repeat(98));
    // 900 > 800: the least recent go until the new one fits under 700 — k1 and k2 (k0 was used).
    expect(['k1', 'k2'].map((k) => c.peek(k))).toEqual([undefined, undefined]);
    expect([c.has('k0'), c.has('k3'), c.has('k8'), c.entries, c.bytes]).toEqual([true, true, true, 7, 700]);
  });

  it('replacing a key counts its bytes once', () => {
    const c = lru(100);
    c.set('a', 'x'.repeat(9));
    c.set('a', 'y'.repeat(19));
    expect([c.bytes, c.entries]).toEqual([20, 1]);
  });

  it('an entry that grows (resize) is measured again and the budget enforced on the others', () => {
    const sizes = new Map<string, number>([['a', 40], ['b', 40]]);
    const c = new ByteLru<string>('t', 100, (k) => sizes.get(k)!);
    c.set('a', '');
    c.set('b', '');
    sizes.set('b', 70);
    c.resize('b');
    expect([c.has('a'), c.has('b'), c.bytes]).toEqual([false, true, 70]);
  });
});
