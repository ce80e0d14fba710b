import { InputError } from '../_util/errors.js';
import { type Int64Value, int64FromWords, int64Value } from './integer.js';
import { RECURSION_LIMIT } from './recursion-limit.js';

/** Protobuf wire types. */
export const WireType = {
  VARINT: 0,
  FIXED64: 1,
  LENGTH_DELIMITED: 2,
  START_GROUP: 3,
  END_GROUP: 4,
  FIXED32: 5,
} as const;

const TWO_POW_32 = 4294967296;
const utf8Decoder = new TextDecoder('utf-8');
const utf8Encoder = new TextEncoder();

/**
 * Reads protobuf wire primitives from bytes. 64-bit integers are exact: a JS number when safe, a
 * bigint beyond 2^53 - 1 (see `integer.ts`).
 */
export class WireReader {
  readonly buf: Uint8Array;
  pos: number;
  readonly #view: DataView;
  /** Low and high 32 bits of the last 64-bit varint read by `readVarint64Parts`. */
  #lo = 0;
  #hi = 0;

  constructor(buf: Uint8Array, file?: string) {
    this.buf = buf;
    this.pos = 0;
    this.#view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.file = file;
  }

  readonly file: string | undefined;

  fail(message: string, at = this.pos): never {
    throw new InputError('PROTO_BINARY', message, {
      location: { ...(this.file !== undefined ? { file: this.file } : {}), byteOffset: at },
      hint: 'the file is not a valid binary protobuf of the expected message type',
    });
  }

  #byte(): number {
    if (this.pos >= this.buf.length) this.fail('unexpected end of data inside a varint');
    return this.buf[this.pos++] as number;
  }

  /** A varint truncated to its low 32 bits, unsigned. */
  uint32(): number {
    let b = this.#byte();
    if (b < 0x80) return b;
    let value = b & 0x7f;
    b = this.#byte();
    value |= (b & 0x7f) << 7;
    if (b < 0x80) return value;
    b = this.#byte();
    value |= (b & 0x7f) << 14;
    if (b < 0x80) return value;
    b = this.#byte();
    value |= (b & 0x7f) << 21;
    if (b < 0x80) return value;
    b = this.#byte();
    value |= (b & 0x0f) << 28;
    // Skip the high bytes of a 64-bit varint (negative int32 values are sign-extended to 10 bytes).
    for (let i = 0; b >= 0x80 && i < 5; i++) b = this.#byte();
    if (b >= 0x80) this.fail('varint longer than 10 bytes');
    return value >>> 0;
  }

  #varint64(): void {
    let lo = 0;
    let hi = 0;
    let b = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      b = this.#byte();
      lo |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.#lo = lo >>> 0;
        this.#hi = 0;
        return;
      }
    }
    b = this.#byte();
    lo |= (b & 0x0f) << 28;
    hi = (b & 0x7f) >> 4;
    if (b < 0x80) {
      this.#lo = lo >>> 0;
      this.#hi = hi >>> 0;
      return;
    }
    for (let shift = 3; shift < 32; shift += 7) {
      b = this.#byte();
      hi |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.#lo = lo >>> 0;
        this.#hi = hi >>> 0;
        return;
      }
    }
    this.fail('varint longer than 10 bytes');
  }

  int32(): number {
    return this.uint32() | 0;
  }

  uint64(): Int64Value {
    this.#varint64();
    return int64FromWords(this.#lo, this.#hi, false);
  }

  int64(): Int64Value {
    this.#varint64();
    return int64FromWords(this.#lo, this.#hi, true);
  }

  sint32(): number {
    const n = this.uint32();
    return (n >>> 1) ^ -(n & 1);
  }

  sint64(): Int64Value {
    this.#varint64();
    const lo = this.#lo;
    const hi = this.#hi;
    // Zigzag: (n >>> 1) ^ -(n & 1). Below 2^54 the magnitude is a safe number (but -2^53 is not).
    if (hi <= 0x3fffff) {
      const magnitude = (hi >>> 1) * TWO_POW_32 + (((lo >>> 1) | (hi << 31)) >>> 0);
      const value = lo & 1 ? -magnitude - 1 : magnitude;
      if (value >= -Number.MAX_SAFE_INTEGER) return value;
    }
    const n = (BigInt(hi) << 32n) | BigInt(lo);
    return int64Value(lo & 1 ? -(n >> 1n) - 1n : n >> 1n);
  }

  bool(): boolean {
    this.#varint64();
    return this.#lo !== 0 || this.#hi !== 0;
  }

  #need(n: number): void {
    if (this.pos + n > this.buf.length) this.fail(`unexpected end of data: need ${n} more bytes`);
  }

  fixed32(): number {
    this.#need(4);
    const value = this.#view.getUint32(this.pos, true);
    this.pos += 4;
    return value;
  }

  sfixed32(): number {
    this.#need(4);
    const value = this.#view.getInt32(this.pos, true);
    this.pos += 4;
    return value;
  }

  fixed64(): Int64Value {
    this.#need(8);
    const lo = this.#view.getUint32(this.pos, true);
    const hi = this.#view.getUint32(this.pos + 4, true);
    this.pos += 8;
    return int64FromWords(lo, hi, false);
  }

  sfixed64(): Int64Value {
    this.#need(8);
    const lo = this.#view.getUint32(this.pos, true);
    const hi = this.#view.getUint32(this.pos + 4, true);
    this.pos += 8;
    return int64FromWords(lo, hi, true);
  }

  float(): number {
    this.#need(4);
    const value = this.#view.getFloat32(this.pos, true);
    this.pos += 4;
    return value;
  }

  double(): number {
    this.#need(8);
    const value = this.#view.getFloat64(this.pos, true);
    this.pos += 8;
    return value;
  }

  /** Reads a length prefix and returns the end offset of the delimited region. */
  delimitedEnd(): number {
    const length = this.uint32();
    const end = this.pos + length;
    if (end > this.buf.length) this.fail(`length-delimited field of ${length} bytes runs past the end of the data`);
    return end;
  }

  bytes(): Uint8Array {
    const end = this.delimitedEnd();
    const value = this.buf.slice(this.pos, end);
    this.pos = end;
    return value;
  }

  string(): string {
    const end = this.delimitedEnd();
    const start = this.pos;
    this.pos = end;
    // Short ASCII strings (feature names, labels) decode faster by hand than through TextDecoder.
    if (end - start < 32) {
      let ascii = '';
      for (let i = start; i < end; i++) {
        const c = this.buf[i] as number;
        if (c >= 0x80) return utf8Decoder.decode(this.buf.subarray(start, end));
        ascii += String.fromCharCode(c);
      }
      return ascii;
    }
    return utf8Decoder.decode(this.buf.subarray(start, end));
  }

  /** Skips one field's value of the given wire type (used for unknown fields). */
  skip(wireType: number, fieldNumber: number, depth = 0): void {
    switch (wireType) {
      case WireType.VARINT:
        this.#varint64();
        return;
      case WireType.FIXED64:
        this.#need(8);
        this.pos += 8;
        return;
      case WireType.LENGTH_DELIMITED:
        this.pos = this.delimitedEnd();
        return;
      case WireType.FIXED32:
        this.#need(4);
        this.pos += 4;
        return;
      case WireType.START_GROUP: {
        if (depth >= RECURSION_LIMIT) this.fail(`expected groups nested at most ${RECURSION_LIMIT} deep`);
        for (;;) {
          if (this.pos >= this.buf.length) this.fail(`unterminated group for field ${fieldNumber}`);
          const tag = this.uint32();
          const wt = tag & 7;
          if (wt === WireType.END_GROUP) {
            if (tag >>> 3 !== fieldNumber) this.fail('mismatched end-group tag');
            return;
          }
          this.skip(wt, tag >>> 3, depth + 1);
        }
      }
      default:
        this.fail(`invalid wire type ${wireType} for field ${fieldNumber}`);
    }
  }
}

/** Writes protobuf wire primitives into a growing buffer. */
export class WireWriter {
  #buf: Uint8Array;
  #view: DataView;
  pos = 0;

  constructor(initialSize = 1024) {
    this.#buf = new Uint8Array(initialSize);
    this.#view = new DataView(this.#buf.buffer);
  }

  #ensure(n: number): void {
    if (this.pos + n <= this.#buf.length) return;
    let size = this.#buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.#buf.subarray(0, this.pos));
    this.#buf = next;
    this.#view = new DataView(next.buffer);
  }

  finish(): Uint8Array {
    return this.#buf.slice(0, this.pos);
  }

  tag(fieldNumber: number, wireType: number): void {
    this.uint32(((fieldNumber << 3) | wireType) >>> 0);
  }

  uint32(value: number): void {
    this.#ensure(5);
    value >>>= 0;
    while (value >= 0x80) {
      this.#buf[this.pos++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    this.#buf[this.pos++] = value;
  }

  /** Any integer in [-2^63, 2^64): non-negative numbers directly, negatives as 64-bit two's complement. */
  varint64(value: number | bigint): void {
    this.#ensure(10);
    if (typeof value === 'number' && value >= 0) {
      let v = Math.trunc(value);
      while (v >= 0x80) {
        this.#buf[this.pos++] = (v % 0x80) | 0x80;
        v = Math.floor(v / 0x80);
      }
      this.#buf[this.pos++] = v;
      return;
    }
    let v = BigInt.asUintN(64, typeof value === 'bigint' ? value : BigInt(Math.trunc(value)));
    while (v >= 0x80n) {
      this.#buf[this.pos++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.#buf[this.pos++] = Number(v);
  }

  int32(value: number): void {
    if (value >= 0) this.uint32(value);
    else this.varint64(value);
  }

  sint32(value: number): void {
    this.uint32(((value << 1) ^ (value >> 31)) >>> 0);
  }

  sint64(value: number | bigint): void {
    const v = typeof value === 'bigint' ? value : BigInt(Math.trunc(value));
    this.varint64(BigInt.asUintN(64, (v << 1n) ^ (v >> 63n)));
  }

  bool(value: boolean): void {
    this.#ensure(1);
    this.#buf[this.pos++] = value ? 1 : 0;
  }

  fixed32(value: number): void {
    this.#ensure(4);
    this.#view.setUint32(this.pos, value >>> 0, true);
    this.pos += 4;
  }

  sfixed32(value: number): void {
    this.#ensure(4);
    this.#view.setInt32(this.pos, value | 0, true);
    this.pos += 4;
  }

  fixed64(value: number | bigint): void {
    this.#ensure(8);
    this.#view.setBigUint64(
      this.pos,
      BigInt.asUintN(64, BigInt(typeof value === 'bigint' ? value : Math.trunc(value))),
      true,
    );
    this.pos += 8;
  }

  float(value: number): void {
    this.#ensure(4);
    this.#view.setFloat32(this.pos, value, true);
    this.pos += 4;
  }

  double(value: number): void {
    this.#ensure(8);
    this.#view.setFloat64(this.pos, value, true);
    this.pos += 8;
  }

  bytes(value: Uint8Array): void {
    this.uint32(value.length);
    this.#ensure(value.length);
    this.#buf.set(value, this.pos);
    this.pos += value.length;
  }

  string(value: string): void {
    // Reserve the worst case (3 bytes per UTF-16 unit), then encode in place.
    const start = this.beginDelimited();
    this.#ensure(value.length * 3);
    const { written } = utf8Encoder.encodeInto(value, this.#buf.subarray(this.pos));
    this.pos += written;
    this.endDelimited(start);
  }

  /**
   * Starts a length-delimited region: reserves one byte for the length and returns a marker for
   * `endDelimited`, which writes the real length (moving the content when it needs more bytes).
   */
  beginDelimited(): number {
    this.#ensure(1);
    return this.pos++;
  }

  endDelimited(marker: number): void {
    const length = this.pos - marker - 1;
    if (length < 0x80) {
      this.#buf[marker] = length;
      return;
    }
    let size = 1;
    for (let v = length; v >= 0x80; v >>>= 7) size++;
    this.#ensure(size - 1);
    this.#buf.copyWithin(marker + size, marker + 1, this.pos);
    let v = length;
    let at = marker;
    while (v >= 0x80) {
      this.#buf[at++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.#buf[at] = v;
    this.pos += size - 1;
  }
}

/** Encodes a string as UTF-8. */
export function utf8Encode(value: string): Uint8Array {
  return utf8Encoder.encode(value);
}

/**
 * The offset of the first byte that does not start or continue a valid UTF-8 sequence (overlong
 * forms, surrogates and code points above U+10FFFF are invalid), or -1 when all of it is valid.
 */
export function invalidUtf8Offset(bytes: Uint8Array, from = 0, to = bytes.length): number {
  let i = from;
  while (i < to) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = i + k < to ? (bytes[i + k] as number) : -1;
      if (c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** Decodes UTF-8 (invalid sequences become U+FFFD). */
export function utf8Decode(bytes: Uint8Array): string {
  return utf8Decoder.decode(bytes);
}
