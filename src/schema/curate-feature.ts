import { UsageError } from '../_util/errors.js';
import type { Feature, FeatureComparator, FeaturePresence, Schema, ValueCount } from '../tfmd/types.js';
import { featurePathText } from '../tfmd/vocabulary.js';
import { markDeprecated } from './deprecate-feature.js';
import { type PathLike, requireFeature } from './get-feature.js';
import { clearDomain, type DomainInfo, setDomain } from './set-domain.js';
import { setFeatureEnvironments } from './set-environments.js';

/**
 * One curation of a feature, the edits TFDV users make in a notebook (`set_domain`,
 * `get_feature(...).presence`, `not_in_environment`, comparators, deprecation). Every member is
 * optional; `null` removes the field.
 */
export interface FeatureCuration {
  /** A domain message (`{ intDomain: { min: 0 } }`), the name of a schema-level string domain, or null to clear. */
  readonly domain?: DomainInfo | string | null;
  /** `'required'` (present in every example), `'optional'`, or explicit bounds. */
  readonly presence?: 'required' | 'optional' | FeaturePresence;
  /** Values per example; null removes it. */
  readonly valueCount?: ValueCount | null;
  /** Replaces `in_environment` (an empty list removes it). */
  readonly inEnvironment?: readonly string[];
  /** Replaces `not_in_environment` (an empty list removes it). */
  readonly notInEnvironment?: readonly string[];
  /** Training/serving skew thresholds; null removes the comparator. */
  readonly skewComparator?: FeatureComparator | null;
  /** Drift thresholds between spans; null removes the comparator. */
  readonly driftComparator?: FeatureComparator | null;
  /** Marks the feature deprecated (validation then skips it). */
  readonly deprecated?: boolean;
}

/** What a curation did beyond what was asked, said so the user is not surprised. */
export interface CurationNote {
  readonly feature: string;
  readonly message: string;
}

function product(feature: Feature): number | undefined {
  const dims = feature.shape?.dim ?? [];
  let n = 1;
  for (const dim of dims) {
    const size = Number(dim.size ?? Number.NaN);
    if (!Number.isFinite(size) || size < 0) return undefined;
    n *= size;
  }
  return n;
}

/**
 * Applies a curation to the feature at `path` in place and returns the notes. The TFDV trap is
 * handled here: a feature with a fixed `shape` must be present in every example, so making it
 * optional replaces the shape by the equivalent `value_count` (same number of values when present)
 * instead of leaving a shape that fails on the first missing value.
 * @throws UsageError when the feature or a named string domain does not exist, or bounds are inverted.
 * @example curateFeature(schema, 'age', { domain: { intDomain: { min: 17, max: 90 } }, presence: 'required' })
 */
export function curateFeature(schema: Schema, path: PathLike, curation: FeatureCuration): CurationNote[] {
  const feature = requireFeature(schema, path);
  const name = featurePathText(path);
  const notes: CurationNote[] = [];
  if (curation.domain === null) clearDomain(feature);
  else if (curation.domain !== undefined) setDomain(schema, path, curation.domain);
  if (curation.presence !== undefined) {
    const presence: FeaturePresence =
      curation.presence === 'required'
        ? { minFraction: 1, minCount: 1 }
        : curation.presence === 'optional'
          ? { minCount: 0 }
          : { ...feature.presence, ...curation.presence };
    const fraction = presence.minFraction;
    if (fraction !== undefined && (fraction < 0 || fraction > 1)) {
      throw new UsageError(`${name}: min_fraction must be between 0 and 1, got ${fraction}`);
    }
    feature.presence = presence;
    if ((presence.minFraction ?? 0) < 1 && feature.shape) {
      const n = product(feature);
      delete feature.shape;
      if (n !== undefined && curation.valueCount === undefined) feature.valueCount = { min: n, max: n };
      notes.push({
        feature: name,
        message:
          n !== undefined
            ? `shape replaced by value_count { min: ${n} max: ${n} }: a feature with a shape must be present in every example`
            : 'shape removed: a feature with a shape must be present in every example',
      });
    }
  }
  if (curation.valueCount === null) delete feature.valueCount;
  else if (curation.valueCount !== undefined) {
    const { min, max } = curation.valueCount;
    if (min !== undefined && max !== undefined && Number(min) > Number(max)) {
      throw new UsageError(`${name}: value count min ${min} is above max ${max}`);
    }
    feature.valueCount = { ...curation.valueCount };
    if (feature.shape) {
      delete feature.shape;
      notes.push({ feature: name, message: 'shape removed: a feature has either a shape or a value_count' });
    }
  }
  if (curation.inEnvironment !== undefined || curation.notInEnvironment !== undefined) {
    setFeatureEnvironments(schema, path, {
      ...(curation.inEnvironment !== undefined ? { inEnvironment: curation.inEnvironment } : {}),
      ...(curation.notInEnvironment !== undefined ? { notInEnvironment: curation.notInEnvironment } : {}),
    });
  }
  if (curation.skewComparator === null) delete feature.skewComparator;
  else if (curation.skewComparator !== undefined) feature.skewComparator = structuredClone(curation.skewComparator);
  if (curation.driftComparator === null) delete feature.driftComparator;
  else if (curation.driftComparator !== undefined) feature.driftComparator = structuredClone(curation.driftComparator);
  if (curation.deprecated) markDeprecated(feature);
  return notes;
}
