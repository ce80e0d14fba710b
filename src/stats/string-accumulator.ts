import { TOP_VALUES_COUNT_ERROR } from '../tfmd/custom-stat-names.js';
import type { BytesStatistics, FreqAndValue, RankHistogram, StringStatistics } from '../tfmd/types.js';
import type { FeatureGenerator } from './feature-generator.js';
import { FrequencyCounter, type FrequencyCounterState } from './frequency-counter.js';
import type { ResolvedStatisticsOptions } from './statistics-options.js';

/** Serialised state of a {@link StringAccumulator}. */
export interface StringAccumulatorState {
  numValues: number;
  totalBytes: number;
  invalidUtf8: number;
  minBytes: number | null;
  maxBytes: number | null;
  counter: FrequencyCounterState;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

/** Whether bytes[start, end) is valid UTF-8 (ASCII fast path first). */
function isValidUtf8(bytes: Uint8Array, start: number, end: number): boolean {
  let ascii = true;
  for (let i = start; i < end; i++) {
    if (bytes[i]! >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return true;
  try {
    utf8.decode(bytes.subarray(start, end));
    return true;
  } catch {
    return false;
  }
}

/**
 * String/bytes statistics of a feature's leaf values: value and byte counts, invalid UTF-8, and
 * the value frequencies behind unique / top_values / rank_histogram (TFDV's BasicStats string
 * part plus its top-k/uniques generator).
 */
export class StringAccumulator {
  numValues = 0;
  totalBytes = 0;
  invalidUtf8 = 0;
  minBytes = Number.POSITIVE_INFINITY;
  maxBytes = Number.NEGATIVE_INFINITY;
  counter: FrequencyCounter;

  constructor(
    private readonly options: ResolvedStatisticsOptions,
    readonly weighted = false,
  ) {
    this.counter = new FrequencyCounter(options.maxExactDistinct, options.maxExactBytes);
  }

  /**
   * Adds string values [start, end) of a Utf8/Binary column. `checkUtf8` is false for Utf8 columns,
   * which Arrow guarantees valid.
   */
  addRange(
    bytes: Uint8Array,
    offsets: ArrayLike<number>,
    start: number,
    end: number,
    bitmap: Uint8Array | null,
    bitOffset: number,
    weight: number,
    checkUtf8: boolean,
  ): void {
    const counter = this.counter;
    let n = 0;
    let total = 0;
    let minB = this.minBytes;
    let maxB = this.maxBytes;
    for (let i = start; i < end; i++) {
      if (bitmap !== null) {
        const j = bitOffset + i;
        if ((bitmap[j >> 3]! & (1 << (j & 7))) === 0) continue;
      }
      const s = offsets[i]!;
      const e = offsets[i + 1]!;
      const len = e - s;
      if (checkUtf8 && !isValidUtf8(bytes, s, e)) this.invalidUtf8++;
      counter.add(bytes, s, e, 1, weight);
      n++;
      total += len;
      if (len < minB) minB = len;
      if (len > maxB) maxB = len;
    }
    this.numValues += n;
    this.totalBytes += total;
    this.minBytes = minB;
    this.maxBytes = maxB;
  }

  /**
   * Adds a dictionary-encoded range: counts per dictionary index first (a typed-array
   * increment per cell), then each used dictionary value once with its count.
   */
  addDictionaryRange(
    indices: ArrayLike<number>,
    start: number,
    end: number,
    bitmap: Uint8Array | null,
    bitOffset: number,
    dictBytes: Uint8Array,
    dictOffsets: ArrayLike<number>,
    dictSize: number,
    weight: number,
    checkUtf8: boolean,
  ): void {
    const counts = new Float64Array(dictSize);
    for (let i = start; i < end; i++) {
      if (bitmap !== null) {
        const j = bitOffset + i;
        if ((bitmap[j >> 3]! & (1 << (j & 7))) === 0) continue;
      }
      counts[indices[i]!]!++;
    }
    for (let d = 0; d < dictSize; d++) {
      const c = counts[d]!;
      if (c === 0) continue;
      const s = dictOffsets[d]!;
      const e = dictOffsets[d + 1]!;
      const len = e - s;
      if (checkUtf8 && !isValidUtf8(dictBytes, s, e)) this.invalidUtf8 += c;
      this.counter.add(dictBytes, s, e, c, c * weight);
      this.numValues += c;
      this.totalBytes += c * len;
      if (len < this.minBytes) this.minBytes = len;
      if (len > this.maxBytes) this.maxBytes = len;
    }
  }

  /** Adds one value given as a JS string (categorical numbers: their decimal text). */
  addText(text: string, weight: number): void {
    const bytes = encoder.encode(text);
    this.counter.add(bytes, 0, bytes.length, 1, weight);
    this.numValues++;
    this.totalBytes += bytes.length;
    if (bytes.length < this.minBytes) this.minBytes = bytes.length;
    if (bytes.length > this.maxBytes) this.maxBytes = bytes.length;
  }

  merge(other: StringAccumulator): this {
    this.numValues += other.numValues;
    this.totalBytes += other.totalBytes;
    this.invalidUtf8 += other.invalidUtf8;
    this.minBytes = Math.min(this.minBytes, other.minBytes);
    this.maxBytes = Math.max(this.maxBytes, other.maxBytes);
    this.counter.merge(other.counter);
    return this;
  }

  /** TFDV's StringStatistics (without common stats); `topK` false for features TFDV runs no top-k on. */
  finishString(topK: boolean, weighted: boolean): StringStatistics {
    const out: StringStatistics = {};
    if (topK) {
      out.unique = this.counter.distinct();
      // At least one: an empty list is still written when some value qualifies.
      const limit = Math.max(1, this.options.numTopValues, this.options.numRankHistogramBuckets);
      const ranked = this.ranked(false, limit);
      if (ranked.length > 0) {
        out.topValues = ranked.slice(0, this.options.numTopValues).map(freq);
        out.rankHistogram = rankHistogram(ranked.slice(0, this.options.numRankHistogramBuckets));
      }
      if (weighted) {
        const wranked = this.ranked(true, limit);
        out.weightedStringStats = {
          topValues: wranked.slice(0, this.options.numTopValues).map(freq),
          rankHistogram: rankHistogram(wranked.slice(0, this.options.numRankHistogramBuckets)),
        };
      }
    }
    if (this.numValues > 0) out.avgLength = this.totalBytes / this.numValues;
    if (this.invalidUtf8 > 0) out.invalidUtf8Count = this.invalidUtf8;
    return out;
  }

  /** TFDV's BytesStatistics (without common stats). */
  finishBytes(): BytesStatistics {
    if (this.numValues === 0) return {};
    return {
      avgNumBytes: this.totalBytes / this.numValues,
      minNumBytes: this.minBytes,
      maxNumBytes: this.maxBytes,
      maxNumBytesInt: this.maxBytes,
    };
  }

  /**
   * The first `limit` values by (count desc, bytes desc), at or above the frequency threshold.
   * Once the counter is a sketch, only values counted above its error bound: any value it dropped
   * may have had that count, so a value at or below it could rank anywhere (and the count is a
   * lower bound). Only the values that can make the first `limit` are sorted and decoded (an exact
   * counter may hold millions).
   */
  private ranked(weighted: boolean, limit: number): { label: string; count: number }[] {
    const counter = this.counter;
    const counts = weighted ? counter.weightedCounts : counter.counts;
    const threshold = weighted ? this.options.weightedFrequencyThreshold : this.options.frequencyThreshold;
    const error = counter.exact ? Number.NEGATIVE_INFINITY : weighted ? counter.weightedError : counter.error;
    if (limit <= 0 || counter.size === 0) return [];
    // The limit-th largest count: nothing below it can make the list.
    const sorted = counts.slice(0, counter.size).sort();
    const cutoff = sorted[Math.max(0, counter.size - limit)]!;
    const entries: { e: number; bytes: Uint8Array; count: number }[] = [];
    for (let e = 0; e < counter.size; e++) {
      const count = counts[e]!;
      if (count >= cutoff && count >= threshold && count > error) entries.push({ e, bytes: counter.key(e), count });
    }
    entries.sort((a, b) => b.count - a.count || compareBytes(b.bytes, a.bytes));
    return entries.slice(0, limit).map((x) => ({ label: label(x.bytes), count: x.count }));
  }

  toState(): StringAccumulatorState {
    return {
      numValues: this.numValues,
      totalBytes: this.totalBytes,
      invalidUtf8: this.invalidUtf8,
      minBytes: Number.isFinite(this.minBytes) ? this.minBytes : null,
      maxBytes: Number.isFinite(this.maxBytes) ? this.maxBytes : null,
      counter: this.counter.toState(),
    };
  }

  static fromState(
    state: StringAccumulatorState,
    options: ResolvedStatisticsOptions,
    weighted = false,
  ): StringAccumulator {
    const acc = new StringAccumulator(options, weighted);
    acc.numValues = state.numValues;
    acc.totalBytes = state.totalBytes;
    acc.invalidUtf8 = state.invalidUtf8;
    acc.minBytes = state.minBytes ?? Number.POSITIVE_INFINITY;
    acc.maxBytes = state.maxBytes ?? Number.NEGATIVE_INFINITY;
    acc.counter = FrequencyCounter.fromState(state.counter);
    if (!state.counter.exact && state.counter.error === undefined) {
      // Written before the bound was kept: the Misra-Gries bound of its capacity (each step takes
      // its threshold from more than capacity/2 counts); unknown for weights, so none are listed.
      acc.counter.error = state.numValues / (Math.floor(state.counter.capacity / 2) + 1);
      acc.counter.weightedError = Number.MAX_VALUE;
    }
    return acc;
  }
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** TFDV shows values that are not UTF-8 as this placeholder. */
const BYTES_PLACEHOLDER = '__BYTES_VALUE__';

function label(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return BYTES_PLACEHOLDER;
  }
}

function freq(e: { label: string; count: number }): FreqAndValue {
  return { value: e.label, frequency: e.count };
}

function rankHistogram(ranked: readonly { label: string; count: number }[]): RankHistogram {
  return {
    buckets: ranked.map((e, i) => {
      const bucket: { lowRank?: number; highRank?: number; label: string; sampleCount: number } = {
        label: e.label,
        sampleCount: e.count,
      };
      if (i !== 0) {
        bucket.lowRank = i;
        bucket.highRank = i;
      }
      return bucket;
    }),
  };
}

/** The string and bytes statistics as a feature generator (the `strings` state of a feature's partial state). */
export const stringGenerator: FeatureGenerator<StringAccumulator, StringAccumulatorState> = {
  name: 'strings',
  reads: 'strings',
  init: (context) => new StringAccumulator(context.options, context.weighted),
  addStrings: (acc, bytes, offsets, start, end, bitmap, bitOffset, weight, checkUtf8) =>
    acc.addRange(bytes, offsets, start, end, bitmap, bitOffset, weight, checkUtf8),
  addDictionary: (acc, indices, start, end, bitmap, bitOffset, dictBytes, dictOffsets, dictSize, weight, checkUtf8) =>
    acc.addDictionaryRange(indices, start, end, bitmap, bitOffset, dictBytes, dictOffsets, dictSize, weight, checkUtf8),
  addText: (acc, text, weight) => acc.addText(text, weight),
  merge: (a, b) => a.merge(b),
  finish(acc, { stats, topK }) {
    if (stats.stringStats) {
      Object.assign(stats.stringStats, acc.finishString(topK, acc.weighted));
      if (topK && !acc.counter.exact) {
        // TFDV has no field saying top values are approximate: a custom stat does.
        stats.customStats = [...(stats.customStats ?? []), { name: TOP_VALUES_COUNT_ERROR, num: acc.counter.error }];
      }
    } else if (stats.bytesStats) Object.assign(stats.bytesStats, acc.finishBytes());
  },
  toState: (acc) => acc.toState(),
  fromState: (saved, context) => StringAccumulator.fromState(saved, context.options, context.weighted),
};
