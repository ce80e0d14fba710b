import { assertKnownEnvironment } from '../environments/index.js';
import { DatasetStatsView, selectDataset } from '../schema/index.js';
import type { Anomalies, AnomalyType, DatasetFeatureStatisticsList, Schema, Severity } from '../tfmd/types.js';
import { SchemaAnomalies } from './find-changes.js';
import { severityPolicy } from './severity.js';

/** Options of {@link findSkew}. */
export interface FindSkewOptions {
  /** The environment the skew is computed in (that of the training statistics). */
  readonly environment?: string;
  /** Severity per anomaly type, replacing ERROR. */
  readonly severityOverrides?: Readonly<Partial<Record<AnomalyType, Severity>>>;
}

/**
 * Training/serving skew the way TFDV's FindSkew computes it: every feature's `skew_comparator` on
 * the training statistics against the serving statistics, and nothing else (no schema checks).
 * Findings are ERRORs unless `severityOverrides` say otherwise; every compared feature gets its
 * `drift_skew_info.skew_measurements`.
 * @throws UsageError for an unknown environment or inputs that are not statistics.
 */
export function findSkew(
  training: DatasetFeatureStatisticsList,
  serving: DatasetFeatureStatisticsList,
  schema: Schema,
  options: FindSkewOptions = {},
): Anomalies {
  const train = selectDataset(training, 'training_statistics');
  const serve = selectDataset(serving, 'serving_statistics');
  assertKnownEnvironment(schema, options.environment);
  const byWeight = DatasetStatsView.weightedStatisticsExist(train);
  const env = options.environment;
  const view = new DatasetStatsView(train, {
    byWeight,
    ...(env ? { environment: env } : {}),
    serving: new DatasetStatsView(serve, { byWeight, ...(env ? { environment: env } : {}) }),
  });
  const anomalies = new SchemaAnomalies(schema, {
    enumThreshold: 400,
    inferFeatureShape: false,
    severity: severityPolicy({ severityOverrides: options.severityOverrides ?? {} }),
  });
  anomalies.findSkew(view);
  return anomalies.toAnomalies();
}
