/**
 * How the workload panel names the directions an L4 policy decides for the workload (the API's
 * `directions`): a policy that selects it for egress only must read as such, not as one more
 * policy "selecting" it.
 */
export type PolicyDirection = 'ingress' | 'egress';

/** `ingress`, `egress only`, `ingress + egress`, `no direction` (selects without isolating). */
export function directionsLabel(directions: readonly PolicyDirection[]): string {
  if (directions.length === 0) return 'no direction';
  if (directions.length === 1 && directions[0] === 'egress') return 'egress only';
  return directions.join(' + ');
}
