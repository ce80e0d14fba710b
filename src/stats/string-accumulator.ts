import { TOP_VALUES_COUNT_ERROR } from '../tfmd/custom-stat-names.js';
import type { BytesStatistics, FreqAndValue, RankHistogram, StringStatistics } from '../tfmd/types.js';
import type { FeatureGenerator } from './feature-generator.js';
import { BYTES_PER_ENTRY, FrequencyCounter, type FrequencyCounterState } from './frequency-counter.js';
import type { ResolvedStatisticsOptions } from './statistics-options.js';
import { copyValidityBits } from './validity-bits.js';

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

/** Ranges of up to this many rows and bytes are grouped by value before they are counted. */
const GROUP_ROWS = 1 << 16;
const GROUP_BYTES = 1 << 20;
/** A range with more distinct values than this is counted value by value. */
const GROUP_MAX_DISTINCT = 2048;
/** Slots of the grouping hash table: a power of two, at least twice {@link GROUP_MAX_DISTINCT}. */
const GROUP_SLOTS = 8192;

/** Groups a string range by value; see {@link createRangeGrouper}. */
const rangeGrouper = createRangeGrouper();

/**
 * The range is copied (bytes, offsets, validity bits) into arrays bound with `const` in this
 * function, run once, and grouped there: Node 20's optimising compiler makes loops over such
 * arrays several times faster than over arrays passed as arguments or held in fields
 * (sort-float64.ts explains the closure), and categorical columns (the common case) then reach
 * the frequency counter's hash table once per distinct value and range instead of once per value.
 */
function createRangeGrouper() {
  // Allocated zeroed and untouched: pages are only committed as far as ranges reach.
  const rangeBytes = new Uint8Array(GROUP_BYTES + 8);
  const rangeOffsets = new Int32Array(GROUP_ROWS + 1);
  const rangeBits = new Uint8Array((GROUP_ROWS >> 3) + 2);
  /** Per slot: entry index + 1, 0 when free. */
  const slots = new Int32Array(GROUP_SLOTS);
  const slotOf = new Int32Array(GROUP_MAX_DISTINCT);
  /** Per distinct value, in order of first occurrence: its first occurrence (start, relative to the range's first byte), length and count. */
  const starts = new Int32Array(GROUP_MAX_DISTINCT);
  const lengths = new Int32Array(GROUP_MAX_DISTINCT);
  const word0 = new Int32Array(GROUP_MAX_DISTINCT);
  const word1 = new Int32Array(GROUP_MAX_DISTINCT);
  const counts = new Float64Array(GROUP_MAX_DISTINCT);
  /** Of the valid values: their number, total bytes, shortest and longest length. */
  const sums = new Float64Array(4);

  /** Per number of bytes left (0 to 4): the mask of a word's bytes that belong to the value. */
  const wordMasks = Int32Array.of(0, 0xff, 0xffff, 0xffffff, -1);

  /**
   * The little-endian word of rangeBytes[k, k + 4), zero-padded past `end`: four bytes read and
   * masked, without a branch on the length (categorical values of mixed lengths mispredicted it).
   * The array has 8 bytes to spare past the range.
   */
  function wordAt(k: number, end: number): number {
    const left = Math.min(Math.max(end - k, 0), 4);
    const w = rangeBytes[k]! | (rangeBytes[k + 1]! << 8) | (rangeBytes[k + 2]! << 16) | (rangeBytes[k + 3]! << 24);
    return w & wordMasks[left]!;
  }

  /** Whether rangeBytes[a + 8, a + len) equals rangeBytes[b + 8, b + len). */
  function sameTail(a: number, b: number, len: number): boolean {
    for (let k = 8; k < len; k++) if (rangeBytes[a + k] !== rangeBytes[b + k]) return false;
    return true;
  }

  /**
   * Groups the valid values of bytes/offsets[start, end) (at most {@link GROUP_ROWS} rows and
   * {@link GROUP_BYTES} bytes) by their bytes; returns the number of distinct values, or -1 when
   * there are more than {@link GROUP_MAX_DISTINCT}.
   */
  function group(
    bytes: Uint8Array,
    offsets: Int32Array,
    start: number,
    end: number,
    bitmap: Uint8Array | null,
    bitOffset: number,
  ): number {
    const first = offsets[start]!;
    rangeBytes.set(bytes.subarray(first, offsets[end]!));
    rangeOffsets.set(offsets.subarray(start, end + 1));
    const firstBit = copyValidityBits(rangeBits, bitmap, bitOffset, start, end);
    const distinct = groupCopied(end - start, first, firstBit);
    // Free the slots used, for the next range (all of them when it gave up).
    const used = distinct < 0 ? GROUP_MAX_DISTINCT : distinct;
    for (let e = 0; e < used; e++) slots[slotOf[e]!] = 0;
    return distinct;
  }

  function groupCopied(n: number, first: number, firstBit: number): number {
    let distinct = 0;
    let values = 0;
    let total = 0;
    let shortest = Number.POSITIVE_INFINITY;
    let longest = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      if (firstBit >= 0) {
        const j = firstBit + i;
        if ((rangeBits[j >> 3]! & (1 << (j & 7))) === 0) continue;
      }
      const s = rangeOffsets[i]! - first;
      const e = rangeOffsets[i + 1]! - first;
      const len = e - s;
      values++;
      total += len;
      if (len < shortest) shortest = len;
      if (len > longest) longest = len;
      const w0 = wordAt(s, e);
      const w1 = wordAt(s + 4, e);
      let h = Math.imul(len ^ w0, 0x9e3779b1);
      h = Math.imul(h ^ (h >>> 15) ^ w1, 0x85ebca6b);
      for (let k = s + 8; k < e; k += 4) h = Math.imul(h ^ (h >>> 13) ^ wordAt(k, e), 0xc2b2ae35);
      h ^= h >>> 16;
      let slot = h & (GROUP_SLOTS - 1);
      for (;;) {
        const entry = slots[slot]! - 1;
        if (entry < 0) {
          if (distinct === GROUP_MAX_DISTINCT) return -1;
          slots[slot] = distinct + 1;
          slotOf[distinct] = slot;
          starts[distinct] = s;
          lengths[distinct] = len;
          word0[distinct] = w0;
          word1[distinct] = w1;
          counts[distinct] = 1;
          distinct++;
          break;
        }
        if (
          lengths[entry] === len &&
          word0[entry] === w0 &&
          word1[entry] === w1 &&
          (len <= 8 || sameTail(starts[entry]!, s, len))
        ) {
          counts[entry]!++;
          break;
        }
        slot = (slot + 1) & (GROUP_SLOTS - 1);
      }
    }
    sums[0] = values;
    sums[1] = total;
    sums[2] = shortest;
    sums[3] = longest;
    return distinct;
  }

  return { starts, lengths, counts, sums, group };
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
  /** Whether {@link addRange} still groups ranges (false once a range had too many distinct values). */
  private groupRanges = true;

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
    if (this.groupRanges && weight === 0 && this.addGrouped(bytes, offsets, start, end, bitmap, bitOffset, checkUtf8)) {
      return;
    }
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
   * The unweighted, exact case of {@link addRange}, value by value the same: the range's distinct
   * values are counted first ({@link rangeGrouper}), then each goes to the counter once with its
   * count, in order of first occurrence. While the counter is exact and cannot stop being exact
   * within the range (even were every value new), this leaves it in the same state: the same
   * entries, in the same order, with the same integer counts (the weighted counts, 0 + 0, too).
   * Returns false, having counted nothing, when that does not hold or the range has too many
   * distinct values (then ranges of this feature are no longer grouped).
   */
  private addGrouped(
    bytes: Uint8Array,
    offsets: ArrayLike<number>,
    start: number,
    end: number,
    bitmap: Uint8Array | null,
    bitOffset: number,
    checkUtf8: boolean,
  ): boolean {
    const counter = this.counter;
    if (!(offsets instanceof Int32Array) || !counter.exact) return false;
    const rows = end - start;
    const first = offsets[start]!;
    const rangeBytes = offsets[end]! - first;
    if (rows > GROUP_ROWS || rangeBytes > GROUP_BYTES) return false;
    if (counter.size + rows > counter.capacity) return false;
    if (counter.keyBytes() + rangeBytes + (counter.size + rows) * BYTES_PER_ENTRY > counter.maxBytes) return false;
    const distinct = rangeGrouper.group(bytes, offsets, start, end, bitmap, bitOffset);
    if (distinct < 0) {
      this.groupRanges = false;
      return false;
    }
    const g = rangeGrouper;
    for (let e = 0; e < distinct; e++) {
      const s = first + g.starts[e]!;
      const len = g.lengths[e]!;
      const c = g.counts[e]!;
      if (checkUtf8 && !isValidUtf8(bytes, s, s + len)) this.invalidUtf8 += c;
      counter.add(bytes, s, s + len, c, 0);
    }
    const sums = g.sums;
    this.numValues += sums[0]!;
    this.totalBytes += sums[1]!;
    if (sums[0]! > 0) {
      this.minBytes = Math.min(this.minBytes, sums[2]!);
      this.maxBytes = Math.max(this.maxBytes, sums[3]!);
    }
    return true;
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
