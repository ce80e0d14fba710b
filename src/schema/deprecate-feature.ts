import type { Feature, Schema, SparseFeature, WeightedFeature } from '../tfmd/types.js';
import { type PathLike, requireFeature } from './get-feature.js';

/** Marks a feature (or sparse / weighted feature) deprecated in place: lifecycle_stage DEPRECATED, TFDV's fix. */
export function markDeprecated(feature: Feature | SparseFeature | WeightedFeature): void {
  feature.lifecycleStage = 'DEPRECATED';
}

/**
 * Deprecates the feature at a path so validation skips it.
 * @throws UsageError when the schema has no such feature.
 * @example deprecateFeature(schema, 'old_column')
 */
export function deprecateFeature(schema: Schema, path: PathLike): void {
  markDeprecated(requireFeature(schema, path));
}
