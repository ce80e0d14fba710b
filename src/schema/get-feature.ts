import { UsageError } from '../_util/errors.js';
import { featureAt, stringDomainNamed } from '../tfmd/schema-entries.js';
import type { Feature, Schema, SparseFeature, StringDomain, WeightedFeature } from '../tfmd/types.js';
import { DOMAIN_KEYS, featurePathText } from '../tfmd/vocabulary.js';
import { type FeaturePath, parsePath } from './feature-path.js';

/** A path given as steps, or as a serialized path string (`'a.b'`, `"a.'b.c'"`). */
export type PathLike = FeaturePath | string;

/** Normalizes a {@link PathLike} into steps. */
export function toPath(path: PathLike): string[] {
  return typeof path === 'string' ? parsePath(path) : [...path];
}

/**
 * The feature at a path, descending through `struct_domain` children; undefined when absent.
 * @example getFeature(schema, 'payment_type')?.type // 'BYTES'
 */
export function getFeature(schema: Schema, path: PathLike): Feature | undefined {
  return featureAt(schema, toPath(path));
}

/** Like {@link getFeature} but throws a usage error naming the path when it is absent. */
export function requireFeature(schema: Schema, path: PathLike): Feature {
  const feature = getFeature(schema, path);
  if (!feature) {
    const names = (schema.feature ?? []).map((f) => f.name ?? '').join(', ');
    throw new UsageError(`Feature ${featurePathText(path)} not found in the schema.`, {
      hint: names ? `top-level features: ${names}` : 'the schema has no features',
    });
  }
  return feature;
}

/** The sparse feature at a path (top level or inside a struct), if any. */
export function getSparseFeature(schema: Schema, path: PathLike): SparseFeature | undefined {
  const steps = toPath(path);
  const last = steps[steps.length - 1];
  if (last === undefined) return undefined;
  const container =
    steps.length === 1 ? schema.sparseFeature : getFeature(schema, steps.slice(0, -1))?.structDomain?.sparseFeature;
  return container?.find((f) => (f.name ?? '') === last);
}

/** The weighted feature with this (single-step) path, if any; weighted features are top level only. */
export function getWeightedFeature(schema: Schema, path: PathLike): WeightedFeature | undefined {
  const steps = toPath(path);
  if (steps.length !== 1) return undefined;
  return schema.weightedFeature?.find((f) => (f.name ?? '') === steps[0]);
}

/** The schema-level string domain with this name, if any. */
export function getStringDomain(schema: Schema, name: string): StringDomain | undefined {
  return stringDomainNamed(schema, name);
}

/**
 * The effective domain of a feature: its inline domain, or the schema-level string domain its
 * `domain` field names (TFDV's get_domain).
 */
export function getDomain(schema: Schema, path: PathLike): Partial<Feature> | StringDomain | undefined {
  const feature = requireFeature(schema, path);
  if (feature.domain !== undefined) return getStringDomain(schema, feature.domain);
  for (const key of DOMAIN_KEYS) {
    if (key !== 'domain' && feature[key] !== undefined) return { [key]: feature[key] } as Partial<Feature>;
  }
  return undefined;
}

// The `domain_info` vocabulary lives in tfmd (every layer needs it); the schema API re-exports it.
export { DOMAIN_KEYS as domainKeys, type DomainKey, domainFieldName, domainKind } from '../tfmd/vocabulary.js';
