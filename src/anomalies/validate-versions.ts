import { UsageError } from '../_util/errors.js';
import type { Anomalies, DatasetFeatureStatisticsList, Schema } from '../tfmd/types.js';
import { severityRank } from './severity.js';
import { type ValidateStatisticsOptions, validateStatistics } from './validate.js';

/** One schema version to validate against. */
export interface VersionedSchema {
  /** How the version is reported, e.g. `v3` or a file name. */
  readonly label: string;
  readonly schema: Schema;
}

/** The verdict of one version. */
export interface VersionValidation {
  readonly label: string;
  /** No anomaly at `failOn` or above (and the data is not missing). */
  readonly accepted: boolean;
  readonly anomalies: Anomalies;
  /** Features with anomalies (serialized paths); '' stands for a dataset-level anomaly. */
  readonly anomalousFeatures: readonly string[];
  /** Set when the version could not be used at all (e.g. the environment is not one of its environments). */
  readonly error?: string;
}

/** Result of {@link validateStatisticsAgainstVersions}. */
export interface MultiVersionValidation {
  readonly results: readonly VersionValidation[];
  /** Labels of the versions that accept the data, in the order given. */
  readonly accepting: readonly string[];
}

/** Options: those of validateStatistics (environment, previous spans ...) plus the acceptance threshold. */
export interface ValidateVersionsOptions extends ValidateStatisticsOptions {
  /** Lowest severity that rejects the data; default WARNING (any anomaly rejects). */
  readonly failOn?: 'WARNING' | 'ERROR';
}

/**
 * Validates one set of statistics against several schema versions and reports which accept it:
 * the check a team runs before retiring a version (is data from clients built against v2 still
 * valid under v4?) or before rolling a new one out. A version the options cannot apply to (an
 * environment it does not declare) rejects the data with `error` set instead of throwing.
 */
export function validateStatisticsAgainstVersions(
  statistics: DatasetFeatureStatisticsList,
  versions: readonly VersionedSchema[],
  options: ValidateVersionsOptions = {},
): MultiVersionValidation {
  const threshold = severityRank[options.failOn ?? 'WARNING'];
  const results = versions.map(({ label, schema }): VersionValidation => {
    let anomalies: Anomalies;
    try {
      anomalies = validateStatistics(statistics, schema, options);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      return { label, accepted: false, anomalies: {}, anomalousFeatures: [], error: (error as Error).message };
    }
    const failing = Object.entries(anomalies.anomalyInfo ?? {})
      .filter(([, info]) => severityRank[info.severity ?? 'ERROR'] >= threshold)
      .map(([path]) => path);
    const dataset =
      anomalies.datasetAnomalyInfo && severityRank[anomalies.datasetAnomalyInfo.severity ?? 'ERROR'] >= threshold;
    if (dataset) failing.unshift('');
    return { label, accepted: failing.length === 0 && !anomalies.dataMissing, anomalies, anomalousFeatures: failing };
  });
  return { results, accepting: results.filter((r) => r.accepted).map((r) => r.label) };
}
