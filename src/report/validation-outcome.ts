import type { Anomalies, AnomalyInfo, Severity } from '../tfmd/types.js';

/** One validation a run performed (a split in an environment, or a skew/drift comparison). */
export interface ValidationOutcome {
  /** e.g. `eval (TRAINING)` or `serving (SERVING) vs train`. */
  readonly name: string;
  readonly anomalies: Anomalies;
  /** Every feature that was checked, so passing features show up too (JUnit). */
  readonly features?: readonly string[];
  /** Where the anomalies file was written, for annotations. */
  readonly anomaliesUri?: string;
}

/** Which severities fail the gate: ERROR only (default), or WARNING and above. */
export type FailOn = 'error' | 'warning';

/** True when an anomaly of this severity fails the gate. */
export function failsGate(severity: Severity | undefined, failOn: FailOn): boolean {
  if (severity === 'ERROR') return true;
  return failOn === 'warning' && severity === 'WARNING';
}

/** Entries of an Anomalies message in a stable order: dataset-level first, then features by key. */
export function anomalyEntries(anomalies: Anomalies): { key: string; info: AnomalyInfo }[] {
  const entries = Object.entries(anomalies.anomalyInfo ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, info]) => ({ key, info }));
  const dataset = anomalies.datasetAnomalyInfo;
  if (dataset && (dataset.reason?.length || dataset.description)) entries.unshift({ key: '(dataset)', info: dataset });
  if (anomalies.dataMissing) {
    entries.unshift({
      key: '(dataset)',
      info: { severity: 'ERROR', shortDescription: 'No data', description: 'The statistics contain no examples.' },
    });
  }
  return entries;
}

/** Whether a set of outcomes fails the gate (exit code 1). */
export function outcomesFail(outcomes: readonly ValidationOutcome[], failOn: FailOn): boolean {
  return outcomes.some((outcome) =>
    anomalyEntries(outcome.anomalies).some(({ info }) => failsGate(info.severity, failOn)),
  );
}
