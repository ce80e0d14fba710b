import { INT64_MAX, INT64_MIN, UINT64_MAX } from '../proto/integer.js';
import type { Feature, FeatureNameStatistics, FeatureType, Path, Severity } from './types.js';

/**
 * TFDV's vocabulary, declared once for every layer: the default slice name, the 64-bit bounds, how a
 * feature path reads as text, which domain a feature has and which types it fits, and the order of
 * severities. Layers import these instead of restating them, so that a rule changes in one place.
 */

/** The name TFDV gives the unsliced dataset of a statistics list (the one validated by default). */
export const DEFAULT_SLICE_NAME = 'All Examples';

// The 64-bit integer bounds, exact (declared by the protobuf layer, which needs them first).
export { INT64_MAX, INT64_MIN, UINT64_MAX };

/** The int64 bounds as doubles: -2^63 is exact, 2^63 is the first double above INT64_MAX. */
export const INT64_MIN_DOUBLE = -(2 ** 63);
export const INT64_END_DOUBLE = 2 ** 63;

/** True when `v` is an integer in int64's range (a number or an exact bigint). */
export function isInt64(v: number | bigint): boolean {
  if (typeof v === 'bigint') return v >= INT64_MIN && v <= INT64_MAX;
  return Number.isInteger(v) && v >= INT64_MIN_DOUBLE && v < INT64_END_DOUBLE;
}

/**
 * A feature path as text: its steps joined by `.` (how TFDV prints a path to people, e.g.
 * `struct.leaf`). Anomaly keys use the escaped form of `serializePath` in the schema layer instead.
 */
export function featurePathText(path: string | readonly string[] | Path | undefined): string {
  if (path === undefined || typeof path === 'string') return path ?? '';
  return (Array.isArray(path) ? path : ((path as Path).step ?? [])).join('.');
}

/** The name of a feature's statistics: `name`, or its path as text ({@link featurePathText}). */
export function statisticsFeatureName(feature: FeatureNameStatistics): string {
  return feature.name ?? featurePathText(feature.path);
}

/**
 * The members of Feature's `domain_info` oneof in field-number order of schema.proto, each with the
 * feature types it may be attached to (TFDV's AllowedFeatureTypes); any other pair is
 * DOMAIN_INVALID_FOR_TYPE. `domain` names a schema-level string domain.
 */
export const DOMAIN_ALLOWED_TYPES = {
  domain: ['BYTES'],
  intDomain: ['INT', 'BYTES'],
  floatDomain: ['FLOAT', 'BYTES'],
  stringDomain: ['BYTES'],
  boolDomain: ['INT', 'BYTES', 'FLOAT'],
  naturalLanguageDomain: ['BYTES', 'INT'],
  imageDomain: ['BYTES'],
  midDomain: ['BYTES'],
  urlDomain: ['BYTES'],
  timeDomain: ['INT', 'BYTES'],
  structDomain: ['STRUCT'],
  timeOfDayDomain: ['INT', 'FLOAT', 'BYTES', 'STRUCT'],
  audioDomain: ['INT', 'FLOAT', 'BYTES', 'STRUCT'],
  videoDomain: ['INT', 'FLOAT', 'BYTES', 'STRUCT'],
  contentChunkDomain: ['INT', 'FLOAT', 'BYTES', 'STRUCT'],
} as const satisfies { readonly [K in keyof Feature]?: readonly FeatureType[] };

/** A member of the `domain_info` oneof. */
export type DomainKey = keyof typeof DOMAIN_ALLOWED_TYPES;

/** The `domain_info` members, in field-number order. */
export const DOMAIN_KEYS = Object.keys(DOMAIN_ALLOWED_TYPES) as readonly DomainKey[];

/** Every type, for a feature without a domain. */
const ANY_TYPE: readonly FeatureType[] = ['INT', 'FLOAT', 'BYTES', 'STRUCT'];

/** Which `domain_info` member the feature sets, or undefined. */
export function domainKind(feature: Feature): DomainKey | undefined {
  for (const key of DOMAIN_KEYS) if (feature[key] !== undefined) return key;
  return undefined;
}

/** The feature types a domain member may be attached to (every type without a domain). */
export function allowedTypesOf(kind: DomainKey | undefined): readonly FeatureType[] {
  return kind === undefined ? ANY_TYPE : DOMAIN_ALLOWED_TYPES[kind];
}

/** The proto field name of a domain member (`intDomain` -> `int_domain`), as TFDV prints it. */
export function domainFieldName(key: DomainKey | undefined): string {
  return key === undefined ? 'UNSET' : key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** The severities, most severe first (as configs and messages list them). */
export const SEVERITIES = ['ERROR', 'WARNING', 'UNKNOWN'] as const satisfies readonly Severity[];

/** Severity order UNKNOWN < WARNING < ERROR. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { UNKNOWN: 0, WARNING: 1, ERROR: 2 };

/** The more severe of two severities. */
export function maxSeverity(a: Severity, b: Severity): Severity {
  return SEVERITY_RANK[a] >= SEVERITY_RANK[b] ? a : b;
}

/** True when `severity` is at least as severe as `threshold`. */
export function severityAtLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold];
}
