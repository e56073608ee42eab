/**
 * Whether `v` is one of the strings in `list`, as a type guard: the caller gets the narrowed
 * type without a cast. (A `readonly ['a', 'b']` tuple's `includes` only accepts its own members.)
 */
export function isOneOf<T extends string>(list: readonly T[], v: unknown): v is T {
  return typeof v === 'string' && (list as readonly string[]).includes(v);
}
