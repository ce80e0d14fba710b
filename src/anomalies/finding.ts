import type { AnomalyType, Severity } from '../tfmd/types.js';

/** A structured value carried by a finding (for reports and JSON output). */
export type FindingParam = string | number | bigint | boolean | readonly string[];

/**
 * One reason why statistics do not fit a schema: a stable code (TFDV's AnomalyInfo.Type name),
 * structured parameters, and TFDV's short and long descriptions rendered from them
 * (see `messages.ts`). Findings are values; validation never throws them.
 */
export interface Finding {
  readonly type: AnomalyType;
  readonly shortDescription: string;
  readonly description: string;
  readonly params: Readonly<Record<string, FindingParam>>;
}

/** Severity order UNKNOWN < WARNING < ERROR. */
const rank: Record<Severity, number> = { UNKNOWN: 0, WARNING: 1, ERROR: 2 };

/** The more severe of two severities. */
export function maxSeverity(a: Severity, b: Severity): Severity {
  return rank[a] >= rank[b] ? a : b;
}

/** How findings are graded: ERROR by default, changed per type by overrides. */
export interface SeverityPolicy {
  /** SCHEMA_NEW_COLUMN becomes a WARNING (TFDV's deprecated new_features_are_warnings). */
  readonly newFeaturesAreWarnings?: boolean;
  /** Per-type severities; the last matching override wins. */
  readonly severityOverrides?: readonly { readonly type: AnomalyType; readonly severity: Severity }[];
}

/** The highest severity over the findings (UNKNOWN for none), after the policy's overrides. */
export function severityOf(findings: readonly Finding[], policy: SeverityPolicy): Severity {
  let severity: Severity = 'UNKNOWN';
  for (const f of findings) {
    let s: Severity = 'ERROR';
    if (policy.newFeaturesAreWarnings && f.type === 'SCHEMA_NEW_COLUMN') s = 'WARNING';
    for (const o of policy.severityOverrides ?? []) if (o.type === f.type) s = o.severity;
    severity = maxSeverity(severity, s);
  }
  return severity;
}
