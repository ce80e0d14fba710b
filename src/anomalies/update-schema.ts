import { DatasetStatsView, type PathLike, selectDataset, serializePath, toPath } from '../schema/index.js';
import type { DatasetFeatureStatistics, DatasetFeatureStatisticsList, Schema } from '../tfmd/types.js';
import { SchemaUpdater, type UpdaterConfig } from './schema-updater.js';
import { assertSchema } from './validate.js';

/** Options of {@link updateSchema}. */
export interface UpdateSchemaOptions {
  /** The environment of the statistics (features outside it are added to it). */
  readonly environment?: string;
  /** String-domain size limit for features created on the way (default 100, like infer_schema). */
  readonly maxStringDomainSize?: number;
}

/**
 * Relaxes a schema until the statistics pass (TFDV's `update_schema`): applies the fix of every
 * finding validation would report — widened bounds, lowered presence, appended domain values,
 * environments added, deprecation of missing or mistyped features, new features inferred.
 * Comparators and dataset constraints are not evaluated (there is no control data). The input
 * schema is not modified.
 * @throws UsageError when the inputs are not a schema and a statistics list.
 * @example const relaxed = updateSchema(schema, todaysStats);
 */
export function updateSchema(
  schema: Schema,
  stats: DatasetFeatureStatisticsList,
  options: UpdateSchemaOptions = {},
): Schema {
  assertSchema(schema);
  const dataset = selectDataset(stats, 'statistics');
  return updateSchemaWith(schema, dataset, {
    config: { enumThreshold: options.maxStringDomainSize ?? 100, inferFeatureShape: false },
    ...(options.environment !== undefined ? { environment: options.environment } : {}),
  });
}

/** The engine behind {@link updateSchema}, with TFDV's full configuration (used by tests and inference checks). */
export function updateSchemaWith(
  schema: Schema,
  dataset: DatasetFeatureStatistics,
  options: { config: UpdaterConfig; environment?: string; pathsToConsider?: readonly PathLike[] },
): Schema {
  const updater = new SchemaUpdater(schema, options.config);
  const view = new DatasetStatsView(dataset, {
    byWeight: DatasetStatsView.weightedStatisticsExist(dataset),
    environment: options.environment,
  });
  const paths = options.pathsToConsider
    ? new Set(options.pathsToConsider.map((p) => serializePath(toPath(p))))
    : undefined;
  for (const root of view.rootFeatures()) updater.updateRecursively(root, paths);
  for (const path of updater.missingPaths(view)) {
    if (!paths || paths.has(serializePath(path))) updater.deprecate(path);
  }
  return updater.schema;
}
