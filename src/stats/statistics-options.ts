import { UsageError } from '../_util/errors.js';
import type { Schema } from '../tfmd/types.js';

/** Options of {@link generateStatistics}, named after TFDV's `StatsOptions` (defaults alike). */
export interface StatisticsOptions {
  /** Numeric per-example weight column: enables the weighted statistics. */
  readonly weightFeature?: string;
  /**
   * Slice by these features' values (TFDV's feature-value slicer): one extra dataset per value
   * combination, named `<feature>_<value>` (joined with `_`), besides the unsliced `All Examples`.
   */
  readonly sliceBy?: readonly string[];
  /** Steers type-dependent statistics: categorical INT/FLOAT get string stats, image_domain -> BYTES. */
  readonly schema?: Schema;
  readonly numTopValues?: number;
  readonly numRankHistogramBuckets?: number;
  readonly numHistogramBuckets?: number;
  readonly numQuantilesHistogramBuckets?: number;
  readonly numValuesHistogramBuckets?: number;
  /** Values seen fewer times are left out of top_values and rank_histogram (TFDV default 1). */
  readonly frequencyThreshold?: number;
  readonly weightedFrequencyThreshold?: number;
  /** Quantile sketch error bound, relative to the total weight (TFDV default 0.01). */
  readonly epsilon?: number;
  /** Sample very long unweighted streams in front of the quantile sketch (see QuantileSketch). */
  readonly quantileSampling?: boolean;
  /** Distinct values counted exactly per string feature before switching to sketches. */
  readonly maxExactDistinct?: number;
  /** Only these features (top-level names). */
  readonly featureAllowlist?: readonly string[];
}

/** Options with every default filled in. */
export interface ResolvedStatisticsOptions {
  readonly weightFeature: string | undefined;
  readonly sliceBy: readonly string[];
  readonly schema: Schema | undefined;
  readonly numTopValues: number;
  readonly numRankHistogramBuckets: number;
  readonly numHistogramBuckets: number;
  readonly numQuantilesHistogramBuckets: number;
  readonly numValuesHistogramBuckets: number;
  readonly frequencyThreshold: number;
  readonly weightedFrequencyThreshold: number;
  readonly epsilon: number;
  readonly quantileSampling: boolean;
  readonly maxExactDistinct: number;
  readonly featureAllowlist: readonly string[] | undefined;
}

function positiveInteger(name: string, value: number | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min) {
    throw new UsageError(`statistics option ${name} must be an integer >= ${min}, got ${value}`);
  }
  return value;
}

/** Fills defaults and checks ranges (usage errors name the option). */
export function resolveStatisticsOptions(options: StatisticsOptions = {}): ResolvedStatisticsOptions {
  const epsilon = options.epsilon ?? 0.01;
  if (!(epsilon > 0 && epsilon < 1))
    throw new UsageError(`statistics option epsilon must be in (0, 1), got ${epsilon}`);
  return {
    weightFeature: options.weightFeature,
    sliceBy: options.sliceBy ?? [],
    schema: options.schema,
    numTopValues: positiveInteger('numTopValues', options.numTopValues, 20, 0),
    numRankHistogramBuckets: positiveInteger('numRankHistogramBuckets', options.numRankHistogramBuckets, 1000, 0),
    numHistogramBuckets: positiveInteger('numHistogramBuckets', options.numHistogramBuckets, 10),
    numQuantilesHistogramBuckets: positiveInteger(
      'numQuantilesHistogramBuckets',
      options.numQuantilesHistogramBuckets,
      10,
    ),
    numValuesHistogramBuckets: positiveInteger('numValuesHistogramBuckets', options.numValuesHistogramBuckets, 10, 2),
    frequencyThreshold: options.frequencyThreshold ?? 1,
    weightedFrequencyThreshold: options.weightedFrequencyThreshold ?? 1,
    epsilon,
    quantileSampling: options.quantileSampling ?? true,
    maxExactDistinct: positiveInteger('maxExactDistinct', options.maxExactDistinct, 16384, 2),
    featureAllowlist: options.featureAllowlist,
  };
}
