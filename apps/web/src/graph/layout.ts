/**
 * The same snapshot and view give the same picture: fcose draws its random numbers (spectral
 * sampling, initial jitter) from Math.random, so every layout runs with Math.random swapped for
 * a PRNG seeded from the drawn element ids, on elements added in a stable order (rank, then id).
 * The layout runs synchronously (animate: false), so nothing else sees the swap.
 */
import type { ElementDefinition } from './toElements.ts';

/** mulberry32: a small, well-mixed 32-bit PRNG. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over the strings: the seed a set of element ids gives. */
export function seedOf(ids: readonly string[]): number {
  let h = 0x811c9dc5;
  for (const id of ids) {
    for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 10, 0x01000193);
  }
  return h >>> 0;
}

/** Runs fn with Math.random seeded; restores it even if fn throws. */
export function withSeededRandom<T>(seed: number, fn: () => T): T {
  const original = Math.random;
  Math.random = seededRandom(seed);
  try {
    return fn();
  } finally {
    Math.random = original;
  }
}

function rank(e: ElementDefinition): number {
  if (e.group === 'edges') return 2;
  return e.data.kind === 'namespace' ? 0 : 1;
}

/** Namespaces, then workloads (parents before children), then edges; by id within each. */
export function stableOrder(elements: readonly ElementDefinition[]): ElementDefinition[] {
  return [...elements].sort((a, b) => rank(a) - rank(b) || (a.data.id < b.data.id ? -1 : a.data.id > b.data.id ? 1 : 0));
}

/** Above this many drawn elements the canvas renders at pixel ratio 1 (fill cost grows with its square). */
export const HIDPI_ELEMENT_LIMIT = 3000;

/** The canvas pixel ratio: the device's, capped at 2, and 1 above HIDPI_ELEMENT_LIMIT elements. */
export function pixelRatioFor(elementCount: number, devicePixelRatio: number = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1): number {
  if (elementCount > HIDPI_ELEMENT_LIMIT) return 1;
  return Math.max(1, Math.min(2, devicePixelRatio));
}
