/**
 * Sorts float64 values ascending, the order of `Float64Array.prototype.sort` (-0 before +0; the
 * callers never pass NaN), several times faster than it on the quantile sketch's buffers.
 *
 * Why: sorting buffered values was most of the statistics kernel's time (docs/benchmarks.md,
 * Statistics). A float64's high 32-bit word, with the sign folded in (negative: all bits flipped;
 * positive: sign bit set), orders values by sign, exponent and the top 20 mantissa bits. An LSD
 * radix sort on that word (three passes of 11/11/10 bits, a pass skipped when every value has the
 * same digit) leaves only values with an equal high word out of order; those runs are short
 * (usually equal values) and are finished by insertion sort, or for a long unsorted run (values
 * that agree on their top 20 mantissa bits) by the same radix sort on the low word.
 */

/** Below this size the native sort is as fast (no histogram set-up). */
const NATIVE_BELOW = 1024;
/** Runs of equal high words longer than this that are not already sorted are radix-sorted on the low word. */
const INSERTION_MAX = 32;

let scratch = new Float64Array(0);
let scratchWords = new Uint32Array(0);
const count0 = new Int32Array(2048);
const count1 = new Int32Array(2048);
const count2 = new Int32Array(1024);

/** The high word as an unsigned key in value order. */
function key(hi: number): number {
  return (hi ^ ((hi >> 31) | 0x80000000)) >>> 0;
}

/** Sorts `values[0, n)` in place. */
export function sortFloat64(values: Float64Array, n: number): void {
  if (n < NATIVE_BELOW) {
    values.subarray(0, n).sort();
    return;
  }
  if (scratch.length < n) {
    scratch = new Float64Array(Math.max(n, 2 * scratch.length));
    scratchWords = new Uint32Array(scratch.buffer);
  }
  const words = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  count0.fill(0);
  count1.fill(0);
  count2.fill(0);
  for (let i = 0; i < n; i++) {
    const k = key(words[2 * i + 1]!);
    count0[k & 2047]!++;
    count1[(k >>> 11) & 2047]!++;
    count2[k >>> 22]!++;
  }
  let src: Float64Array = values;
  let srcWords: Uint32Array = words;
  let dst: Float64Array = scratch;
  let dstWords: Uint32Array = scratchWords;
  if (prefixSums(count0, n)) {
    for (let i = 0; i < n; i++) {
      const p = count0[key(srcWords[2 * i + 1]!) & 2047]!++;
      dst[p] = src[i]!;
    }
    [src, dst, srcWords, dstWords] = [dst, src, dstWords, srcWords];
  }
  if (prefixSums(count1, n)) {
    for (let i = 0; i < n; i++) {
      const p = count1[(key(srcWords[2 * i + 1]!) >>> 11) & 2047]!++;
      dst[p] = src[i]!;
    }
    [src, dst, srcWords, dstWords] = [dst, src, dstWords, srcWords];
  }
  if (prefixSums(count2, n)) {
    for (let i = 0; i < n; i++) {
      const p = count2[key(srcWords[2 * i + 1]!) >>> 22]!++;
      dst[p] = src[i]!;
    }
    [src, dst, srcWords, dstWords] = [dst, src, dstWords, srcWords];
  }
  if (src !== values) values.set(src.subarray(0, n));
  finishRuns(values, words, n);
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

/** Sorts each run of equal high words by the full value. */
function finishRuns(values: Float64Array, words: Uint32Array, n: number): void {
  let start = 0;
  while (start < n) {
    const hi = words[2 * start + 1]!;
    let end = start + 1;
    let sorted = true;
    while (end < n && words[2 * end + 1] === hi) {
      if (values[end]! < values[end - 1]!) sorted = false;
      end++;
    }
    if (!sorted) {
      if (end - start > INSERTION_MAX) sortByLowWord(values, start, end, (hi & 0x80000000) !== 0);
      else {
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
    }
    start = end;
  }
}

/** Sorts values[start, end), which share their high word (so their sign), by the low word. */
function sortByLowWord(values: Float64Array, start: number, end: number, negative: boolean): void {
  const n = end - start;
  const src = values.subarray(start, end);
  const dst = scratch.subarray(0, n);
  const srcWords = new Uint32Array(src.buffer, src.byteOffset, 2 * n);
  const dstWords = new Uint32Array(dst.buffer, dst.byteOffset, 2 * n);
  // Negative values order by the flipped low word.
  const flip = negative ? 0xffffffff : 0;
  count0.fill(0);
  count1.fill(0);
  count2.fill(0);
  for (let i = 0; i < n; i++) {
    const k = (srcWords[2 * i]! ^ flip) >>> 0;
    count0[k & 2047]!++;
    count1[(k >>> 11) & 2047]!++;
    count2[k >>> 22]!++;
  }
  let a: Float64Array = src;
  let aw: Uint32Array = srcWords;
  let b: Float64Array = dst;
  let bw: Uint32Array = dstWords;
  if (prefixSums(count0, n)) {
    for (let i = 0; i < n; i++) b[count0[(aw[2 * i]! ^ flip) & 2047]!++] = a[i]!;
    [a, b, aw, bw] = [b, a, bw, aw];
  }
  if (prefixSums(count1, n)) {
    for (let i = 0; i < n; i++) b[count1[((aw[2 * i]! ^ flip) >>> 11) & 2047]!++] = a[i]!;
    [a, b, aw, bw] = [b, a, bw, aw];
  }
  if (prefixSums(count2, n)) {
    for (let i = 0; i < n; i++) b[count2[(aw[2 * i]! ^ flip) >>> 22]!++] = a[i]!;
    [a, b, aw, bw] = [b, a, bw, aw];
  }
  if (a !== src) src.set(a);
}
