/**
 * The numbers an option accepts, declared as data so that the code checking a value, the error
 * naming what is allowed and the docs listing it all say the same thing. Every value in a range is
 * finite (a config file cannot hold `NaN` or `Infinity`, so no API call may pass them either).
 */
export interface NumberRange {
  /** Whole numbers only. */
  readonly integer?: boolean;
  /** Smallest value allowed (`>=`). */
  readonly min?: number;
  /** Lower bound itself excluded (`>`). */
  readonly above?: number;
  /** Largest value allowed (`<=`). */
  readonly max?: number;
  /** Upper bound itself excluded (`<`). */
  readonly below?: number;
}

/** Whether `value` is a finite number within `range`. */
export function inRange(range: NumberRange, value: unknown): value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  if (range.integer && !Number.isInteger(value)) return false;
  if (range.min !== undefined && value < range.min) return false;
  if (range.above !== undefined && value <= range.above) return false;
  if (range.max !== undefined && value > range.max) return false;
  if (range.below !== undefined && value >= range.below) return false;
  return true;
}

/**
 * The range in words, as errors and docs give it: `an integer >= 1`, `a number > 0`,
 * `a number in (0, 1)` (both ends: interval notation, `[` / `]` for an included end).
 */
export function describeRange(range: NumberRange): string {
  const what = range.integer ? 'an integer' : 'a number';
  const low = range.min ?? range.above;
  const high = range.max ?? range.below;
  if (low !== undefined && high !== undefined) {
    return `${what} in ${range.min !== undefined ? '[' : '('}${low}, ${high}${range.max !== undefined ? ']' : ')'}`;
  }
  if (low !== undefined) return `${what} ${range.min !== undefined ? '>=' : '>'} ${low}`;
  if (high !== undefined) return `${what} ${range.max !== undefined ? '<=' : '<'} ${high}`;
  return what;
}
