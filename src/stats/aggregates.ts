import { UsageError } from '../_util/errors.js';
import type { IntegerTimeFormat } from '../tfmd/types.js';
import { FeatureAccumulator } from './feature-accumulator.js';
import { NumericAccumulator, numericGenerator } from './numeric-accumulator.js';
import { ALL_EXAMPLES, StatisticsAccumulator } from './statistics-accumulator.js';
import { resolveStatisticsOptions, type StatisticsOptions } from './statistics-options.js';
import { StringAccumulator, stringGenerator } from './string-accumulator.js';

/** Aggregates of a numeric feature's values, as SQL computes them. */
export interface NumericAggregates {
  /** Finite values: COUNT of the non-null values that are neither NaN nor infinite. */
  readonly count: number;
  /** Of the finite values: MIN, MAX, AVG and the population variance (VAR_POP). */
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly variance: number;
  /** Values equal to 0. */
  readonly zeros: number;
  readonly nan?: number;
  readonly posInf?: number;
  readonly negInf?: number;
  /**
   * Values for the quantiles and histograms, each with the number of values it stands for: every
   * distinct value with its count (exact, as GROUP BY gives) or a sample whose weights add up to
   * `count`. Infinities are added from `posInf` / `negInf`.
   */
  readonly samples: readonly (readonly [value: number, weight: number])[];
}

/** Aggregates of a string (or bytes, or categorical number) feature's values. */
export interface StringAggregates {
  /**
   * Every distinct value with its count (GROUP BY). Beyond the exact counter's budget
   * (`maxExactDistinct`, `maxExactBytes`) the counts go into its sketch as they would from data.
   */
  readonly frequencies: readonly (readonly [value: string, count: number])[];
}

/** One feature of a dataset given as aggregates. Every example has at most one value (a column). */
export interface FeatureAggregates {
  readonly name: string;
  readonly type: 'int' | 'float' | 'string';
  /** Examples with a value (COUNT(column)). */
  readonly present: number;
  /**
   * INT features holding timestamps or dates as counts since 1970: their unit, written as TFDV's
   * `domain_info` as for Arrow Timestamp and Date columns.
   */
  readonly timeFormat?: IntegerTimeFormat;
  /** INT and FLOAT features (unless the schema makes them categorical: then `strings` of their text). */
  readonly numeric?: NumericAggregates;
  readonly strings?: StringAggregates;
}

/** One dataset (the unsliced one unless named) given as aggregates. */
export interface DatasetAggregates {
  readonly name?: string;
  readonly numExamples: number;
  readonly features: readonly FeatureAggregates[];
}

const encoder = new TextEncoder();

/**
 * The statistics accumulator of data known only by its aggregates (for example, computed by a SQL
 * engine next to the data): the same state `StatisticsAccumulator.add` builds from the values, so
 * it merges with partial statistics computed from data and `serialize()` writes a partial
 * statistics file. Unweighted only; the statistics are exact where the aggregates are (counts,
 * moments, min/max, a complete frequency table, exact value groups as samples).
 */
export function statisticsFromAggregates(
  datasets: readonly DatasetAggregates[],
  options: StatisticsOptions = {},
): StatisticsAccumulator {
  const resolved = resolveStatisticsOptions(options);
  if (resolved.weightFeature !== undefined) {
    throw new UsageError('statistics from aggregates are unweighted: leave weightFeature unset');
  }
  const acc = new StatisticsAccumulator({}, resolved);
  for (const dataset of datasets) {
    const features = dataset.features.map((f) => {
      const feature = new FeatureAccumulator([f.name], resolved, false);
      feature.kind = f.type;
      if (f.timeFormat !== undefined) {
        if (f.type !== 'int') {
          throw new UsageError(
            `feature '${f.name}' has a timeFormat but is ${f.type}: times are int counts since 1970`,
            {
              location: { feature: f.name },
              hint: "give the feature type 'int' (its values in the unit of timeFormat) or leave timeFormat out",
            },
          );
        }
        feature.timeFormat = f.timeFormat;
      }
      const p = feature.presence;
      p.slots = dataset.numExamples;
      p.nonMissing = f.present;
      p.totNumValues = f.present;
      if (f.present > 0) {
        p.minNumValues = 1;
        p.maxNumValues = 1;
        p.numValues.add(1, f.present);
      }
      if (f.numeric) feature.setState(numericGenerator, numericFromAggregates(f.numeric, resolved));
      if (f.strings) feature.setState(stringGenerator, stringsFromAggregates(f.strings, resolved));
      return feature;
    });
    acc.addFeatureAccumulators(dataset.name ?? ALL_EXAMPLES, dataset.numExamples, features);
  }
  return acc;
}

function numericFromAggregates(
  a: NumericAggregates,
  options: ReturnType<typeof resolveStatisticsOptions>,
): NumericAccumulator {
  const n = new NumericAccumulator(options, false);
  n.numNan = a.nan ?? 0;
  n.numZeros = a.zeros;
  if (a.count > 0) {
    n.min = a.min;
    n.max = a.max;
    // Shifted sums around the mean: S1 = 0, S2 = n·variance.
    n.plain.moments = { weight: a.count, shift: a.mean, s1: 0, s2: a.variance * a.count };
  }
  n.plain.posInf = a.posInf ?? 0;
  n.plain.negInf = a.negInf ?? 0;
  for (const [value, weight] of a.samples) n.plain.sketch.add(value, weight);
  if (n.plain.negInf > 0) n.plain.sketch.add(Number.NEGATIVE_INFINITY, n.plain.negInf);
  if (n.plain.posInf > 0) n.plain.sketch.add(Number.POSITIVE_INFINITY, n.plain.posInf);
  return n;
}

function stringsFromAggregates(
  a: StringAggregates,
  options: ReturnType<typeof resolveStatisticsOptions>,
): StringAccumulator {
  const s = new StringAccumulator(options, false);
  for (const [value, count] of a.frequencies) {
    const bytes = encoder.encode(value);
    s.counter.add(bytes, 0, bytes.length, count, 0);
    s.numValues += count;
    s.totalBytes += count * bytes.length;
    if (bytes.length < s.minBytes) s.minBytes = bytes.length;
    if (bytes.length > s.maxBytes) s.maxBytes = bytes.length;
  }
  return s;
}
