import type { ScalarType } from './descriptor.js';

/**
 * Integer scalars of protobuf: their exact ranges, and the plain-data form of 64-bit values. A 64-bit
 * value is a JS number when it is a safe integer (|v| <= 2^53 - 1) and a bigint otherwise, so every
 * int64/uint64 survives binary, text and JSON exactly while ordinary counts stay plain numbers.
 */

/** A 64-bit protobuf integer in plain data. */
export type Int64Value = number | bigint;

const INT32: readonly [bigint, bigint] = [-(2n ** 31n), 2n ** 31n - 1n];
const UINT32: readonly [bigint, bigint] = [0n, 2n ** 32n - 1n];
/** The exact bounds of int64 and uint64, declared here once for every layer. */
export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;
export const UINT64_MAX = 2n ** 64n - 1n;

const INT64: readonly [bigint, bigint] = [INT64_MIN, INT64_MAX];
const UINT64: readonly [bigint, bigint] = [0n, UINT64_MAX];

/** Inclusive range of each integer scalar type. */
export const INTEGER_RANGES: Partial<Readonly<Record<ScalarType, readonly [bigint, bigint]>>> = {
  int32: INT32,
  sint32: INT32,
  sfixed32: INT32,
  uint32: UINT32,
  fixed32: UINT32,
  int64: INT64,
  sint64: INT64,
  sfixed64: INT64,
  uint64: UINT64,
  fixed64: UINT64,
};

/** The 64-bit integer scalar types (their values are `Int64Value`s). */
export const INT64_SCALARS: ReadonlySet<ScalarType> = new Set<ScalarType>([
  'int64',
  'uint64',
  'sint64',
  'fixed64',
  'sfixed64',
]);

/** A bigint in plain-data form: a number when safe, else the bigint itself. */
export function int64Value(value: bigint): Int64Value {
  return value >= -9007199254740991n && value <= 9007199254740991n ? Number(value) : value;
}

/** The exact integer a plain-data value holds, or undefined for a non-integer (`1.5`, `NaN`, text). */
export function exactInteger(value: unknown): bigint | undefined {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  return undefined;
}

/** True when two integer values are equal exactly (a number and a bigint may be equal). */
export function integersEqual(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  const x = exactInteger(a);
  const y = exactInteger(b);
  return x !== undefined && y !== undefined ? x === y : Number(a) === Number(b);
}

/** Low and high 32-bit words (unsigned) as a plain-data 64-bit value. */
export function int64FromWords(lo: number, hi: number, signed: boolean): Int64Value {
  if (hi <= 0x1fffff) return hi * 4294967296 + lo;
  const unsigned = (BigInt(hi) << 32n) | BigInt(lo);
  return int64Value(signed ? BigInt.asIntN(64, unsigned) : unsigned);
}
