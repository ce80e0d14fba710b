import type { Severity } from '../tfmd/types.js';
import type { DetectorName, DetectorParams } from './detector-registry.js';
import type { DatasetDriftMethod, MetricName } from './metric-registry.js';

/** One detector watching one metric of one feature (or of every feature: `*`). */
export interface MonitoringRule {
  readonly feature: string;
  readonly metric: MetricName;
  readonly detector: DetectorName;
  /** The detector's parameters, defaults applied. */
  readonly params: DetectorParams;
  readonly severity: Severity;
}

/** The dataset-level drift verdict's settings (Evidently's share of drifted features). */
export interface DatasetDriftRule {
  /** Distance measured per feature. */
  readonly method: DatasetDriftMethod;
  /** Against the previous span or the baseline span. */
  readonly against: 'previous' | 'baseline';
  /** A feature drifted when its distance is above this. */
  readonly threshold: number;
  /** The dataset drifted when the share of drifted features (of those measured) reaches this. */
  readonly share: number;
  readonly severity: Severity;
}

/** What is watched over time for a split with spans. */
export interface MonitoringConfig {
  readonly rules: readonly MonitoringRule[];
  readonly datasetDrift?: DatasetDriftRule;
  /** The span the `*_baseline` distances are measured against (default: the first recorded span). */
  readonly baselineSpan?: number;
}
