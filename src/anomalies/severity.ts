import type { AnomalyType, Severity, SeverityOverride } from '../tfmd/types.js';
import { maxSeverity } from '../tfmd/vocabulary.js';

// Severity order and the more severe of two are TFDV's vocabulary, declared once for every layer.
export { maxSeverity, SEVERITY_RANK as severityRank } from '../tfmd/vocabulary.js';

/**
 * How anomalies are graded, normalised: the severity of every type that is not an ERROR (TFDV's
 * default for every reason). Built once at the edge by {@link severityPolicy} from whichever shape
 * the caller speaks (TFDV's override list, a per-type record, the ValidationConfig proto, CLI
 * flags); everything inside takes only this shape and grades with {@link gradeOf}.
 */
export type SeverityPolicy = Readonly<Partial<Record<AnomalyType, Severity>>>;

/** Every type an ERROR: TFDV's default, and what it applies to dataset-level anomalies. */
export const errorsOnly: SeverityPolicy = Object.freeze(Object.create(null) as SeverityPolicy);

/** The shapes a severity policy arrives in. */
export interface SeverityPolicyInput {
  /** SCHEMA_NEW_COLUMN becomes a WARNING (TFDV's deprecated `new_features_are_warnings`). */
  readonly newFeaturesAreWarnings?: boolean | undefined;
  /**
   * Per-type severities, applied after `newFeaturesAreWarnings`: TFDV's list (the last matching
   * override wins; proto2 defaults UNKNOWN_TYPE / UNKNOWN for unset fields, as in
   * `ValidationConfig.severity_overrides`) or a record from type to severity.
   */
  readonly severityOverrides?:
    | readonly SeverityOverride[]
    | Readonly<Partial<Record<AnomalyType, Severity>>>
    | undefined;
}

/** The normalised policy of any input shape (see {@link SeverityPolicyInput}). */
export function severityPolicy(input: SeverityPolicyInput = {}): SeverityPolicy {
  const overrides = input.severityOverrides;
  if (!input.newFeaturesAreWarnings && (overrides === undefined || Object.keys(overrides).length === 0)) {
    return errorsOnly;
  }
  // Keys are anomaly type names; no prototype so that no type name can read Object.prototype.
  const policy: Partial<Record<AnomalyType, Severity>> = Object.create(null);
  if (input.newFeaturesAreWarnings) policy.SCHEMA_NEW_COLUMN = 'WARNING';
  if (Array.isArray(overrides)) {
    for (const o of overrides as readonly SeverityOverride[])
      policy[o.type ?? 'UNKNOWN_TYPE'] = o.severity ?? 'UNKNOWN';
  } else if (overrides) {
    for (const [type, severity] of Object.entries(overrides)) policy[type as AnomalyType] = severity as Severity;
  }
  return Object.freeze(policy);
}

/** The severity a policy gives one anomaly type (datavet's own types, e.g. INVALID_REQUEST, alike). */
export function gradeOf(type: string, policy: SeverityPolicy): Severity {
  return (policy as Readonly<Record<string, Severity | undefined>>)[type] ?? 'ERROR';
}

/** The highest severity over the types (UNKNOWN for none) under the policy. */
export function severityOf(findings: readonly { readonly type: AnomalyType }[], policy: SeverityPolicy): Severity {
  let severity: Severity = 'UNKNOWN';
  for (const f of findings) severity = maxSeverity(severity, gradeOf(f.type, policy));
  return severity;
}
