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
import { type ParquetWasm, parquetWasm } from './parquet-wasm.js';

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
async function checkMagic(handle: FileHandle, path: string, size: number): Promise<void> {
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
    const handle = await open(path, 'r');
    try {
      await checkMagic(handle, path, size);
      const footer = await readParquetFooter(handle, size, path);
      return new ParquetFileDecoder(path, size, handle, footer);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** Arrow IPC stream bytes of row group `g` (own buffer: transferable). */
  async decode(g: number): Promise<Uint8Array> {
    const layout = this.footer.rowGroups[g]!;
    const options = { batchSize: Math.max(layout.rows, 1) };
    // One wasm batch for the whole group: small wasm batches cost up to 2x (docs/benchmarks.md).
    if (layout.range === undefined) {
      this.whole ??= await this.readAll();
      return this.call(() => this.wasm.readParquet(this.whole!, { ...options, rowGroups: [g] }).intoIPCStream());
    }
    const { start, end } = layout.range;
    const file = await this.standalone(end - start, rowGroupFooter(this.footer, g), start);
    return this.call(() => this.wasm.readParquet(file, options).intoIPCStream());
  }

  /** Arrow IPC stream bytes of the file's schema, with no batches. */
  async schema(): Promise<Uint8Array> {
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
}

/** What decoding yields, in file and row-group order. */
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
 * Where the bytes of row-group task `task` come from: `decodeHere` decodes it in this thread; a
 * caller sharing the work with a worker may instead wait for the worker's bytes.
 */
export type RowGroupSource = (task: number, decodeHere: () => Promise<Uint8Array>) => Promise<Uint8Array>;

/**
 * Decodes the row groups of `input.files` in order. Tasks are numbered in that order across files
 * (what {@link ParquetTaskCursor} maps back); `source` decides where each one is decoded.
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
      for (let g = first; g < last; g++) {
        const ipc = await source(task++, () => decoder.decode(g));
        yield { type: 'group', file, ipc, compressedBytes: groups[g]!.compressedBytes };
      }
      if (first === last) yield { type: 'schema', file, ipc: await decoder.schema() };
    } finally {
      await decoder.close();
    }
    yield { type: 'fileEnd', file };
  }
}

/**
 * Maps row-group task numbers (as {@link decodeParquetFiles} counts them) to a file and group,
 * reading footers as it goes; tasks must be asked for in increasing order. A decode worker uses it
 * to decode the tasks it claims.
 */
export class ParquetTaskCursor {
  private file = -1;
  private decoder: ParquetFileDecoder | undefined;
  /** Tasks in the files before the current one, and the current file's range of groups. */
  private before = 0;
  private first = 0;
  private last = 0;

  constructor(private readonly input: ParquetDecodeInput) {}

  /** The decoded bytes of `task`, or undefined past the last task. */
  async decode(task: number): Promise<Uint8Array | undefined> {
    while (task >= this.before + (this.last - this.first)) {
      this.before += this.last - this.first;
      await this.decoder?.close();
      this.decoder = undefined;
      if (++this.file >= this.input.files.length) return undefined;
      const { path, size } = this.input.files[this.file]!;
      this.decoder = await ParquetFileDecoder.open(path, size);
      [this.first, this.last] = groupsInRange(this.decoder.footer.rowGroups.length, this.input.rowGroups);
    }
    return this.decoder!.decode(this.first + task - this.before);
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
    await checkMagic(handle, path, size);
    return (await readParquetFooter(handle, size, path)).rowGroups;
  } finally {
    await handle.close();
  }
}
