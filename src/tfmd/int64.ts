import type { Int64 } from './types.js';
import { INT64_END_DOUBLE, INT64_MAX, INT64_MIN, INT64_MIN_DOUBLE } from './vocabulary.js';

/**
 * Helpers for TFMD's 64-bit integer fields (`Int64`: a number when safe, a bigint beyond 2^53 - 1),
 * for the layers that compare them with statistics or print them.
 */

export { int64Value } from '../proto/integer.js';
export { INT64_MAX, INT64_MIN } from './vocabulary.js';

/**
 * A double converted to int64 the way TFDV's C++ does (`static_cast<int64>`, truncating), saturating
 * at the int64 bounds instead of C++'s undefined behaviour, as an exact bigint.
 */
export function doubleToInt64(x: number): bigint {
  if (Number.isNaN(x)) return 0n;
  if (x >= INT64_END_DOUBLE) return INT64_MAX;
  if (x < INT64_MIN_DOUBLE) return INT64_MIN;
  return BigInt(Math.trunc(x));
}

/** The product of 64-bit sizes (a shape's element count), exact, as a number when safe. */
export function int64Product(values: readonly Int64[]): Int64 {
  let product = 1n;
  for (const v of values) product *= BigInt(v);
  return product >= -9007199254740991n && product <= 9007199254740991n ? Number(product) : product;
}

/** `JSON.stringify` replacer that writes bigints as their decimal digits (proto3 JSON's form for int64). */
export function int64JsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/** The smaller / larger of two integers, exactly (a number and a bigint may be compared). */
export function minInt64(a: Int64, b: Int64): Int64 {
  return a <= b ? a : b;
}

export function maxInt64(a: Int64, b: Int64): Int64 {
  return a >= b ? a : b;
}
