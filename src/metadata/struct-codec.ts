import { InternalError } from './errors.js';
import type { AnyMessage, JsonValue } from './types.js';

// MLMD stores `struct_value` as `mlmd-struct::` + base64(serialized google.protobuf.Struct) and
// `proto_value` as base64(serialized google.protobuf.Any). This file holds just enough of the
// protobuf wire format for those two well-known messages; the metadata layer may not depend on
// the generic proto layer.

/** Prefix that marks a struct inside `string_value` (docs/metadata.md). */
export const STRUCT_PREFIX = 'mlmd-struct::';

class Writer {
  private readonly chunks: number[] = [];
  varint(value: number): void {
    let v = BigInt.asUintN(64, BigInt(Math.trunc(value)));
    while (v >= 0x80n) {
      this.chunks.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.chunks.push(Number(v));
  }
  tag(field: number, wire: number): void {
    this.varint((field << 3) | wire);
  }
  bytes(field: number, data: Uint8Array): void {
    this.tag(field, 2);
    this.varint(data.length);
    for (const b of data) this.chunks.push(b);
  }
  string(field: number, text: string): void {
    this.bytes(field, new TextEncoder().encode(text));
  }
  double(field: number, value: number): void {
    this.tag(field, 1);
    const buf = new DataView(new ArrayBuffer(8));
    buf.setFloat64(0, value, true);
    for (let i = 0; i < 8; i++) this.chunks.push(buf.getUint8(i));
  }
  finish(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}

class Reader {
  pos = 0;
  constructor(private readonly buf: Uint8Array) {}
  get done(): boolean {
    return this.pos >= this.buf.length;
  }
  varint(): number {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = this.buf[this.pos++];
      if (b === undefined) throw new InternalError('truncated protobuf varint in a stored property');
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) break;
      shift += 7n;
    }
    return Number(BigInt.asIntN(64, result));
  }
  bytes(): Uint8Array {
    const len = this.varint();
    const out = this.buf.subarray(this.pos, this.pos + len);
    if (out.length !== len) throw new InternalError('truncated protobuf field in a stored property');
    this.pos += len;
    return out;
  }
  double(): number {
    const view = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8);
    this.pos += 8;
    return view.getFloat64(0, true);
  }
  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) this.bytes();
    else if (wire === 5) this.pos += 4;
    else throw new InternalError(`unsupported protobuf wire type ${wire} in a stored property`);
  }
}

const utf8 = new TextDecoder();

function encodeValue(value: JsonValue): Uint8Array {
  const w = new Writer();
  if (value === null) {
    w.tag(1, 0);
    w.varint(0);
  } else if (typeof value === 'number') w.double(2, value);
  else if (typeof value === 'string') w.string(3, value);
  else if (typeof value === 'boolean') {
    w.tag(4, 0);
    w.varint(value ? 1 : 0);
  } else if (Array.isArray(value)) {
    const list = new Writer();
    for (const item of value) list.bytes(1, encodeValue(item));
    w.bytes(6, list.finish());
  } else w.bytes(5, encodeStruct(value));
  return w.finish();
}

/** Serializes a JSON object as a `google.protobuf.Struct`. */
export function encodeStruct(struct: { readonly [key: string]: JsonValue }): Uint8Array {
  const w = new Writer();
  for (const [key, value] of Object.entries(struct)) {
    const entry = new Writer();
    entry.string(1, key);
    entry.bytes(2, encodeValue(value));
    w.bytes(1, entry.finish());
  }
  return w.finish();
}

function decodeValue(buf: Uint8Array): JsonValue {
  const r = new Reader(buf);
  let result: JsonValue = null;
  while (!r.done) {
    const tag = r.varint();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 1 && wire === 0) {
      r.varint();
      result = null;
    } else if (field === 2 && wire === 1) result = r.double();
    else if (field === 3 && wire === 2) result = utf8.decode(r.bytes());
    else if (field === 4 && wire === 0) result = r.varint() !== 0;
    else if (field === 5 && wire === 2) result = decodeStruct(r.bytes());
    else if (field === 6 && wire === 2) {
      const list = new Reader(r.bytes());
      const items: JsonValue[] = [];
      while (!list.done) {
        const t = list.varint();
        if (t >>> 3 === 1 && (t & 7) === 2) items.push(decodeValue(list.bytes()));
        else list.skip(t & 7);
      }
      result = items;
    } else r.skip(wire);
  }
  return result;
}

/** Parses a serialized `google.protobuf.Struct`. */
export function decodeStruct(buf: Uint8Array): { [key: string]: JsonValue } {
  const r = new Reader(buf);
  const out: { [key: string]: JsonValue } = {};
  while (!r.done) {
    const tag = r.varint();
    if (tag >>> 3 !== 1 || (tag & 7) !== 2) {
      r.skip(tag & 7);
      continue;
    }
    const entry = new Reader(r.bytes());
    let key = '';
    let value: JsonValue = null;
    while (!entry.done) {
      const t = entry.varint();
      if (t >>> 3 === 1 && (t & 7) === 2) key = utf8.decode(entry.bytes());
      else if (t >>> 3 === 2 && (t & 7) === 2) value = decodeValue(entry.bytes());
      else entry.skip(t & 7);
    }
    out[key] = value;
  }
  return out;
}

/** Serializes a `google.protobuf.Any`. */
export function encodeAny(any: AnyMessage): Uint8Array {
  const w = new Writer();
  if (any.typeUrl) w.string(1, any.typeUrl);
  if (any.value.length) w.bytes(2, any.value);
  return w.finish();
}

/** Parses a serialized `google.protobuf.Any`. */
export function decodeAny(buf: Uint8Array): AnyMessage {
  const r = new Reader(buf);
  let typeUrl = '';
  let value: Uint8Array = new Uint8Array(0);
  while (!r.done) {
    const tag = r.varint();
    if (tag >>> 3 === 1 && (tag & 7) === 2) typeUrl = utf8.decode(r.bytes());
    else if (tag >>> 3 === 2 && (tag & 7) === 2) value = Uint8Array.from(r.bytes());
    else r.skip(tag & 7);
  }
  return { typeUrl, value };
}

/** Standard padded base64, as MLMD's helper writes it. */
export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

/** Decodes standard or web-safe base64. */
export function fromBase64(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'));
}
