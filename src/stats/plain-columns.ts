import { type Data, makeData } from 'apache-arrow/data';
import { RecordBatch } from 'apache-arrow/recordbatch';
import { Field, Schema } from 'apache-arrow/schema';
import { Binary, type DataType, Float64, Int64, List, Null, Struct, Utf8 } from 'apache-arrow/type';
import { InputError } from '../_util/errors.js';
import { INT64_END_DOUBLE, isInt64 } from '../tfmd/vocabulary.js';

/**
 * Plain JavaScript columns for the statistics, so callers that hold values as JS data (serving
 * requests, test fixtures) need no Arrow. The representation follows the io layer's column
 * contract (docs/ingestion.md): a column of scalars is a nullable `Int64`, `Float64`, `Utf8` (or
 * `Binary`) column; a column with an array in it is a `List<T>` column in which a scalar is a
 * one-value list. `null` (or `undefined`) is a missing value; `[]` is present with 0 values.
 */

/** The value type of a plain column (`bytes`: strings as UTF-8 or `Uint8Array`). */
export type PlainColumnType = 'int' | 'float' | 'string' | 'bytes';

/** One column: a name, one entry per row, and its value type (else inferred from the values). */
export interface PlainColumn {
  readonly name: string;
  /** Per row: `null`/`undefined` (missing), a scalar, or a flat array of scalars. */
  readonly values: readonly unknown[];
  readonly type?: PlainColumnType;
}

function scalarFits(v: unknown, type: PlainColumnType): boolean {
  switch (type) {
    case 'int':
      if (typeof v === 'number' || typeof v === 'bigint') return isInt64(v);
      return typeof v === 'boolean';
    case 'float':
      return typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint';
    case 'string':
      return typeof v === 'string';
    case 'bytes':
      return typeof v === 'string' || v instanceof Uint8Array;
  }
}

/**
 * Whether a value can go into a column of `type`: missing, a scalar of the type, or a flat array
 * of them. `int` takes integers within int64 (numbers or bigints) and booleans (0/1, as TFDV);
 * `float` any number (NaN and infinities included); `string` strings; `bytes` strings and
 * `Uint8Array`s. Numbers in strings, nested arrays and objects never fit.
 */
export function plainValueFits(value: unknown, type: PlainColumnType): boolean {
  if (value === null || value === undefined) return true;
  if (Array.isArray(value)) {
    for (const v of value) if (!scalarFits(v, type)) return false;
    return true;
  }
  return scalarFits(value, type);
}

const RANK: Record<PlainColumnType, number> = { int: 0, float: 1, string: 2, bytes: 3 };

/**
 * The widest type of the values (int < float < string < bytes), or undefined when there is no
 * value. Numbers and strings do not mix: the caller's fit check rejects the narrower values.
 */
function inferType(name: string, values: readonly unknown[]): PlainColumnType | undefined {
  let type: PlainColumnType | undefined;
  const see = (v: unknown, row: number): void => {
    let t: PlainColumnType;
    if (typeof v === 'number') t = Number.isInteger(v) && Math.abs(v) < INT64_END_DOUBLE ? 'int' : 'float';
    else if (typeof v === 'bigint' || typeof v === 'boolean') t = 'int';
    else if (typeof v === 'string') t = 'string';
    else if (v instanceof Uint8Array) t = 'bytes';
    else throw misfit(name, row, v, undefined);
    if (type === undefined || RANK[t] > RANK[type]) type = t;
  };
  values.forEach((value, row) => {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) for (const v of value) see(v, row);
    else see(value, row);
  });
  return type;
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'an array of mixed or nested values';
  if (v instanceof Uint8Array) return 'bytes';
  return typeof v === 'string' ? `the string ${JSON.stringify(v.slice(0, 40))}` : `${typeof v} ${String(v)}`;
}

function misfit(name: string, row: number, value: unknown, type: PlainColumnType | undefined): InputError {
  return new InputError(
    'STATS_VALUE_TYPE',
    type === undefined
      ? `feature '${name}' has ${describe(value)} in row ${row + 1}: not a statistics value`
      : `feature '${name}' is ${type} but has ${describe(value)} in row ${row + 1}`,
    {
      location: { feature: name, row: row + 1 },
      hint: 'values must be numbers, strings, booleans, bytes, null or flat arrays of those; check with plainValueFits',
    },
  );
}

const encoder = new TextEncoder();

/** Leaf values collected for one column: typed storage plus a validity bitmap when scalar. */
function leafData(type: PlainColumnType, leaves: unknown[], validity?: { nullBitmap: Uint8Array; nullCount: number }) {
  const n = leaves.length;
  const nulls = validity ?? { nullCount: 0 };
  if (type === 'int') {
    const big = new BigInt64Array(n);
    const words = new Uint32Array(big.buffer);
    for (let i = 0; i < n; i++) {
      const v = leaves[i];
      if (typeof v === 'bigint') big[i] = v;
      else if (v !== undefined) {
        // Two 32-bit words avoid a BigInt per value; exact for every integer a double holds.
        const x = typeof v === 'boolean' ? Number(v) : (v as number);
        const hi = Math.floor(x / 4294967296);
        words[2 * i] = x - hi * 4294967296;
        words[2 * i + 1] = hi;
      }
    }
    return makeData({ type: new Int64(), length: n, data: big, ...nulls });
  }
  if (type === 'float') {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = leaves[i];
      if (v !== undefined) out[i] = Number(v);
    }
    return makeData({ type: new Float64(), length: n, data: out, ...nulls });
  }
  // UTF-8 is at most 3 bytes per UTF-16 unit: size the buffer once and encode in place.
  let bound = 0;
  for (let i = 0; i < n; i++) {
    const v = leaves[i];
    bound += v === undefined ? 0 : v instanceof Uint8Array ? v.length : 3 * (v as string).length;
  }
  const buffer = new Uint8Array(bound);
  const valueOffsets = new Int32Array(n + 1);
  let size = 0;
  for (let i = 0; i < n; i++) {
    const v = leaves[i];
    if (v instanceof Uint8Array) {
      buffer.set(v, size);
      size += v.length;
    } else if (v !== undefined) size += encoder.encodeInto(v as string, buffer.subarray(size)).written;
    valueOffsets[i + 1] = size;
  }
  const data = buffer.subarray(0, size);
  return type === 'string'
    ? makeData({ type: new Utf8(), length: n, valueOffsets, data, ...nulls })
    : makeData({ type: new Binary(), length: n, valueOffsets, data, ...nulls });
}

/** One column as Arrow data of `numRows` rows. */
function columnData(column: PlainColumn, numRows: number): Data {
  const { name, values } = column;
  if (values.length !== numRows) {
    throw new InputError('STATS_COLUMN_LENGTH', `column '${name}' has ${values.length} values for ${numRows} rows`, {
      location: { feature: name },
    });
  }
  const type = column.type ?? inferType(name, values);
  const nullBitmap = new Uint8Array((numRows + 7) >> 3);
  let nullCount = 0;
  let list = false;
  for (let r = 0; r < numRows; r++) {
    const v = values[r];
    if (v === null || v === undefined) {
      nullCount++;
      continue;
    }
    if (type !== undefined && !plainValueFits(v, type)) throw misfit(name, r, v, type);
    nullBitmap[r >> 3]! |= 1 << (r & 7);
    if (Array.isArray(v)) list = true;
  }
  const validity = { nullBitmap, nullCount };
  if (type === undefined) {
    // No value at all and no declared type: Arrow Null (all missing) or List<Null> (empty lists).
    const nothing = makeData({ type: new Null(), length: 0 });
    if (!list) return makeData({ type: new Null(), length: numRows });
    return makeData({
      type: new List(new Field('item', nothing.type, true)),
      length: numRows,
      valueOffsets: new Int32Array(numRows + 1),
      child: nothing,
      ...validity,
    });
  }
  if (!list) {
    // Scalars: missing rows keep a zero slot in the values, masked by the bitmap.
    return leafData(
      type,
      values.map((v) => (v === null ? undefined : v)),
      validity,
    );
  }
  const leaves: unknown[] = [];
  const valueOffsets = new Int32Array(numRows + 1);
  for (let r = 0; r < numRows; r++) {
    const v = values[r];
    if (Array.isArray(v)) for (const x of v) leaves.push(x);
    else if (v !== null && v !== undefined) leaves.push(v);
    valueOffsets[r + 1] = leaves.length;
  }
  const child: Data<DataType> = leafData(type, leaves);
  return makeData({
    type: new List(new Field('item', child.type, true)),
    length: numRows,
    valueOffsets,
    child,
    ...validity,
  });
}

/**
 * An Arrow record batch of `numRows` rows from plain columns (see {@link PlainColumn}), for
 * {@link StatisticsAccumulator.add}. Without a `type`, a column's type is the widest of its values
 * (int < float; booleans are ints; strings with `Uint8Array`s are bytes; strings and numbers do not
 * mix); a column without any value is Arrow `Null` (`List<Null>` when it holds empty lists).
 * @throws InputError `STATS_VALUE_TYPE` (with the feature and 1-based row) for a value that does
 *   not fit the column's type, `STATS_COLUMN_LENGTH` when a column's length is not `numRows`.
 */
export function recordBatchFromPlainColumns(columns: readonly PlainColumn[], numRows: number): RecordBatch {
  const data = columns.map((c) => columnData(c, numRows));
  const fields = columns.map((c, i) => new Field(c.name, data[i]!.type, true));
  const struct = makeData({ type: new Struct(fields), length: numRows, nullCount: 0, children: data });
  return new RecordBatch(new Schema(fields), struct);
}
