import type { IntegerTimeFormat } from '../tfmd/types.js';

/**
 * Milliseconds per unit of each integer time format: TFDV keeps timestamps as INT counts since
 * the Unix epoch, and a schema's `time_domain { integer_format: ... }` (or the `domain_info`
 * statistic the statistics write for Arrow timestamp and date columns) says in which unit.
 */
export const MILLIS_PER_UNIT: Readonly<Partial<Record<IntegerTimeFormat, number>>> = {
  UNIX_DAYS: 86_400_000,
  UNIX_SECONDS: 1000,
  UNIX_MILLISECONDS: 1,
  UNIX_MICROSECONDS: 1e-3,
  UNIX_NANOSECONDS: 1e-6,
};

const DAY = 86_400_000;

/**
 * A count since the epoch as an ISO 8601 date (`2012-01-01`) when it falls on a UTC midnight,
 * else as a UTC date-time: a data value (min, max, a quantile) to the second (`2012-01-01T06:30:00Z`,
 * milliseconds only when there are some), a `derived` one (a mean, a bucket bound) to the minute
 * (`2012-01-01T06:30Z`). Undefined where the value is not a date JavaScript can show (non-finite,
 * beyond ±275,000 years).
 */
export function formatTimeValue(value: number, format: IntegerTimeFormat, derived = false): string | undefined {
  const perUnit = MILLIS_PER_UNIT[format];
  if (perUnit === undefined || !Number.isFinite(value)) return undefined;
  const ms = derived ? Math.round((value * perUnit) / 60_000) * 60_000 : Math.round(value * perUnit);
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return undefined;
  const iso = date.toISOString();
  if (ms % DAY === 0) return iso.slice(0, iso.indexOf('T'));
  if (derived) return `${iso.slice(0, -8)}Z`;
  return ms % 1000 === 0 ? `${iso.slice(0, -5)}Z` : iso;
}

/** A spread of time (a standard deviation) in the largest fitting unit: `3.2 days`, `5.1 h`, `42 s`. */
export function formatTimeSpan(value: number, format: IntegerTimeFormat): string | undefined {
  const perUnit = MILLIS_PER_UNIT[format];
  if (perUnit === undefined || !Number.isFinite(value)) return undefined;
  const ms = Math.abs(value * perUnit);
  const units: [number, string][] = [
    [DAY, ' days'],
    [3_600_000, ' h'],
    [60_000, ' min'],
    [1000, ' s'],
    [1, ' ms'],
  ];
  for (const [size, name] of units) {
    if (ms >= size || size === 1) return `${Number((ms / size).toPrecision(3))}${name}`;
  }
  return undefined;
}
