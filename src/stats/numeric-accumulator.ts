import type { NumericStatistics, WeightedNumericStatistics } from '../tfmd/types.js';
import type { FeatureGenerator } from './feature-generator.js';
import { numericHistograms } from './histograms.js';
import { emptyMoments, type Moments, mergeMoments, momentsMean, momentsStdDev } from './moments.js';
import { QuantileSketch, type QuantileSketchState, unitScratch } from './quantile-sketch.js';
import type { ResolvedStatisticsOptions } from './statistics-options.js';
import { copyValidityBits } from './validity-bits.js';

/** Unweighted or weighted half of the numeric accumulator. */
interface NumericPart {
  moments: Moments;
  /** Weight of the ±inf values (kept out of the moments, they decide the mean's sign or NaN). */
  negInf: number;
  posInf: number;
  sketch: QuantileSketch;
}

/** Serialised state of a {@link NumericAccumulator}. */
export interface NumericAccumulatorState {
  numNan: number;
  numZeros: number;
  min: number | null;
  max: number | null;
  parts: { moments: Moments; negInf: number; posInf: number; sketch: QuantileSketchState }[];
}

function newPart(options: ResolvedStatisticsOptions, weighted: boolean): NumericPart {
  return {
    moments: emptyMoments(),
    negInf: 0,
    posInf: 0,
    sketch: new QuantileSketch(options.epsilon, !weighted && options.quantileSampling),
  };
}

/**
 * Ranges of up to this many values (the readers' batches are 32,768 rows) are copied into arrays
 * of their own before they are scanned ({@link rangeScanner}); longer ranges are read where they are.
 */
const RANGE_CAPACITY = 1 << 17;

/** Typed arrays whose elements are numbers (copied into a Float64Array exactly). */
type NumberArray = Exclude<ArrayBufferView, DataView | BigInt64Array | BigUint64Array> &
  ArrayLike<number> & {
    subarray(start: number, end: number): ArrayLike<number>;
  };

function isNumberArray(values: ArrayLike<number>): values is NumberArray {
  return (
    ArrayBuffer.isView(values) &&
    !(values instanceof DataView) &&
    !(values instanceof BigInt64Array) &&
    !(values instanceof BigUint64Array)
  );
}

/** Scans a copied range; see {@link createRangeScanner}. */
const rangeScanner = createRangeScanner();

/**
 * The scanner's arrays are `const` bindings of a function run once, and the loop reads only
 * them: Node 20's optimising compiler makes such a loop several times faster than the same loop
 * over arrays passed as arguments (sort-float64.ts explains why it is a closure). The copy in is
 * a memcpy.
 */
function createRangeScanner() {
  // Allocated zeroed and untouched: pages are only committed as far as ranges reach.
  const rangeValues = new Float64Array(RANGE_CAPACITY);
  const rangeBits = new Uint8Array((RANGE_CAPACITY >> 3) + 2);
  /** The values of the last scanned range that go to the quantile sketch (finite and infinite, not NaN). */
  const kept = new Float64Array(RANGE_CAPACITY);
  /** What the last scan summed: s1, s2, count, zeros, min, max. */
  const sums = new Float64Array(6);

  /**
   * Copies values[start, end) (at most {@link RANGE_CAPACITY}) and their validity bits (all
   * valid when `bitmap` is null) and scans them: the finite values' shifted sums, count, zeros,
   * min and max go into `sums`, the sketch's values into `kept`, whose length it returns. Same
   * order of operations as the loop of {@link NumericAccumulator.addRange} over the original
   * arrays, so the sums are the same bit for bit.
   */
  function scan(
    acc: NumericAccumulator,
    values: NumberArray,
    start: number,
    end: number,
    bitmap: Uint8Array | null,
    bitOffset: number,
    shift: number,
  ): number {
    rangeValues.set(values.subarray(start, end));
    const firstBit = copyValidityBits(rangeBits, bitmap, bitOffset, start, end);
    return scanCopied(acc, end - start, firstBit, shift, acc.min, acc.max);
  }

  function scanCopied(
    acc: NumericAccumulator,
    n: number,
    firstBit: number,
    shift: number,
    min: number,
    max: number,
  ): number {
    // Numbers as the loop sees them: a parameter is a tagged value to the optimising compiler, and
    // a tagged shift, min or max made it box a heap number for every value (16 bytes each, ~150 MB
    // of garbage per million rows of 15 features, and several times slower; docs/statistics.md).
    const from = +shift;
    let lo = +min;
    let hi = +max;
    let s1 = 0;
    let s2 = 0;
    let count = 0;
    let zeros = 0;
    let k = 0;
    for (let i = 0; i < n; i++) {
      if (firstBit >= 0) {
        const j = firstBit + i;
        if ((rangeBits[j >> 3]! & (1 << (j & 7))) === 0) continue;
      }
      const v = rangeValues[i]!;
      if (v - v !== 0) {
        if (acc.special(v)) kept[k++] = v;
        continue;
      }
      kept[k++] = v;
      const d = v - from;
      s1 += d;
      s2 += d * d;
      count++;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      if (v === 0) zeros++;
    }
    sums[0] = s1;
    sums[1] = s2;
    sums[2] = count;
    sums[3] = zeros;
    sums[4] = lo;
    sums[5] = hi;
    return k;
  }

  return { kept, sums, scan };
}

/**
 * Numeric statistics of a feature's leaf values: moments, zeros, NaN and infinity counts, finite
 * min/max and a quantile sketch (plus the weighted twins when a weight feature is set).
 * Kernels take a typed array and a value range, never per-row objects.
 */
export class NumericAccumulator {
  numNan = 0;
  numZeros = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  readonly plain: NumericPart;
  readonly weighted: NumericPart | null;

  constructor(
    private readonly options: ResolvedStatisticsOptions,
    weighted: boolean,
  ) {
    this.plain = newPart(options, false);
    this.weighted = weighted ? newPart(options, true) : null;
  }

  /**
   * Adds values [start, end) of a number array (`bitmap` null when all are valid); `weight` is
   * the example weight of the range when weighted.
   */
  addRange(
    values: ArrayLike<number>,
    start: number,
    end: number,
    bitmap: Uint8Array | null,
    bitOffset: number,
    weight: number,
  ): void {
    const part = this.plain;
    const m = part.moments;
    let shift = m.shift;
    if (Number.isNaN(shift)) {
      for (let i = start; i < end; i++) {
        const v = values[i]!;
        if (v - v === 0 && (bitmap === null || (bitmap[(bitOffset + i) >> 3]! & (1 << ((bitOffset + i) & 7))) !== 0)) {
          shift = v;
          m.shift = v;
          break;
        }
      }
    }
    if (end - start <= RANGE_CAPACITY && isNumberArray(values)) {
      this.addOwnRange(values, start, end, bitmap, bitOffset, shift);
    } else {
      this.addAnyRange(values, start, end, bitmap, bitOffset, shift);
    }
    if (this.weighted !== null && weight > 0) this.addWeighted(values, start, end, bitmap, bitOffset, weight);
  }

  /** {@link addRange} of a typed array range that fits the {@link rangeScanner}'s arrays. */
  private addOwnRange(
    values: NumberArray,
    start: number,
    end: number,
    bitmap: Uint8Array | null,
    bitOffset: number,
    shift: number,
  ): void {
    const k = rangeScanner.scan(this, values, start, end, bitmap, bitOffset, shift);
    this.plain.sketch.addUnitValues(rangeScanner.kept, k);
    const sums = rangeScanner.sums;
    const m = this.plain.moments;
    m.s1 += sums[0]!;
    m.s2 += sums[1]!;
    m.weight += sums[2]!;
    this.numZeros += sums[3]!;
    this.min = sums[4]!;
    this.max = sums[5]!;
  }

  /** {@link addRange} of any other range, read where it is. */
  private addAnyRange(
    values: ArrayLike<number>,
    start: number,
    end: number,
    bitmap: Uint8Array | null,
    bitOffset: number,
    shift: number,
  ): void {
    const part = this.plain;
    const m = part.moments;
    let s1 = 0;
    let s2 = 0;
    let n = 0;
    let zeros = 0;
    let min = this.min;
    let max = this.max;
    // Values for the quantile sketch (finite and infinite, not NaN), handed over in bulk.
    const kept = unitScratch(end - start);
    let k = 0;
    if (bitmap === null) {
      for (let i = start; i < end; i++) {
        const v = values[i]!;
        if (v - v !== 0) {
          if (this.special(v)) kept[k++] = v;
          continue;
        }
        kept[k++] = v;
        const d = v - shift;
        s1 += d;
        s2 += d * d;
        n++;
        if (v < min) min = v;
        if (v > max) max = v;
        if (v === 0) zeros++;
      }
    } else {
      for (let i = start; i < end; i++) {
        const j = bitOffset + i;
        if ((bitmap[j >> 3]! & (1 << (j & 7))) === 0) continue;
        const v = values[i]!;
        if (v - v !== 0) {
          if (this.special(v)) kept[k++] = v;
          continue;
        }
        kept[k++] = v;
        const d = v - shift;
        s1 += d;
        s2 += d * d;
        n++;
        if (v < min) min = v;
        if (v > max) max = v;
        if (v === 0) zeros++;
      }
    }
    part.sketch.addUnitValues(kept, k);
    m.s1 += s1;
    m.s2 += s2;
    m.weight += n;
    this.numZeros += zeros;
    this.min = min;
    this.max = max;
  }

  private addWeighted(
    values: ArrayLike<number>,
    start: number,
    end: number,
    bitmap: Uint8Array | null,
    bitOffset: number,
    weight: number,
  ): void {
    const part = this.weighted!;
    const m = part.moments;
    for (let i = start; i < end; i++) {
      const j = bitOffset + i;
      if (bitmap !== null && (bitmap[j >> 3]! & (1 << (j & 7))) === 0) continue;
      const v = values[i]!;
      if (Number.isNaN(v)) continue;
      if (v === Number.POSITIVE_INFINITY) part.posInf += weight;
      else if (v === Number.NEGATIVE_INFINITY) part.negInf += weight;
      else {
        if (Number.isNaN(m.shift)) m.shift = v;
        const d = v - m.shift;
        m.s1 += weight * d;
        m.s2 += weight * d * d;
        m.weight += weight;
      }
      part.sketch.add(v, weight);
    }
  }

  /**
   * NaN and ±inf: counted; true for infinities, which also go to the sketch (they are values).
   * Not private: the {@link rangeScanner} calls it.
   */
  special(v: number): boolean {
    if (Number.isNaN(v)) {
      this.numNan++;
      return false;
    }
    if (v > 0) this.plain.posInf++;
    else this.plain.negInf++;
    return true;
  }

  /** Folds `other` in (left unchanged). */
  merge(other: NumericAccumulator): this {
    this.numNan += other.numNan;
    this.numZeros += other.numZeros;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
    mergePart(this.plain, other.plain);
    if (this.weighted !== null && other.weighted !== null) mergePart(this.weighted, other.weighted);
    return this;
  }

  /** Whether any non-null value (NaN included) was seen. */
  hasValues(): boolean {
    return this.numNan > 0 || this.plain.moments.weight > 0 || this.plain.negInf > 0 || this.plain.posInf > 0;
  }

  /** TFDV's NumericStatistics (without common stats). */
  finish(): NumericStatistics {
    const out: NumericStatistics = {};
    if (!this.hasValues()) return out;
    const o = this.options;
    const plain = this.plain;
    const nonNan = plain.moments.weight + plain.negInf + plain.posInf;
    if (nonNan === 0) {
      out.histograms = [{ numNan: this.numNan }, { numNan: this.numNan, type: 'QUANTILES' }];
      return out;
    }
    out.mean = partMean(plain);
    out.stdDev = partStdDev(plain);
    out.numZeros = this.numZeros;
    out.min = plain.negInf > 0 ? Number.NEGATIVE_INFINITY : this.min;
    out.max = plain.posInf > 0 ? Number.POSITIVE_INFINITY : this.max;
    const h = plain.sketch.withSummary((summary) =>
      numericHistograms(summary, o.numHistogramBuckets, o.numQuantilesHistogramBuckets, {
        finiteMin: this.min,
        finiteMax: this.max,
        negInfWeight: plain.negInf,
        posInfWeight: plain.posInf,
        numNan: this.numNan,
      }),
    );
    out.median = h.median;
    out.histograms = [h.standard, h.quantiles];
    if (this.weighted !== null) {
      const w = this.weighted;
      const weighted: WeightedNumericStatistics = { mean: partMean(w), stdDev: partStdDev(w) };
      const wh = w.sketch.withSummary((summary) =>
        summary.size === 0
          ? undefined
          : numericHistograms(summary, o.numHistogramBuckets, o.numQuantilesHistogramBuckets, {
              finiteMin: this.min,
              finiteMax: this.max,
              negInfWeight: w.negInf,
              posInfWeight: w.posInf,
              numNan: this.numNan,
            }),
      );
      if (wh !== undefined) {
        weighted.median = wh.median;
        weighted.histograms = [wh.standard, wh.quantiles];
      }
      out.weightedNumericStats = weighted;
    }
    return out;
  }

  toState(): NumericAccumulatorState {
    const parts = [this.plain, ...(this.weighted ? [this.weighted] : [])];
    return {
      numNan: this.numNan,
      numZeros: this.numZeros,
      min: Number.isFinite(this.min) ? this.min : null,
      max: Number.isFinite(this.max) ? this.max : null,
      parts: parts.map((p) => ({
        moments: { ...p.moments },
        negInf: p.negInf,
        posInf: p.posInf,
        sketch: p.sketch.toState(),
      })),
    };
  }

  static fromState(state: NumericAccumulatorState, options: ResolvedStatisticsOptions): NumericAccumulator {
    const acc = new NumericAccumulator(options, state.parts.length > 1);
    acc.numNan = state.numNan;
    acc.numZeros = state.numZeros;
    acc.min = state.min ?? Number.POSITIVE_INFINITY;
    acc.max = state.max ?? Number.NEGATIVE_INFINITY;
    const targets = [acc.plain, ...(acc.weighted ? [acc.weighted] : [])];
    state.parts.forEach((p, i) => {
      const t = targets[i]!;
      t.moments = { ...p.moments, shift: p.moments.shift ?? Number.NaN };
      t.negInf = p.negInf;
      t.posInf = p.posInf;
      t.sketch = QuantileSketch.fromState(p.sketch);
    });
    return acc;
  }
}

function mergePart(a: NumericPart, b: NumericPart): void {
  mergeMoments(a.moments, b.moments);
  a.negInf += b.negInf;
  a.posInf += b.posInf;
  a.sketch.merge(b.sketch);
}

function partMean(p: NumericPart): number {
  if (p.posInf > 0 && p.negInf > 0) return Number.NaN;
  if (p.posInf > 0) return Number.POSITIVE_INFINITY;
  if (p.negInf > 0) return Number.NEGATIVE_INFINITY;
  return momentsMean(p.moments);
}

function partStdDev(p: NumericPart): number {
  if (p.posInf > 0 || p.negInf > 0) return 0;
  return momentsStdDev(p.moments);
}

/** The numeric statistics as a feature generator (the `numeric` state of a feature's partial state). */
export const numericGenerator: FeatureGenerator<NumericAccumulator, NumericAccumulatorState> = {
  name: 'numeric',
  reads: 'numbers',
  init: (context) => new NumericAccumulator(context.options, context.weighted),
  addNumbers: (acc, values, start, end, bitmap, bitOffset, weight) =>
    acc.addRange(values, start, end, bitmap, bitOffset, weight),
  merge: (a, b) => a.merge(b),
  finish(acc, { stats }) {
    if (stats.numStats) Object.assign(stats.numStats, acc.finish());
  },
  toState: (acc) => acc.toState(),
  fromState: (saved, context) => NumericAccumulator.fromState(saved, context.options),
};
