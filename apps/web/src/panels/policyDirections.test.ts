import { describe, expect, it } from 'vitest';
import { directionsLabel } from './policyDirections.ts';

describe('directionsLabel (issue 18: an egress-only NetworkPolicy shows as such on the workload panel)', () => {
  it.each([
    [['ingress'], 'ingress'],
    [['egress'], 'egress only'],
    [['ingress', 'egress'], 'ingress + egress'],
    [[], 'no direction'],
  ] as const)('%j reads %s', (directions, label) => {
    expect(directionsLabel(directions)).toBe(label);
  });
});
