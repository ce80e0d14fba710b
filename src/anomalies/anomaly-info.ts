import type { AnomalyInfo, AnomalyType, Severity } from '../tfmd/types.js';

/**
 * TFDV's UnifyDescriptions, the one place reasons are merged into an AnomalyInfo's top-level
 * texts: the single reason's texts, or "Multiple errors" with the non-empty long descriptions
 * joined by spaces once a second reason has a long description.
 */
export function unifyDescriptions(
  reasons: readonly { readonly shortDescription?: string; readonly description?: string }[],
): {
  shortDescription: string;
  description: string;
} {
  let short = '';
  let long = '';
  for (const r of reasons) {
    const description = r.description ?? '';
    if (long === '') {
      short = r.shortDescription ?? '';
      long = description;
    } else if (description !== '') {
      long = `${long} ${description}`;
      short = 'Multiple errors';
    }
  }
  return { shortDescription: short, description: long };
}

/**
 * An AnomalyInfo from reasons in check order (only the first when all are SCHEMA_NEW_COLUMN, as
 * TFDV keeps them) and the severity already graded by the caller's policy.
 */
export function anomalyInfoOf(
  all: readonly { readonly type: AnomalyType; readonly shortDescription: string; readonly description: string }[],
  severity: Severity,
): AnomalyInfo {
  const reasons = all.length > 0 && all.every((f) => f.type === 'SCHEMA_NEW_COLUMN') ? all.slice(0, 1) : all;
  const { shortDescription, description } = unifyDescriptions(reasons);
  return {
    description,
    severity,
    shortDescription,
    reason: reasons.map((f) => ({ type: f.type, shortDescription: f.shortDescription, description: f.description })),
  };
}
