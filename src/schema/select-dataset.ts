import { UsageError } from '../_util/errors.js';
import type { DatasetFeatureStatistics, DatasetFeatureStatisticsList } from '../tfmd/types.js';
import { DEFAULT_SLICE_NAME } from '../tfmd/vocabulary.js';

/** The name TFDV gives the unsliced dataset of a statistics list (kept for the schema API). */
export const DEFAULT_SLICE = DEFAULT_SLICE_NAME;

/**
 * The dataset to validate or infer from: the only dataset of the list, or the one named
 * "All Examples" when the list holds slices (TFDV's rule).
 * @throws UsageError when `stats` is not a statistics list or no dataset qualifies.
 */
export function selectDataset(stats: DatasetFeatureStatisticsList, argName = 'statistics'): DatasetFeatureStatistics {
  if (stats === null || typeof stats !== 'object' || Array.isArray(stats) || !isStatsList(stats)) {
    throw new UsageError(
      `${argName} is of type ${describeType(stats)}, should be a DatasetFeatureStatisticsList proto.`,
    );
  }
  const datasets = stats.datasets ?? [];
  if (datasets.length === 1) return datasets[0] as DatasetFeatureStatistics;
  const all = datasets.find((d) => d.name === DEFAULT_SLICE);
  if (all) return all;
  throw new UsageError(
    `Only statistics proto with one dataset or the default slice (i.e., "${DEFAULT_SLICE_NAME}" slice) is currently supported.`,
    { hint: `${argName} has ${datasets.length} datasets and none named "${DEFAULT_SLICE}"` },
  );
}

function isStatsList(value: object): value is DatasetFeatureStatisticsList {
  const keys = Object.keys(value);
  return (
    keys.every((k) => k === 'datasets') &&
    (!('datasets' in value) || Array.isArray((value as { datasets: unknown }).datasets))
  );
}

/** A short name of a value's type for usage errors. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? 'object' : typeof value;
}
