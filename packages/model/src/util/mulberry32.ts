/**
 * mulberry32: a small, well-mixed 32-bit PRNG, uniform in [0, 1), the same sequence for the same
 * seed on every machine — for the synthetic cluster (bench/) and the dashboard's seeded layout.
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
