import type { Schema } from '../tfmd/types.js';
import { type PathLike, requireFeature } from './get-feature.js';

/** Which environments a feature belongs to or is excluded from. */
export interface FeatureEnvironments {
  /** Replaces `in_environment` (omit to keep it). */
  readonly inEnvironment?: readonly string[];
  /** Replaces `not_in_environment` (omit to keep it). */
  readonly notInEnvironment?: readonly string[];
}

/**
 * Sets a feature's environments in place; an empty list removes the field. Environment names
 * are added to the schema's `default_environment` when missing, so validation accepts them.
 * @example setFeatureEnvironments(schema, 'tips', { notInEnvironment: ['SERVING'] })
 */
export function setFeatureEnvironments(schema: Schema, path: PathLike, environments: FeatureEnvironments): void {
  const feature = requireFeature(schema, path);
  if (environments.inEnvironment !== undefined) {
    if (environments.inEnvironment.length > 0) feature.inEnvironment = [...environments.inEnvironment];
    else delete feature.inEnvironment;
  }
  if (environments.notInEnvironment !== undefined) {
    if (environments.notInEnvironment.length > 0) feature.notInEnvironment = [...environments.notInEnvironment];
    else delete feature.notInEnvironment;
  }
  addDefaultEnvironments(schema, [...(environments.inEnvironment ?? []), ...(environments.notInEnvironment ?? [])]);
}

/** Appends environment names to `default_environment`, skipping those already listed. */
export function addDefaultEnvironments(schema: Schema, names: readonly string[]): void {
  for (const name of names) {
    const list = schema.defaultEnvironment ?? [];
    if (!list.includes(name)) schema.defaultEnvironment = [...list, name];
  }
}
