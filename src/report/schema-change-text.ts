import type { FeatureSchemaChange } from '../tfmd/feature-schema-change.js';
import { formatSchemaEntry } from './schema-entry-text.js';

type Leaf = string | number | bigint | boolean | readonly (string | number | bigint | boolean)[];

const snake = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Enum values print bare (as in a .pbtxt); other strings quoted. */
function show(value: unknown): string {
  if (typeof value === 'string') return /^[A-Z][A-Z0-9_]*$/.test(value) ? value : JSON.stringify(value);
  return String(value);
}

const isScalar = (v: unknown): v is string | number | bigint | boolean =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean';

/** The entry's fields as `field.sub_field` → value, in proto field names; an empty message is a leaf `{}`. */
function flatten(value: unknown, prefix: string, out: Map<string, Leaf>): void {
  if (isScalar(value)) {
    out.set(prefix, value);
    return;
  }
  if (Array.isArray(value)) {
    if (value.every(isScalar)) out.set(prefix, value);
    else for (const [i, v] of value.entries()) flatten(v, `${prefix}[${i}]`, out);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0 && prefix !== '') out.set(prefix, '{}');
  for (const [k, v] of entries) flatten(v, prefix === '' ? snake(k) : `${prefix}.${snake(k)}`, out);
}

function listChange(key: string, before: readonly unknown[], after: readonly unknown[]): string[] {
  const added = after.filter((v) => !before.includes(v));
  const removed = before.filter((v) => !after.includes(v));
  const out: string[] = [];
  if (added.length) out.push(`${key}: add ${added.map(show).join(', ')}`);
  if (removed.length) out.push(`${key}: remove ${removed.map(show).join(', ')}`);
  return out;
}

/** Field by field, what turns `before` into `after` (both messages of one type). */
function fieldChanges(before: object | undefined, after: object | undefined, prefix: string): string[] {
  const a = new Map<string, Leaf>();
  const b = new Map<string, Leaf>();
  flatten(before ?? {}, prefix, a);
  flatten(after ?? {}, prefix, b);
  const out: string[] = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(key);
    const y = b.get(key);
    if (Array.isArray(x) || Array.isArray(y)) {
      out.push(...listChange(key, (x as readonly unknown[]) ?? [], (y as readonly unknown[]) ?? []));
    } else if (x === undefined) out.push(`set ${key}: ${show(y)}`);
    else if (y === undefined) out.push(`clear ${key} (was ${show(x)})`);
    else if (x !== y) out.push(`${key}: ${show(x)} → ${show(y)}`);
  }
  return out;
}

/**
 * The schema change as lines a reader applies by hand: the added entry, or each field that
 * changes (`int_domain.max: 10 → 12`, `in_environment: add "SERVING"`), then the referenced
 * string domain's values. Derived from the change itself, so the text and the change agree.
 */
export function schemaChangeText(change: FeatureSchemaChange): string[] {
  const lines: string[] = [];
  if (!change.before && change.after)
    lines.push(`add the feature: ${formatSchemaEntry(change.after).replace(/\s*\n\s*/g, ' ')}`);
  else if (change.before && !change.after) lines.push('remove the feature from the schema');
  else lines.push(...fieldChanges(change.before, change.after, ''));
  const domain = change.stringDomain;
  if (domain) {
    const where = `string_domain ${JSON.stringify(domain.name)}`;
    if (!domain.after) lines.push(`remove ${where}`);
    else lines.push(...fieldChanges(domain.before, domain.after, where));
  }
  return lines;
}
