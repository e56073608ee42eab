/**
 * `x-kubernetes-list-type: set | map` (CRDs): entries must be unique — by value for a set, by
 * the `x-kubernetes-list-map-keys` for a map (apiextensions-apiserver validates this). Used by
 * the generated validators (the `k8sListType` keyword).
 */
export function listTypeProblem(schema: { type: string; keys: string[] }, data: unknown[]): boolean {
  const seen = new Set<string>();
  for (const item of data) {
    const key =
      schema.type === 'set'
        ? JSON.stringify(item)
        : JSON.stringify(schema.keys.map((k) => (item !== null && typeof item === 'object' ? (item as Record<string, unknown>)[k] : undefined) ?? null));
    if (seen.has(key)) return true;
    seen.add(key);
  }
  return false;
}
