import type { Schema } from '../tfmd/types.js';
import { diffSchemas, type SchemaChange } from './diff.js';

/**
 * Compatibility classes, as schema registries (Avro, Protobuf) define them, applied to data
 * validity: BACKWARD = data valid under the old schema is valid under the new one; FORWARD =
 * data valid under the new schema is valid under the old one; FULL = both; NONE = neither.
 */
export type CompatibilityClass = 'FULL' | 'BACKWARD' | 'FORWARD' | 'NONE';

export type CompatibilityMode = 'backward' | 'forward' | 'full';

/** The class of a list of changes: the weakest guarantee every change keeps. */
export function classifyChanges(changes: readonly SchemaChange[]): CompatibilityClass {
  const backward = changes.every((change) => change.backward);
  const forward = changes.every((change) => change.forward);
  if (backward && forward) return 'FULL';
  if (backward) return 'BACKWARD';
  if (forward) return 'FORWARD';
  return 'NONE';
}

export interface CompatibilityResult {
  readonly compatible: boolean;
  readonly class: CompatibilityClass;
  readonly changes: readonly SchemaChange[];
  /** The changes that break the requested mode. */
  readonly violations: readonly SchemaChange[];
}

function violates(change: SchemaChange, mode: CompatibilityMode): boolean {
  if (mode === 'backward') return !change.backward;
  if (mode === 'forward') return !change.forward;
  return !change.backward || !change.forward;
}

/** Checks one schema change (old -> new) against a compatibility mode. */
export function checkCompatibility(oldSchema: Schema, newSchema: Schema, mode: CompatibilityMode): CompatibilityResult {
  const changes = diffSchemas(oldSchema, newSchema);
  const violations = changes.filter((change) => violates(change, mode));
  return { compatible: violations.length === 0, class: classifyChanges(changes), changes, violations };
}

export interface TransitiveViolation {
  /** Index of the earlier version in the history. */
  readonly from: number;
  /** Index of the later version. */
  readonly to: number;
  readonly change: SchemaChange;
}

/**
 * Checks the newest schema of a history (oldest first) against every earlier version, the way
 * registries define BACKWARD_TRANSITIVE / FORWARD_TRANSITIVE / FULL_TRANSITIVE: compatibility
 * with only the previous version is not enough when clients of older versions still send data.
 */
export function checkCompatibilityTransitive(
  history: readonly Schema[],
  mode: CompatibilityMode,
): { compatible: boolean; violations: TransitiveViolation[] } {
  const violations: TransitiveViolation[] = [];
  const newest = history.length - 1;
  const latest = history[newest];
  if (!latest) return { compatible: true, violations };
  for (let index = 0; index < newest; index++) {
    const earlier = history[index];
    if (!earlier) continue;
    for (const change of checkCompatibility(earlier, latest, mode).violations) {
      violations.push({ from: index, to: newest, change });
    }
  }
  return { compatible: violations.length === 0, violations };
}
