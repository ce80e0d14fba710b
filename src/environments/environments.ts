import { UsageError } from '../_util/errors.js';
import type { Feature, FeaturePresence, LifecycleStage, Schema } from '../tfmd/types.js';

/**
 * Lifecycle stages TFDV treats as "deprecated": such features are not validated
 * (schema.proto and TFDV's feature_util: PLANNED, ALPHA, DEPRECATED, DEBUG_ONLY, DISABLED).
 */
const notValidatedStages: ReadonlySet<LifecycleStage> = new Set([
  'PLANNED',
  'ALPHA',
  'DEPRECATED',
  'DEBUG_ONLY',
  'DISABLED',
]);

/** True when the feature is deprecated (legacy flag or a not-validated lifecycle stage). */
export function isFeatureDeprecated(feature: Pick<Feature, 'deprecated' | 'lifecycleStage'>): boolean {
  if (feature.deprecated === true) return true;
  return feature.lifecycleStage !== undefined && notValidatedStages.has(feature.lifecycleStage);
}

/**
 * Whether a feature belongs to an environment, with TFDV's precedence: `in_environment` wins,
 * then `not_in_environment`, then the schema's `default_environment`. Without an environment
 * every feature is in.
 */
export function isFeatureInEnvironment(
  feature: Pick<Feature, 'inEnvironment' | 'notInEnvironment'>,
  schema: Pick<Schema, 'defaultEnvironment'>,
  environment?: string,
): boolean {
  if (environment === undefined) return true;
  if (feature.inEnvironment?.includes(environment)) return true;
  if (feature.notInEnvironment?.includes(environment)) return false;
  return schema.defaultEnvironment?.includes(environment) ?? false;
}

/** True when a presence constraint demands at least one example (min_count > 0 or min_fraction > 0). */
export function hasRequiredPresence(presence: FeaturePresence | undefined): boolean {
  if (!presence) return false;
  return (presence.minCount ?? 0) > 0 || (presence.minFraction ?? 0) > 0;
}

/**
 * Whether the data must contain this feature in the environment: it is not deprecated, its
 * presence constraint requires it, and it is in the environment (TFDV's "existence required").
 */
export function isPresenceRequired(
  feature: Feature,
  schema: Pick<Schema, 'defaultEnvironment'>,
  environment?: string,
): boolean {
  return (
    !isFeatureDeprecated(feature) &&
    hasRequiredPresence(feature.presence) &&
    isFeatureInEnvironment(feature, schema, environment)
  );
}

/** Every environment name the schema mentions, in first-seen order. */
export function knownEnvironments(schema: Schema): string[] {
  const names = new Set<string>(schema.defaultEnvironment ?? []);
  const visit = (features: readonly Feature[] | undefined): void => {
    for (const feature of features ?? []) {
      for (const name of feature.inEnvironment ?? []) names.add(name);
      for (const name of feature.notInEnvironment ?? []) names.add(name);
      visit(feature.structDomain?.feature);
    }
  };
  visit(schema.feature);
  return [...names];
}

/**
 * Throws a usage error unless the environment is one of the schema's `default_environment`
 * values (TFDV: "Environment X not found in the schema."). The message lists the known ones.
 */
export function assertKnownEnvironment(schema: Schema, environment: string | undefined): void {
  if (environment === undefined) return;
  if (schema.defaultEnvironment?.includes(environment)) return;
  const known = schema.defaultEnvironment ?? [];
  throw new UsageError(`Environment ${environment} not found in the schema.`, {
    hint: known.length
      ? `known environments: ${known.join(', ')}`
      : 'the schema declares no default_environment; add one (e.g. TRAINING, SERVING) or omit --environment',
  });
}
