import { basename, extname } from 'node:path';
import { type Data, makeData } from 'apache-arrow/data';
import type { RecordBatch } from 'apache-arrow/recordbatch';
import { Null } from 'apache-arrow/type';
import type { InputError } from '../_util/errors.js';
import { INT64_END_DOUBLE, INT64_MAX, INT64_MIN } from '../tfmd/vocabulary.js';
import { ChunkedFile } from './chunked-file.js';
import {
  BytesValues,
  bytesData,
  Float32Values,
  Float64Values,
  float32Data,
  float64Data,
  Int64Values,
  int64Data,
  listData,
  makeRecordBatch,
  Validity,
} from './column-builder.js';
import { IoErrorCode, inputError } from './io-error.js';
import { describeJsonValue, JsonSyntaxError, parseJsonLine } from './json-line.js';
import type { ColumnType } from './read-options.js';
import { type ReaderContext, rowsPerBatch } from './reader-context.js';
import type { DatasetFile } from './resolve-inputs.js';

const T_NULL = 0;
const T_INT = 1;
const T_FLOAT = 2;
const T_STRING = 3;

interface ColumnInfo {
  name: string;
  /** Widest value type seen: null < int < float < string (TFDV's promotion order). */
  type: number;
  /** True once an array was seen: the column becomes a list column. */
  list: boolean;
}

/**
 * Reads JSON Lines (one object per line, e.g. serving-request logs). Values may be numbers,
 * strings, booleans (read as 0/1 ints, as TFDV does), null (missing) or arrays of those
 * (multivalent features). A first pass learns every key, whether it is ever an array and the
 * widest value type, so all batches share one schema: scalar columns are Int64/Float64/Utf8,
 * array columns List<Int64|Float32|Binary> (TFDV's representation), and a scalar in an array
 * column is a one-value list. Keys are ordered by first appearance. JSON cannot tell `1.0`
 * from `1`, so a column of whole numbers is int. Integers are exact up to int64 (beyond 2^53
 * they are read as BigInt, see json-line.ts); a larger one makes its column float. Nested
 * objects and arrays are rejected. A UTF-8 byte order mark at the start of a file is skipped.
 */
export async function* readJsonl(files: readonly DatasetFile[], ctx: ReaderContext): AsyncGenerator<RecordBatch> {
  const columns = new Map<string, ColumnInfo>();
  const given = ctx.columnTypes;
  let bytesDone = 0;
  let rowsRead = 0;
  for (const { path, size, source } of files) {
    for await (const { value, rowsSoFar, bytes, line, offset } of objects(path, source, ctx, 'scan')) {
      if (value) {
        for (const key in value) {
          let info = columns.get(key);
          if (!info) {
            info = { name: key, type: T_NULL, list: false };
            columns.set(key, info);
          }
          try {
            observe(info, value[key]);
          } catch (error) {
            if (!(error instanceof UnsupportedValue)) throw error;
            throw inputError(
              IoErrorCode.JSONL_UNSUPPORTED_VALUE,
              error.message,
              { file: path, line, row: rowsSoFar, byteOffset: offset, feature: error.key },
              'values must be numbers, strings, booleans, null or flat arrays of those; flatten nested objects into separate keys',
            );
          }
        }
      } else {
        ctx.progress({ phase: 'scan', bytesRead: bytesDone + bytes, rowsRead: rowsRead + rowsSoFar, file: path });
      }
    }
    bytesDone += size;
    rowsRead = 0;
  }
  const infos = [...columns.values()];
  for (const info of infos) {
    const type = given.get(info.name);
    if (type) info.type = typeCode(type);
  }
  const batchSize = rowsPerBatch(ctx.batchSize, infos.length);
  const builder = new JsonBatchBuilder(infos, batchSize, given);
  bytesDone = 0;
  rowsRead = 0;
  let any = false;
  for (const { path, size, source } of files) {
    const ready: RecordBatch[] = [];
    for await (const { value, line, offset, bytes } of objects(path, source, ctx, 'read')) {
      if (value) {
        builder.add(value, path, line, offset);
        rowsRead++;
        if (builder.rows === batchSize) ready.push(builder.finish());
      } else {
        for (const batch of ready) {
          any = true;
          yield batch;
        }
        ready.length = 0;
        ctx.progress({ phase: 'read', bytesRead: bytesDone + bytes, rowsRead, file: path });
      }
    }
    for (const batch of ready) {
      any = true;
      yield batch;
    }
    bytesDone += size;
  }
  if (builder.rows > 0 || !any) yield builder.finish();
}

function typeCode(type: ColumnType): number {
  return type === 'int' ? T_INT : type === 'float' ? T_FLOAT : T_STRING;
}

function valueType(v: unknown): number {
  switch (typeof v) {
    case 'number':
      return Number.isInteger(v) && Math.abs(v) < INT64_END_DOUBLE ? T_INT : T_FLOAT;
    case 'bigint':
      return v >= INT64_MIN && v <= INT64_MAX ? T_INT : T_FLOAT;
    case 'boolean':
      return T_INT;
    case 'string':
      return T_STRING;
    default:
      return -1;
  }
}

function observe(info: ColumnInfo, v: unknown): void {
  if (v === null) return;
  if (Array.isArray(v)) {
    info.list = true;
    for (const item of v) {
      const t = valueType(item);
      if (t < 0) throw new UnsupportedValue(info.name, item);
      if (t > info.type) info.type = t;
    }
    return;
  }
  const t = valueType(v);
  if (t < 0) throw new UnsupportedValue(info.name, v);
  if (t > info.type) info.type = t;
}

class UnsupportedValue extends Error {
  constructor(
    readonly key: string,
    readonly value: unknown,
  ) {
    super(`key '${key}' has a value datavet cannot represent: ${describeJsonValue(value)}`);
  }
}

interface ParsedLine {
  value: Record<string, unknown> | undefined;
  line: number;
  offset: number;
  rowsSoFar: number;
  bytes: number;
}

/**
 * Parses each non-blank line as a JSON object. Yields `{value}` per object and `{value:
 * undefined}` after each chunk (a progress tick). Malformed lines throw, or are skipped and
 * counted with `skipMalformedRows` (counted in the read pass only).
 */
async function* objects(
  path: string,
  source: string | undefined,
  ctx: ReaderContext,
  phase: 'scan' | 'read',
): AsyncGenerator<ParsedLine> {
  const file = await ChunkedFile.open(path, undefined, true, source);
  let line = 1;
  let rows = 0;
  let pos = 0;
  let sawBytes = false;
  try {
    for (;;) {
      const more = await file.fill(pos);
      pos = 0;
      const buf = file.buf;
      if (file.start === 0 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) pos = 3;
      if (buf.length > 0) sawBytes = true;
      for (;;) {
        let nl = buf.indexOf(10, pos);
        if (nl < 0) {
          if (!file.eof && more) break;
          if (pos >= buf.length) break;
          nl = buf.length;
        }
        const offset = file.start + pos;
        let s = pos;
        let e = nl;
        while (s < e && (buf[s] === 32 || buf[s] === 9 || buf[s] === 13)) s++;
        while (e > s && (buf[e - 1] === 32 || buf[e - 1] === 9 || buf[e - 1] === 13)) e--;
        if (s < e) {
          rows++;
          let value: unknown;
          let error: InputError | undefined;
          // A whole file that is one JSON array (what most tools export) is the common mix-up.
          const arrayHint =
            rows === 1 && buf[s] === 91
              ? `the file is one JSON array, not JSON Lines (one object per line): convert it first, e.g. jq -c '.[]' ${basename(path)} > ${basename(path, extname(path))}.jsonl`
              : undefined;
          try {
            value = parseJsonLine(buf.toString('utf8', s, e));
            if (value === null || typeof value !== 'object' || Array.isArray(value)) {
              error = inputError(
                IoErrorCode.JSONL_NOT_OBJECT,
                `line ${line} is ${Array.isArray(value) ? 'an array' : `a ${value === null ? 'null' : typeof value}`}, not a JSON object`,
                { file: path, line, row: rows, byteOffset: offset },
                arrayHint ?? 'each line must be one object like {"feature": value, ...}',
              );
            }
          } catch (cause) {
            error =
              cause instanceof JsonSyntaxError
                ? inputError(
                    IoErrorCode.JSONL_UNSUPPORTED_VALUE,
                    `line ${line} holds ${cause.message}`,
                    { file: path, line, row: rows, byteOffset: offset },
                    'values must be numbers, strings, booleans, null or flat arrays of those',
                  )
                : inputError(
                    IoErrorCode.JSONL_INVALID_JSON,
                    `line ${line} is not valid JSON: ${clipMessage((cause as Error).message)}`,
                    { file: path, line, row: rows, byteOffset: offset },
                    arrayHint ??
                      'each line must be one complete JSON object; pretty-printed JSON spanning lines is not JSON Lines',
                  );
          }
          if (error) {
            if (!ctx.options.skipMalformedRows) throw error;
            if (phase === 'read') ctx.malformed(error);
          } else {
            yield { value: value as Record<string, unknown>, line, offset, rowsSoFar: rows, bytes: file.bytesRead };
          }
        }
        line++;
        pos = nl + 1;
      }
      yield { value: undefined, line, offset: file.start + pos, rowsSoFar: rows, bytes: file.bytesRead };
      if (file.eof || !more) break;
    }
    if (!sawBytes) {
      throw inputError(
        IoErrorCode.EMPTY_FILE,
        'the file is empty',
        { file: path, byteOffset: 0 },
        'a JSON Lines file needs at least one object per line',
      );
    }
  } catch (error) {
    if (error instanceof UnsupportedValue) {
      throw inputError(
        IoErrorCode.JSONL_UNSUPPORTED_VALUE,
        error.message,
        { file: path, line, row: rows, feature: error.key },
        'values must be numbers, strings, booleans, null or flat arrays of those; flatten nested objects into separate keys',
      );
    }
    throw error;
  } finally {
    await file.close();
  }
}

/** Row-wise builder of one batch of JSON objects. */
class JsonBatchBuilder {
  rows = 0;
  private readonly index = new Map<string, number>();
  private validity: Validity[] = [];
  private ints: (Int64Values | undefined)[] = [];
  private floats: (Float64Values | undefined)[] = [];
  private floats32: (Float32Values | undefined)[] = [];
  private bytes: (BytesValues | undefined)[] = [];
  private listOffsets: (Int32Array | undefined)[] = [];
  private seenInRow: Int32Array;

  constructor(
    private readonly infos: readonly ColumnInfo[],
    private readonly capacity: number,
    private readonly given: ReadonlyMap<string, ColumnType>,
  ) {
    infos.forEach((info, c) => {
      this.index.set(info.name, c);
    });
    this.seenInRow = new Int32Array(infos.length).fill(-1);
    this.allocate();
  }

  private allocate(): void {
    const cap = this.capacity;
    this.validity = this.infos.map(() => new Validity(cap));
    this.ints = this.infos.map((i) => (i.type === T_INT ? new Int64Values(cap) : undefined));
    this.floats = this.infos.map((i) => (i.type === T_FLOAT && !i.list ? new Float64Values(cap) : undefined));
    this.floats32 = this.infos.map((i) => (i.type === T_FLOAT && i.list ? new Float32Values(cap) : undefined));
    this.bytes = this.infos.map((i) => (i.type === T_STRING ? new BytesValues(cap) : undefined));
    this.listOffsets = this.infos.map((i) => (i.list ? new Int32Array(cap + 1) : undefined));
  }

  add(object: Record<string, unknown>, path: string, line: number, offset: number): void {
    const row = this.rows;
    for (const key in object) {
      const c = this.index.get(key)!;
      const info = this.infos[c]!;
      const v = object[key];
      if (v === null || v === undefined) continue;
      this.seenInRow[c] = row;
      this.validity[c]!.setValid(row);
      if (info.list) {
        const items = Array.isArray(v) ? v : [v];
        for (const item of items) this.pushListValue(c, info, item, path, line, offset);
      } else this.setScalar(c, info, row, v, path, line, offset);
    }
    this.endRow(row);
    this.rows++;
  }

  /** Fills the list offsets and null counts of the columns the row did not set. */
  private endRow(row: number): void {
    for (let c = 0; c < this.infos.length; c++) {
      const info = this.infos[c]!;
      const present = this.seenInRow[c] === row;
      if (!present) this.validity[c]!.nullCount++;
      if (info.list) {
        this.listOffsets[c]![row + 1] = this.childLength(c);
      } else if (!present && info.type === T_STRING) this.bytes[c]!.appendEmpty();
    }
  }

  private childLength(c: number): number {
    return this.ints[c]?.length ?? this.floats32[c]?.length ?? this.bytes[c]?.length ?? 0;
  }

  private mismatch(c: number, v: unknown, path: string, line: number, offset: number): InputError {
    const name = this.infos[c]!.name;
    return inputError(
      IoErrorCode.VALUE_TYPE_MISMATCH,
      `value ${describeJsonValue(v)} of '${name}' does not fit its type ${this.given.get(name) ?? ''}`,
      { file: path, line, byteOffset: offset, feature: name },
      `the schema gives '${name}' another type; fix the value or the schema`,
    );
  }

  private setScalar(
    c: number,
    info: ColumnInfo,
    row: number,
    v: unknown,
    path: string,
    line: number,
    offset: number,
  ): void {
    const n = typeof v === 'boolean' ? Number(v) : v;
    if (info.type === T_INT) {
      if (typeof n === 'bigint' && n >= INT64_MIN && n <= INT64_MAX) this.ints[c]!.setBigInt(row, n);
      else if (typeof n !== 'number' || !Number.isInteger(n)) throw this.mismatch(c, v, path, line, offset);
      else if (Number.isSafeInteger(n)) this.ints[c]!.setNumber(row, n);
      else if (Math.abs(n) < INT64_END_DOUBLE) this.ints[c]!.setBigInt(row, BigInt(n));
      else throw this.mismatch(c, v, path, line, offset);
    } else if (info.type === T_FLOAT) {
      if (typeof n !== 'number' && typeof n !== 'bigint') throw this.mismatch(c, v, path, line, offset);
      this.floats[c]!.values[row] = Number(n);
    } else if (info.type === T_STRING) {
      this.bytes[c]!.ensureCount(row + 1);
      this.bytes[c]!.appendString(typeof v === 'string' ? v : String(v));
    }
  }

  private pushListValue(c: number, info: ColumnInfo, v: unknown, path: string, line: number, offset: number): void {
    if (v === null || typeof v === 'object') {
      throw inputError(
        IoErrorCode.JSONL_UNSUPPORTED_VALUE,
        `array of '${info.name}' holds ${describeJsonValue(v)}; arrays must hold numbers, strings or booleans`,
        { file: path, line, byteOffset: offset, feature: info.name },
        'drop nulls from arrays and flatten nested values',
      );
    }
    const n = typeof v === 'boolean' ? Number(v) : v;
    if (info.type === T_INT) {
      const ints = this.ints[c]!;
      if (typeof n === 'number' && Number.isSafeInteger(n)) ints.push(n);
      else if (
        (typeof n === 'bigint' && n >= INT64_MIN && n <= INT64_MAX) ||
        (typeof n === 'number' && Number.isInteger(n) && Math.abs(n) < INT64_END_DOUBLE)
      ) {
        ints.ensure(ints.length + 1);
        ints.setBigInt(ints.length++, BigInt(n));
      } else throw this.mismatch(c, v, path, line, offset);
    } else if (info.type === T_FLOAT) {
      if (typeof n !== 'number' && typeof n !== 'bigint') throw this.mismatch(c, v, path, line, offset);
      this.floats32[c]!.push(Number(n));
    } else {
      const bytes = this.bytes[c]!;
      bytes.ensureCount(bytes.length + 1);
      bytes.appendString(typeof v === 'string' ? v : String(v));
    }
  }

  finish(): RecordBatch {
    const length = this.rows;
    const columns: Data[] = this.infos.map((info, c) => {
      const validity = this.validity[c]!.take(length);
      const binary = this.given.get(info.name) === 'bytes' || info.list;
      if (info.list) {
        const offsets = this.listOffsets[c]!.subarray(0, length + 1);
        let child: Data;
        if (info.type === T_INT) child = int64Data(this.ints[c]!.take(offsets[length]!), offsets[length]!);
        else if (info.type === T_FLOAT) child = float32Data(this.floats32[c]!.take(offsets[length]!), offsets[length]!);
        else if (info.type === T_STRING) child = bytesData(binary, this.bytes[c]!.take(), offsets[length]!);
        else child = makeData({ type: new Null(), length: 0, nullCount: 0 });
        return listData(child, offsets, length, validity);
      }
      if (info.type === T_INT) return int64Data(this.ints[c]!.take(length), length, validity);
      if (info.type === T_FLOAT) return float64Data(this.floats[c]!.take(length), length, validity);
      if (info.type === T_STRING) return bytesData(binary, this.bytes[c]!.take(), length, validity);
      return makeData({ type: new Null(), length, nullCount: length });
    });
    this.rows = 0;
    this.seenInRow.fill(-1);
    this.listOffsets = this.infos.map((i) => (i.list ? new Int32Array(this.capacity + 1) : undefined));
    return makeRecordBatch(
      this.infos.map((i) => i.name),
      columns,
      length,
    );
  }
}

/** `JSON.parse`'s message can quote the whole input: keep its first 200 characters. */
function clipMessage(message: string): string {
  return message.length > 200 ? `${message.slice(0, 197)}...` : message;
}
