import { UsageError } from '../_util/errors.js';
import { addDefaultEnvironments, curateFeature, getFeature, setFeatureEnvironments } from '../schema/index.js';
import type { Schema } from '../tfmd/types.js';
import { type PipelineConfig, thresholdsToComparator } from './pipeline-config.js';

/** The part of the config that edits a schema (also part of SchemaGen's cache key). */
export interface SchemaEdits {
  readonly defaultEnvironments: readonly string[];
  readonly features: PipelineConfig['environments']['features'];
  readonly comparators: PipelineConfig['comparators'];
  readonly curations: PipelineConfig['features'];
}

/** Schema edits of a config: its default environments plus every split's environment. */
export function schemaEdits(config: PipelineConfig): SchemaEdits {
  const splitEnvs = config.splits.map((s) => s.environment).filter((e): e is string => e !== undefined);
  return {
    defaultEnvironments: [...new Set([...config.environments.default, ...splitEnvs])],
    features: config.environments.features,
    comparators: config.comparators,
    curations: config.features,
  };
}

/**
 * Applies the config's environments and comparator thresholds to a schema in place: default
 * environments, per-feature `in_environment`/`not_in_environment`, and `skew_comparator` /
 * `drift_comparator` (replacing the ones in the schema). A feature the schema lacks is a usage
 * error naming the config key.
 */
export function applySchemaEdits(schema: Schema, edits: SchemaEdits): Schema {
  addDefaultEnvironments(schema, edits.defaultEnvironments);
  for (const [name, envs] of Object.entries(edits.features)) {
    if (!getFeature(schema, name)) throw missing(`environments.features.${name}`, name, schema);
    setFeatureEnvironments(schema, name, {
      ...(envs.in ? { inEnvironment: envs.in } : {}),
      ...(envs.notIn ? { notInEnvironment: envs.notIn } : {}),
    });
  }
  for (const [name, spec] of Object.entries(edits.comparators)) {
    const feature = getFeature(schema, name);
    if (!feature) throw missing(`comparators.${name}`, name, schema);
    if (spec.skew) feature.skewComparator = thresholdsToComparator(spec.skew);
    if (spec.drift) feature.driftComparator = thresholdsToComparator(spec.drift);
  }
  // The `features` section last: it is the most specific, as `datavet schema set` would edit.
  for (const [name, curation] of Object.entries(edits.curations)) {
    if (!getFeature(schema, name)) throw missing(`features.${name}`, name, schema);
    curateFeature(schema, name, curation);
  }
  return schema;
}

function missing(key: string, name: string, schema: Schema): UsageError {
  const names = (schema.feature ?? []).map((f) => f.name ?? '').join(', ');
  return new UsageError(`invalid config: ${key}: the schema has no feature '${name}'`, {
    hint: names ? `features: ${names}` : 'the schema has no features',
  });
}
