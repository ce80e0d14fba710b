import { UsageError } from '../_util/errors.js';
import type { Feature, Schema } from '../tfmd/types.js';
import { type DomainKey, domainKeys, getStringDomain, type PathLike, requireFeature } from './get-feature.js';

/** Exactly one member of Feature's `domain_info` oneof, e.g. `{ intDomain: { min: 0, max: 9 } }`. */
export type DomainInfo = { [K in DomainKey]: { [P in K]: NonNullable<Feature[P]> } }[DomainKey];

/** Removes whichever `domain_info` member the feature sets (the oneof is cleared as a whole). */
export function clearDomain(feature: Feature): void {
  for (const key of domainKeys) delete feature[key];
}

/**
 * Sets a feature's domain in place, replacing any previous one. `domain` is a domain message
 * (`{ floatDomain: { min: 0 } }`) or the name of a schema-level string domain (TFDV's set_domain).
 * @throws UsageError when the feature or the named string domain does not exist.
 * @example setDomain(schema, 'age', { intDomain: { min: 0, max: 120 } })
 */
export function setDomain(schema: Schema, path: PathLike, domain: DomainInfo | string): void {
  const feature = requireFeature(schema, path);
  if (typeof domain === 'string') {
    if (!getStringDomain(schema, domain)) {
      throw new UsageError(`string_domain ${domain} not found in the schema.`, {
        hint: 'add the string domain to the schema first, or pass a domain message',
      });
    }
    clearDomain(feature);
    feature.domain = domain;
    return;
  }
  const keys = Object.keys(domain).filter((k) => (domain as Record<string, unknown>)[k] !== undefined);
  if (keys.length !== 1 || !domainKeys.includes(keys[0] as DomainKey)) {
    throw new UsageError(
      `setDomain expects exactly one domain (one of ${domainKeys.join(', ')}), got: ${keys.join(', ') || 'none'}`,
    );
  }
  clearDomain(feature);
  Object.assign(feature, structuredClone(domain));
}
