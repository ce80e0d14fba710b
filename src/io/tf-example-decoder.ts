import { isUtf8 } from 'node:buffer';
import type { BytesValues, Float32Values, Int64Values } from './column-builder.js';

/**
 * Hand-written protobuf decoding of tf.Example and tf.SequenceExample (tensorflow/core/example):
 *   Example { Features features = 1 }            Features { map<string, Feature> feature = 1 }
 *   Feature { oneof kind { BytesList bytes_list = 1; FloatList float_list = 2; Int64List int64_list = 3 } }
 *   BytesList { repeated bytes value = 1 }  FloatList { repeated float value = 1 [packed] }
 *   Int64List { repeated int64 value = 1 [packed] }
 *   SequenceExample { Features context = 1; FeatureLists feature_lists = 2 }
 *   FeatureLists { map<string, FeatureList> feature_list = 1 }  FeatureList { repeated Feature feature = 1 }
 * Values are copied straight from the wire into column builders. Unknown fields are skipped;
 * packed and unpacked repeated numbers are both accepted.
 */

/** Feature kinds, numbered like the oneof fields. */
export const KIND_NONE = 0;
export const KIND_BYTES = 1;
export const KIND_FLOAT = 2;
export const KIND_INT64 = 3;

export class ProtoError extends Error {}

/** Protobuf cursor over `buf[pos..end)`. */
class Cursor {
  pos: number;
  constructor(
    readonly buf: Uint8Array,
    pos: number,
    readonly end: number,
  ) {
    this.pos = pos;
  }

  varint(): number {
    const buf = this.buf;
    let result = 0;
    let shift = 0;
    for (;;) {
      if (this.pos >= this.end) throw new ProtoError('varint runs past the end of its message');
      const b = buf[this.pos++]!;
      if (shift < 28) result |= (b & 0x7f) << shift;
      else result += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return shift < 28 ? result >>> 0 : result;
      shift += 7;
      if (shift > 63) throw new ProtoError('varint longer than 10 bytes');
    }
  }

  /** Length-delimited field: returns its end and leaves `pos` at its start. */
  lengthEnd(): number {
    const length = this.varint();
    const end = this.pos + length;
    if (end > this.end) throw new ProtoError('length-delimited field runs past the end of its message');
    return end;
  }

  skip(wireType: number): void {
    switch (wireType) {
      case 0:
        this.varint();
        return;
      case 1:
        this.pos += 8;
        break;
      case 2:
        this.pos = this.lengthEnd();
        return;
      case 5:
        this.pos += 4;
        break;
      default:
        throw new ProtoError(`unsupported wire type ${wireType}`);
    }
    if (this.pos > this.end) throw new ProtoError('field runs past the end of its message');
  }
}

/** A feature map entry: name and the byte range of its Feature message. */
export type FeatureVisitor = (name: string, featureStart: number, featureEnd: number) => void;

/**
 * A feature map key. Keys are proto3 strings, which must be UTF-8: decoding an invalid one would
 * replace its bad bytes with U+FFFD, and two different invalid keys would merge into one feature.
 */
function featureName(buf: Uint8Array, s: number, e: number): string {
  const bytes = Buffer.from(buf.buffer, buf.byteOffset + s, e - s);
  let ascii = true;
  for (let k = 0; k < bytes.length; k++) {
    if (bytes[k]! >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (!ascii && !isUtf8(bytes)) {
    const shown = bytes
      .toString('latin1')
      .replace(/[^\x20-\x7e]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
    throw new ProtoError(`a feature name is not valid UTF-8: '${shown.slice(0, 80)}'`);
  }
  return bytes.toString('utf8');
}

/** Visits the entries of a `Features` message (map<string, Feature>). */
export function visitFeatures(buf: Uint8Array, start: number, end: number, visit: FeatureVisitor): void {
  const c = new Cursor(buf, start, end);
  while (c.pos < end) {
    const tag = c.varint();
    if (tag !== 0x0a) {
      c.skip(tag & 7);
      continue;
    }
    const entryEnd = c.lengthEnd();
    let name = '';
    let fStart = -1;
    let fEnd = -1;
    while (c.pos < entryEnd) {
      const t = c.varint();
      if (t === 0x0a) {
        const e = c.lengthEnd();
        name = featureName(buf, c.pos, e);
        c.pos = e;
      } else if (t === 0x12) {
        fEnd = c.lengthEnd();
        fStart = c.pos;
        c.pos = fEnd;
      } else c.skip(t & 7);
    }
    if (fStart < 0) fStart = fEnd = entryEnd; // an entry without a value is an empty Feature
    visit(name, fStart, fEnd);
  }
}

/** The kind of a Feature message and the range of its list message (last oneof member wins). */
export function featureKind(buf: Uint8Array, start: number, end: number): { kind: number; start: number; end: number } {
  const c = new Cursor(buf, start, end);
  let kind = KIND_NONE;
  let ls = end;
  let le = end;
  while (c.pos < end) {
    const tag = c.varint();
    const field = tag >>> 3;
    if ((tag & 7) === 2 && field >= 1 && field <= 3) {
      le = c.lengthEnd();
      ls = c.pos;
      kind = field;
      c.pos = le;
    } else c.skip(tag & 7);
  }
  return { kind, start: ls, end: le };
}

/** Appends the values of an Int64List; returns how many. */
export function appendInt64List(buf: Uint8Array, start: number, end: number, out: Int64Values): number {
  const c = new Cursor(buf, start, end);
  let count = 0;
  while (c.pos < end) {
    const tag = c.varint();
    if (tag === 0x0a) {
      const e = c.lengthEnd();
      while (c.pos < e) {
        readInt64(c, out);
        count++;
      }
    } else if (tag === 0x08) {
      readInt64(c, out);
      count++;
    } else c.skip(tag & 7);
  }
  return count;
}

/** Decodes one varint int64 straight into two 32-bit words (exact for every int64). */
function readInt64(c: Cursor, out: Int64Values): void {
  const buf = c.buf;
  let lo = 0;
  let hi = 0;
  let b = 0;
  let i = 0;
  for (; i < 4; i++) {
    if (c.pos >= c.end) throw new ProtoError('varint runs past the end of its message');
    b = buf[c.pos++]!;
    lo |= (b & 0x7f) << (7 * i);
    if (b < 0x80) break;
  }
  if (b >= 0x80) {
    if (c.pos >= c.end) throw new ProtoError('varint runs past the end of its message');
    b = buf[c.pos++]!;
    lo |= (b & 0x7f) << 28;
    hi = (b & 0x7f) >> 4;
    for (let k = 0; b >= 0x80 && k < 5; k++) {
      if (c.pos >= c.end) throw new ProtoError('varint runs past the end of its message');
      b = buf[c.pos++]!;
      hi |= (b & 0x7f) << (3 + 7 * k);
    }
    if (b >= 0x80) throw new ProtoError('varint longer than 10 bytes');
  }
  out.ensure(out.length + 1);
  out.setWords(out.length++, lo, hi);
}

/** Appends the values of a FloatList; returns how many. */
export function appendFloatList(buf: Uint8Array, start: number, end: number, out: Float32Values): number {
  const c = new Cursor(buf, start, end);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let count = 0;
  while (c.pos < end) {
    const tag = c.varint();
    if (tag === 0x0a) {
      const e = c.lengthEnd();
      if ((e - c.pos) % 4 !== 0) throw new ProtoError('packed float list length is not a multiple of 4');
      const n = (e - c.pos) >> 2;
      out.ensure(out.length + n);
      for (let k = 0; k < n; k++) out.values[out.length++] = view.getFloat32(c.pos + 4 * k, true);
      count += n;
      c.pos = e;
    } else if (tag === 0x0d) {
      if (c.pos + 4 > end) throw new ProtoError('float runs past the end of its message');
      out.push(view.getFloat32(c.pos, true));
      c.pos += 4;
      count++;
    } else c.skip(tag & 7);
  }
  return count;
}

/** Appends the values of a BytesList; returns how many. */
export function appendBytesList(buf: Uint8Array, start: number, end: number, out: BytesValues): number {
  const c = new Cursor(buf, start, end);
  let count = 0;
  while (c.pos < end) {
    const tag = c.varint();
    if (tag === 0x0a) {
      const e = c.lengthEnd();
      out.ensureCount(out.length + 1);
      out.appendSlice(buf, c.pos, e);
      c.pos = e;
      count++;
    } else c.skip(tag & 7);
  }
  return count;
}

/** The ranges of the top-level fields of an Example (1 = features) or SequenceExample (1 = context, 2 = feature_lists). */
export function topLevelFields(buf: Uint8Array): { features: Array<[number, number]>; lists: Array<[number, number]> } {
  const c = new Cursor(buf, 0, buf.length);
  const features: Array<[number, number]> = [];
  const lists: Array<[number, number]> = [];
  while (c.pos < buf.length) {
    const tag = c.varint();
    if (tag === 0x0a || tag === 0x12) {
      const e = c.lengthEnd();
      (tag === 0x0a ? features : lists).push([c.pos, e]);
      c.pos = e;
    } else c.skip(tag & 7);
  }
  return { features, lists };
}

/** Visits the Feature messages of a FeatureList. */
export function visitFeatureList(
  buf: Uint8Array,
  start: number,
  end: number,
  visit: (featureStart: number, featureEnd: number) => void,
): void {
  const c = new Cursor(buf, start, end);
  while (c.pos < end) {
    const tag = c.varint();
    if (tag === 0x0a) {
      const e = c.lengthEnd();
      visit(c.pos, e);
      c.pos = e;
    } else c.skip(tag & 7);
  }
}
