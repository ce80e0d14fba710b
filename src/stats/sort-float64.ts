/**
 * Sorts float64 values ascending, the order of `Float64Array.prototype.sort` (-0 before +0; the
 * callers never pass NaN), optionally carrying a parallel array of weights along, several times
 * faster than the native sort (and than any comparator sort for the pairs).
 *
 * Why: sorting buffered values was most of the statistics kernel's time (docs/benchmarks.md,
 * Statistics). A float64's high 32-bit word, with the sign folded in (negative: all bits flipped;
 * positive: sign bit set), orders values by sign, exponent and the top 20 mantissa bits. An LSD
 * radix sort on that word (values alone: two passes over the exponents present, see
 * {@link radixHighWords}; with weights: three passes of 11/11/10 bits; a pass skipped when every
 * value has the same digit) leaves only values with an equal high word out of order; those runs
 * are short (usually equal values) and are finished by insertion sort, or for a long unsorted run
 * (values that agree on their top 20 mantissa bits) by the same radix sort on the low word.
 */

/** Below this size the native sort is as fast (no histogram set-up). */
const NATIVE_BELOW = 1024;
/** Runs of equal high words longer than this that are not already sorted are radix-sorted on the low word. */
const INSERTION_MAX = 32;

let scratch = new Float64Array(0);
let scratchWeights = new Float64Array(0);
const counts = [new Int32Array(2048), new Int32Array(2048), new Int32Array(1024)] as const;
const SHIFTS = [0, 11, 22] as const;
const MASKS = [2047, 2047, 1023] as const;

function ensureScratch(n: number, weighted: boolean): void {
  if (scratch.length < n) scratch = new Float64Array(Math.max(n, 2 * scratch.length));
  if (weighted && scratchWeights.length < n) scratchWeights = new Float64Array(scratch.length);
}

/**
 * Sorts `values[0, n)` in place (and `weights[0, n)` along with them, when given). Returns the
 * number of distinct values (by `!==`, so -0 and +0 are one), which the final scan of the sort
 * counts at no extra cost and the quantile summary needs.
 */
export function sortFloat64(values: Float64Array, n: number, weights: Float64Array | null = null): number {
  if (n < NATIVE_BELOW) {
    if (weights === null) values.subarray(0, n).sort();
    else insertionSort(values, weights, 0, n);
    return countDistinct(values, 0, n);
  }
  if (weights === null && n <= ARENA_CAPACITY) {
    const distinct = arenaSort.sortIn(values, n);
    values.set(arenaSort.values.subarray(0, n));
    return distinct;
  }
  ensureScratch(n, weights !== null);
  const words = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  radixPasses(values, weights, 0, n, words, 1, true, 0);
  return finishRuns(values, weights, words, n);
}

/**
 * Values-only sorts of up to this many values run in the arena (a direct flush of the quantile
 * sketch at the default epsilon is 192,032 values); longer ones, which only a much smaller
 * epsilon gives, take the generic three passes in place.
 */
export const ARENA_CAPACITY = 1 << 18;

/** Number of distinct values in sorted values[start, end). */
function countDistinct(values: Float64Array, start: number, end: number): number {
  let distinct = end > start ? 1 : 0;
  for (let i = start + 1; i < end; i++) if (values[i] !== values[i - 1]) distinct++;
  return distinct;
}

/** Buffers with more distinct exponents than this take the generic three passes. */
const MAX_EXPONENTS = 32;

/** The arena sort: values in, sorted values and their distinct count out. */
export interface ArenaSort {
  /** The arena: after {@link sortIn}, holds the sorted values in [0, n). */
  readonly values: Float64Array;
  /** Copies values[0, n) (n at most {@link ARENA_CAPACITY}) into the arena, sorts them there and returns the number of distinct values. */
  sortIn(values: Float64Array, n: number): number;
}

/**
 * The one arena sort of this thread. Callers that read the sorted values in a hot loop bind
 * `arenaSort.values` to a `const` of their own, inside a function run once, for the reason below.
 */
export const arenaSort: ArenaSort = createArenaSort();

/**
 * Builds the arena and its radix loops. Why a closure: Node 20's optimising compiler (TurboFan,
 * V8 11.3) compiles a loop over a typed array bound once with `const`, in the context of a
 * function created once, into code several times faster than the same loop over an array passed
 * as an argument, read from an object, or bound with `let`/`var` (measured: a radix scatter of
 * 48,008 values, 1.7 ns per value against 7.5 ns; the whole sort 2.3 times faster, copies in and
 * out included). Module-level `const` would do under plain Node, but the CLI bundler turns
 * top-level `const` into `var`, so the arrays and the loops over them live in here.
 */
function createArenaSort(): ArenaSort {
  // Allocated zeroed and untouched: pages are only committed as far as sorts reach.
  const arena = new Float64Array(ARENA_CAPACITY);
  const arenaWords = new Uint32Array(arena.buffer);
  const spare = new Float64Array(ARENA_CAPACITY);
  const spareWords = new Uint32Array(spare.buffer);
  /** Per (sign, exponent) code of the folded high word (its top 12 bits): how many values have it. */
  const exponentCounts = new Int32Array(4096);
  /** Per (sign, exponent) code: its rank among the codes present in the buffer. */
  const exponentRanks = new Int32Array(4096);
  const lowCounts = new Int32Array(4096);
  /** Counts of the (exponent rank, top 8 mantissa bits) digit: at most 32 exponents, 13 bits. */
  const highCounts = new Int32Array(1 << 13);

  function sortIn(values: Float64Array, n: number): number {
    arena.set(values.subarray(0, n));
    return sortArena(n);
  }

  /**
   * Sorts arena[0, n) and returns its number of distinct values. The common case, values alone: an
   * LSD radix sort of the folded high word in two passes. A buffer's values use only a few of the
   * 4096 (sign, exponent) codes (a column's magnitudes span a few powers of two, plus zero), so the
   * key is (rank of the exponent among those present, top 20 mantissa bits): at most 5 + 20 bits,
   * sorted by a 12-bit digit (the low mantissa bits, skipped when all values agree on them, as
   * small integers do) and a 13-bit one. The first scatter also counts the second digit. Same order
   * as sorting by the high word, in one or two scatters instead of three.
   */
  function sortArena(n: number): number {
    exponentCounts.fill(0);
    lowCounts.fill(0);
    countExponentsAndLow(n);
    const exponents = rankExponents();
    if (exponents > MAX_EXPONENTS) {
      ensureScratch(n, false);
      radixPasses(arena, null, 0, n, arenaWords, 1, true, 0);
    } else radixArena(n, exponents);
    return finishArenaRuns(n);
  }

  /**
   * Numbers the (sign, exponent) codes present, in order; returns how many there are. A function
   * of its own, whose loop ends it: the calls after this loop in `sortArena` had not run when V8
   * compiled the loop on the stack, and sent it back to the interpreter again and again (up to 34
   * times a run; docs/statistics.md).
   */
  function rankExponents(): number {
    let exponents = 0;
    for (let code = 0; code < 4096; code++) {
      if (exponentCounts[code] !== 0) exponentRanks[code] = exponents++;
    }
    return exponents;
  }

  function radixArena(n: number, exponents: number): void {
    const highSize = exponents << 8;
    highCounts.fill(0, 0, highSize);
    const lowPass = prefixSums(lowCounts, n);
    if (lowPass) scatterLowCountHigh(n);
    else countHigh(n);
    if (prefixSums(highCounts.subarray(0, highSize), n)) {
      if (lowPass) scatterHighToArena(n);
      else {
        scatterHighToSpare(n);
        arena.set(spare.subarray(0, n));
      }
    } else if (lowPass) arena.set(spare.subarray(0, n));
  }

  /** The (sign, exponent) code and the low 12 bits of each folded high word, counted. */
  function countExponentsAndLow(n: number): void {
    for (let i = 0; i < n; i++) {
      const w = arenaWords[2 * i + 1]!;
      const k = w ^ ((w >> 31) | 0x80000000);
      exponentCounts[k >>> 20]!++;
      lowCounts[k & 4095]!++;
    }
  }

  function countHigh(n: number): void {
    for (let i = 0; i < n; i++) {
      const w = arenaWords[2 * i + 1]!;
      const k = w ^ ((w >> 31) | 0x80000000);
      highCounts[(exponentRanks[k >>> 20]! << 8) | ((k >>> 12) & 255)]!++;
    }
  }

  /** Scatters the arena into the spare by the low digit and counts the high digit on the way. */
  function scatterLowCountHigh(n: number): void {
    for (let i = 0; i < n; i++) {
      const w = arenaWords[2 * i + 1]!;
      const k = w ^ ((w >> 31) | 0x80000000);
      spare[lowCounts[k & 4095]!++] = arena[i]!;
      highCounts[(exponentRanks[k >>> 20]! << 8) | ((k >>> 12) & 255)]!++;
    }
  }

  function scatterHighToArena(n: number): void {
    for (let i = 0; i < n; i++) {
      const w = spareWords[2 * i + 1]!;
      const k = w ^ ((w >> 31) | 0x80000000);
      arena[highCounts[(exponentRanks[k >>> 20]! << 8) | ((k >>> 12) & 255)]!++] = spare[i]!;
    }
  }

  function scatterHighToSpare(n: number): void {
    for (let i = 0; i < n; i++) {
      const w = arenaWords[2 * i + 1]!;
      const k = w ^ ((w >> 31) | 0x80000000);
      spare[highCounts[(exponentRanks[k >>> 20]! << 8) | ((k >>> 12) & 255)]!++] = arena[i]!;
    }
  }

  /** {@link finishRuns} of arena[0, n), values alone. */
  function finishArenaRuns(n: number): number {
    let distinct = n > 0 ? 1 : 0;
    let previous = n > 0 ? arena[0]! : 0;
    for (let i = 1; i < n; i++) {
      const v = arena[i]!;
      if (v > previous) {
        distinct++;
        previous = v;
        continue;
      }
      if (!(v < previous)) continue;
      i = sortRun(arena, null, arenaWords, n, i);
      distinct += sortedRun.distinctDelta;
      previous = arena[i]!;
    }
    return distinct;
  }

  return { values: arena, sortIn };
}

/**
 * LSD radix passes over values[start, start + n) keyed by word `wordIndex` (0 low, 1 high) of each
 * value: the high word with the sign folded in (`bySign`), or the low word XOR `flip`.
 */
function radixPasses(
  values: Float64Array,
  weights: Float64Array | null,
  start: number,
  n: number,
  words: Uint32Array,
  wordIndex: number,
  bySign: boolean,
  flip: number,
): void {
  const [c0, c1, c2] = counts;
  c0.fill(0);
  c1.fill(0);
  c2.fill(0);
  for (let i = 0; i < n; i++) {
    const w = words[2 * (start + i) + wordIndex]!;
    const k = (bySign ? w ^ ((w >> 31) | 0x80000000) : w ^ flip) >>> 0;
    c0[k & 2047]!++;
    c1[(k >>> 11) & 2047]!++;
    c2[k >>> 22]!++;
  }
  let src: Float64Array = values.subarray(start, start + n);
  let srcWeights: Float64Array | null = weights === null ? null : weights.subarray(start, start + n);
  let srcWords = new Uint32Array(src.buffer, src.byteOffset, 2 * n);
  let dst: Float64Array = scratch.subarray(0, n);
  let dstWeights: Float64Array | null = weights === null ? null : scratchWeights.subarray(0, n);
  let dstWords = new Uint32Array(dst.buffer, dst.byteOffset, 2 * n);
  const home = src;
  const homeWeights = srcWeights;
  for (let pass = 0; pass < 3; pass++) {
    const count = counts[pass]!;
    if (!prefixSums(count, n)) continue;
    const shift = SHIFTS[pass]!;
    const mask = MASKS[pass]!;
    for (let i = 0; i < n; i++) {
      const w = srcWords[2 * i + wordIndex]!;
      const k = (bySign ? w ^ ((w >> 31) | 0x80000000) : w ^ flip) >>> 0;
      const p = count[(k >>> shift) & mask]!++;
      dst[p] = src[i]!;
      if (dstWeights !== null) dstWeights[p] = srcWeights![i]!;
    }
    [src, dst] = [dst, src];
    [srcWeights, dstWeights] = [dstWeights, srcWeights];
    [srcWords, dstWords] = [dstWords, srcWords];
  }
  if (src !== home) {
    home.set(src);
    if (homeWeights !== null) homeWeights.set(srcWeights!);
  }
}

/** Turns counts into start offsets; false when one digit holds every value (the pass is a no-op). */
function prefixSums(count: Int32Array, n: number): boolean {
  let sum = 0;
  for (let d = 0; d < count.length; d++) {
    const c = count[d]!;
    if (c === n) return false;
    count[d] = sum;
    sum += c;
  }
  return true;
}

/**
 * Sorts each run of equal high words by the full value, and returns the number of distinct
 * values. Such runs are usually already in order (equal values), so this is one flat scan for an
 * out-of-order neighbour; only a run holding one is located and sorted ({@link sortRun}).
 */
function finishRuns(values: Float64Array, weights: Float64Array | null, words: Uint32Array, n: number): number {
  let distinct = n > 0 ? 1 : 0;
  let previous = n > 0 ? values[0]! : 0;
  for (let i = 1; i < n; i++) {
    const v = values[i]!;
    if (v > previous) {
      distinct++;
      previous = v;
      continue;
    }
    // Equal (-0 and +0 included): the same value.
    if (!(v < previous)) continue;
    i = sortRun(values, weights, words, n, i);
    distinct += sortedRun.distinctDelta;
    previous = values[i]!;
  }
  return distinct;
}

/** What {@link sortRun} changed in the distinct count of the scan that called it. */
const sortedRun = { distinctDelta: 0 };

/**
 * Sorts the run of equal high words around position i (values[i] is smaller than values[i - 1])
 * and returns the run's last index. The scan counted the run's distinct values up to i; the
 * difference to its true count once sorted goes into {@link sortedRun}.
 */
function sortRun(values: Float64Array, weights: Float64Array | null, words: Uint32Array, n: number, i: number): number {
  const hi = words[2 * i + 1]!;
  let start = i - 1;
  while (start > 0 && words[2 * start - 1] === hi) start--;
  let end = i + 1;
  while (end < n && words[2 * end + 1] === hi) end++;
  // The run's first value stays distinct from the one before it (a smaller high word); what
  // was counted inside it up to i is counted again once it is sorted.
  let delta = 1 - countDistinct(values, start, i);
  // Equal high words share the sign: negative values order by the flipped low word.
  if (end - start > INSERTION_MAX) {
    ensureScratch(end - start, weights !== null);
    radixPasses(values, weights, start, end - start, words, 0, false, hi >> 31);
  } else if (weights === null) insertionSortValues(values, start, end);
  else insertionSort(values, weights, start, end);
  delta += countDistinct(values, start, end) - 1;
  sortedRun.distinctDelta = delta;
  return end - 1;
}

function insertionSortValues(values: Float64Array, start: number, end: number): void {
  for (let i = start + 1; i < end; i++) {
    const v = values[i]!;
    let j = i - 1;
    while (j >= start && values[j]! > v) {
      values[j + 1] = values[j]!;
      j--;
    }
    values[j + 1] = v;
  }
}

/**
 * Stable sort of (value, weight) pairs for short ranges: insertion sort, or an index sort with a
 * comparator for up to {@link NATIVE_BELOW} pairs.
 */
function insertionSort(values: Float64Array, weights: Float64Array, start: number, end: number): void {
  if (end - start > INSERTION_MAX) {
    const n = end - start;
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = start + i;
    const v = values.slice(start, end);
    const w = weights.slice(start, end);
    order.sort((a, b) => values[a]! - values[b]!);
    for (let i = 0; i < n; i++) {
      values[start + i] = v[order[i]! - start]!;
      weights[start + i] = w[order[i]! - start]!;
    }
    return;
  }
  for (let i = start + 1; i < end; i++) {
    const v = values[i]!;
    const w = weights[i]!;
    let j = i - 1;
    while (j >= start && values[j]! > v) {
      values[j + 1] = values[j]!;
      weights[j + 1] = weights[j]!;
      j--;
    }
    values[j + 1] = v;
    weights[j + 1] = w;
  }
}
