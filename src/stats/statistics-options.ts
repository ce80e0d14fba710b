import { InputError, UsageError } from '../_util/errors.js';
import { describeRange, inRange, type NumberRange } from '../_util/number-range.js';
import type { Schema } from '../tfmd/types.js';
import type { StatisticsGenerator } from './statistics-generator.js';

/** How one statistics option is defaulted, checked, compared, saved and read from a config file. */
interface BaseSpec<T> {
  readonly default: T;
  /** Checks a given value beyond its range (a UsageError names the option). */
  readonly check?: (value: T, name: string) => void;
  /** Accumulators that merge must agree on it (`same` compares, `===` by default). */
  readonly mustMatch?: boolean;
  readonly same?: (a: T, b: T) => boolean;
  /** Why a mismatch cannot merge, when not "computed with different NAME (A vs B)". */
  readonly mismatch?: string;
  /** Kept out of the partial statistics' options (not plain data). */
  readonly unsaved?: true;
}

/**
 * A numeric option also declares the values it accepts: resolveStatisticsOptions, a pipeline
 * config's `statistics` section, the CLI flags setting it and the config docs all check or show
 * this one range. Only a numeric option may be set in a pipeline config's `statistics` object,
 * with the line the config docs give it.
 */
type OptionSpec<T> = BaseSpec<T> &
  ([T] extends [number]
    ? { readonly range: NumberRange; readonly config?: { readonly doc: string } }
    : { readonly range?: never; readonly config?: never });

function option<T>(spec: OptionSpec<T>): OptionSpec<T> {
  return spec;
}

/**
 * Every statistics option, once: named after TFDV's `StatsOptions` (defaults alike). The option
 * types, their defaults, ranges and checks, which ones accumulators must share to merge, what the partial
 * statistics save and what a pipeline config may set are all derived from this table.
 */
export const STATISTICS_OPTIONS = {
  /** Numeric per-example weight column: enables the weighted statistics. */
  weightFeature: option<string | undefined>({ default: undefined, mustMatch: true }),
  /**
   * Slice by these features' values (TFDV's feature-value slicer): one extra dataset per value
   * combination, named `<feature>_<value>` (joined with `_`), besides the unsliced `All Examples`.
   */
  sliceBy: option<readonly string[]>({
    default: [],
    mustMatch: true,
    same: (a, b) => a.join('\u0000') === b.join('\u0000'),
    mismatch: 'cannot merge statistics sliced by different features',
  }),
  /** Steers type-dependent statistics: categorical INT/FLOAT get string stats, image_domain -> BYTES. */
  schema: option<Schema | undefined>({ default: undefined }),
  numTopValues: option<number>({
    default: 20,
    range: { integer: true, min: 0 },
    mustMatch: true,
    config: { doc: 'most frequent values kept per string feature (`top_values`)' },
  }),
  numRankHistogramBuckets: option<number>({
    default: 1000,
    range: { integer: true, min: 0 },
    mustMatch: true,
    config: { doc: 'buckets of the rank histogram of string features' },
  }),
  numHistogramBuckets: option<number>({
    default: 10,
    range: { integer: true, min: 1 },
    mustMatch: true,
    config: { doc: 'buckets of the standard histogram of numeric features' },
  }),
  numQuantilesHistogramBuckets: option<number>({
    default: 10,
    range: { integer: true, min: 1 },
    mustMatch: true,
    config: { doc: 'buckets of the quantiles histogram of numeric features' },
  }),
  numValuesHistogramBuckets: option<number>({
    default: 10,
    range: { integer: true, min: 2 },
    mustMatch: true,
    config: { doc: 'buckets of the quantiles histogram of values per example' },
  }),
  /** Values seen fewer times are left out of top_values and rank_histogram (TFDV default 1). */
  frequencyThreshold: option<number>({
    default: 1,
    range: { min: 0 },
    config: { doc: 'values seen fewer times are left out of `top_values` and the rank histogram' },
  }),
  weightedFrequencyThreshold: option<number>({
    default: 1,
    range: { min: 0 },
    config: { doc: 'the same by weight, for the weighted statistics' },
  }),
  /** Quantile sketch error bound, relative to the total weight (TFDV default 0.01). */
  epsilon: option<number>({
    default: 0.01,
    range: { above: 0, below: 1 },
    mustMatch: true,
    config: { doc: 'error bound of the quantile sketch, relative to the total weight' },
  }),
  /** Sample very long unweighted streams in front of the quantile sketch (see QuantileSketch). */
  quantileSampling: option<boolean>({ default: true }),
  /**
   * Distinct values counted exactly per string feature before its counter turns into a
   * frequent-items sketch (also bounded by {@link STATISTICS_OPTIONS.maxExactBytes}).
   */
  maxExactDistinct: option<number>({
    default: 1 << 20,
    range: { integer: true, min: 2 },
    config: { doc: 'distinct values counted exactly per string feature before a sketch takes over' },
  }),
  /**
   * Bytes of distinct values (and their counters) one string feature may hold while it counts
   * exactly; past it, or past {@link STATISTICS_OPTIONS.maxExactDistinct}, counts come from the
   * sketch and only values the sketch can tell apart are published (docs/statistics.md).
   */
  maxExactBytes: option<number>({
    default: 64 << 20,
    range: { integer: true, min: 1024 },
    config: { doc: 'bytes of distinct values one string feature may hold while it counts exactly' },
  }),
  /** Only these features (top-level names). */
  featureAllowlist: option<readonly string[] | undefined>({ default: undefined }),
  /**
   * User statistics generators (TFDV's `StatsOptions.generators`): each runs over every dataset
   * and slice and writes custom statistics. Accumulators that merge must run the same ones.
   */
  generators: option<readonly StatisticsGenerator[]>({
    default: [],
    check: (value) => {
      const seen = new Set<string>();
      for (const g of value) {
        if (seen.has(g.name))
          throw new UsageError(`two statistics generators are named '${g.name}': names must be unique`);
        seen.add(g.name);
      }
    },
    mustMatch: true,
    same: (a, b) => a.map((g) => g.name).join('\u0000') === b.map((g) => g.name).join('\u0000'),
    mismatch: 'cannot merge statistics computed with different statistics generators',
    unsaved: true,
  }),
} as const;

type Table = typeof STATISTICS_OPTIONS;
type ValueOf<K extends keyof Table> = Table[K] extends OptionSpec<infer T> ? T : never;

/** Options with every default filled in. */
export type ResolvedStatisticsOptions = { readonly [K in keyof Table]: ValueOf<K> };

/** Options of {@link generateStatistics}: any subset of {@link STATISTICS_OPTIONS}. */
export type StatisticsOptions = { readonly [K in keyof Table]?: ValueOf<K> };

/** The options a partial statistics file saves (plain data; `undefined` saved as null). */
export type SavedStatisticsOptions = {
  readonly [K in keyof Table as Table[K] extends { unsaved: true } ? never : K]: Exclude<ValueOf<K>, undefined> | null;
};

const names = Object.keys(STATISTICS_OPTIONS) as (keyof Table)[];
const spec = (name: keyof Table) => STATISTICS_OPTIONS[name] as BaseSpec<unknown> & Partial<OptionSpec<number>>;

/** The options that take a number (each declares its range). */
export type NumericStatisticsOption = {
  [K in keyof Table]: Table[K] extends { range: NumberRange } ? K : never;
}[keyof Table];

/** The values option `name` accepts, for callers that check a value before passing it (CLI flags). */
export function statisticsOptionRange(name: NumericStatisticsOption): NumberRange {
  return STATISTICS_OPTIONS[name].range;
}

/** Fills defaults and checks ranges (usage errors name the option and the values it takes). */
export function resolveStatisticsOptions(options: StatisticsOptions = {}): ResolvedStatisticsOptions {
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const given = options[name];
    const { range, check } = spec(name);
    if (given !== undefined && range !== undefined && !inRange(range, given)) {
      const got = typeof given === 'number' ? String(given) : `${typeof given} ${JSON.stringify(given)}`;
      throw new UsageError(`statistics option ${name} must be ${describeRange(range)}, got ${got}`);
    }
    if (given !== undefined) check?.(given, name);
    out[name] = given ?? spec(name).default;
  }
  return out as ResolvedStatisticsOptions;
}

/** Throws a UsageError unless accumulators with options `a` and `b` can merge. */
export function assertMergeableOptions(a: ResolvedStatisticsOptions, b: ResolvedStatisticsOptions): void {
  for (const name of names) {
    const s = spec(name);
    if (!s.mustMatch) continue;
    const same = s.same ?? ((x: unknown, y: unknown) => x === y);
    if (!same(a[name], b[name])) {
      throw new UsageError(
        s.mismatch ?? `cannot merge statistics computed with different ${name} (${a[name]} vs ${b[name]})`,
      );
    }
  }
}

/** The options as a partial statistics file saves them. */
export function saveStatisticsOptions(options: ResolvedStatisticsOptions): SavedStatisticsOptions {
  const out: Record<string, unknown> = {};
  for (const name of names) if (!spec(name).unsaved) out[name] = options[name] ?? null;
  return out as SavedStatisticsOptions;
}

/**
 * Options read back from a partial statistics file (null is undefined again; options the file
 * predates get their defaults), with the unsaved ones from `local`. A saved number outside its
 * option's range (a hand-edited or damaged file) is refused: the accumulators would otherwise be
 * rebuilt with, say, an epsilon of 5 or no histogram buckets, and fail later or publish nonsense.
 */
export function loadStatisticsOptions(
  saved: Partial<Record<string, unknown>>,
  local: StatisticsOptions = {},
): ResolvedStatisticsOptions {
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const s = spec(name);
    const value = s.unsaved ? local[name] : saved[name];
    if (!s.unsaved && value !== null && value !== undefined && s.range !== undefined && !inRange(s.range, value)) {
      throw new InputError(
        'STATS_PARTIAL_OPTION',
        `partial statistics file has statistics option ${name} = ${JSON.stringify(value)}, which must be ${describeRange(s.range)}`,
        { hint: "the file was edited or damaged: write it again with 'datavet stats --partial'" },
      );
    }
    out[name] = value === null || value === undefined ? s.default : value;
  }
  return out as ResolvedStatisticsOptions;
}

/** An option a pipeline config's `statistics` object may set: its range, its docs line, its default. */
export interface StatisticsConfigOption {
  readonly name: NumericStatisticsOption;
  readonly range: NumberRange;
  readonly doc: string;
  readonly default: number;
}

/** The options a pipeline config's `statistics` object may set, in the order of {@link STATISTICS_OPTIONS}. */
export function statisticsConfigOptions(): StatisticsConfigOption[] {
  return names.flatMap((name) => {
    const { config, range, default: value } = spec(name);
    return config && range
      ? [{ name: name as NumericStatisticsOption, range, doc: config.doc, default: value as number }]
      : [];
  });
}
