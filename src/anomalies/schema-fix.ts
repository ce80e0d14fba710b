import type { FeatureSchemaChange } from '../tfmd/feature-schema-change.js';

/**
 * The schema change an anomaly implies: the feature's entry before and after the fix that makes
 * the data pass (TFDV's minimal relaxation; what `updateSchema` applies). The shape is
 * {@link FeatureSchemaChange}, declared in the tfmd layer so that the report reads the same one;
 * `SchemaFix` is its public name in `datavet/validation` (`AnomalyValue.change`).
 */
export type SchemaFix = FeatureSchemaChange;
