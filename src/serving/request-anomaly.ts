import { sixDigits } from '../anomalies/tfdv-format.js';
import type { AnomalyType, Severity } from '../tfmd/types.js';

/**
 * Codes a request anomaly can carry: TFDV's `AnomalyInfo.Type` names, plus `INVALID_REQUEST` for
 * input that is not an example at all (not an object, too many keys, a value beyond the
 * validator's limits). TFDV has no such type because its examples are always well formed protos.
 */
export type RequestAnomalyCode = AnomalyType | 'INVALID_REQUEST';

/** Severities a request anomaly can have (TFDV defaults every reason to ERROR). */
export type RequestSeverity = Exclude<Severity, 'UNKNOWN'>;

/**
 * One problem with one request, returned as a value. `shortDescription` and `description` are
 * TFDV's texts for the code (docs/serving.md); `params` carries the numbers behind them so
 * callers never parse messages.
 */
export interface RequestAnomaly {
  readonly code: RequestAnomalyCode;
  /** Feature path steps; empty for anomalies about the whole request. */
  readonly path: readonly string[];
  /** The path serialized with `.` (TFDV's anomaly key for unnested features), `''` for the request. */
  readonly feature: string;
  readonly severity: RequestSeverity;
  readonly params: Readonly<Record<string, unknown>>;
  readonly shortDescription: string;
  readonly description: string;
}

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

/**
 * absl::SixDigits as TFDV prints it (`%g` with 6 significant digits): `0.2`, `123457`,
 * `1e+06`, `inf`, `nan`. Unlike the statistics-level messages ({@link sixDigits}), the
 * serving texts print negative zero as `0`.
 */
export function formatSixDigits(x: number): string {
  return x === 0 ? '0' : sixDigits(x);
}

/** Prints an integer value in full (int64 style), never in exponent form. */
export function formatInteger(x: number): string {
  return Number.isInteger(x) ? BigInt(x).toString() : formatSixDigits(x);
}

/** TFDV's percentage for off-domain values: `<1%` below one percent, else `~N%` (floor). */
export function formatPercent(count: number, total: number): string {
  if (!(total > 0)) return '?';
  const percent = (count / total) * 100;
  return percent < 1 ? '<1%' : `~${Math.floor(percent)}%`;
}

/** A short, printable excerpt of a value for messages (huge strings are cut). */
export function excerpt(value: unknown, max = 80): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number') text = formatSixDigits(value);
  else if (typeof value === 'bigint' || typeof value === 'boolean') text = String(value);
  else if (value === null) text = 'null';
  else if (Array.isArray(value)) text = `array(${value.length})`;
  else text = typeof value;
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
