import type { Severity } from '../tfmd/types.js';

/**
 * What a detector found in one span: which rule, on which feature and metric, the value, the
 * range the rule expected, and a message. Plain data, stored with the span's metrics.
 */
export interface Finding {
  /** Stable code of the detector (e.g. METRIC_OUTSIDE_NORMAL_RANGE), or DATASET_DRIFT_SHARE. */
  readonly code: string;
  readonly detector: string;
  /** `(dataset)` for the dataset-level drift verdict. */
  readonly feature: string;
  readonly metric: string;
  readonly value: number;
  /** The accepted range; an open side is absent. */
  readonly lower?: number;
  readonly upper?: number;
  readonly severity: Severity;
  readonly message: string;
}
