import { type CompatibilityClass, classifyChanges } from '../../schema/compatibility.js';
import type { SchemaChange } from '../../schema/diff.js';

/** The class a single change keeps. */
function changeClass(change: SchemaChange): CompatibilityClass {
  return classifyChanges([change]);
}

/** Changes grouped per feature (schema-level ones first), each with its class, then the overall class. */
export function formatChanges(changes: readonly SchemaChange[]): string {
  if (changes.length === 0) return 'no changes\n';
  const byPath = new Map<string, SchemaChange[]>();
  for (const change of changes) byPath.set(change.path, [...(byPath.get(change.path) ?? []), change]);
  const lines: string[] = [];
  const paths = [...byPath.keys()].sort((a, b) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  for (const path of paths) {
    lines.push(path === '' ? 'schema' : `feature ${path}`);
    for (const change of byPath.get(path) ?? []) {
      lines.push(`  ${change.kind.padEnd(28)} ${changeClass(change).padEnd(8)} ${change.description}`);
    }
  }
  lines.push(
    '',
    `${changes.length} change${changes.length === 1 ? '' : 's'}; compatibility: ${classifyChanges(changes)}`,
  );
  return `${lines.join('\n')}\n`;
}
