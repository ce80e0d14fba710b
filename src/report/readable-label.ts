import type { AnomalyInfo, AnomalyType } from '../tfmd/types.js';

/**
 * Labels for people where TFDV's short description misleads: TFDV calls a feature missing from 35%
 * of the examples "Column dropped", the same words as for a column that is gone. Anomaly files keep
 * TFDV's texts; what a person reads (Markdown, annotation titles) uses these.
 */
const LABELS: Partial<Record<AnomalyType, string>> = {
  FEATURE_TYPE_LOW_FRACTION_PRESENT: 'Missing in more examples than allowed',
  FEATURE_TYPE_LOW_NUMBER_PRESENT: 'Present in fewer examples than required',
  FEATURE_TYPE_NOT_PRESENT: 'Present in no example',
  SCHEMA_MISSING_COLUMN: 'Column missing from the data',
  SCHEMA_NEW_COLUMN: 'Column not in the schema',
  INVALID_FEATURE_SHAPE: 'Shape not kept (missing or varying length)',
};

/** The label of one anomaly reason: ours where TFDV's misleads, else TFDV's short description. */
export function reasonLabel(type: AnomalyType | undefined, tfdvShort: string | undefined): string {
  return (type !== undefined ? LABELS[type] : undefined) ?? tfdvShort ?? type ?? 'anomaly';
}

/** The label of a feature's anomalies: its one reason's, or each reason's in turn (TFDV says "Multiple errors"). */
export function readableLabel(info: AnomalyInfo): string {
  const reasons = info.reason ?? [];
  if (reasons.length === 0) return info.shortDescription ?? 'anomaly';
  return [...new Set(reasons.map((r) => reasonLabel(r.type, r.shortDescription)))].join('; ');
}
