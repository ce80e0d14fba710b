import type { Data } from 'apache-arrow/data';
import { DateUnit, TimeUnit, Type } from 'apache-arrow/enum';
import type { IntegerTimeFormat } from '../tfmd/types.js';

/**
 * Arrow access helpers, the one place that knows arrow-js layout quirks: fixed-width `values`
 * and `valueOffsets` are already sliced to the Data's offset, while the validity bitmap (and
 * bit-packed booleans) are addressed by `offset + i`, and child data / string bytes are not
 * sliced at all (offsets index them directly).
 */

/** What the statistics make of a leaf Arrow type (TFDV; docs/statistics.md). */
export type LeafKind = 'int' | 'float' | 'string' | 'bool' | 'null' | 'struct' | 'unsupported';

/** The kind of a leaf type, decided once per column. */
export function leafKind(data: Data): LeafKind {
  switch (data.typeId) {
    case Type.Int:
    case Type.Date:
    case Type.Time:
    case Type.Timestamp:
    case Type.Duration:
      return 'int';
    case Type.Float:
      return 'float';
    case Type.Utf8:
    case Type.LargeUtf8:
    case Type.Binary:
    case Type.LargeBinary:
    case Type.FixedSizeBinary:
      return 'string';
    case Type.Dictionary: {
      const dict = data.dictionary?.data[0];
      return dict ? leafKind(dict) : 'unsupported';
    }
    case Type.Bool:
      return 'bool';
    case Type.Null:
      return 'null';
    case Type.Struct:
      return 'struct';
    default:
      return 'unsupported';
  }
}

/**
 * The integer time format of a timestamp or date leaf (its values are counted as INT since the
 * epoch in this unit), or undefined for any other type. A dictionary is looked through.
 */
export function timeFormatOf(data: Data): IntegerTimeFormat | undefined {
  const type = data.type as { unit?: number };
  if (data.typeId === Type.Timestamp) {
    switch (type.unit) {
      case TimeUnit.SECOND:
        return 'UNIX_SECONDS';
      case TimeUnit.MILLISECOND:
        return 'UNIX_MILLISECONDS';
      case TimeUnit.MICROSECOND:
        return 'UNIX_MICROSECONDS';
      case TimeUnit.NANOSECOND:
        return 'UNIX_NANOSECONDS';
      default:
        return undefined;
    }
  }
  if (data.typeId === Type.Date) return type.unit === DateUnit.DAY ? 'UNIX_DAYS' : 'UNIX_MILLISECONDS';
  if (data.typeId === Type.Dictionary) {
    const dict = data.dictionary?.data[0];
    return dict ? timeFormatOf(dict) : undefined;
  }
  return undefined;
}

/** True for list-like types, which add one nest level. */
export function isListType(data: Data): boolean {
  return data.typeId === Type.List || data.typeId === Type.LargeList || data.typeId === Type.FixedSizeList;
}

/** Whether row `i` (0-based within the Data) is valid. */
export function isValid(data: Data, i: number): boolean {
  if (data.typeId === Type.Null) return false;
  const bitmap = data.nullBitmap;
  if (data.nullCount === 0 || !bitmap || bitmap.length === 0) return true;
  const j = data.offset + i;
  return (bitmap[j >> 3]! & (1 << (j & 7))) !== 0;
}

/** A validity test hoisted out of the loop: null when every row is valid. */
export function validityOf(data: Data): { bitmap: Uint8Array; offset: number } | null {
  if (data.typeId === Type.Null)
    return { bitmap: new Uint8Array(Math.ceil((data.offset + data.length) / 8)), offset: 0 };
  const bitmap = data.nullBitmap;
  if (data.nullCount === 0 || !bitmap || bitmap.length === 0) return null;
  return { bitmap, offset: data.offset };
}

/**
 * List or binary offsets as numbers, `length + 1` entries starting at the Data's first row
 * (64-bit offsets of the Large types are converted once per batch).
 */
export function offsetsOf(data: Data): Int32Array | Float64Array {
  const raw = data.valueOffsets as Int32Array | BigInt64Array | undefined;
  if (raw instanceof Int32Array && data.typeId !== Type.FixedSizeList) return raw;
  const cached = offsetsCache.get(data);
  if (cached) return cached;
  const out = convertOffsets(data);
  offsetsCache.set(data, out);
  return out;
}

/** Converted (64-bit or implicit) offsets, computed once per Data. */
const offsetsCache = new WeakMap<Data, Int32Array | Float64Array>();

function convertOffsets(data: Data): Int32Array | Float64Array {
  if (data.typeId === Type.FixedSizeList || data.typeId === Type.FixedSizeBinary) {
    const type = data.type as unknown as { listSize?: number; byteWidth?: number };
    const size = type.listSize ?? type.byteWidth ?? 0;
    const out = new Int32Array(data.length + 1);
    for (let i = 0; i <= data.length; i++) out[i] = (data.offset + i) * size;
    return out;
  }
  const raw = data.valueOffsets as Int32Array | BigInt64Array;
  if (raw instanceof Int32Array) return raw;
  const words = new Int32Array(raw.buffer, raw.byteOffset, (data.length + 1) * 2);
  const out = new Float64Array(data.length + 1);
  for (let i = 0; i <= data.length; i++) out[i] = words[2 * i + 1]! * 4294967296 + (words[2 * i]! >>> 0);
  return out;
}

/**
 * Numeric leaf values as a number-indexable typed array, with 64-bit integers read as
 * (low, high) Int32 pairs (`wide`); `values[i]` is row `i` of the Data.
 */
export function numericValuesOf(data: Data): { values: ArrayLike<number>; wide: boolean } {
  const v = data.values as ArrayLike<number> | BigInt64Array | BigUint64Array;
  if (v instanceof BigInt64Array || v instanceof BigUint64Array) {
    return { values: new Int32Array(v.buffer, v.byteOffset, v.length * 2), wide: true };
  }
  return { values: v as ArrayLike<number>, wide: false };
}

/** Reads a value of a `wide` (Int32 pair) array: exact up to 2^53. */
export function wideAt(words: ArrayLike<number>, i: number, unsigned: boolean): number {
  const hi = words[2 * i + 1]!;
  return (unsigned ? hi >>> 0 : hi) * 4294967296 + (words[2 * i]! >>> 0);
}

/** True for unsigned integer types. */
export function isUnsigned(data: Data): boolean {
  return (data.type as { isSigned?: boolean }).isSigned === false;
}
