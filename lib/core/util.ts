/**
 * Drops keys whose value is `undefined`, so that a spread of user options does not override
 * defaults with `undefined`.
 * @internal
 */
export function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}
