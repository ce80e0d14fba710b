import { openAsBlob } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import {
  type Data,
  DataType,
  Field,
  Float64,
  Int64,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  tableFromIPC,
} from 'apache-arrow';
import { ParquetFile, readParquet as readParquetWasm } from 'parquet-wasm';
import { UsageError } from '../_util/errors.js';
import { IoErrorCode, inputError } from './io-error.js';
import type { ReaderContext } from './reader-context.js';
import type { DatasetFile } from './resolve-inputs.js';

/**
 * Reads Parquet files with parquet-wasm, one row group at a time (deps-perf.md B2: 2.8x faster
 * and half the memory of reading the whole file).  * file's bytes plus the row group being decoded are in memory (parquet-wasm's synchronous reader
 * needs the whole file; see below). Nested list and struct columns arrive
 * as Arrow List and Struct. Scalar integers narrower than 64 bits become Int64 and Float16/32
 * become Float64, so Parquet columns land in the same families as CSV columns; other types
 * (bool, temporal, decimal, binary) are kept as the file declares them.
 */
export async function* readParquet(files: readonly DatasetFile[], ctx: ReaderContext): AsyncGenerator<RecordBatch> {
  const range = ctx.options.parquetRowGroups;
  if (range !== undefined && !(Number.isInteger(range.start) && Number.isInteger(range.end) && range.start >= 0)) {
    throw new UsageError(`parquetRowGroups must be integers start >= 0, end, got ${range.start}, ${range.end}`);
  }
  let firstSchema: { file: string; schema: Schema } | undefined;
  let bytesDone = 0;
  let rowsRead = 0;
  for (const { path, size } of files) {
    await checkMagic(path, size);
    // The footer is read through a Blob (range reads); the row groups are decoded from the
    // file's bytes with the synchronous reader, because parquet-wasm's async reader aborts
    // the process on some corrupt pages (a wasm panic in a callback) where the synchronous
    // one throws an error we can report.
    const file = await wasmCall(path, async () => ParquetFile.fromFile(await openAsBlob(path)));
    const bytes = new Uint8Array(await readFile(path));
    let compressed = 0;
    try {
      const groups = file.metadata().numRowGroups();
      const groupSizes = file
        .metadata()
        .rowGroups()
        .map((g) => g.compressedSize());
      const first = Math.min(range?.start ?? 0, groups);
      const last = Math.max(first, Math.min(range?.end ?? groups, groups));
      for (let g = first; g < last; g++) {
        // Decode the whole row group in one wasm batch (small wasm batches cost up to 2x,
        // docs/benchmarks.md), then slice it to batchSize in JS, which copies nothing.
        const groupRows = file.metadata().rowGroup(g).numRows();
        const wasmTable = await wasmCall(path, async () =>
          readParquetWasm(bytes, { rowGroups: [g], batchSize: Math.max(groupRows, 1) }),
        );
        const table = tableFromIPC(wasmTable.intoIPCStream());
        for (const raw of table.batches) {
          const whole = normalize(raw);
          if (!firstSchema) firstSchema = { file: path, schema: whole.schema };
          else checkSameSchema(firstSchema, path, whole.schema);
          for (let offset = 0; offset < whole.numRows; offset += ctx.batchSize) {
            const batch =
              offset === 0 && whole.numRows <= ctx.batchSize ? whole : whole.slice(offset, offset + ctx.batchSize);
            rowsRead += batch.numRows;
            yield batch;
          }
        }
        compressed += groupSizes[g] ?? 0;
        ctx.progress({ phase: 'read', bytesRead: bytesDone + Math.min(compressed, size), rowsRead, file: path });
      }
      if ((groups === 0 || first === last) && !firstSchema) {
        const schema = tableFromIPC(file.schema().intoIPCStream()).schema;
        firstSchema = { file: path, schema };
      }
    } finally {
      file.free();
    }
    // With a row-group range only the groups read count, so workers sharing a file add up.
    bytesDone += range === undefined ? size : compressed;
    ctx.progress({ phase: 'read', bytesRead: bytesDone, rowsRead, file: path });
  }
  if (rowsRead === 0 && firstSchema) yield emptyBatch(firstSchema.schema);
}

async function checkMagic(path: string, size: number): Promise<void> {
  const bad = (what: string) =>
    inputError(
      IoErrorCode.PARQUET_INVALID,
      `not a Parquet file: ${what}`,
      { file: path, byteOffset: 0 },
      'check that the file is Parquet and was copied completely (a Parquet file starts and ends with PAR1)',
    );
  if (size < 12) throw bad(`only ${size} bytes`);
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    const tail = Buffer.alloc(4);
    await handle.read(head, 0, 4, 0);
    await handle.read(tail, 0, 4, size - 4);
    if (head.toString('latin1') !== 'PAR1') throw bad('it does not start with PAR1');
    if (tail.toString('latin1') !== 'PAR1') throw bad('it does not end with PAR1 (truncated?)');
  } finally {
    await handle.close();
  }
}

/** parquet-wasm throws strings or plain errors; turn them into an InputError naming the file. */
async function wasmCall<T>(path: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (cause) {
    const text = cause instanceof Error ? cause.message : String(cause);
    throw inputError(
      IoErrorCode.PARQUET_INVALID,
      `cannot decode Parquet: ${text}`,
      { file: path },
      'the file is damaged or uses a feature parquet-wasm does not support; try re-writing it (e.g. with DuckDB COPY)',
    );
  }
}

function checkSameSchema(first: { file: string; schema: Schema }, path: string, schema: Schema): void {
  const describe = (s: Schema) => s.fields.map((f) => `${f.name}: ${f.type}`).join(', ');
  if (describe(first.schema) !== describe(schema)) {
    throw inputError(
      IoErrorCode.SCHEMA_MISMATCH,
      `columns differ from ${first.file}: [${describe(schema)}] vs [${describe(first.schema)}]`,
      { file: path },
      'all files of one dataset must have the same columns and types',
    );
  }
}

function emptyBatch(schema: Schema): RecordBatch {
  const struct = makeData({ type: new Struct(schema.fields), length: 0, nullCount: 0, children: [] });
  return new RecordBatch(schema, struct);
}

/** Widens narrow integer and float top-level columns (see readParquet). */
function normalize(batch: RecordBatch): RecordBatch {
  let changed = false;
  const columns = batch.data.children.map((data) => {
    const widened = widen(data);
    if (widened !== data) changed = true;
    return widened;
  });
  if (!changed) return batch;
  const fields = columns.map((data, i) => new Field(batch.schema.fields[i]!.name, data.type, true));
  const struct = makeData({ type: new Struct(fields), length: batch.numRows, nullCount: 0, children: columns });
  return new RecordBatch(new Schema(fields, batch.schema.metadata), struct);
}

function widen(data: Data): Data {
  const validity = { nullCount: data.nullCount, ...(data.nullBitmap ? { nullBitmap: data.nullBitmap } : {}) };
  if (DataType.isInt(data.type) && data.type.bitWidth < 64) {
    const source = data.values as ArrayLike<number>;
    const out = new BigInt64Array(data.length);
    const words = new Int32Array(out.buffer);
    for (let i = 0; i < data.length; i++) {
      const v = source[data.offset + i]!;
      words[2 * i] = v | 0;
      words[2 * i + 1] = v < 0 ? -1 : 0;
    }
    return makeData({ type: new Int64(), length: data.length, data: out, ...validity, offset: 0 });
  }
  if (DataType.isFloat(data.type) && data.type.precision < 2) {
    const source = data.values as ArrayLike<number>;
    const out = new Float64Array(data.length);
    for (let i = 0; i < data.length; i++) out[i] = source[data.offset + i]!;
    return makeData({ type: new Float64(), length: data.length, data: out, ...validity });
  }
  return data;
}

/** One row group of a Parquet file, as {@link parquetRowGroups} lists them. */
export interface ParquetRowGroup {
  readonly rows: number;
  readonly compressedBytes: number;
}

/**
 * The row groups of a Parquet file (from its footer, without decoding data): what a caller
 * needs to split one file between workers with `parquetRowGroups`.
 */
export async function parquetRowGroups(path: string): Promise<ParquetRowGroup[]> {
  const file = await wasmCall(path, async () => ParquetFile.fromFile(await openAsBlob(path)));
  try {
    return file
      .metadata()
      .rowGroups()
      .map((g) => ({ rows: g.numRows(), compressedBytes: g.compressedSize() }));
  } finally {
    file.free();
  }
}
