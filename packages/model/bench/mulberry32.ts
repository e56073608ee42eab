/**
 * The seeded PRNG of the synthetic cluster (synthetic.ts, syntheticLinkerd.ts): mulberry32,
 * uniform in [0, 1), the same sequence for the same seed on every machine.
 */
import type { Rnd } from '../src/util/mulberry32.ts';
export { mulberry32, type Rnd } from '../src/util/mulberry32.ts';

/** A uniform pick from a non-empty list. */
export const pickOf =
  (rnd: Rnd) =>
  <T>(xs: readonly T[]): T =>
    xs[Math.floor(rnd() * xs.length)]!;
