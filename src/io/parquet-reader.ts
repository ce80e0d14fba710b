import { type Data, makeData } from 'apache-arrow/data';
import { tableFromIPC } from 'apache-arrow/ipc/serialization';
import { RecordBatch } from 'apache-arrow/recordbatch';
import { Field, Schema } from 'apache-arrow/schema';
import { DataType, Float64, Int64, Struct } from 'apache-arrow/type';
import { UsageError } from '../_util/errors.js';
import { errorFromWorker, startModuleWorker } from '../_util/worker-thread.js';
import { IoErrorCode, inputError } from './io-error.js';
import { planParquetFile } from './parquet-column-plan.js';
import { checkColumnRange, columnsSeparable, topLevelColumns } from './parquet-column-projection.js';
import {
  DecodeShare,
  type ParquetDecodeWorkerInput,
  type ParquetDecodeWorkerMessage,
} from './parquet-decode-protocol.js';
import { ParquetJsFile, ParquetUnsupported } from './parquet-js-file.js';
import {
  type DecodedParquet,
  decodeParquetFiles,
  decodeSlices,
  groupsInRange,
  type ParquetDecodeInput,
  ParquetFileDecoder,
  readFooter,
  readRowGroupLayouts,
} from './parquet-row-group-decoder.js';
import { parquetWasmModule } from './parquet-wasm.js';
import type { ReaderContext } from './reader-context.js';
import type { DatasetFile } from './resolve-inputs.js';

/** Decode tasks the decode worker may run ahead of the reader (each is one decoded slice in memory). */
const DECODE_WINDOW = 2;

/**
 * Uncompressed bytes (as the footer declares them) from which a row group is decoded in slices of
 * whole batches rather than at once: parquet-wasm's memory grows to the largest single decode and
 * never shrinks (a DuckDB row group of 122,880 rows x 20 columns took it to ~90 MB; decoded a
 * 32,768-row batch at a time, ~30 MB), at no measurable cost in time (docs/benchmarks.md).
 */
const DECODE_SLICE_BYTES = 4 * 1024 * 1024;

/**
 * Reads Parquet files one row group at a time. A file in the subset of this project's decoder
 * (parquet-js-file.ts: flat columns of the common types, PLAIN and dictionary encodings, SNAPPY,
 * GZIP or no compression) is decoded by it in this thread, batch by batch, without loading
 * parquet-wasm. Other files go to parquet-wasm (docs/dependencies.md: 2.8x faster and half the
 * memory of reading the whole file): each group is decoded from its own bytes only
 * (ParquetFileDecoder), as one Arrow batch, or a large group as slices of whole batches
 * ({@link DECODE_SLICE_BYTES}), then sliced to `batchSize` in JS, which copies nothing; with
 * `decodeInWorker` a worker thread decodes ahead of this thread (at most {@link DECODE_WINDOW}
 * tasks). The batches are the same whichever decoder and thread made them. Nested list and struct
 * columns arrive as Arrow List and Struct. Scalar integers narrower than 64 bits become Int64 and
 * Float16/32 become Float64, so Parquet columns land in the same families as CSV columns; other
 * types (bool, temporal, decimal, binary) are kept as the file declares them.
 */
export async function* readParquet(files: readonly DatasetFile[], ctx: ReaderContext): AsyncGenerator<RecordBatch> {
  const range = ctx.options.parquetRowGroups;
  if (range !== undefined && !(Number.isInteger(range.start) && Number.isInteger(range.end) && range.start >= 0)) {
    throw new UsageError(`parquetRowGroups must be integers start >= 0, end, got ${range.start}, ${range.end}`);
  }
  const columns = ctx.options.parquetColumns;
  const slicing = { rowMultiple: ctx.batchSize, maxBytes: DECODE_SLICE_BYTES };
  const read: ReadState = { firstSchema: undefined, bytesDone: 0, rowsRead: 0 };
  const wasmInput = (list: readonly DatasetFile[]): ParquetDecodeInput => ({
    files: list.map((f) => ({ path: f.path, size: f.size })),
    ...(range !== undefined ? { rowGroups: range } : {}),
    slicing,
    ...(columns !== undefined ? { columns } : {}),
  });
  if (ctx.options.decodeInWorker && (await outsideSubset(files))) {
    // Only parquet-wasm's decoding is worth a worker: files of this project's decoder's subset read
    // faster and in less memory in this thread (docs/benchmarks.md). The worker decodes every file,
    // each with this project's decoder when it can.
    yield* readDecoded(wasmInput(files), files, range, ctx, read);
  } else {
    for (const file of files) {
      const js = await ParquetJsFile.open(file.path, file.size, columns, {
        recycle: ctx.options.recycleBatches ?? false,
      });
      try {
        if (columns !== undefined) checkColumnRange(js.footer, columns, file.path);
        if (js.plan !== undefined) {
          yield* readWithJs(js, file.size, range, slicing, ctx, read, columns);
          continue;
        }
      } finally {
        await js.close();
      }
      yield* readDecoded(wasmInput([file]), [file], range, ctx, read);
    }
  }
  if (read.rowsRead === 0 && read.firstSchema) yield emptyBatch(read.firstSchema.schema);
}

/** Whether any of `files` is outside the subset of this project's decoder (it then needs parquet-wasm). */
export async function outsideSubset(files: readonly DatasetFile[]): Promise<boolean> {
  for (const { path, size } of files) {
    const js = await ParquetJsFile.open(path, size);
    await js.close();
    if (js.plan === undefined) return true;
  }
  return false;
}

/** What a read has seen so far, across files. */
interface ReadState {
  firstSchema: { file: string; schema: Schema } | undefined;
  bytesDone: number;
  rowsRead: number;
}

/** The batches of `whole` (one decoded slice) in `batchSize` rows, schema checked, rows counted. */
function* batchesOf(whole: RecordBatch, path: string, ctx: ReaderContext, read: ReadState): Generator<RecordBatch> {
  if (!read.firstSchema) read.firstSchema = { file: path, schema: whole.schema };
  else checkSameSchema(read.firstSchema, path, whole.schema);
  for (let offset = 0; offset < whole.numRows; offset += ctx.batchSize) {
    const batch = offset === 0 && whole.numRows <= ctx.batchSize ? whole : whole.slice(offset, offset + ctx.batchSize);
    read.rowsRead += batch.numRows;
    yield batch;
  }
}

/**
 * One file with this project's decoder (parquet-js-file.ts): the same batches and progress as
 * parquet-wasm gives, decoded batch by batch in this thread. A page the decoder does not read
 * (an encoding the footer did not announce, strings that are not UTF-8) sends the rest of its row
 * group to parquet-wasm, from the batch where it was met.
 */
async function* readWithJs(
  js: ParquetJsFile,
  size: number,
  range: ParquetDecodeInput['rowGroups'],
  slicing: NonNullable<ParquetDecodeInput['slicing']>,
  ctx: ReaderContext,
  read: ReadState,
  columns: ParquetDecodeInput['columns'],
): AsyncGenerator<RecordBatch> {
  const groups = js.footer.rowGroups;
  const [first, last] = groupsInRange(groups.length, range);
  let compressed = 0;
  let wasm: ParquetFileDecoder | undefined;
  try {
    let started = -1;
    let fallback = -1;
    for (const slice of decodeSlices(groups, first, last, slicing)) {
      if (slice.group !== started) {
        await js.startGroup(slice.group);
        started = slice.group;
      }
      const end = slice.offset + slice.limit;
      let row = slice.offset;
      while (row < end && fallback !== slice.group) {
        const n = Math.min(ctx.batchSize, end - row);
        let batch: RecordBatch;
        try {
          batch = js.readBatch(n);
        } catch (error) {
          if (!(error instanceof ParquetUnsupported)) throw error;
          fallback = slice.group;
          break;
        }
        yield* batchesOf(batch, js.path, ctx, read);
        row += n;
      }
      if (row < end) {
        wasm ??= await ParquetFileDecoder.open(js.path, size, { js: false, columns });
        const ipc = await wasm.decode(slice.group, { offset: row, limit: end - row });
        for (const raw of tableFromIPC(ipc).batches) yield* batchesOf(normalize(raw), js.path, ctx, read);
      }
      if (slice.last) compressed += groups[slice.group]!.compressedBytes;
      ctx.progress({
        phase: 'read',
        bytesRead: read.bytesDone + Math.min(compressed, size),
        rowsRead: read.rowsRead,
        file: js.path,
      });
    }
  } finally {
    await wasm?.close();
  }
  if (first === last) read.firstSchema ??= { file: js.path, schema: js.plan!.fileSchema };
  read.bytesDone += range === undefined ? size : compressed;
  ctx.progress({ phase: 'read', bytesRead: read.bytesDone, rowsRead: read.rowsRead, file: js.path });
}

/**
 * `files` decoded as IPC parts (parquet-row-group-decoder.ts), in this thread or by a decode worker
 * (`decodeInWorker`, which is used only when a file needs parquet-wasm).
 */
async function* readDecoded(
  input: ParquetDecodeInput,
  files: readonly DatasetFile[],
  range: ParquetDecodeInput['rowGroups'],
  ctx: ReaderContext,
  read: ReadState,
): AsyncGenerator<RecordBatch> {
  let compressed = 0;
  for await (const part of ctx.options.decodeInWorker ? decodeInWorker(input) : decodeParquetFiles(input)) {
    const { path, size } = files[part.file]!;
    if (part.type === 'fileEnd') {
      // With a row-group range only the groups read count, so workers sharing a file add up.
      read.bytesDone += range === undefined ? size : compressed;
      compressed = 0;
      ctx.progress({ phase: 'read', bytesRead: read.bytesDone, rowsRead: read.rowsRead, file: path });
      continue;
    }
    if (part.type === 'schema') {
      read.firstSchema ??= { file: path, schema: tableFromIPC(part.ipc).schema };
      continue;
    }
    for (const raw of tableFromIPC(part.ipc).batches) yield* batchesOf(normalize(raw), path, ctx, read);
    compressed += part.compressedBytes;
    ctx.progress({
      phase: 'read',
      bytesRead: read.bytesDone + Math.min(compressed, size),
      rowsRead: read.rowsRead,
      file: path,
    });
  }
}

/**
 * The decoded parts of `input`, every task decoded by a worker (the protocol is in
 * parquet-decode-protocol.ts) while this thread reads footers and consumes the batches: this
 * thread never instantiates parquet-wasm, whose memory (~30 MB, never given back) would be a
 * second copy of the worker's. Worker errors are rethrown here at the task where they happened,
 * with their code, hint and file; stopping early ends the worker.
 */
async function* decodeInWorker(input: ParquetDecodeInput): AsyncGenerator<DecodedParquet> {
  const share = new Int32Array(new SharedArrayBuffer(DecodeShare.LENGTH * Int32Array.BYTES_PER_ELEMENT));
  const worker = startModuleWorker(import.meta.url, 'parquet-decode-worker', {
    ...input,
    window: DECODE_WINDOW,
    wasmModule: parquetWasmModule(),
    share,
  } satisfies ParquetDecodeWorkerInput);
  const decoded = new Map<number, Uint8Array>();
  let failure: { task: number; error: Error } | undefined;
  let ended = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  worker.on('message', (m: ParquetDecodeWorkerMessage) => {
    if (m.type === 'task') decoded.set(m.task, m.ipc);
    else if (m.type === 'end') ended = true;
    else failure ??= { task: m.task, error: errorFromWorker(m) };
    notify();
  });
  worker.on('error', (error) => {
    failure ??= { task: -1, error };
    notify();
  });
  worker.on('exit', (code) => {
    ended = true;
    failure ??= { task: -1, error: new Error(`Parquet decode worker exited with code ${code}`) };
    notify();
  });
  // The worker keeps the process alive only while this thread waits for it: a reader abandoned
  // half-way (never finished, never returned) must not keep the process from exiting.
  worker.unref();
  const fromWorker = async (task: number): Promise<Uint8Array> => {
    for (;;) {
      const ipc = decoded.get(task);
      if (ipc !== undefined) {
        decoded.delete(task);
        return ipc;
      }
      if (failure && failure.task <= task) throw failure.error;
      if (ended) throw failure?.error ?? new Error(`Parquet decode worker ended before row group task ${task}`);
      worker.ref();
      try {
        await new Promise<void>((resolve) => (wake = resolve));
      } finally {
        worker.unref();
      }
    }
  };
  try {
    yield* decodeParquetFiles(input, (task) => {
      // Done with every task before this one: let the worker run further ahead.
      Atomics.store(share, DecodeShare.READING, task);
      Atomics.notify(share, DecodeShare.READING);
      return fromWorker(task);
    });
  } finally {
    Atomics.store(share, DecodeShare.STOP, 1);
    Atomics.notify(share, DecodeShare.READING);
    await worker.terminate();
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
export function normalize(batch: RecordBatch): RecordBatch {
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
  return (await readRowGroupLayouts(path)).map((g) => ({ rows: g.rows, compressedBytes: g.compressedBytes }));
}

/** A top-level column of a Parquet file, as {@link parquetSeparableColumns} lists them. */
export interface ParquetColumnShare {
  readonly name: string;
  /** An estimate of the work of reading it (values weighted by type; see parquet-column-projection.ts). */
  readonly work: number;
}

/**
 * The top-level columns of the Parquet file at `path` (from its footer), when it can be read a
 * run of columns at a time with `parquetColumns`, and whether reading it needs parquet-wasm (it is
 * outside the subset of this project's decoder); undefined when it cannot be read by columns (an
 * Arrow schema in the footer, row groups that cannot be cut out, a schema that does not match the
 * chunks).
 */
export async function parquetSeparableColumns(
  path: string,
): Promise<{ readonly columns: ParquetColumnShare[]; readonly needsWasm: boolean } | undefined> {
  const footer = await readFooter(path);
  if (!columnsSeparable(footer)) return undefined;
  return {
    columns: topLevelColumns(footer)!.map((c) => ({ name: c.name, work: c.work })),
    // Separable files have every row group cut out, as our decoder requires.
    needsWasm: planParquetFile(footer.metadata) === undefined,
  };
}
