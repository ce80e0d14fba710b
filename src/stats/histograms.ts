import type { Histogram, HistogramBucket } from '../tfmd/types.js';
import { type QuantileBoundaries, type QuantileSummary, quantileBoundaries } from './quantile-sketch.js';

/** TFDV extracts fine quantiles with this many sub-buckets per output bucket (docs/statistics.md). */
const QUANTILE_REFINEMENT = 100;

interface Bucket {
  low: number;
  high: number;
  count: number;
}

/**
 * Buckets between consecutive quantile boundaries, with TFDV's two redistribution rules: the
 * weight at the first boundary (the minimum's mass) is spread over the leading run of buckets
 * identical to the first one, and consecutive buckets with the same upper bound share their total
 * equally (so a heavy value is not all charged to the bucket that happens to end at it).
 */
function bucketsFromBoundaries(b: QuantileBoundaries): Bucket[] {
  const { values, cumulativeWeights } = b;
  const n = values.length - 1;
  const buckets: Bucket[] = [];
  for (let i = 0; i < n; i++) {
    buckets.push({ low: values[i]!, high: values[i + 1]!, count: cumulativeWeights[i + 1]! - cumulativeWeights[i]! });
  }
  if (n <= 0) return buckets;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && Object.is(buckets[end]!.high, buckets[start]!.high)) end++;
    if (end - start > 1) {
      let total = 0;
      for (let i = start; i < end; i++) total += buckets[i]!.count;
      for (let i = start; i < end; i++) buckets[i]!.count = total / (end - start);
    }
    start = end;
  }
  const first = buckets[0]!;
  let run = 1;
  while (run < n && buckets[run]!.low === first.low && buckets[run]!.high === first.high) run++;
  const minMass = cumulativeWeights[0]!;
  for (let i = 0; i < run; i++) buckets[i]!.count += minMass / run;
  return buckets;
}

function toProtoBuckets(buckets: readonly Bucket[]): HistogramBucket[] {
  return buckets.map((b) => {
    const out: HistogramBucket = {};
    if (b.low !== 0) out.lowValue = b.low;
    if (b.high !== 0) out.highValue = b.high;
    if (b.count !== 0) out.sampleCount = b.count;
    return out;
  });
}

/** A QUANTILES histogram (`numBuckets` equal-mass buckets) from a summary. */
export function quantilesHistogram(summary: QuantileSummary, numBuckets: number, numNan = 0): Histogram {
  const h: Histogram = {};
  if (numNan > 0) h.numNan = numNan;
  if (summary.size > 0) h.buckets = toProtoBuckets(bucketsFromBoundaries(quantileBoundaries(summary, numBuckets)));
  h.type = 'QUANTILES';
  return h;
}

/** What the numeric generator knows besides the sketch, to build the STANDARD histogram. */
export interface StandardHistogramInput {
  readonly finiteMin: number;
  readonly finiteMax: number;
  readonly negInfWeight: number;
  readonly posInfWeight: number;
  readonly numNan: number;
}

/**
 * The STANDARD histogram: `numBuckets` equal-width buckets between the finite min and max, filled
 * from fine quantile buckets assuming uniform mass inside each; -inf and +inf get point buckets
 * of their own at either end.
 */
export function standardHistogram(
  fine: readonly Bucket[],
  numBuckets: number,
  input: StandardHistogramInput,
  totalWeight: number,
): Histogram {
  const h: Histogram = {};
  if (input.numNan > 0) h.numNan = input.numNan;
  if (fine.length === 0) return h;
  const { finiteMin: min, finiteMax: max } = input;
  const finiteWeight = totalWeight - input.negInfWeight - input.posInfWeight;
  const out: Bucket[] = [];
  if (input.negInfWeight > 0) out.push({ low: -Infinity, high: -Infinity, count: input.negInfWeight });
  if (!(min <= max)) {
    // No finite value at all: one bucket spanning the (empty) finite range holds everything.
    h.buckets = toProtoBuckets([{ low: min, high: max, count: totalWeight }]);
    return h;
  }
  if (min === max) {
    out.push({ low: min, high: max, count: finiteWeight });
  } else {
    const width = (max - min) / numBuckets;
    const counts = new Float64Array(numBuckets);
    const bucketOf = (x: number): number => {
      if (x <= min) return 0;
      // Buckets include their upper bound.
      const k = Math.ceil((x - min) / width) - 1;
      return Math.min(Math.max(k, 0), numBuckets - 1);
    };
    for (const b of fine) {
      if (b.count === 0) continue;
      if (b.high === Infinity || b.high === -Infinity) continue;
      if (b.low === -Infinity || b.low === b.high) {
        counts[bucketOf(b.high)]! += b.count;
        continue;
      }
      const span = b.high - b.low;
      const first = bucketOf(b.low);
      const last = bucketOf(b.high);
      for (let k = first; k <= last; k++) {
        const lo = Math.max(b.low, min + k * width);
        const hi = Math.min(b.high, k === numBuckets - 1 ? max : min + (k + 1) * width);
        if (hi > lo) counts[k]! += (b.count * (hi - lo)) / span;
      }
    }
    for (let k = 0; k < numBuckets; k++) {
      out.push({
        low: k === 0 ? min : min + k * width,
        high: k === numBuckets - 1 ? max : min + (k + 1) * width,
        count: counts[k]!,
      });
    }
  }
  if (input.posInfWeight > 0) out.push({ low: Infinity, high: Infinity, count: input.posInfWeight });
  h.buckets = toProtoBuckets(out);
  return h;
}

/** Median and both numeric histograms from one fine extraction, as TFDV derives them. */
export function numericHistograms(
  summary: QuantileSummary,
  numHistogramBuckets: number,
  numQuantilesBuckets: number,
  input: StandardHistogramInput,
): { median: number; standard: Histogram; quantiles: Histogram } {
  const fineCount = QUANTILE_REFINEMENT * numQuantilesBuckets;
  const bounds = quantileBoundaries(summary, fineCount);
  const fine = bucketsFromBoundaries(bounds);
  const mid = fineCount / 2;
  const median =
    fineCount % 2 === 0 ? bounds.values[mid]! : (bounds.values[Math.floor(mid)]! + bounds.values[Math.ceil(mid)]!) / 2;
  const coarseValues = new Float64Array(numQuantilesBuckets + 1);
  const coarseWeights = new Float64Array(numQuantilesBuckets + 1);
  for (let i = 0; i <= numQuantilesBuckets; i++) {
    coarseValues[i] = bounds.values[i * QUANTILE_REFINEMENT]!;
    coarseWeights[i] = bounds.cumulativeWeights[i * QUANTILE_REFINEMENT]!;
  }
  const quantiles: Histogram = {};
  if (input.numNan > 0) quantiles.numNan = input.numNan;
  quantiles.buckets = toProtoBuckets(bucketsFromBoundaries({ values: coarseValues, cumulativeWeights: coarseWeights }));
  quantiles.type = 'QUANTILES';
  const total = summary.maxRank[summary.size - 1]!;
  const standard = standardHistogram(fine, numHistogramBuckets, input, total);
  return { median, standard, quantiles };
}
