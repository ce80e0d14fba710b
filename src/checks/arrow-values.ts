import { Buffer, isAscii } from 'node:buffer';
import type { Data } from 'apache-arrow/data';
import { Type } from 'apache-arrow/enum';
import type { RecordBatch } from 'apache-arrow/recordbatch';

/**
 * Reading check inputs from Arrow columns as typed arrays, one column at a time. Fixed-width
 * `values` are already sliced to the Data's offset; the validity bitmap is addressed by
 * `offset + i`; string bytes are indexed by the (sliced) offsets directly.
 */

/** How a column reads in the check language. */
export type ValueType = 'number' | 'string' | 'bool';

/** The check-language type of an Arrow column, or undefined for lists, structs and other types checks do not read. */
export function valueTypeOf(data: Data): ValueType | undefined {
  switch (data.typeId) {
    case Type.Int:
    case Type.Float:
    case Type.Date:
    case Type.Timestamp:
    case Type.Time:
    case Type.Duration:
    case Type.Decimal:
      return data.typeId === Type.Decimal ? undefined : 'number';
    case Type.Utf8:
    case Type.LargeUtf8:
      return 'string';
    case Type.Bool:
      return 'bool';
    case Type.Null:
      return 'number';
    case Type.Dictionary: {
      const dict = data.dictionary?.data[0];
      return dict && valueTypeOf(dict) === 'string' ? 'string' : undefined;
    }
    default:
      return undefined;
  }
}

/** A human name for an Arrow column type, for messages. */
export function arrowTypeName(data: Data): string {
  return String(data.type);
}

/** The columns of a batch by name (a Map: a column name never reaches an object prototype). */
export function columnsOf(batch: RecordBatch): Map<string, Data> {
  const out = new Map<string, Data>();
  const children = batch.data.children;
  batch.schema.fields.forEach((field, i) => {
    if (!out.has(field.name)) out.set(field.name, children[i]!);
  });
  return out;
}

/** Validity as one byte per row (1 valid), or null when every row is valid. */
export function validityBytes(data: Data): Uint8Array | null {
  const n = data.length;
  if (data.typeId === Type.Null) return new Uint8Array(n);
  const bitmap = data.nullBitmap;
  if (data.nullCount === 0 || !bitmap || bitmap.length === 0) return null;
  const out = new Uint8Array(n);
  const off = data.offset;
  for (let i = 0; i < n; i++) {
    const j = off + i;
    out[i] = (bitmap[j >> 3]! >> (j & 7)) & 1;
  }
  return out;
}

/** A numeric column as float64 (64-bit integers are exact up to 2^53), with its validity. */
export function numberValues(data: Data): { values: Float64Array; valid: Uint8Array | null } {
  const n = data.length;
  const valid = validityBytes(data);
  if (data.typeId === Type.Null) return { values: new Float64Array(n), valid };
  const raw = data.values as ArrayLike<number> | BigInt64Array | BigUint64Array;
  if (raw instanceof Float64Array) return { values: raw.length === n ? raw : raw.subarray(0, n), valid };
  const out = new Float64Array(n);
  if (raw instanceof BigInt64Array || raw instanceof BigUint64Array) {
    // Two 32-bit words per value, read without a BigInt per row.
    const words = new Int32Array(raw.buffer, raw.byteOffset, n * 2);
    const unsigned = raw instanceof BigUint64Array;
    for (let i = 0; i < n; i++) {
      const hi = words[2 * i + 1]!;
      out[i] = (unsigned ? hi >>> 0 : hi) * 4294967296 + (words[2 * i]! >>> 0);
    }
  } else {
    for (let i = 0; i < n; i++) out[i] = raw[i]!;
  }
  return { values: out, valid };
}

/** A string column as JS strings (null where missing); a dictionary column decodes its dictionary once. */
export function stringValues(data: Data): (string | null)[] {
  const n = data.length;
  const valid = validityBytes(data);
  const out = new Array<string | null>(n);
  if (data.typeId === Type.Dictionary) {
    const dict = stringValues(data.dictionary!.data[0]!);
    const keys = data.values as ArrayLike<number>;
    for (let i = 0; i < n; i++) out[i] = valid && !valid[i] ? null : (dict[Number(keys[i])] ?? null);
    return out;
  }
  if (valueTypeOf(data) === 'number') {
    const { values } = numberValues(data);
    for (let i = 0; i < n; i++) out[i] = valid && !valid[i] ? null : String(values[i]);
    return out;
  }
  if (data.typeId === Type.Bool) {
    const bits = boolValues(data);
    for (let i = 0; i < n; i++) out[i] = bits[i] === 2 ? null : bits[i] === 1 ? 'true' : 'false';
    return out;
  }
  const raw = data.valueOffsets as Int32Array | BigInt64Array;
  const offsets = raw instanceof BigInt64Array ? Float64Array.from(raw.subarray(0, n + 1), Number) : raw;
  const bytes = data.values as Uint8Array;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lo = offsets[0]!;
  const hi = offsets[n]!;
  if (isAscii(buf.subarray(lo, hi))) {
    // ASCII: one decode per batch, then each row is a slice of it (no decoder call per row).
    const all = buf.toString('latin1', lo, hi);
    for (let i = 0; i < n; i++) out[i] = valid && !valid[i] ? null : all.slice(offsets[i]! - lo, offsets[i + 1]! - lo);
    return out;
  }
  for (let i = 0; i < n; i++) out[i] = valid && !valid[i] ? null : buf.toString('utf8', offsets[i]!, offsets[i + 1]!);
  return out;
}

/** A plain Utf8 column's raw bytes, offsets and validity, for byte-level kernels; undefined for other types. */
export interface Utf8Bytes {
  readonly offsets: Int32Array | Float64Array;
  readonly bytes: Uint8Array;
  readonly valid: Uint8Array | null;
  /** Every value is ASCII: a value's characters are its bytes. */
  readonly ascii: boolean;
}

export function utf8Bytes(data: Data): Utf8Bytes | undefined {
  if (data.typeId !== Type.Utf8 && data.typeId !== Type.LargeUtf8) return undefined;
  const n = data.length;
  const raw = data.valueOffsets as Int32Array | BigInt64Array;
  const offsets = raw instanceof BigInt64Array ? Float64Array.from(raw.subarray(0, n + 1), Number) : raw;
  const bytes = data.values as Uint8Array;
  const lo = offsets[0]!;
  const hi = offsets[n]!;
  return { offsets, bytes, valid: validityBytes(data), ascii: isAscii(bytes.subarray(lo, hi)) };
}

/** A bool column as bytes: 0 false, 1 true, 2 missing. */
export function boolValues(data: Data): Uint8Array {
  const n = data.length;
  const valid = validityBytes(data);
  const out = new Uint8Array(n);
  const bits = data.values as Uint8Array;
  const off = data.offset;
  for (let i = 0; i < n; i++) {
    if (valid && !valid[i]) out[i] = 2;
    else {
      const j = off + i;
      out[i] = (bits[j >> 3]! >> (j & 7)) & 1;
    }
  }
  return out;
}
