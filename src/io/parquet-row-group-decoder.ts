import { type FileHandle, open } from 'node:fs/promises';
import { IoErrorCode, inputError } from './io-error.js';
import {
  assembleParquetFile,
  emptyFooter,
  type ParquetFooter,
  type ParquetRowGroupLayout,
  readParquetFooter,
  rowGroupFooter,
} from './parquet-footer.js';
import { loadParquetWasm, type ParquetWasm, parquetWasm } from './parquet-wasm.js';

/** parquet-wasm throws strings or plain errors; turn them into an InputError naming the file. */
function decodeError(path: string, cause: unknown): Error {
  const text = cause instanceof Error ? cause.message : String(cause);
  return inputError(
    IoErrorCode.PARQUET_INVALID,
    `cannot decode Parquet: ${text}`,
    { file: path },
    'the file is damaged or uses a feature parquet-wasm does not support; try re-writing it (e.g. with DuckDB COPY)',
  );
}

/** Checks the `PAR1` magic at both ends, so that a non-Parquet file gets a clear error. */
export async function checkParquetMagic(handle: FileHandle, path: string, size: number): Promise<void> {
  const bad = (what: string) =>
    inputError(
      IoErrorCode.PARQUET_INVALID,
      `not a Parquet file: ${what}`,
      { file: path, byteOffset: 0 },
      'check that the file is Parquet and was copied completely (a Parquet file starts and ends with PAR1)',
    );
  if (size < 12) throw bad(`only ${size} bytes`);
  const head = Buffer.alloc(4);
  const tail = Buffer.alloc(4);
  await handle.read(head, 0, 4, 0);
  await handle.read(tail, 0, 4, size - 4);
  if (head.toString('latin1') !== 'PAR1') throw bad('it does not start with PAR1');
  if (tail.toString('latin1') !== 'PAR1') throw bad('it does not end with PAR1 (truncated?)');
}

/**
 * Decodes the row groups of one Parquet file, one at a time, into Arrow IPC stream bytes (one record
 * batch per group) with parquet-wasm's synchronous reader. That reader copies the bytes it is given
 * into wasm memory, so each group is given as a small standalone file of its own column chunks
 * ({@link rowGroupFooter}) rather than as the whole file; groups that cannot be cut out fall back to
 * the whole file's bytes. (parquet-wasm's async reader, which reads byte ranges itself, aborts the
 * process on some corrupt pages with a wasm panic inside a callback; the synchronous one throws an
 * error we can report.) The output is IPC bytes, not Arrow JS objects, so that a worker thread can
 * decode without loading Arrow JS and transfer the bytes without copying them.
 */
export class ParquetFileDecoder {
  /** Reused between groups: fresh memory costs page faults, and groups are alike in size. */
  private scratch = new Uint8Array(0);
  private whole: Uint8Array | undefined;
  /** The row group whose standalone file is in `scratch`. */
  private assembled: { readonly group: number; readonly file: Uint8Array } | undefined;

  private constructor(
    readonly path: string,
    private readonly size: number,
    private readonly handle: FileHandle,
    readonly footer: ParquetFooter,
  ) {}

  /** parquet-wasm, instantiated in this thread only once something is decoded here. */
  private get wasm(): ParquetWasm {
    return parquetWasm();
  }

  /** Opens `path` (`size` bytes): checks the magic and reads the footer. Close it when done. */
  static async open(path: string, size: number): Promise<ParquetFileDecoder> {
    await loadParquetWasm();
    const handle = await open(path, 'r');
    try {
      await checkParquetMagic(handle, path, size);
      const footer = await readParquetFooter(handle, size, path);
      return new ParquetFileDecoder(path, size, handle, footer);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /**
   * Arrow IPC stream bytes (own buffer: transferable) of row group `g`, or of its rows
   * [`rows.offset`, `rows.offset + rows.limit`) only: parquet-wasm's memory grows to what one call
   * holds at once (the group's bytes, the decoded rows and their IPC copy) and never shrinks, so
   * decoding a large group in slices keeps it small (docs/ingestion.md, Parquet reader design).
   */
  async decode(g: number, rows?: { readonly offset: number; readonly limit: number }): Promise<Uint8Array> {
    const layout = this.footer.rowGroups[g]!;
    const slice = rows !== undefined && (rows.offset > 0 || rows.limit < layout.rows);
    // One wasm batch for the whole slice: small wasm batches cost up to 2x (docs/benchmarks.md).
    const options = slice
      ? { batchSize: Math.max(rows.limit, 1), offset: rows.offset, limit: rows.limit }
      : { batchSize: Math.max(layout.rows, 1) };
    if (layout.range === undefined) {
      this.whole ??= await this.readAll();
      return this.call(() => this.wasm.readParquet(this.whole!, { ...options, rowGroups: [g] }).intoIPCStream());
    }
    const file = await this.groupFile(g);
    return this.call(() => this.wasm.readParquet(file, options).intoIPCStream());
  }

  /** The standalone file of group `g` (kept in the scratch buffer while its slices are decoded). */
  private async groupFile(g: number): Promise<Uint8Array> {
    if (this.assembled?.group === g) return this.assembled.file;
    this.assembled = undefined;
    const { start, end } = this.footer.rowGroups[g]!.range!;
    const file = await this.standalone(end - start, rowGroupFooter(this.footer, g), start);
    this.assembled = { group: g, file };
    return file;
  }

  /** Arrow IPC stream bytes of the file's schema, with no batches. */
  async schema(): Promise<Uint8Array> {
    this.assembled = undefined;
    const file = await this.standalone(0, emptyFooter(this.footer), 0);
    return this.call(() => this.wasm.readSchema(file).intoIPCStream());
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  private call<T>(f: () => T): T {
    try {
      return f();
    } catch (cause) {
      throw decodeError(this.path, cause);
    }
  }

  private async readAll(): Promise<Uint8Array> {
    const bytes = new Uint8Array(this.size);
    await this.handle.read(bytes, 0, this.size, 0);
    return bytes;
  }

  /** A standalone file of `bodyLength` bytes from `position` and `footer`, in the scratch buffer. */
  private async standalone(bodyLength: number, footer: Uint8Array, position: number): Promise<Uint8Array> {
    const needed = bodyLength + footer.length + 12;
    if (this.scratch.length < needed) this.scratch = new Uint8Array(Math.ceil(needed * 1.25));
    return assembleParquetFile(this.scratch, bodyLength, footer, async (target, offset) => {
      const { bytesRead } = await this.handle.read(target, offset, bodyLength, position);
      if (bytesRead !== bodyLength) throw decodeError(this.path, `file ends at byte ${position + bytesRead}`);
    });
  }
}

/** The files (and optional row-group range per file) to decode, in order. */
export interface ParquetDecodeInput {
  readonly files: readonly { readonly path: string; readonly size: number }[];
  /** Row groups [start, end) of each file, clamped to the file's groups; default all. */
  readonly rowGroups?: { readonly start: number; readonly end: number };
  /**
   * Decode large row groups in slices of whole multiples of `rowMultiple` rows (the reader's batch
   * size, so that its batches are the same), each of about `maxBytes` uncompressed bytes at most
   * (as the footer declares them; never less than `rowMultiple` rows); default whole groups.
   */
  readonly slicing?: { readonly rowMultiple: number; readonly maxBytes: number };
}

/** One decode call: rows [offset, offset + limit) of row group `group`; `last` ends the group. */
export interface DecodeSlice {
  readonly group: number;
  readonly offset: number;
  readonly limit: number;
  readonly last: boolean;
}

/** The decode calls for row groups [first, last) of a file, in order (see {@link ParquetDecodeInput.slicing}). */
export function decodeSlices(
  groups: readonly ParquetRowGroupLayout[],
  first: number,
  last: number,
  slicing: ParquetDecodeInput['slicing'],
): DecodeSlice[] {
  const slices: DecodeSlice[] = [];
  for (let g = first; g < last; g++) {
    const { rows, uncompressedBytes } = groups[g]!;
    let step = rows;
    if (slicing !== undefined && rows > 0 && uncompressedBytes > slicing.maxBytes) {
      const multiple = Math.max(1, Math.floor(slicing.rowMultiple));
      const fit = Math.floor((slicing.maxBytes * rows) / uncompressedBytes / multiple);
      step = Math.max(1, fit) * multiple;
    }
    if (step >= rows) {
      slices.push({ group: g, offset: 0, limit: rows, last: true });
      continue;
    }
    for (let offset = 0; offset < rows; offset += step) {
      slices.push({ group: g, offset, limit: Math.min(step, rows - offset), last: offset + step >= rows });
    }
  }
  return slices;
}

/** What decoding yields, in file and row-group order (a group's compressed bytes with its last slice). */
export type DecodedParquet =
  | { readonly type: 'group'; readonly file: number; readonly ipc: Uint8Array; readonly compressedBytes: number }
  /** The schema of a file none of whose row groups are read (empty file or range). */
  | { readonly type: 'schema'; readonly file: number; readonly ipc: Uint8Array }
  | { readonly type: 'fileEnd'; readonly file: number };

/** Row groups [first, last) of a file with `groups` groups within `range`. */
export function groupsInRange(groups: number, range: ParquetDecodeInput['rowGroups']): [number, number] {
  const first = Math.min(range?.start ?? 0, groups);
  return [first, Math.max(first, Math.min(range?.end ?? groups, groups))];
}

/**
 * Where the bytes of decode task `task` come from: `decodeHere` decodes it in this thread; a
 * caller with a decode worker waits for the worker's bytes instead.
 */
export type RowGroupSource = (task: number, decodeHere: () => Promise<Uint8Array>) => Promise<Uint8Array>;

/**
 * Decodes the row groups of `input.files` in order, slice by slice ({@link decodeSlices}). Tasks
 * are the slices numbered in that order across files (what {@link ParquetTaskCursor} maps back);
 * `source` decides where each one is decoded.
 */
export async function* decodeParquetFiles(
  input: ParquetDecodeInput,
  source: RowGroupSource = (_, decodeHere) => decodeHere(),
): AsyncGenerator<DecodedParquet> {
  let task = 0;
  for (let file = 0; file < input.files.length; file++) {
    const { path, size } = input.files[file]!;
    const decoder = await ParquetFileDecoder.open(path, size);
    try {
      const groups = decoder.footer.rowGroups;
      const [first, last] = groupsInRange(groups.length, input.rowGroups);
      for (const slice of decodeSlices(groups, first, last, input.slicing)) {
        const ipc = await source(task++, () => decoder.decode(slice.group, slice));
        const compressedBytes = slice.last ? groups[slice.group]!.compressedBytes : 0;
        yield { type: 'group', file, ipc, compressedBytes };
      }
      if (first === last) yield { type: 'schema', file, ipc: await decoder.schema() };
    } finally {
      await decoder.close();
    }
    yield { type: 'fileEnd', file };
  }
}

/**
 * Maps decode task numbers (as {@link decodeParquetFiles} counts them) to a file and slice,
 * reading footers as it goes; tasks must be asked for in increasing order. A decode worker uses it
 * to decode the tasks it claims.
 */
export class ParquetTaskCursor {
  private file = -1;
  private decoder: ParquetFileDecoder | undefined;
  /** Tasks in the files before the current one, and the current file's slices. */
  private before = 0;
  private slices: DecodeSlice[] = [];

  constructor(private readonly input: ParquetDecodeInput) {}

  /** The decoded bytes of `task`, or undefined past the last task. */
  async decode(task: number): Promise<Uint8Array | undefined> {
    while (task >= this.before + this.slices.length) {
      this.before += this.slices.length;
      await this.decoder?.close();
      this.decoder = undefined;
      if (++this.file >= this.input.files.length) return undefined;
      const { path, size } = this.input.files[this.file]!;
      this.decoder = await ParquetFileDecoder.open(path, size);
      const groups = this.decoder.footer.rowGroups;
      const [first, last] = groupsInRange(groups.length, this.input.rowGroups);
      this.slices = decodeSlices(groups, first, last, this.input.slicing);
    }
    const slice = this.slices[task - this.before]!;
    return this.decoder!.decode(slice.group, slice);
  }

  async close(): Promise<void> {
    await this.decoder?.close();
  }
}

/** The row groups of the Parquet file at `path` from its footer, without loading parquet-wasm. */
export async function readRowGroupLayouts(path: string): Promise<readonly ParquetRowGroupLayout[]> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    await checkParquetMagic(handle, path, size);
    return (await readParquetFooter(handle, size, path)).rowGroups;
  } finally {
    await handle.close();
  }
}
