/**
 * `table[key]` when it is the table's own entry, else undefined. Keys that are user text (a
 * command, a field of a filter query, a feature name) must not find `Object.prototype` members:
 * `table['constructor']` is Object's constructor function on any plain object.
 */
export function own<T>(table: Readonly<Record<string, T>>, key: string | undefined): T | undefined {
  return key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}
