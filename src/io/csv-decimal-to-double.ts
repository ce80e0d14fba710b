/**
 * Decimal to double conversion for CSV cells without going through a JS string: `w * 10^q` for an
 * integer `w` of at most 19 significant digits, correctly rounded (ties to even), bit for bit the
 * double `Number()` gives for the same text. Two paths (docs/ingestion.md, "Parsing numbers"):
 *
 * - Clinger's: when `w < 2^53` and `|q| <= 22`, both `w` and `10^|q|` are exact doubles and one
 *   IEEE multiplication or division rounds correctly.
 * - Eisel and Lemire's: `w`, shifted so that its top bit is set, times a 128-bit truncation of
 *   `5^q` (scaled to a power of two); the top 55 bits of the 192-bit product, with the power of
 *   two tracked apart, are the mantissa plus the bits needed to round. The truncation error stays
 *   below the rounding decision for every `w` of 64 bits (Mushtak and Lemire's analysis), so only
 *   an exact tie needs a look at the low bits. Subnormal and overflowing results, which this path
 *   would need extra steps for, are left to the caller, which falls back to `Number()`.
 *
 * JavaScript has no 64-bit integers without allocation (BigInt), so 64-bit quantities are pairs of
 * unsigned 32-bit halves in ordinary numbers, and a 32x32-bit product is formed from two products
 * of at most 48 bits, which doubles hold exactly.
 */

/**
 * Where {@link decimalToDouble} puts its result. A double returned from a function the compiler
 * does not inline is boxed in a new heap number on every call: ~220 MB of garbage per million rows
 * of ten full-precision columns (docs/ingestion.md, "Parsing numbers").
 */
export const decimalResult = new Float64Array(1);

const TWO32 = 4294967296;
const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
  1e21, 1e22,
];

/** Smallest and largest decimal exponent with a table entry (beyond them a value is 0 or infinite). */
const MIN_Q = -342;
const MAX_Q = 308;

/**
 * The 128-bit approximations of 5^q, q in [MIN_Q, MAX_Q], normalised so that bit 127 is set, as four
 * 32-bit words per entry (most significant first). Each entry is computed with BigInt the first time
 * a value needs it (tens of microseconds): a file's numbers use a handful of exponents, so a thread
 * pays for those only, not for the 651 entries (tens of milliseconds).
 */
const table = new Uint32Array((MAX_Q - MIN_Q + 1) * 4);
const computed = new Uint8Array(MAX_Q - MIN_Q + 1);

function computeEntry(q: number): void {
  const one128 = 1n << 128n;
  const top = 1n << 127n;
  let v: bigint;
  if (q >= 0) {
    // 5^q shifted up or down to 128 bits, the bits below dropped.
    v = 5n ** BigInt(q);
    const bits = bitLength(v);
    v = bits > 128 ? v >> BigInt(bits - 128) : v << BigInt(128 - bits);
  } else {
    // 2^b / 5^-q rounded up, b chosen so that the quotient has (at least) 128 bits, then cut to 128.
    const p = 5n ** BigInt(-q);
    const z = bitLength(p); // 2^(z-1) < p < 2^z
    const b = q >= -27 ? z + 127 : 2 * z + 128;
    v = (1n << BigInt(b)) / p + 1n;
    while (v >= one128) v >>= 1n;
    while (v < top) v <<= 1n;
  }
  const at = (q - MIN_Q) * 4;
  for (let k = 0; k < 4; k++) table[at + k] = Number((v >> BigInt(96 - 32 * k)) & 0xffffffffn);
  computed[q - MIN_Q] = 1;
}

function bitLength(v: bigint): number {
  return v.toString(16).length * 4 - Math.clz32(Number.parseInt(v.toString(16)[0]!, 16)) + 28;
}

// The result is assembled from its bits: the sign, exponent and top mantissa bits in one word.
const bitsOut = new Float64Array(1);
const wordsOut = new Uint32Array(bitsOut.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LITTLE_ENDIAN ? 1 : 0;
const LO = LITTLE_ENDIAN ? 0 : 1;

/** High word of the 64-bit product of unsigned 32-bit `a` and `b` (the low word is `Math.imul(a, b) >>> 0`). */
function mulHigh(a: number, b: number): number {
  const x = a * (b & 0xffff); // < 2^48
  const y = a * (b >>> 16); // < 2^48, weight 2^16
  const yHigh = Math.floor(y / 65536);
  return yHigh + Math.floor((x + (y - yHigh * 65536) * 65536) / TWO32);
}

/**
 * `w * 10^q` correctly rounded, negated when `negative`, where `w = wHi * 2^32 + wLo` (`high` and
 * `low` are the 32-bit halves as int32, `w < 10^19`), put in {@link decimalResult}. Returns false
 * when the general parser must decide (subnormal, overflow, exponent out of range).
 *
 * The halves cross the call as int32, which are small integers to V8; as unsigned values above 2^31
 * they were doubles, and a double argument to a call that is not inlined is boxed in a heap number.
 */
export function decimalToDouble(high: number, low: number, q: number, negative: boolean): boolean {
  let wHi = high >>> 0;
  let wLo = low >>> 0;
  if (wHi === 0 && wLo === 0) {
    decimalResult[0] = negative ? -0 : 0;
    return true;
  }
  if (wHi < 0x200000 && q >= -22 && q <= 22) {
    // Clinger: w < 2^53 is exact, and so is 10^|q|.
    const w = wHi * TWO32 + wLo;
    const v = q < 0 ? w / POW10[-q]! : w * POW10[q]!;
    decimalResult[0] = negative ? -v : v;
    return true;
  }
  if (q < MIN_Q || q > MAX_Q || !LITTLE_ENDIAN) return false;
  if (computed[q - MIN_Q] === 0) computeEntry(q);
  const t = table;
  // Normalise w: shift left by its leading zeros.
  let lz: number;
  if (wHi === 0) {
    lz = 32 + Math.clz32(wLo);
    wHi = lz === 32 ? wLo : (wLo << (lz - 32)) >>> 0;
    wLo = 0;
  } else {
    lz = Math.clz32(wHi);
    if (lz > 0) {
      wHi = ((wHi << lz) | (wLo >>> (32 - lz))) >>> 0;
      wLo = (wLo << lz) >>> 0;
    }
  }
  const at = (q - MIN_Q) * 4;
  // First product: w times the high 64 bits of 5^q -> 128 bits r3:r2:r1:r0.
  const t3 = t[at]!;
  const t2 = t[at + 1]!;
  const l0 = Math.imul(wLo, t2) >>> 0;
  const h0 = mulHigh(wLo, t2);
  const l1 = Math.imul(wLo, t3) >>> 0;
  const h1 = mulHigh(wLo, t3);
  const l2 = Math.imul(wHi, t2) >>> 0;
  const h2 = mulHigh(wHi, t2);
  const l3 = Math.imul(wHi, t3) >>> 0;
  const h3 = mulHigh(wHi, t3);
  let r0 = l0;
  let s = h0 + l1 + l2;
  let r1 = s >>> 0;
  s = h1 + h2 + l3 + Math.floor(s / TWO32);
  let r2 = s >>> 0;
  let r3 = h3 + Math.floor(s / TWO32);
  // Only when the bits below the 55 kept are all ones can the low half of 5^q carry into them.
  if ((r2 & 0x1ff) === 0x1ff) {
    const u1 = t[at + 2]!;
    const u0 = t[at + 3]!;
    // High 64 bits of w times the low 64 bits of 5^q, added to r1:r0.
    const g0 = mulHigh(wLo, u0);
    const k1 = Math.imul(wLo, u1) >>> 0;
    const g1 = mulHigh(wLo, u1);
    const k2 = Math.imul(wHi, u0) >>> 0;
    const g2 = mulHigh(wHi, u0);
    const k3 = Math.imul(wHi, u1) >>> 0;
    const g3 = mulHigh(wHi, u1);
    let x = g0 + k1 + k2;
    x = g1 + g2 + k3 + Math.floor(x / TWO32);
    const p0 = x >>> 0;
    const p1 = g3 + Math.floor(x / TWO32);
    // r1:r0 += p1:p0, the carry rippling into r3:r2.
    let y = r0 + p0;
    r0 = y >>> 0;
    y = r1 + p1 + Math.floor(y / TWO32);
    r1 = y >>> 0;
    if (y >= TWO32) {
      y = r2 + 1;
      r2 = y >>> 0;
      if (y >= TWO32) r3 += 1;
    }
  }
  // Keep the top 54 or 55 bits (the top bit of the product may be 0 or 1).
  const upper = r3 >>> 31;
  const shift = upper + 9;
  let mHi = r3 >>> shift;
  let mLo = ((r3 << (32 - shift)) | (r2 >>> shift)) >>> 0;
  let power2 = ((217706 * q) >> 16) + 63 + upper - lz + 1023;
  if (power2 <= 0) return false; // subnormal
  // A value exactly halfway between two doubles (possible only for these q) rounds to even.
  if (r1 === 0 && r0 <= 1 && q >= -4 && q <= 23 && (mLo & 3) === 1 && (r2 & ((1 << shift) - 1)) === 0) {
    mLo = (mLo & ~1) >>> 0;
  }
  // Round half up on the extra bit, then drop it.
  if (mLo & 1) {
    mLo += 1;
    if (mLo >= TWO32) {
      mLo -= TWO32;
      mHi += 1;
    }
  }
  mLo = ((mLo >>> 1) | ((mHi & 1) << 31)) >>> 0;
  mHi >>>= 1;
  if (mHi >= 0x200000) {
    // Rounding carried into a new bit: the mantissa is 2^52 of the next binade.
    mHi = 0x100000;
    mLo = 0;
    power2++;
  }
  if (power2 >= 0x7ff) return false; // overflow
  wordsOut[HI] = ((negative ? 0x80000000 : 0) | (power2 << 20) | (mHi & 0xfffff)) >>> 0;
  wordsOut[LO] = mLo;
  decimalResult[0] = bitsOut[0]!;
  return true;
}
