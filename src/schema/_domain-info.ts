import { parseTextFormat } from '../tfmd/index.js';
import type { Feature } from '../tfmd/types.js';
import { type DomainKey, domainKeys } from './get-feature.js';

/**
 * Parses the `domain_info` custom statistic that TFDV's semantic-domain generators emit: a
 * Feature textproto holding exactly one member of the domain_info oneof, e.g. `image_domain {}`
 * or `time_domain { string_format: "%Y-%m-%d" }`. Anything else gives undefined (TFDV then
 * ignores the statistic).
 */
export function parseDomainInfo(text: string): Partial<Feature> | undefined {
  let parsed: Feature;
  try {
    parsed = parseTextFormat('Feature', text);
  } catch {
    return undefined;
  }
  const keys = Object.keys(parsed);
  if (keys.length !== 1 || !domainKeys.includes(keys[0] as DomainKey)) return undefined;
  return parsed;
}
