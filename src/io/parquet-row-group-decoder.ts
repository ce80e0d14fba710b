import { type FileHandle, open } from 'node:fs/promises';
import { tableToIPC } from 'apache-arrow/ipc/serialization';
import { Table } from 'apache-arrow/table';
import { IoErrorCode, inputError } from './io-error.js';
import {
  type ColumnRange,
  checkColumnRange,
  projectedEmptyFooter,
  projectedUncompressedBytes,
  projectRowGroup,
} from './parquet-column-projection.js';
import {
  assembleParquetFile,
  checkParquetMagic,
  emptyFooter,
  type ParquetFooter,
  type ParquetRowGroupLayout,
  readParquetFooter,
  rowGroupFooter,
} from './parquet-footer.js';
import { ParquetJsFile, ParquetUnsupported } from './parquet-js-file.js';
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
  /** This project's decoder, for a file in its subset: where it is in which group. */
  private js: { readonly file: ParquetJsFile; group: number; row: number } | undefined;
  /** Groups with a page only parquet-wasm reads. */
  private readonly wasmGroups = new Set<number>();

  private constructor(
    readonly path: string,
    private readonly size: number,
    private readonly handle: FileHandle,
    readonly footer: ParquetFooter,
    /** The top-level columns decoded (default all); the file must be columnsSeparable. */
    private readonly columns: ColumnRange | undefined,
  ) {}

  private projectedLayouts: readonly ParquetRowGroupLayout[] | undefined;

  /**
   * The row groups as decoding sees them: with a column range, each group's uncompressed bytes are
   * those of the columns decoded (what sizes the slices).
   */
  get rowGroups(): readonly ParquetRowGroupLayout[] {
    const columns = this.columns;
    if (columns === undefined) return this.footer.rowGroups;
    this.projectedLayouts ??= this.footer.rowGroups.map((layout, g) => ({
      ...layout,
      uncompressedBytes: projectedUncompressedBytes(this.footer, g, columns),
    }));
    return this.projectedLayouts;
  }

  /** parquet-wasm, instantiated in this thread only once something is decoded with it here. */
  private async wasm(): Promise<ParquetWasm> {
    await loadParquetWasm();
    return parquetWasm();
  }

  /**
   * Opens `path` (`size` bytes): checks the magic and reads the footer. Close it when done. With
   * `js` (the default) the file's slices are decoded by this project's decoder when the file is
   * in its subset (parquet-js-file.ts), and parquet-wasm is loaded only for what it does not read.
   * With `columns`, only those top-level columns are decoded.
   */
  static async open(
    path: string,
    size: number,
    options: { readonly js?: boolean; readonly columns?: ColumnRange | undefined } = {},
  ): Promise<ParquetFileDecoder> {
    const handle = await open(path, 'r');
    try {
      await checkParquetMagic(handle, path, size);
      const footer = await readParquetFooter(handle, size, path);
      if (options.columns !== undefined) checkColumnRange(footer, options.columns, path);
      const decoder = new ParquetFileDecoder(path, size, handle, footer, options.columns);
      if (options.js ?? true) {
        // The same handle and footer: the file is not opened and its footer not read a second time.
        const js = ParquetJsFile.over(path, handle, footer, options.columns);
        if (js.plan !== undefined) decoder.js = { file: js, group: -1, row: 0 };
      }
      return decoder;
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
    const range = rows ?? { offset: 0, limit: layout.rows };
    if (this.js !== undefined && !this.wasmGroups.has(g)) {
      const ipc = await this.decodeJs(g, range);
      if (ipc !== undefined) return ipc;
      this.wasmGroups.add(g);
    }
    // One wasm batch for the whole slice: small wasm batches cost up to 2x (docs/benchmarks.md).
    const options = slice
      ? { batchSize: Math.max(range.limit, 1), offset: range.offset, limit: range.limit }
      : { batchSize: Math.max(layout.rows, 1) };
    const wasm = await this.wasm();
    if (layout.range === undefined && this.columns === undefined) {
      this.whole ??= await this.readAll();
      return this.call(() => wasm.readParquet(this.whole!, { ...options, rowGroups: [g] }).intoIPCStream());
    }
    const file = await this.groupFile(g);
    return this.call(() => wasm.readParquet(file, options).intoIPCStream());
  }

  /**
   * Rows [offset, offset + limit) of group `g` by this project's decoder, as IPC stream bytes of one
   * batch; undefined when a page needs parquet-wasm (then the whole group goes to it). Slices come
   * in order; one out of order restarts the group.
   */
  private async decodeJs(
    g: number,
    rows: { readonly offset: number; readonly limit: number },
  ): Promise<Uint8Array | undefined> {
    const js = this.js!;
    try {
      if (js.group !== g || js.row > rows.offset) {
        await js.file.startGroup(g);
        js.group = g;
        js.row = 0;
      }
      if (js.row < rows.offset) js.file.readBatch(rows.offset - js.row);
      const batch = js.file.readBatch(rows.limit);
      js.row = rows.offset + rows.limit;
      return tableToIPC(new Table([batch]), 'stream');
    } catch (error) {
      js.group = -1;
      if (error instanceof ParquetUnsupported) return undefined;
      throw error;
    }
  }

  /** The standalone file of group `g` (kept in the scratch buffer while its slices are decoded). */
  private async groupFile(g: number): Promise<Uint8Array> {
    if (this.assembled?.group === g) return this.assembled.file;
    this.assembled = undefined;
    let file: Uint8Array;
    if (this.columns !== undefined) {
      const projected = projectRowGroup(this.footer, g, this.columns);
      file = await this.standalone(projected.bodyLength, projected.footer, projected.chunks);
    } else {
      const { start, end } = this.footer.rowGroups[g]!.range!;
      file = await this.standalone(end - start, rowGroupFooter(this.footer, g), [{ start, end }]);
    }
    this.assembled = { group: g, file };
    return file;
  }

  /** Arrow IPC stream bytes of the file's schema, with no batches. */
  async schema(): Promise<Uint8Array> {
    if (this.js !== undefined) return tableToIPC(new Table(this.js.file.plan!.fileSchema), 'stream');
    this.assembled = undefined;
    const footer =
      this.columns === undefined ? emptyFooter(this.footer) : projectedEmptyFooter(this.footer, this.columns);
    const file = await this.standalone(0, footer, []);
    const wasm = await this.wasm();
    return this.call(() => wasm.readSchema(file).intoIPCStream());
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

  /**
   * A standalone file in the scratch buffer: a body of `bodyLength` bytes, the file's byte ranges
   * `parts` one after the other, and `footer`.
   */
  private async standalone(
    bodyLength: number,
    footer: Uint8Array,
    parts: readonly { readonly start: number; readonly end: number }[],
  ): Promise<Uint8Array> {
    const needed = bodyLength + footer.length + 12;
    if (this.scratch.length < needed) this.scratch = new Uint8Array(Math.ceil(needed * 1.25));
    return assembleParquetFile(this.scratch, bodyLength, footer, async (target, offset) => {
      let at = offset;
      for (const { start, end } of parts) {
        const { bytesRead } = await this.handle.read(target, at, end - start, start);
        if (bytesRead !== end - start) throw decodeError(this.path, `file ends at byte ${start + bytesRead}`);
        at += end - start;
      }
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
  /** Decode only the top-level columns [start, end) of each file (which must be columnsSeparable); default all. */
  readonly columns?: ColumnRange;
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
    const decoder = await ParquetFileDecoder.open(path, size, { columns: input.columns });
    try {
      const groups = decoder.rowGroups;
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
      this.decoder = await ParquetFileDecoder.open(path, size, { columns: this.input.columns });
      const groups = this.decoder.rowGroups;
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

/** The footer of the Parquet file at `path`, without loading parquet-wasm. */
export async function readFooter(path: string): Promise<ParquetFooter> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    await checkParquetMagic(handle, path, size);
    return await readParquetFooter(handle, size, path);
  } finally {
    await handle.close();
  }
}

/** The row groups of the Parquet file at `path` from its footer, without loading parquet-wasm. */
export async function readRowGroupLayouts(path: string): Promise<readonly ParquetRowGroupLayout[]> {
  return (await readFooter(path)).rowGroups;
}
