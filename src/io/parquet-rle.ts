/**
 * Parquet's RLE / bit-packed hybrid encoding (definition levels, dictionary indices, RLE
 * booleans). A run starts with a ULEB128 header: an even header is an RLE run of `header >> 1`
 * copies of one value stored in ceil(bitWidth / 8) little-endian bytes; an odd header is a
 * bit-packed run of `(header >> 1) * 8` values of `bitWidth` bits each, packed from the least
 * significant bit of each byte.
 */

import { BYTE_BIT_COUNTS } from './byte-bit-counts.js';

/** Malformed levels or indices; the caller reports it with the file's name. */
export class ParquetRleError extends Error {
  override readonly name = 'ParquetRleError';
}

/**
 * A reader of the encoding, a piece at a time (a page's definition levels or dictionary indices as
 * the batches need them), so that scratch arrays are a batch long rather than a page long.
 */
export class HybridReader {
  private buf: Uint8Array = new Uint8Array(0);
  private pos = 0;
  private end = 0;
  private bitWidth = 0;
  private mask = 0;
  /** Values left in the current run. */
  private left = 0;
  /** The current run is RLE (of `value`), else bit-packed from byte `packedStart`, value `packedAt`. */
  private rle = true;
  private value = 0;
  private packedStart = 0;
  private packedAt = 0;

  /** Starts on `count` values of `bitWidth` bits in `buf[pos, end)`. */
  reset(buf: Uint8Array, pos: number, end: number, bitWidth: number): void {
    if (bitWidth < 0 || bitWidth > 32) throw new ParquetRleError(`bit width ${bitWidth} out of range`);
    this.buf = buf;
    this.pos = pos;
    this.end = end;
    this.bitWidth = bitWidth;
    this.mask = bitWidth === 32 ? 0xffffffff : (1 << bitWidth) - 1;
    this.left = 0;
  }

  /**
   * How many of the next `count` values are 1, for 1-bit values (definition levels of a flat
   * column), without writing them out: what a page needs to know before its values are read.
   */
  countOnes(count: number): number {
    let n = 0;
    let ones = 0;
    while (n < count) {
      if (this.left === 0) this.nextRun();
      const take = Math.min(this.left, count - n);
      if (this.rle) {
        if (this.value !== 0 && this.value !== 1) throw new ParquetRleError(`level ${this.value} in a 1-bit run`);
        ones += this.value * take;
      } else {
        // A run is counted from its start (packedAt is 0 here): whole bytes, then part of one.
        const start = this.packedStart + (this.packedAt >>> 3);
        const whole = take >>> 3;
        for (let b = 0; b < whole; b++) ones += BYTE_BIT_COUNTS[this.buf[start + b]!]!;
        if ((take & 7) !== 0) ones += BYTE_BIT_COUNTS[this.buf[start + whole]! & ((1 << (take & 7)) - 1)]!;
        this.packedAt += take;
      }
      this.left -= take;
      n += take;
    }
    return ones;
  }

  /** The next `count` values into `out[0, count)`. */
  read(count: number, out: Int32Array): void {
    if (this.bitWidth === 0) {
      out.fill(0, 0, count);
      return;
    }
    let n = 0;
    while (n < count) {
      if (this.left === 0) this.nextRun();
      const take = Math.min(this.left, count - n);
      if (this.rle) out.fill(this.value, n, n + take);
      else this.unpack(out, n, take);
      this.left -= take;
      n += take;
    }
  }

  private nextRun(): void {
    const buf = this.buf;
    let header = 0;
    for (let shift = 0; ; shift += 7) {
      if (this.pos >= this.end) throw new ParquetRleError('RLE data ends early');
      if (shift > 28) throw new ParquetRleError('RLE run header too long');
      const b = buf[this.pos++]!;
      header += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) break;
    }
    if (header % 2 === 0) {
      const bytes = (this.bitWidth + 7) >>> 3;
      if (header === 0) throw new ParquetRleError('empty RLE run');
      if (this.pos + bytes > this.end) throw new ParquetRleError('RLE data ends early');
      let value = 0;
      for (let i = 0; i < bytes; i++) value += buf[this.pos + i]! * 2 ** (8 * i);
      this.pos += bytes;
      this.rle = true;
      this.value = value | 0;
      this.left = header / 2;
      return;
    }
    const groups = (header - 1) / 2;
    const bytes = groups * this.bitWidth;
    // The last run of a page may be cut short by writers when its padding is not needed.
    const available = Math.min(bytes, this.end - this.pos);
    const values = Math.min(groups * 8, Math.floor((available * 8) / this.bitWidth));
    if (values <= 0) throw new ParquetRleError('RLE data ends early');
    this.rle = false;
    this.packedStart = this.pos;
    this.packedAt = 0;
    this.left = values;
    this.pos += available;
  }

  /** `take` values of the current bit-packed run into `out` from `at`. */
  private unpack(out: Int32Array, at: number, take: number): void {
    const buf = this.buf;
    const bitWidth = this.bitWidth;
    const mask = this.mask;
    const first = this.packedAt;
    this.packedAt += take;
    if (bitWidth <= 24) {
      // A bit accumulator: with at most 24 bits per value it never needs more than 31 bits.
      const bit = first * bitWidth;
      let pos = this.packedStart + (bit >>> 3);
      let acc = 0;
      let bits = 0;
      const skip = bit & 7;
      if (skip !== 0) {
        acc = buf[pos++]! >>> skip;
        bits = 8 - skip;
      }
      for (let i = at, stop = at + take; i < stop; i++) {
        while (bits < bitWidth) {
          acc |= buf[pos++]! << bits;
          bits += 8;
        }
        out[i] = acc & mask;
        acc >>>= bitWidth;
        bits -= bitWidth;
      }
      return;
    }
    for (let k = 0; k < take; k++) {
      const bit = (first + k) * bitWidth;
      let value = 0;
      for (let b = 0; b < bitWidth; b++) {
        const p = bit + b;
        value += ((buf[this.packedStart + (p >>> 3)]! >>> (p & 7)) & 1) * 2 ** b;
      }
      out[at + k] = value | 0;
    }
  }
}
