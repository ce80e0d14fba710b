import { INT64_MAX, INT64_MIN } from '../tfmd/vocabulary.js';
import type { Int64Values } from './column-builder.js';
import { decimalResult, decimalToDouble } from './csv-decimal-to-double.js';

/**
 * Byte-level value classification and parsing for CSV cells, following TFDV's CSV decoder
 * (tfx_bsl; docs/ingestion.md): a cell is INT if Python's `int()` accepts it and it fits int64,
 * else FLOAT if `float()` accepts it, else STRING. Like Python, surrounding ASCII whitespace is
 * allowed around numbers and `nan`/`inf`/`infinity` (any case, signed) are floats. Deviation:
 * Python also accepts `_` digit separators (`1_000`); here those are strings.
 */
export const T_NULL = 0;
export const T_INT = 1;
export const T_FLOAT = 2;
export const T_STRING = 3;
export type CellType = typeof T_NULL | typeof T_INT | typeof T_FLOAT | typeof T_STRING;

const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
  1e21, 1e22,
];

function latin1(buf: Uint8Array, s: number, e: number): string {
  return Buffer.from(buf.buffer, buf.byteOffset + s, e - s).toString('latin1');
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** Classifies `buf[s..e)` (already unquoted, not null) as T_INT, T_FLOAT or T_STRING. */
export function classifyCell(buf: Uint8Array, s: number, e: number): CellType {
  while (s < e && isSpace(buf[s]!)) s++;
  while (e > s && isSpace(buf[e - 1]!)) e--;
  if (s === e) return T_STRING;
  let i = s;
  const c = buf[i]!;
  if (c === 43 || c === 45) {
    i++;
    if (i === e) return T_STRING;
  }
  const digitsStart = i;
  while (i < e && isDigit(buf[i]!)) i++;
  const intDigits = i - digitsStart;
  if (i === e) {
    if (intDigits <= 18) return T_INT;
    return fitsInt64(buf, s, e) ? T_INT : T_STRING;
  }
  let fracDigits = 0;
  if (buf[i] === 46) {
    i++;
    const fracStart = i;
    while (i < e && isDigit(buf[i]!)) i++;
    fracDigits = i - fracStart;
  }
  if (intDigits + fracDigits === 0) return isSpecialFloat(buf, digitsStart, e) ? T_FLOAT : T_STRING;
  if (i < e && (buf[i] === 101 || buf[i] === 69)) {
    i++;
    if (i < e && (buf[i] === 43 || buf[i] === 45)) i++;
    const expStart = i;
    while (i < e && isDigit(buf[i]!)) i++;
    if (i === expStart) return T_STRING;
  }
  return i === e ? T_FLOAT : T_STRING;
}

/**
 * Whether the signed digits `buf[s..e)` fit int64. Leading zeros are skipped and more than 19
 * significant digits never fit, so a huge cell costs one pass over its bytes instead of a
 * BigInt conversion, which takes time quadratic in the number of digits.
 */
function fitsInt64(buf: Uint8Array, s: number, e: number): boolean {
  if (significantDigits(buf, s, e) > 19) return false;
  const v = BigInt(latin1(buf, s, e));
  return v >= INT64_MIN && v <= INT64_MAX;
}

/** Digits of the integer `buf[s..e)` after its sign and leading zeros. */
function significantDigits(buf: Uint8Array, s: number, e: number): number {
  let k = s;
  if (buf[k] === 43 || buf[k] === 45) k++;
  while (k < e && buf[k] === 48) k++;
  return e - k;
}

/** `nan`, `inf`, `infinity` in any case (the sign was consumed by the caller). */
function isSpecialFloat(buf: Uint8Array, s: number, e: number): boolean {
  const n = e - s;
  if (n === 3) return isNan(buf, s) || wordAt(buf, s, INF);
  return n === 8 && wordAt(buf, s, INFINITY);
}

const INF = [105, 110, 102]; // "inf"
const INFINITY = [105, 110, 102, 105, 110, 105, 116, 121]; // "infinity"

/** `buf[s..s+word.length)` equals the lower-case ASCII `word`, ignoring case. */
function wordAt(buf: Uint8Array, s: number, word: readonly number[]): boolean {
  for (let k = 0; k < word.length; k++) if ((buf[s + k]! | 0x20) !== word[k]) return false;
  return true;
}

/** `buf[s..s+3)` is `nan` in any case (checked byte-wise: NaN cells are common in data). */
export function isNan(buf: Uint8Array, s: number): boolean {
  return (buf[s]! | 0x20) === 110 && (buf[s + 1]! | 0x20) === 97 && (buf[s + 2]! | 0x20) === 110;
}

/**
 * Parses an integer cell into `target[i]`. Returns false if the cell is not an int64 (the
 * caller reports a type mismatch). Up to 15 digits are accumulated as a double (exact);
 * longer ones go through BigInt.
 */
export function parseIntCell(buf: Uint8Array, s: number, e: number, target: Int64Values, i: number): boolean {
  while (s < e && isSpace(buf[s]!)) s++;
  while (e > s && isSpace(buf[e - 1]!)) e--;
  let k = s;
  let negative = false;
  const first = buf[k];
  if (first === 45 || first === 43) {
    negative = first === 45;
    k++;
  }
  if (k === e) return false;
  if (e - k <= 15) {
    let v = 0;
    for (; k < e; k++) {
      const d = buf[k]! - 48;
      if (d < 0 || d > 9) return false;
      v = v * 10 + d;
    }
    target.setNumber(i, negative ? -v : v);
    return true;
  }
  for (let j = k; j < e; j++) {
    const c = buf[j]!;
    if (c < 48 || c > 57) return false;
  }
  if (significantDigits(buf, s, e) > 19) return false;
  const big = BigInt(latin1(buf, s, e));
  if (big < INT64_MIN || big > INT64_MAX) return false;
  target.setBigInt(i, big);
  return true;
}

/** Result flag of {@link parseFloatCell} (avoids allocating a result per cell). */
export const floatParse = { ok: true };

/**
 * Parses a float cell. Plain decimals and exponent forms (`[+-]digits[.digits][e[+-]digits]`) of
 * at most 19 significant digits are converted from the bytes by {@link decimalToDouble} (exact:
 * the double `Number()` gives); anything else (more digits, spaces, `nan`, `inf`, subnormal or
 * overflowing values) is validated with {@link classifyCell} and handed to `Number`.
 */
export function parseFloatCell(buf: Uint8Array, s: number, e: number): number {
  floatParse.ok = true;
  let k = s;
  let negative = false;
  const first = buf[k];
  if (first === 45 || first === 43) {
    negative = first === 45;
    k++;
  }
  // The first 15 significant digits in `head` (exact in a double), up to 4 more in `tail`.
  let head = 0;
  let tail = 0;
  let tailDigits = 0;
  let significant = 0;
  let digits = 0;
  let fraction = 0;
  let dot = false;
  let c = 0;
  for (; k < e; k++) {
    c = buf[k]!;
    if (c >= 48 && c <= 57) {
      digits++;
      if (dot) fraction++;
      if (significant === 0 && c === 48) continue; // leading zero
      significant++;
      if (significant <= 15) head = head * 10 + (c - 48);
      else {
        tail = tail * 10 + (c - 48);
        tailDigits++;
      }
    } else if (c === 46 && !dot) dot = true;
    else break;
  }
  // An integer of 19 digits or more may not fit int64, which makes it a string (classifyCell).
  if (digits === 0 || significant > 19 || (!dot && k === e && digits >= 19)) return parseFloatSlow(buf, s, e);
  let exponent = 0;
  if (k < e) {
    if ((c | 0x20) !== 101) return parseFloatSlow(buf, s, e); // not 'e'/'E'
    k++;
    let negativeExponent = false;
    if (k < e && (buf[k] === 45 || buf[k] === 43)) {
      negativeExponent = buf[k] === 45;
      k++;
    }
    if (k === e) return parseFloatSlow(buf, s, e);
    for (; k < e; k++) {
      c = buf[k]!;
      if (c < 48 || c > 57) return parseFloatSlow(buf, s, e);
      // Saturates far outside the range of doubles; decimalToDouble leaves such exponents to Number.
      if (exponent < 100_000) exponent = exponent * 10 + (c - 48);
    }
    if (negativeExponent) exponent = -exponent;
  }
  return digitsToDouble(head, tail, tailDigits, exponent - fraction, negative)
    ? decimalResult[0]!
    : parseFloatSlow(buf, s, e);
}

const TWO32 = 4294967296;

/**
 * {@link decimalToDouble} of `w · 10^exponent` for `w = head · 10^tailDigits + tail` (the first 15
 * significant digits and up to 4 more), handed over as two 32-bit halves (w < 10^19 < 2^64): true
 * with the value in `decimalResult`, false when the general path must decide.
 */
function digitsToDouble(head: number, tail: number, tailDigits: number, exponent: number, negative: boolean): boolean {
  const tens = POW10[tailDigits]!;
  const headHi = Math.floor(head / TWO32);
  const low = (head - headHi * TWO32) * tens + tail; // < 2^32 * 10^4 + 10^4, exact
  const carry = Math.floor(low / TWO32);
  return decimalToDouble((headHi * tens + carry) | 0, (low - carry * TWO32) | 0, exponent, negative);
}

/**
 * A plain decimal `digits[.digits]` (no sign, no exponent: the caller checked the shape) in
 * `buf[digitsStart..end)` with `scale` digits after the point, converted like {@link parseFloatCell}
 * into `decimalResult` (true); false when the general path must decide (more than 19 significant
 * digits, subnormal, overflow). For the build pass's fast loop, which has found the shape already.
 */
export function parsePlainDecimal(
  buf: Uint8Array,
  digitsStart: number,
  end: number,
  scale: number,
  negative: boolean,
): boolean {
  let head = 0;
  let tail = 0;
  let tailDigits = 0;
  let significant = 0;
  for (let k = digitsStart; k < end; k++) {
    const c = buf[k]!;
    if (c === 46 || (significant === 0 && c === 48)) continue; // the point, a leading zero
    significant++;
    if (significant <= 15) head = head * 10 + (c - 48);
    else {
      tail = tail * 10 + (c - 48);
      tailDigits++;
    }
  }
  if (significant > 19) return false;
  return digitsToDouble(head, tail, tailDigits, -scale, negative);
}

function parseFloatSlow(buf: Uint8Array, s: number, e: number): number {
  const kind = classifyCell(buf, s, e);
  if (kind === T_STRING) {
    floatParse.ok = false;
    return Number.NaN;
  }
  const text = latin1(buf, s, e).trim().toLowerCase();
  const unsigned = text.replace(/^[+-]/, '');
  if (unsigned === 'nan') return Number.NaN;
  if (unsigned === 'inf' || unsigned === 'infinity') return text.startsWith('-') ? -Infinity : Infinity;
  return Number(text);
}
