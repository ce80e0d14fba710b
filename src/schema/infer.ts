import { isFeatureDeprecated } from '../environments/index.js';
import type { DatasetFeatureStatistics, DatasetFeatureStatisticsList, Schema } from '../tfmd/types.js';
import { createFeature, type FeatureCreationConfig, findFeature } from './infer-feature.js';
import { selectDataset } from './select-dataset.js';
import { DatasetStatsView, type FeatureStatsView } from './stats-view.js';

/** Options of {@link inferSchema}, with TFDV's `infer_schema` defaults. */
export interface InferSchemaOptions {
  /** Most distinct strings a feature may have and still get a string domain (default 100). */
  readonly maxStringDomainSize?: number;
  /** Infer `shape` instead of `value_count` for always-present fixed-length features (default true). */
  readonly inferFeatureShape?: boolean;
  /** Functions applied in order to the inferred schema (TFDV's `schema_transformations`). */
  readonly schemaTransformations?: readonly ((schema: Schema, stats: DatasetFeatureStatistics) => Schema)[];
}

/**
 * Infers a schema from statistics with TFDV's rules: per feature its type, presence
 * (`min_count`, `min_fraction`), shape or value counts, and a domain (bool, int-as-string or a
 * string domain of at most `maxStringDomainSize` values). Statistics lists with several datasets
 * must contain the "All Examples" one. Complexity O(features × distinct values).
 * @throws UsageError when `stats` is not a statistics list or has no default dataset.
 * @example const schema = inferSchema(stats, { maxStringDomainSize: 50 });
 */
export function inferSchema(stats: DatasetFeatureStatisticsList, options: InferSchemaOptions = {}): Schema {
  const dataset = selectDataset(stats);
  // TFDV drops entries without a stats block (sparse/weighted composites carry custom stats only).
  const kept = {
    ...dataset,
    features: (dataset.features ?? []).filter((f) => f.numStats || f.stringStats || f.bytesStats || f.structStats),
  };
  const config: FeatureCreationConfig = {
    enumThreshold: options.maxStringDomainSize ?? 100,
    inferFeatureShape: options.inferFeatureShape ?? true,
  };
  let schema = inferSchemaFromDataset(
    new DatasetStatsView(kept, { byWeight: DatasetStatsView.weightedStatisticsExist(kept) }),
    config,
  );
  for (const transform of options.schemaTransformations ?? []) schema = transform(schema, dataset);
  return schema;
}

/** Creates a feature for every statistics entry, parents before children (TFDV's create-column walk). */
export function inferSchemaFromDataset(view: DatasetStatsView, config: FeatureCreationConfig): Schema {
  const schema: Schema = {};
  const visit = (feature: FeatureStatsView): void => {
    if (!findFeature(schema, feature.path)) createFeature(schema, feature, config);
    const created = findFeature(schema, feature.path);
    if (created && isFeatureDeprecated(created)) return;
    for (const child of feature.children()) visit(child);
  };
  for (const root of view.rootFeatures()) visit(root);
  return schema;
}
