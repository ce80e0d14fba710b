import type { FeatureStatsView } from '../../schema/index.js';
import type { DistributionConstraints, StringDomain } from '../../tfmd/types.js';
import type { Finding } from '../finding.js';
import { messages } from '../messages.js';

/** Findings of a domain check, and whether the fix is to clear the domain. */
export interface DomainCheckResult {
  readonly findings: Finding[];
  readonly clear: boolean;
}

/** Share of values allowed outside the domain: 1 − min_domain_mass, or 0 when unset. */
export function maxOffDomain(constraints: DistributionConstraints | undefined): number {
  return constraints?.minDomainMass !== undefined ? 1 - constraints.minDomainMass : 0;
}

/**
 * Whether values off the domain break it: `offDomain` of `total` values (`distinct` distinct ones)
 * exceed the share `maxOff`, or any value is off the domain when `maxOff` is 0.
 */
export function tooManyOffDomain(offDomain: number, distinct: number, total: number, maxOff: number): boolean {
  return offDomain / total > maxOff || (maxOff === 0 && distinct > 0);
}

/**
 * Values seen in the data that the string domain lacks. Anomaly when their share of all values
 * exceeds `maxOff` (any unseen value at all when `maxOff` is 0). Fix: append the new values in
 * byte order. Invalid UTF-8 data clears the domain. `deleteThreshold` (never set by TFDV) clears
 * a domain that grew too large.
 */
export function checkStringDomain(
  view: FeatureStatsView,
  maxOff: number,
  domain: StringDomain,
  deleteThreshold?: number,
): DomainCheckResult {
  if (view.hasInvalidUtf8Strings()) return { findings: [messages.invalidUtf8()], clear: true };
  const known = new Set(domain.value ?? []);
  const missing = [...view.stringValuesWithCounts()].filter(([value]) => !known.has(value));
  const missingCount = missing.reduce((s, [, c]) => s + c, 0);
  const total = view.totalValueCount();
  const findings: Finding[] = [];
  if (tooManyOffDomain(missingCount, missing.length, total, maxOff)) {
    findings.push(messages.unexpectedStringValues(missing, total));
    domain.value = [...(domain.value ?? []), ...missing.map(([value]) => value)];
  }
  const size = domain.value?.length ?? 0;
  if (deleteThreshold !== undefined && deleteThreshold <= size) {
    findings.push(messages.stringDomainTooBig(size));
    return { findings, clear: true };
  }
  return { findings, clear: false };
}
