import { UsageError } from '../_util/errors.js';
import { assertKnownEnvironment } from '../environments/index.js';
import {
  DatasetStatsView,
  describeType,
  type PathLike,
  selectDataset,
  serializePath,
  toPath,
} from '../schema/index.js';
import type { Anomalies, DatasetFeatureStatisticsList, Schema } from '../tfmd/types.js';
import { type AnomalyValue, SchemaAnomalies } from './find-changes.js';
import { type SeverityPolicyInput, severityPolicy } from './severity.js';

/** TFDV's ValidationOptions: which new features matter and how severe each anomaly type is. */
export interface ValidationOptions {
  /** Only these new features are reported as SCHEMA_NEW_COLUMN (others are ignored). */
  readonly featuresNeeded?: readonly PathLike[];
  /** Report new features as warnings instead of errors. */
  readonly newFeaturesAreWarnings?: boolean;
  /**
   * Per-type severities (TFDV's list, the last matching override wins; or a record from type to
   * severity). Applied after `newFeaturesAreWarnings`.
   */
  readonly severityOverrides?: SeverityPolicyInput['severityOverrides'];
}

/** Options of {@link validateStatistics}. */
export interface ValidateStatisticsOptions {
  /** The environment the statistics come from; must be one of the schema's default_environment. */
  readonly environment?: string;
  /** Statistics of the previous span: enables drift comparators and the num_examples drift check. */
  readonly previousStatistics?: DatasetFeatureStatisticsList;
  /**
   * The same, under the name TFDV's `validate_statistics_internal` gives it; usage errors then name
   * `previous_span_statistics`, as TFDV's do. Give one of the two.
   */
  readonly previousSpanStatistics?: DatasetFeatureStatisticsList;
  /** Statistics of serving data: enables skew comparators. */
  readonly servingStatistics?: DatasetFeatureStatisticsList;
  /** Statistics of the previous version: enables the num_examples version check. */
  readonly previousVersionStatistics?: DatasetFeatureStatisticsList;
  readonly validationOptions?: ValidationOptions;
}

/** TFDV validates with string domains of up to 400 values for features it has to create. */
const validationEnumThreshold = 400;

/**
 * Validates statistics against a schema the way TFDV's `validate_statistics` does and returns
 * its `Anomalies` message: one AnomalyInfo per feature with problems (keyed by serialized path,
 * reasons in check order, TFDV's severities and descriptions), dataset-level anomalies,
 * `drift_skew_info` for every compared feature, the schema echoed as `baseline`, and
 * `data_missing` for empty statistics. Anomalies are returned, never thrown.
 * @throws UsageError for an unknown environment or inputs that are not statistics / schemas.
 * @example
 * const anomalies = validateStatistics(stats, schema, { environment: 'SERVING' });
 * Object.keys(anomalies.anomalyInfo ?? {}) // ['tips']
 */
export function validateStatistics(
  stats: DatasetFeatureStatisticsList,
  schema: Schema,
  options: ValidateStatisticsOptions = {},
): Anomalies {
  const found = run(stats, schema, options);
  return found === undefined ? { baseline: schema, dataMissing: true } : found.toAnomalies();
}

/** What {@link findAnomalies} returns: TFDV's message and the same anomalies as values. */
export interface FoundAnomalies {
  /** Exactly what {@link validateStatistics} returns. */
  readonly anomalies: Anomalies;
  /** Each feature's anomaly (then the dataset's) with typed findings and the schema change it implies. */
  readonly values: readonly AnomalyValue[];
}

/**
 * {@link validateStatistics}, also returning each anomaly as a value: findings with typed
 * parameters, the graded severity and the schema change that fixes it (`change.after` is the
 * feature as `updateSchema` would relax it for these statistics).
 * @example
 * const { values } = findAnomalies(stats, schema);
 * values[0]?.change?.after?.intDomain // { min: 0, max: 12 } after seeing 12
 */
export function findAnomalies(
  stats: DatasetFeatureStatisticsList,
  schema: Schema,
  options: ValidateStatisticsOptions = {},
): FoundAnomalies {
  const found = run(stats, schema, options);
  if (found === undefined) return { anomalies: { baseline: schema, dataMissing: true }, values: [] };
  return { anomalies: found.toAnomalies(), values: found.values() };
}

/** The checked anomalies, or undefined when the statistics have no examples (TFDV's data_missing). */
function run(
  stats: DatasetFeatureStatisticsList,
  schema: Schema,
  options: ValidateStatisticsOptions,
): SchemaAnomalies | undefined {
  assertSchema(schema);
  const current = selectDataset(stats, 'statistics');
  if (options.previousStatistics !== undefined && options.previousSpanStatistics !== undefined) {
    throw new UsageError('give previousStatistics or previousSpanStatistics, not both (they are the same input)');
  }
  const previous =
    options.previousSpanStatistics !== undefined
      ? selectDataset(options.previousSpanStatistics, 'previous_span_statistics')
      : options.previousStatistics && selectDataset(options.previousStatistics, 'previous_statistics');
  const serving = options.servingStatistics && selectDataset(options.servingStatistics, 'serving_statistics');
  const previousVersion =
    options.previousVersionStatistics &&
    selectDataset(options.previousVersionStatistics, 'previous_version_statistics');
  assertKnownEnvironment(schema, options.environment);
  if ((current.numExamples ?? 0) === 0) return undefined;
  const byWeight = DatasetStatsView.weightedStatisticsExist(current);
  const environment = options.environment;
  const view = (data: typeof current | undefined) =>
    data ? new DatasetStatsView(data, { byWeight, environment }) : undefined;
  const dataset = new DatasetStatsView(current, {
    byWeight,
    environment,
    previousSpan: view(previous),
    serving: view(serving),
    previousVersion: view(previousVersion),
  });
  const v = options.validationOptions ?? {};
  const anomalies = new SchemaAnomalies(schema, {
    enumThreshold: validationEnumThreshold,
    inferFeatureShape: false,
    severity: severityPolicy(v),
  });
  const needed = v.featuresNeeded?.length ? new Set(v.featuresNeeded.map((p) => serializePath(toPath(p)))) : undefined;
  anomalies.findChanges(dataset, needed);
  return anomalies;
}

/** Rejects values that are not schema objects (TFDV raises TypeError). */
export function assertSchema(schema: unknown, argName = 'schema'): asserts schema is Schema {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
    throw new UsageError(`${argName} is of type ${describeType(schema)}, should be a Schema proto.`);
  }
}
