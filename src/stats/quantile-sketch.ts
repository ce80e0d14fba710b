import { ARENA_CAPACITY, arenaSort, sortFloat64 } from './sort-float64.js';

/**
 * A mergeable weighted quantile sketch: the multi-level weighted quantile summary TFDV uses
 * (tfx_bsl `QuantilesSketch`, from the TF Boosted Trees lineage; see docs/statistics.md), restated.
 *
 * Values go into a buffer; a full buffer is sorted into a summary (distinct values with weight,
 * min rank and max rank) that is compressed to `blockSize` entries and merged up a ladder of
 * levels, one summary per level. While fewer than `blockSize` distinct values were seen the
 * summary is exact, which is what makes small inputs reproduce TFDV's numbers to the digit.
 * Beyond that the rank error stays within `epsilon` of the total weight and memory grows with
 * log(n / blockSize) levels of at most `blockSize + 1` entries.
 *
 * For large unweighted streams a sampler sits in front (`sampling`): once the stream is long
 * enough, one value per group of 2^h consecutive values goes in, with weight 2^h. The added rank
 * error has a standard deviation of sqrt(n·2^h)/2, and h is kept so that this stays at or below
 * `SAMPLER_RELATIVE_STD` of n; in exchange only n / 2^h values are sorted.
 */

/** Compressed summary entries as parallel arrays (struct of arrays, no per-entry objects). */
export interface QuantileSummary {
  value: Float64Array;
  weight: Float64Array;
  minRank: Float64Array;
  maxRank: Float64Array;
  size: number;
}

/** The quantile boundaries of a summary: `n + 1` values and the cumulative weight at each. */
export interface QuantileBoundaries {
  readonly values: Float64Array;
  readonly cumulativeWeights: Float64Array;
}

/** Serialised state of a {@link QuantileSketch}. */
export interface QuantileSketchState {
  readonly epsilon: number;
  readonly sampling: boolean;
  readonly count: number;
  readonly samplerLevel: number;
  readonly group: number[];
  readonly groupWeights: number[];
  readonly buffer: number[];
  readonly bufferWeights: number[];
  readonly levels: { value: number[]; weight: number[]; minRank: number[]; maxRank: number[] }[];
}

/** Sampler rank-error budget: std of the sampling error as a fraction of n. */
const SAMPLER_RELATIVE_STD = 0.001;
/** Streams shorter than this are never sampled. */
const SAMPLER_MIN_COUNT = 1 << 18;
/**
 * The buffer holds this many blocks before it is sorted and summarised: fewer, larger flushes
 * cost less ladder merging per value (docs/benchmarks.md, Statistics). Inputs with at most
 * `blockSize` distinct values stay exact whatever the buffer size.
 */
const BUFFER_BLOCKS = 8;
/**
 * Bulk runs are summarised in place in flushes of up to this many blocks (192,032 values at
 * epsilon 0.01): larger flushes mean fewer ladder merges, and the memory is the caller's scratch
 * plus the shared sort and summary scratch, not a buffer per feature.
 */
const DIRECT_FLUSH_BLOCKS = 32;
const MAX_ELEMENTS = 2 ** 32;
/**
 * From this many buffered values {@link QuantileSketch.summary} sorts the buffer without its
 * weights; smaller ones are pooled with the group and sorted as pairs, as they always were (a
 * stable sort there keeps equal values such as -0 and +0 in input order).
 */
const SPLIT_PENDING_FROM = 1024;

let unitValues = new Float64Array(0);

/** A shared scratch array of at least `n` values (single-threaded, used within one call). */
export function unitScratch(n: number): Float64Array {
  if (unitValues.length < n) unitValues = new Float64Array(Math.max(n, 2 * unitValues.length));
  return unitValues;
}

function emptySummary(): QuantileSummary {
  const none = new Float64Array(0);
  return { value: none, weight: none, minRank: none, maxRank: none, size: 0 };
}

function allocSummary(capacity: number): QuantileSummary {
  return {
    value: new Float64Array(capacity),
    weight: new Float64Array(capacity),
    minRank: new Float64Array(capacity),
    maxRank: new Float64Array(capacity),
    size: 0,
  };
}

/** Block size of the summary ladder for an error bound (TFDV splits epsilon three ways). */
function quantileBlockSize(epsilon: number): number {
  const eps = epsilon / 3;
  for (let level = 1; level < 64; level++) {
    const block = Math.ceil(level / eps) + 1;
    if (2 ** level * block >= MAX_ELEMENTS) return block;
  }
  return Math.ceil(64 / eps) + 1;
}

/** A right-sized copy of `s`. */
function copySummary(s: QuantileSummary): QuantileSummary {
  return storeSummary(s, allocSummary(s.size), s.size);
}

/** Merges two summaries into `out` (capacity at least a.size + b.size; neither a nor b): the GK merge, where ranks of one side shift by the other's rank bounds. */
function mergeInto(a: QuantileSummary, b: QuantileSummary, out: QuantileSummary): QuantileSummary {
  out.size = mergeEntries(a, b, out);
  return out;
}

/**
 * The merge loop of {@link mergeInto}, returning the number of entries written. One loop to the
 * end of both sides, with nothing after it: V8 optimises a long loop on stack, and code after
 * the loop that has not run yet deoptimised that code again on every merge.
 */
function mergeEntries(a: QuantileSummary, b: QuantileSummary, out: QuantileSummary): number {
  let i = 0;
  let j = 0;
  let k = 0;
  let nextMinA = 0;
  let nextMinB = 0;
  const { value: av, weight: aw, minRank: amin, maxRank: amax } = a;
  const { value: bv, weight: bw, minRank: bmin, maxRank: bmax } = b;
  const { value: ov, weight: ow, minRank: omin, maxRank: omax } = out;
  const an = a.size;
  const bn = b.size;
  const totalA = an === 0 ? 0 : amax[an - 1]!;
  const totalB = bn === 0 ? 0 : bmax[bn - 1]!;
  while (i < an || j < bn) {
    if (j === bn) {
      ov[k] = av[i]!;
      ow[k] = aw[i]!;
      omin[k] = amin[i]! + nextMinB;
      omax[k] = amax[i]! + totalB;
      i++;
    } else if (i === an) {
      ov[k] = bv[j]!;
      ow[k] = bw[j]!;
      omin[k] = bmin[j]! + nextMinA;
      omax[k] = bmax[j]! + totalA;
      j++;
    } else {
      const x = av[i]!;
      const y = bv[j]!;
      if (x < y) {
        ov[k] = x;
        ow[k] = aw[i]!;
        omin[k] = amin[i]! + nextMinB;
        omax[k] = amax[i]! + bmax[j]! - bw[j]!;
        nextMinA = amin[i]! + aw[i]!;
        i++;
      } else if (x > y) {
        ov[k] = y;
        ow[k] = bw[j]!;
        omin[k] = bmin[j]! + nextMinA;
        omax[k] = bmax[j]! + amax[i]! - aw[i]!;
        nextMinB = bmin[j]! + bw[j]!;
        j++;
      } else {
        ov[k] = x;
        ow[k] = aw[i]! + bw[j]!;
        omin[k] = amin[i]! + bmin[j]!;
        omax[k] = amax[i]! + bmax[j]!;
        nextMinA = amin[i]! + aw[i]!;
        nextMinB = bmin[j]! + bw[j]!;
        i++;
        j++;
      }
    }
    k++;
  }
  return k;
}

/**
 * Scratch summaries shared by all sketches (one thread, used within one call): flushed buffers
 * are summarised and ladder merges are done in these, so a flush allocates nothing and the
 * ladder keeps one right-sized summary per level.
 */
const scratchSummaries = [allocSummary(0), allocSummary(0), allocSummary(0)];

function scratchSummary(index: number, capacity: number): QuantileSummary {
  let s = scratchSummaries[index]!;
  if (s.value.length < capacity) {
    s = allocSummary(Math.max(capacity, 2 * s.value.length));
    scratchSummaries[index] = s;
  }
  s.size = 0;
  return s;
}

/** Copies `src` into `storage` when it fits, else into a new summary of at least `capacity`. */
function storeSummary(src: QuantileSummary, storage: QuantileSummary, capacity: number): QuantileSummary {
  const n = src.size;
  const out = storage.value.length >= n ? storage : allocSummary(Math.max(n, capacity));
  out.value.set(src.value.subarray(0, n));
  out.weight.set(src.weight.subarray(0, n));
  out.minRank.set(src.minRank.subarray(0, n));
  out.maxRank.set(src.maxRank.subarray(0, n));
  out.size = n;
  return out;
}

/**
 * Compresses a summary in place to about `sizeHint` entries, merging away entries whose rank
 * gap is within `eps` of the total weight, always keeping the first and last entry.
 */
function compressSummary(s: QuantileSummary, sizeHint: number, minEps: number): void {
  sizeHint = Math.max(sizeHint, 2);
  const n = s.size;
  if (n <= sizeHint) return;
  s.size = compressEntries(s, n, sizeHint, s.maxRank[n - 1]! * Math.max(1 / sizeHint, minEps));
}

/**
 * The loop of {@link compressSummary}; returns the number of entries kept. Nothing follows the
 * loop (see {@link mergeEntries} for why). Each round keeps `read`, and the last round ends with
 * read = n - 1, so the last entry is always kept.
 */
function compressEntries(s: QuantileSummary, n: number, sizeHint: number, epsDelta: number): number {
  let addAccumulator = 0;
  const addStep = n;
  let write = 1;
  let read = 0;
  const { value, weight, minRank, maxRank } = s;
  while (read + 1 < n) {
    let next = read + 1;
    const readNextMin = minRank[read]! + weight[read]!;
    while (next < n && addAccumulator < addStep && maxRank[next]! - weight[next]! - readNextMin <= epsDelta) {
      addAccumulator += sizeHint;
      next++;
    }
    read = read === next - 1 ? read + 1 : next - 1;
    value[write] = value[read]!;
    weight[write] = weight[read]!;
    minRank[write] = minRank[read]!;
    maxRank[write] = maxRank[read]!;
    write++;
    addAccumulator -= addStep;
  }
  return write;
}

/**
 * Builds a summary from sorted (value, weight) entries, folding equal values together, into `out`
 * (capacity at least n) or a new summary.
 */
function summaryFromSorted(
  values: Float64Array,
  weights: Float64Array | null,
  uniformWeight: number,
  n: number,
  out?: QuantileSummary,
): QuantileSummary {
  const s = out ?? allocSummary(n);
  let k = -1;
  let cumulative = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    const w = weights === null ? uniformWeight : weights[i]!;
    if (k >= 0 && s.value[k] === v) {
      s.weight[k] = s.weight[k]! + w;
      s.maxRank[k] = s.maxRank[k]! + w;
    } else {
      k++;
      s.value[k] = v;
      s.weight[k] = w;
      s.minRank[k] = cumulative;
      s.maxRank[k] = cumulative + w;
    }
    cumulative += w;
  }
  s.size = k + 1;
  return s;
}

/**
 * {@link summaryFromSorted} of the values the last {@link arenaSort} sorted, `values[0, n)`, each
 * with weight `unit`, followed by {@link compressSummary}(sizeHint, minEps), in one pass that
 * writes only the entries kept, into scratch summary 0. `unit` is a power of two, so every rank
 * is an exact multiple of it and the result is the same, bit for bit, as building the full
 * summary (one entry per distinct value, `distinct` of them) and compressing it.
 *
 * Why: a flushed buffer of 8 blocks holds up to 8 times more distinct values than the compressed
 * summary keeps; writing them all (four arrays) and reading them back was a tenth of the kernel.
 */
function compressedSummaryFromArena(
  n: number,
  unit: number,
  distinct: number,
  sizeHint: number,
  minEps: number,
): QuantileSummary {
  // compressSummary's step depends on the number of entries (`distinct` values, which the sort counted).
  const out = scratchSummary(0, distinct);
  const hint = Math.max(sizeHint, 2);
  out.size =
    distinct <= hint
      ? fromArena.exact(n, unit, out)
      : fromArena.kept(n, unit, distinct, hint, n * unit * Math.max(1 / hint, minEps), out);
  return out;
}

/**
 * The summaries of the arena's sorted values. The loops read the arena through a `const` of a
 * function run once, which Node 20 compiles into much faster code than reading an array passed
 * as an argument (sort-float64.ts, {@link arenaSort}).
 */
const fromArena = createArenaSummaries();

function createArenaSummaries(): {
  exact(n: number, unit: number, out: QuantileSummary): number;
  kept(n: number, unit: number, distinct: number, sizeHint: number, epsDelta: number, out: QuantileSummary): number;
} {
  const values = arenaSort.values;

  // The loops below are separate functions on purpose: V8 optimises a long loop on stack (OSR), and
  // code after it in the same function that has not run yet deoptimised it again on every flush.

  /** One entry per distinct value of sorted `values[0, n)`; returns the number of entries. */
  function exactFromSorted(n: number, unit: number, out: QuantileSummary): number {
    const { value, weight, minRank, maxRank } = out;
    let k = 0;
    for (let i = 0; i < n; ) {
      const v = values[i]!;
      let end = i + 1;
      while (end < n && values[end] === v) end++;
      value[k] = v;
      weight[k] = (end - i) * unit;
      minRank[k] = i * unit;
      maxRank[k] = end * unit;
      k++;
      i = end;
    }
    return k;
  }

  /**
   * The entries {@link compressSummary} keeps of the exact summary of sorted `values[0, n)`
   * (`distinct` entries); returns their number. An entry is a run of equal values [start, end):
   * weight (end - start)·unit, ranks start·unit and end·unit.
   */
  function keptFromSorted(
    n: number,
    unit: number,
    distinct: number,
    sizeHint: number,
    epsDelta: number,
    out: QuantileSummary,
  ): number {
    const { value, weight, minRank, maxRank } = out;
    // The entry last kept ("read" in compressSummary) ends where readEnd is; the first is kept.
    let readEnd = 1;
    while (readEnd < n && values[readEnd] === values[0]) readEnd++;
    value[0] = values[0]!;
    weight[0] = readEnd * unit;
    minRank[0] = 0;
    maxRank[0] = readEnd * unit;
    let write = 1;
    let addAccumulator = 0;
    // The last run scanned, [pendingStart, pendingEnd): the one that stopped an advance is looked at again.
    let pendingStart = -1;
    let pendingEnd = 0;
    while (readEnd < n) {
      const readNextMin = readEnd * unit;
      let next = readEnd;
      let keptStart = -1;
      let keptEnd = 0;
      // Advance over entries whose rank gap to the last kept entry is within epsDelta.
      while (next < n && addAccumulator < distinct) {
        let end: number;
        if (next === pendingStart) end = pendingEnd;
        else {
          end = next + 1;
          const v = values[next]!;
          while (end < n && values[end] === v) end++;
          pendingStart = next;
          pendingEnd = end;
        }
        if (next * unit - readNextMin > epsDelta) break;
        addAccumulator += sizeHint;
        keptStart = next;
        keptEnd = end;
        next = end;
      }
      if (keptStart < 0) {
        // No advance: keep the very next entry.
        keptStart = readEnd;
        if (pendingStart === readEnd) keptEnd = pendingEnd;
        else {
          keptEnd = readEnd + 1;
          while (keptEnd < n && values[keptEnd] === values[readEnd]) keptEnd++;
        }
      }
      value[write] = values[keptStart]!;
      weight[write] = (keptEnd - keptStart) * unit;
      minRank[write] = keptStart * unit;
      maxRank[write] = keptEnd * unit;
      write++;
      readEnd = keptEnd;
      addAccumulator -= distinct;
    }
    return write;
  }

  return { exact: exactFromSorted, kept: keptFromSorted };
}

/** The exact summary of (value, weight) pairs, sorted in copies (the arguments are not changed). */
function pendingSummary(values: Float64Array, weights: Float64Array, n: number): QuantileSummary {
  const v = values.slice(0, n);
  const w = weights.slice(0, n);
  sortFloat64(v, n, w);
  return summaryFromSorted(v, w, 0, n);
}

/**
 * `values[0, n)` as an array of numbers: a loop, which V8 runs several times faster than
 * `Array.from` of a typed array (the state of a large sketch holds tens of thousands of values).
 */
function numbers(values: Float64Array, n: number): number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = values[i]!;
  return out;
}

/** True for 2^k (the unit weights the sampler gives), whose multiples are exact. */
function isPowerOfTwo(x: number): boolean {
  return x > 0 && 2 ** Math.round(Math.log2(x)) === x;
}

/** The mergeable quantile sketch (see the module comment). */
export class QuantileSketch {
  readonly epsilon: number;
  readonly blockSize: number;
  private readonly bufferCapacity: number;
  readonly sampling: boolean;
  /** Number of values pushed (before sampling), for the sampler's schedule. */
  count = 0;
  private samplerLevel = 0;
  private groupSize = 1;
  private group: Float64Array;
  private groupWeights: Float64Array;
  private groupFill = 0;
  private buffer: Float64Array;
  /** Per-entry weights, only while the buffered weights differ (else all are bufferUniformWeight). */
  private bufferWeights: Float64Array | null = null;
  private bufferFill = 0;
  /** Weight shared by every buffered entry, or NaN once they differ (see bufferWeights). */
  private bufferUniformWeight = Number.NaN;
  private levels: QuantileSummary[] = [];
  private seed = 0x9e3779b9;

  constructor(epsilon = 0.01, sampling = false) {
    this.epsilon = epsilon;
    this.sampling = sampling;
    this.blockSize = quantileBlockSize(epsilon);
    // The buffer grows on demand up to the block size: most sketches (value counts, small
    // features, slices) never need the full block.
    this.bufferCapacity = BUFFER_BLOCKS * this.blockSize;
    this.buffer = new Float64Array(Math.min(64, this.bufferCapacity));
    this.group = new Float64Array(0);
    this.groupWeights = new Float64Array(0);
  }

  /** Adds one value with a weight (non-positive weights are ignored, as in TFDV). */
  add(value: number, weight = 1): void {
    if (!(weight > 0)) return;
    this.count++;
    if (this.groupSize === 1) {
      this.pushEntry(value, weight);
      if (this.sampling && this.count >= SAMPLER_MIN_COUNT && (this.count & 0xffff) === 0) this.reschedule();
      return;
    }
    const g = this.groupFill;
    this.group[g] = value;
    this.groupWeights[g] = weight;
    this.groupFill = g + 1;
    if (this.groupFill === this.groupSize) this.flushGroup();
  }

  /**
   * Adds a run of unit-weight values from a typed array, skipping NaN. The hot path for
   * numeric columns without nulls.
   */
  addValues(values: ArrayLike<number>, start: number, end: number): void {
    const scratch = unitScratch(end - start);
    let n = 0;
    for (let i = start; i < end; i++) {
      const v = values[i]!;
      if (!Number.isNaN(v)) scratch[n++] = v;
    }
    this.addUnitValues(scratch, n);
  }

  /**
   * Adds `values[0, n)` (no NaN), each with weight 1, in bulk: the sampler picks one value per
   * group in place, and the kept values go in as runs of one weight ({@link appendUniform}).
   * `values` is used as scratch (its contents are overwritten).
   */
  addUnitValues(values: Float64Array, n: number): void {
    let read = 0;
    // values[0, kept) are kept values not yet added, all with weight keptWeight.
    let kept = 0;
    let keptWeight = this.groupSize;
    while (read < n) {
      // Segments end where the sampler reschedules (every 65536 values), so one group size
      // (hence one weight) holds for a whole segment.
      const segment = Math.min(n - read, 0x10000 - (this.count & 0xffff));
      const g = this.groupSize;
      if (g !== keptWeight) {
        this.appendUniform(values, kept, keptWeight);
        kept = 0;
        keptWeight = g;
      }
      if (g === 1) {
        if (read !== kept) values.copyWithin(kept, read, read + segment);
        kept += segment;
      } else {
        let i = read;
        const stop = read + segment;
        // Complete the pending group first (it may hold values from earlier calls).
        while (this.groupFill > 0 && i < stop) {
          this.group[this.groupFill] = values[i++]!;
          this.groupWeights[this.groupFill] = 1;
          this.groupFill++;
          if (this.groupFill === g) this.emitGroup();
        }
        const groups = Math.floor((stop - i) / g);
        kept = this.sampleGroups(values, i, groups, kept);
        i += groups * g;
        for (; i < stop; i++) {
          this.group[this.groupFill] = values[i]!;
          this.groupWeights[this.groupFill] = 1;
          this.groupFill++;
        }
      }
      this.count += segment;
      read += segment;
      if (this.sampling && this.count >= SAMPLER_MIN_COUNT && (this.count & 0xffff) === 0) this.reschedule();
    }
    this.appendUniform(values, kept, keptWeight);
  }

  /**
   * The sampler's pick of one value in each of `groups` groups of `2^samplerLevel` values from
   * `values[from]`, written from `values[kept]` on; returns the next `kept`. Apart from
   * {@link addUnitValues}, with nothing after its loop: code after a hot loop, which has not run
   * when V8 compiles the loop on the stack, sent it back to the interpreter again and again.
   */
  private sampleGroups(values: Float64Array, from: number, groups: number, kept: number): number {
    const g = this.groupSize;
    const shift = 32 - this.samplerLevel;
    for (let k = 0, i = from; k < groups; k++, i += g) values[kept++] = values[i + (this.nextRandom() >>> shift)]!;
    return kept;
  }

  /**
   * Adds `values[0, n)`, all with weight `weight` (`values` is used as scratch). A run at least a
   * buffer long is summarised where it is, up to {@link DIRECT_FLUSH_BLOCKS} blocks per flush,
   * whatever the buffer holds: no copy, and fewer, larger flushes (a column of a 150,000-row batch
   * is one flush instead of three), hence fewer ladder merges, without a larger buffer per
   * feature. Shorter runs (the readers' default batches of 32,768 rows) are copied into the
   * buffer, which is flushed when full.
   */
  private appendUniform(values: Float64Array, n: number, weight: number): void {
    if (n === 0) return;
    // A new weight (the sampler moved up a level) flushes the buffer rather than mixing weights
    // into it: a uniform buffer sorts without carrying weights and is summarised in one pass.
    if (this.bufferFill > 0 && weight !== this.bufferUniformWeight && !Number.isNaN(this.bufferUniformWeight)) {
      this.flushBuffer();
    }
    let i = 0;
    while (i < n) {
      if (n - i >= this.bufferCapacity) {
        const take = Math.min(n - i, DIRECT_FLUSH_BLOCKS * this.blockSize);
        this.flushUniform(values.subarray(i, i + take), take, weight);
        i += take;
        continue;
      }
      if (this.bufferFill === this.buffer.length) this.growBuffer();
      const fill = this.bufferFill;
      const take = Math.min(n - i, this.buffer.length - fill);
      this.buffer.set(values.subarray(i, i + take), fill);
      if (fill === 0) this.bufferUniformWeight = weight;
      else if (weight !== this.bufferUniformWeight) this.mixWeights(fill);
      if (this.bufferWeights !== null && Number.isNaN(this.bufferUniformWeight)) {
        this.bufferWeights.fill(weight, fill, fill + take);
      }
      this.bufferFill = fill + take;
      i += take;
      if (this.bufferFill === this.bufferCapacity) this.flushBuffer();
    }
  }

  private nextRandom(): number {
    // xorshift32: a seeded generator keeps sketches reproducible run to run.
    let x = this.seed;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.seed = x >>> 0;
    return this.seed;
  }

  private flushGroup(): void {
    if (this.groupFill === 0) return;
    this.emitGroup();
    if ((this.count & 0xffff) < this.groupSize) this.reschedule();
  }

  /** Replaces the pending group by one of its values, carrying the group's weight. */
  private emitGroup(): void {
    const n = this.groupFill;
    let total = 0;
    for (let i = 0; i < n; i++) total += this.groupWeights[i]!;
    // Pick one value with probability proportional to its weight; it carries the group's weight.
    let target = (this.nextRandom() / 4294967296) * total;
    let pick = n - 1;
    for (let i = 0; i < n; i++) {
      target -= this.groupWeights[i]!;
      if (target < 0) {
        pick = i;
        break;
      }
    }
    this.groupFill = 0;
    this.pushEntry(this.group[pick]!, total);
  }

  /** Raises the sampler level as the stream grows, within the error budget. */
  private reschedule(): void {
    const allowed = 4 * SAMPLER_RELATIVE_STD * SAMPLER_RELATIVE_STD * this.count;
    let level = this.samplerLevel;
    while (2 ** (level + 1) <= allowed && level < 20) level++;
    if (level !== this.samplerLevel) {
      this.samplerLevel = level;
      this.groupSize = 2 ** level;
      const group = new Float64Array(this.groupSize);
      const weights = new Float64Array(this.groupSize);
      group.set(this.group.subarray(0, this.groupFill));
      weights.set(this.groupWeights.subarray(0, this.groupFill));
      this.group = group;
      this.groupWeights = weights;
    }
  }

  private pushEntry(value: number, weight: number): void {
    const i = this.bufferFill;
    if (i === this.buffer.length) this.growBuffer();
    this.buffer[i] = value;
    if (i === 0) this.bufferUniformWeight = weight;
    else if (weight !== this.bufferUniformWeight) this.mixWeights(i);
    if (this.bufferWeights !== null && Number.isNaN(this.bufferUniformWeight)) this.bufferWeights[i] = weight;
    this.bufferFill = i + 1;
    if (this.bufferFill === this.bufferCapacity) this.flushBuffer();
  }

  /** Switches the buffer to per-entry weights: the first `fill` entries had the uniform weight. */
  private mixWeights(fill: number): void {
    if (Number.isNaN(this.bufferUniformWeight)) return;
    if (this.bufferWeights === null || this.bufferWeights.length < this.buffer.length) {
      this.bufferWeights = new Float64Array(this.buffer.length);
    }
    this.bufferWeights.fill(this.bufferUniformWeight, 0, fill);
    this.bufferUniformWeight = Number.NaN;
  }

  /** Weight of buffered entry i. */
  private bufferWeightAt(i: number): number {
    return Number.isNaN(this.bufferUniformWeight) ? this.bufferWeights![i]! : this.bufferUniformWeight;
  }

  private growBuffer(): void {
    const size = Math.min(this.buffer.length * 4, this.bufferCapacity);
    const buffer = new Float64Array(size);
    buffer.set(this.buffer);
    this.buffer = buffer;
    if (this.bufferWeights !== null) {
      const weights = new Float64Array(size);
      weights.set(this.bufferWeights);
      this.bufferWeights = weights;
    }
  }

  private flushBuffer(): void {
    const n = this.bufferFill;
    if (n === 0) return;
    this.bufferFill = 0;
    if (Number.isNaN(this.bufferUniformWeight)) {
      sortFloat64(this.buffer, n, this.bufferWeights);
      this.pushSummary(summaryFromSorted(this.buffer, this.bufferWeights, 0, n, scratchSummary(0, n)), false);
    } else {
      this.flushUniform(this.buffer, n, this.bufferUniformWeight);
    }
  }

  /**
   * Sorts `values[0, n)` (all of weight `unit`; used as scratch) and pushes their compressed
   * summary up the ladder. Beyond the arena (only a much smaller epsilon flushes that many
   * values), the full summary is built and compressed, which gives the same entries.
   */
  private flushUniform(values: Float64Array, n: number, unit: number): void {
    if (isPowerOfTwo(unit) && n <= ARENA_CAPACITY) {
      const distinct = arenaSort.sortIn(values, n);
      this.pushSummary(compressedSummaryFromArena(n, unit, distinct, this.blockSize, this.epsilon / 3), true);
    } else {
      sortFloat64(values, n);
      this.pushSummary(summaryFromSorted(values, null, unit, n, scratchSummary(0, n)), false);
    }
  }

  /** Pushes a summary (compressed in place unless `compressed`) up the ladder. */
  private pushSummary(summary: QuantileSummary, compressed: boolean): void {
    const block = this.blockSize;
    if (!compressed) compressSummary(summary, block, this.epsilon / 3);
    let local = summary;
    for (let level = 0; ; level++) {
      if (this.levels.length <= level) this.levels.push(emptySummary());
      const current = this.levels[level]!;
      if (current.size === 0) {
        this.levels[level] = storeSummary(local, current, block + 2);
        return;
      }
      const out = scratchSummary(local === scratchSummaries[1] ? 2 : 1, local.size + current.size);
      mergeInto(local, current, out);
      if (out.size <= block + 1) {
        this.levels[level] = storeSummary(out, current, block + 2);
        return;
      }
      compressSummary(out, block, this.epsilon / 3);
      current.size = 0;
      local = out;
    }
  }

  /**
   * Pushes `values[0, n)` with their `weights`. This loop and the next end their functions: code
   * after a hot loop has not run when V8 compiles the loop on the stack, and sent it back to the
   * interpreter again and again (docs/statistics.md).
   */
  private pushEntries(values: ArrayLike<number>, weights: ArrayLike<number>, n: number): void {
    for (let i = 0; i < n; i++) this.pushEntry(values[i]!, weights[i]!);
  }

  /** Pushes the entries buffered in `other` (see {@link pushEntries}). */
  private pushBufferOf(other: QuantileSketch): void {
    for (let i = 0; i < other.bufferFill; i++) this.pushEntry(other.buffer[i]!, other.bufferWeightAt(i));
  }

  /** Merges another sketch into this one (`other` is left unchanged). */
  merge(other: QuantileSketch): this {
    this.count += other.count;
    this.pushEntries(other.group, other.groupWeights, other.groupFill);
    this.pushBufferOf(other);
    for (const level of other.levels) {
      if (level.size === 0) continue;
      // A copy: pushSummary compresses it in place.
      this.pushSummary(copySummary(level), false);
    }
    if (this.sampling) this.reschedule();
    return this;
  }

  /** The merged final summary (does not change the sketch). */
  summary(): QuantileSummary {
    return copySummary(this.scratchSummary());
  }

  /**
   * `use` of the merged final summary, lent rather than copied: it lives in scratch shared by all
   * sketches (or is one of this sketch's levels), so it is valid only during the call and must not
   * be changed. What finishing a feature needs: the summary of every numeric feature is a few
   * megabytes, and fresh arrays for each were garbage that V8 collected only after tens of
   * megabytes of them had piled up (docs/benchmarks.md, Parquet memory).
   */
  withSummary<T>(use: (summary: QuantileSummary) => T): T {
    return use(this.scratchSummary());
  }

  /** {@link summary} in scratch summaries (see {@link withSummary}). */
  private scratchSummary(): QuantileSummary {
    let out = emptySummary();
    // Which scratch summary `out` is (0, 1, 2), or -1 when it is not one.
    let at = -1;
    const unit = this.bufferUniformWeight;
    if (this.bufferFill >= SPLIT_PENDING_FROM && isPowerOfTwo(unit)) {
      // Uniform power-of-two weights (every unweighted stream): the buffer sorts without carrying
      // weights, and its exact summary merged with the pending group's is the summary of both
      // pooled, since every rank is an exact integer (only a zero's sign can differ, when the
      // buffer holds +0 and the sampler's group -0).
      const values = unitScratch(this.bufferFill);
      values.set(this.buffer.subarray(0, this.bufferFill));
      sortFloat64(values, this.bufferFill);
      out = summaryFromSorted(values, null, unit, this.bufferFill, scratchSummary(0, this.bufferFill));
      at = 0;
      if (this.groupFill > 0) {
        const pending = pendingSummary(this.group, this.groupWeights, this.groupFill);
        out = mergeInto(out, pending, scratchSummary(1, out.size + pending.size));
        at = 1;
      }
    } else {
      const pending = this.bufferFill + this.groupFill;
      if (pending > 0) {
        const values = new Float64Array(pending);
        const weights = new Float64Array(pending);
        values.set(this.buffer.subarray(0, this.bufferFill));
        for (let i = 0; i < this.bufferFill; i++) weights[i] = this.bufferWeightAt(i);
        values.set(this.group.subarray(0, this.groupFill), this.bufferFill);
        weights.set(this.groupWeights.subarray(0, this.groupFill), this.bufferFill);
        out = pendingSummary(values, weights, pending);
      }
    }
    // The levels are merged through two scratch summaries, never the one being read.
    for (const level of this.levels) {
      if (level.size === 0) continue;
      if (out.size === 0) {
        out = level;
        at = -1;
        continue;
      }
      const spare = at === 1 ? 2 : 1;
      out = mergeInto(out, level, scratchSummary(spare, out.size + level.size));
      at = spare;
    }
    return out;
  }

  /** Total weight added. */
  totalWeight(): number {
    return this.withSummary((s) => (s.size === 0 ? 0 : s.maxRank[s.size - 1]!));
  }

  /** Serialisable state. */
  toState(): QuantileSketchState {
    return {
      epsilon: this.epsilon,
      sampling: this.sampling,
      count: this.count,
      samplerLevel: this.samplerLevel,
      group: numbers(this.group, this.groupFill),
      groupWeights: numbers(this.groupWeights, this.groupFill),
      buffer: numbers(this.buffer, this.bufferFill),
      bufferWeights: this.bufferWeightList(),
      levels: this.levels.map((l) => ({
        value: numbers(l.value, l.size),
        weight: numbers(l.weight, l.size),
        minRank: numbers(l.minRank, l.size),
        maxRank: numbers(l.maxRank, l.size),
      })),
    };
  }

  /** The weights of the buffered entries as an array. */
  private bufferWeightList(): number[] {
    if (Number.isNaN(this.bufferUniformWeight)) return numbers(this.bufferWeights!, this.bufferFill);
    return new Array<number>(this.bufferFill).fill(this.bufferUniformWeight);
  }

  /** Rebuilds a sketch from {@link toState}. */
  static fromState(state: QuantileSketchState): QuantileSketch {
    const sketch = new QuantileSketch(state.epsilon, state.sampling);
    sketch.samplerLevel = state.samplerLevel;
    sketch.groupSize = 2 ** state.samplerLevel;
    sketch.group = new Float64Array(sketch.groupSize);
    sketch.groupWeights = new Float64Array(sketch.groupSize);
    sketch.pushEntries(state.buffer, state.bufferWeights, state.buffer.length);
    sketch.group.set(state.group);
    sketch.groupWeights.set(state.groupWeights);
    sketch.groupFill = state.group.length;
    sketch.levels = state.levels.map((l) => ({
      value: Float64Array.from(l.value),
      weight: Float64Array.from(l.weight),
      minRank: Float64Array.from(l.minRank),
      maxRank: Float64Array.from(l.maxRank),
      size: l.value.length,
    }));
    sketch.count = state.count;
    return sketch;
  }
}

/**
 * Quantile boundaries of a summary for `n` equal-weight buckets: for rank r = 0..n the entry
 * nearest to the target weight r·W/n, chosen by TFDV's rule, with its cumulative weight.
 */
export function quantileBoundaries(s: QuantileSummary, n: number): QuantileBoundaries {
  const values = new Float64Array(n + 1);
  const cumulativeWeights = new Float64Array(n + 1);
  // Built before the loop: after it, the object's creation had not run when V8 compiled the loop on
  // the stack, and sent it back to the interpreter again and again (see snappy.ts in the io layer).
  const out: QuantileBoundaries = { values, cumulativeWeights };
  if (s.size === 0) return out;
  const total = s.maxRank[s.size - 1]!;
  let cur = 0;
  for (let rank = 0; rank <= n; rank++) {
    const d2 = 2 * ((rank * total) / n);
    let next = cur + 1;
    while (next < s.size && d2 >= s.minRank[next]! + s.maxRank[next]!) next++;
    cur = next - 1;
    let pick = cur;
    if (next < s.size && !(d2 < s.minRank[cur]! + s.weight[cur]! + s.maxRank[next]! - s.weight[next]!)) pick = next;
    values[rank] = s.value[pick]!;
    cumulativeWeights[rank] = s.maxRank[pick]!;
  }
  return out;
}
