/**
 * The seeded PRNG of the synthetic cluster (synthetic.ts, syntheticLinkerd.ts): mulberry32,
 * uniform in [0, 1), the same sequence for the same seed on every machine.
 */
export type Rnd = () => number;

export function mulberry32(seed: number): Rnd {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform pick from a non-empty list. */
export const pickOf =
  (rnd: Rnd) =>
  <T>(xs: readonly T[]): T =>
    xs[Math.floor(rnd() * xs.length)]!;
