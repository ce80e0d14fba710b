import type { FeatureSchemaChange } from '../tfmd/feature-schema-change.js';
import type { Anomalies, DatasetFeatureStatisticsList, Schema } from '../tfmd/types.js';
import type { TimelineInput } from './timeline-report.js';

/**
 * A drift or skew score of one feature, computed by the caller (the drift layer or TFDV's
 * comparators): the report only shows it.
 */
export interface FeatureDriftScore {
  /** The measure, e.g. `'JSD'`, `'L_INFTY'`, `'PSI'`, `'KS'`. */
  readonly method: string;
  readonly value: number;
  readonly threshold?: number;
  /** Whether the value is past the threshold. */
  readonly drifted: boolean;
  /**
   * `distance` (default): larger is more drift, drift above the threshold. `p_value`: a test's
   * p-value, smaller is more drift, drift below the threshold.
   */
  readonly kind?: 'distance' | 'p_value';
  /** What the value is measured in (e.g. `bits, in [0, 1]`), printed beside it so no number is bare. */
  readonly unit?: string;
}

/** What a report shows: statistics of one or more datasets, and what is known about them. */
export interface ReportInput {
  /** The statistics to show; every dataset in the list is shown. */
  readonly statistics: DatasetFeatureStatisticsList;
  /** A second list (baseline, serving, previous span) shown beside the first. */
  readonly compareWith?: DatasetFeatureStatisticsList;
  /** Display names of the datasets in order (statistics first, then compareWith). */
  readonly labels?: readonly string[];
  /**
   * Names of the two lists (`statistics`, `compareWith`), e.g. from their file names: a list's
   * unsliced data and its slices are shown as one group under this name. Default `dataset`, `baseline`.
   */
  readonly sources?: readonly string[];
  /** The schema the statistics are described by: its entry is shown on each feature. */
  readonly schema?: Schema;
  /** The schema after the suggested fixes (updateSchema's output): shown as a change per feature. */
  readonly suggestedSchema?: Schema;
  /** Anomalies found by validation, keyed by serialized feature path. */
  readonly anomalies?: Anomalies;
  /**
   * The schema change attached to each anomaly (`findAnomalies(...).values`, each value's
   * `change`): shown as the anomaly's suggested fix. Without it the fix is the difference to
   * `suggestedSchema`, and without that no fix is shown.
   */
  readonly schemaChanges?: readonly FeatureSchemaChange[];
  /** Per-feature drift scores, keyed by feature path (steps joined with '.'). */
  readonly driftScores?: Readonly<Record<string, FeatureDriftScore>>;
  readonly title?: string;
  /** Splits followed through their spans: a timeline section each, after the statistics. */
  readonly timelines?: readonly TimelineInput[];
}
