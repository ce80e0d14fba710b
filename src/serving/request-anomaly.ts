import { type Finding, finding } from '../anomalies/finding.js';
import { sixDigits } from '../anomalies/tfdv-format.js';
import type { AnomalyType, Severity } from '../tfmd/types.js';

/**
 * Types a request anomaly can carry: TFDV's `AnomalyInfo.Type` names, plus `INVALID_REQUEST` for
 * input that is not an example at all (not an object, too many keys, a value beyond the
 * validator's limits). TFDV has no such type because its examples are always well formed protos.
 */
export type RequestAnomalyType = AnomalyType | 'INVALID_REQUEST';

/** @deprecated The former name of {@link RequestAnomalyType}. */
export type RequestAnomalyCode = RequestAnomalyType;

/** Severities a request anomaly can have (TFDV defaults every reason to ERROR). */
export type RequestSeverity = Exclude<Severity, 'UNKNOWN'>;

/**
 * One problem with one request, returned as a value: the same finding batch validation makes
 * (type, typed parameters, TFDV's texts from the shared message table), placed at a feature path
 * and graded.
 */
export interface RequestAnomaly extends Finding<RequestAnomalyType> {
  /** Feature path steps; empty for anomalies about the whole request. */
  readonly path: readonly string[];
  /** The path serialized with `.` (TFDV's anomaly key for unnested features), `''` for the request. */
  readonly feature: string;
  readonly severity: RequestSeverity;
  /**
   * @deprecated The same as `type`. Kept so the sidecar's JSON answers keep the field clients of
   * earlier versions read (CHANGELOG.md); read `type`.
   */
  readonly code: RequestAnomalyType;
}

/** The findings of datavet's own INVALID_REQUEST type (serving only: input that is not an example). */
export const requestMessages = {
  notAnObject: (actual: string) =>
    finding(
      'INVALID_REQUEST',
      'Not an object',
      `The request must be a JSON object mapping feature names to values, got ${actual}.`,
      { actual },
    ),
  tooManyKeys: (keys: number, limit: number) =>
    finding(
      'INVALID_REQUEST',
      'Too many features',
      `The request has ${keys} keys, more than the limit of ${limit}; its keys were not checked.`,
      { keys, limit },
    ),
  tooManyValues: (limit: number) =>
    finding('INVALID_REQUEST', 'Too many values', `The value has more than ${limit} elements; it was not checked.`, {
      limit,
    }),
} as const;

/** The value kinds a request can hold, named like TFDV's statistics types where one exists. */
export type ValueKind = 'INT' | 'FLOAT' | 'STRING' | 'BOOLEAN' | 'STRUCT' | 'OTHER';

/** Classifies one JS value the way TFDV's statistics would type it. */
export function valueKind(value: unknown): ValueKind {
  switch (typeof value) {
    case 'number':
      return Number.isInteger(value) ? 'INT' : 'FLOAT';
    case 'string':
      return 'STRING';
    case 'boolean':
      return 'BOOLEAN';
    case 'bigint':
      return 'INT';
    case 'object': {
      if (value === null || Array.isArray(value)) return 'OTHER';
      const proto: unknown = Object.getPrototypeOf(value);
      return proto === Object.prototype || proto === null ? 'STRUCT' : 'OTHER';
    }
    default:
      return 'OTHER';
  }
}

/** A short, printable excerpt of a value for messages (huge strings are cut). */
export function excerpt(value: unknown, max = 80): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number') text = sixDigits(value);
  else if (typeof value === 'bigint' || typeof value === 'boolean') text = String(value);
  else if (value === null) text = 'null';
  else if (Array.isArray(value)) text = `array(${value.length})`;
  else text = typeof value;
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
