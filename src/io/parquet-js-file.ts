import { type FileHandle, open } from 'node:fs/promises';
import { type Data, makeData } from 'apache-arrow/data';
import { RecordBatch } from 'apache-arrow/recordbatch';
import { Schema } from 'apache-arrow/schema';
import { Struct } from 'apache-arrow/type';
import { type FilePlan, planParquetFile } from './parquet-column-plan.js';
import type { ColumnRange } from './parquet-column-projection.js';
import {
  DecoderMemory,
  giveBackChunkBytes,
  giveBackDecoderMemory,
  takeChunkBytes,
  takeDecoderMemory,
} from './parquet-decoder-memory.js';
import {
  checkParquetMagic,
  chunkStart,
  type ParquetFooter,
  parquetInvalid,
  readParquetFooter,
} from './parquet-footer.js';
import { ColumnChunkDecoder, ParquetCorrupt, ParquetUnsupported } from './parquet-page-decoder.js';
import { ColumnChunk, ColumnMetaData, RowGroup } from './parquet-thrift-ids.js';
import { thriftInt, thriftStruct, thriftStructs } from './thrift-compact.js';

/**
 * One Parquet file read by this project's own decoder, a row group at a time: the group's column
 * chunks are read into one buffer (reused from group to group, so at most one group's compressed
 * bytes are held), and each batch is decoded column by column from there
 * (parquet-page-decoder.ts). `plan` is undefined for a file outside the decoder's subset, which
 * the reader gives to parquet-wasm instead.
 */
export class ParquetJsFile {
  private groupBytes: Uint8Array;
  private readonly decoders: ColumnChunkDecoder[];
  private group = -1;

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    readonly footer: ParquetFooter,
    readonly plan: FilePlan | undefined,
    /** The first column decoded (the plan holds the decoded columns only). */
    private readonly firstColumn: number,
    /** Batches' memory reused (ReadOptions.recycleBatches), and handed to the next file at {@link close}. */
    private readonly recycle: boolean,
    /** Whether {@link close} closes `handle` (false when the caller opened it and keeps it). */
    private readonly ownsHandle: boolean,
  ) {
    this.decoders = (plan?.columns ?? []).map(
      (c) => new ColumnChunkDecoder(c, recycle, recycle ? takeDecoderMemory() : new DecoderMemory()),
    );
    this.groupBytes = recycle ? takeChunkBytes() : new Uint8Array(0);
  }

  /**
   * Opens `path` (`size` bytes): checks the magic, reads the footer and plans the columns, or only
   * the top-level columns `columns` (a range the caller checked). Close it when done.
   */
  static async open(
    path: string,
    size: number,
    columns?: ColumnRange,
    { recycle = false }: { readonly recycle?: boolean } = {},
  ): Promise<ParquetJsFile> {
    const handle = await open(path, 'r');
    try {
      await checkParquetMagic(handle, path, size);
      const footer = await readParquetFooter(handle, size, path);
      return ParquetJsFile.over(path, handle, footer, columns, { recycle, ownsHandle: true });
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /**
   * The file `path`, already open as `handle` with its `footer` read, planned as {@link open} does;
   * closing it leaves `handle` open unless `ownsHandle`.
   */
  static over(
    path: string,
    handle: FileHandle,
    footer: ParquetFooter,
    columns: ColumnRange | undefined,
    { recycle = false, ownsHandle = false }: { readonly recycle?: boolean; readonly ownsHandle?: boolean } = {},
  ): ParquetJsFile {
    // Groups that cannot be cut out on their own (chunks elsewhere, offsets outside the data) go to parquet-wasm.
    const plan = footer.rowGroups.every((g) => g.range !== undefined) ? planParquetFile(footer.metadata) : undefined;
    // The decoder's files are flat: a top-level column is one leaf, one chunk per row group.
    const kept = plan && columns ? projectPlan(plan, columns) : plan;
    return new ParquetJsFile(path, handle, footer, kept, columns?.start ?? 0, recycle, ownsHandle);
  }

  /** Reads row group `g`'s column chunks and starts decoding it from its first row. */
  async startGroup(g: number): Promise<void> {
    const layout = this.footer.rowGroups[g]!;
    const group = this.footer.groups[g]!;
    const chunks = thriftStructs(group, RowGroup.COLUMNS).slice(
      this.firstColumn,
      this.firstColumn + this.decoders.length,
    );
    // The decoded columns' chunks, each checked to lie in the group; only their span is read.
    const spans = chunks.map((chunk, k) => {
      const c = this.firstColumn + k;
      const meta = thriftStruct(chunk, ColumnChunk.META_DATA);
      if (meta === undefined) throw this.corrupt(g, `column ${c} has no metadata`);
      const first = chunkStart(meta) ?? -1;
      const size = thriftInt(meta, ColumnMetaData.TOTAL_COMPRESSED_SIZE) ?? -1;
      if (first < layout.range!.start || size < 0 || first + size > layout.range!.end)
        throw this.corrupt(g, `column ${c} lies outside its row group`);
      return { first, size, codec: thriftInt(meta, ColumnMetaData.CODEC) ?? 0 };
    });
    if (spans.length < this.decoders.length) throw this.corrupt(g, `it has ${chunks.length} column chunks`);
    const start = Math.min(...spans.map((s) => s.first));
    const end = Math.max(...spans.map((s) => s.first + s.size));
    if (this.groupBytes.length < end - start) this.groupBytes = new Uint8Array(Math.ceil((end - start) * 1.1));
    const bytes = this.groupBytes.subarray(0, end - start);
    const { bytesRead } = await this.handle.read(bytes, 0, bytes.length, start);
    if (bytesRead !== bytes.length) throw this.corrupt(g, `file ends at byte ${start + bytesRead}`);
    spans.forEach(({ first, size, codec }, k) => {
      this.decoders[k]!.reset(bytes.subarray(first - start, first - start + size), codec, layout.rows);
    });
    this.group = g;
  }

  /**
   * The next `n` rows of the current group as a batch. Throws {@link ParquetUnsupported} when a page
   * needs parquet-wasm (the caller decodes the rest of the group with it), and PARQUET_INVALID for
   * damaged data.
   */
  readBatch(n: number): RecordBatch {
    const plan = this.plan!;
    const columns: Data[] = [];
    try {
      for (const decoder of this.decoders) columns.push(decoder.read(n));
    } catch (error) {
      if (error instanceof ParquetCorrupt) throw this.corrupt(this.group, error.message);
      throw error;
    }
    const struct = makeData({ type: new Struct(plan.schema.fields), length: n, nullCount: 0, children: columns });
    return new RecordBatch(plan.schema, struct);
  }

  async close(): Promise<void> {
    if (this.recycle) {
      // Nobody keeps this file's batches: the next file of this thread decodes in the same memory.
      for (const decoder of this.decoders) giveBackDecoderMemory(decoder.memory);
      this.decoders.length = 0;
      giveBackChunkBytes(this.groupBytes);
      this.groupBytes = new Uint8Array(0);
    }
    if (this.ownsHandle) await this.handle.close();
  }

  private corrupt(g: number, what: string): Error {
    return parquetInvalid(this.path, `row group ${g}: ${what}`);
  }
}

export { ParquetUnsupported };

/** The plan of a flat file's top-level columns `columns` only (schemas keep the file's metadata). */
function projectPlan(plan: FilePlan, columns: ColumnRange): FilePlan {
  const { start, end } = columns;
  return {
    ...plan,
    columns: plan.columns.slice(start, end),
    schema: new Schema(plan.schema.fields.slice(start, end), plan.schema.metadata),
    fileSchema: new Schema(plan.fileSchema.fields.slice(start, end), plan.fileSchema.metadata),
  };
}
