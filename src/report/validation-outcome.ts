import type { Anomalies, AnomalyInfo, Severity } from '../tfmd/types.js';

/** One validation a run performed (a split in an environment, or a skew/drift comparison). */
export interface ValidationOutcome {
  /** e.g. `eval (TRAINING)` or `serving (SERVING) vs train`. */
  readonly name: string;
  /** The split validated, in a pipeline run. */
  readonly split?: string;
  readonly anomalies: Anomalies;
  /** Every feature that was checked, so passing features show up too (JUnit). */
  readonly features?: readonly string[];
  /** Where the anomalies file was written (a binary artifact: machine-readable output names it). */
  readonly anomaliesUri?: string;
  /** The text a reviewer opens for this validation: annotations point at its lines. */
  readonly source?: OutcomeSource;
}

/**
 * A repository-relative text file (the schema, or the config entry that asked for the check) and
 * the line of each anomaly key in it (`(dataset)` or a feature path); keys without a line point at
 * the `(dataset)` line.
 */
export interface OutcomeSource {
  readonly file: string;
  readonly lines: Readonly<Record<string, number>>;
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
