import type { FileHandle } from 'node:fs/promises';
import { IoErrorCode, inputError } from './io-error.js';
import { ColumnChunk, ColumnMetaData, FileMetaData, KeyValue, RowGroup } from './parquet-thrift-ids.js';
import {
  readThriftStruct,
  type ThriftField,
  type ThriftStruct,
  type ThriftValue,
  thriftField,
  thriftInt,
  thriftStruct,
  thriftStructs,
  thriftText,
  writeThriftStruct,
} from './thrift-compact.js';

/**
 * A Parquet file's footer (FileMetaData, Thrift compact), read without decoding any data, and
 * rewritten for one row group at a time. The rewrite is what lets the reader hand parquet-wasm a
 * small standalone file per row group (`PAR1`, the group's column chunks, a footer naming only that
 * group with its offsets moved, `PAR1`) instead of the whole file's bytes for every group: the
 * synchronous reader copies whatever it is given into wasm memory (docs/ingestion.md).
 */

/** One row group as the footer describes it. */
export interface ParquetRowGroupLayout {
  readonly rows: number;
  /** Sum of the column chunks' compressed sizes (what progress counts). */
  readonly compressedBytes: number;
  /** The group's uncompressed size as its writer declared it (total_byte_size), 0 when absent. */
  readonly uncompressedBytes: number;
  /**
   * Bytes [start, end) of the file holding all of the group's column chunks; absent when the group
   * cannot be cut out on its own (chunks in other files, encryption, offsets outside the data).
   */
  readonly range?: { readonly start: number; readonly end: number };
}

export interface ParquetFooter {
  readonly rowGroups: readonly ParquetRowGroupLayout[];
  /** The FileMetaData as read, every field kept. */
  readonly metadata: ThriftStruct;
  /**
   * Each row group's struct in `metadata`, in order: looked up by index for every group read, which
   * listing them from `metadata` each time made quadratic in the groups (a 100M-row file has 814).
   */
  readonly groups: readonly ThriftStruct[];
}

const MAGIC = new TextEncoder().encode('PAR1');

/** Where a column chunk's pages start (its dictionary page if any), as parquet readers compute it. */
export function chunkStart(meta: ThriftStruct): number | undefined {
  return thriftInt(meta, ColumnMetaData.DICTIONARY_PAGE_OFFSET) ?? thriftInt(meta, ColumnMetaData.DATA_PAGE_OFFSET);
}

function layoutOf(group: ThriftStruct, dataEnd: number, encrypted: boolean): ParquetRowGroupLayout {
  const rows = thriftInt(group, RowGroup.NUM_ROWS) ?? 0;
  let compressedBytes = 0;
  let start = Number.POSITIVE_INFINITY;
  let end = 0;
  let separable = !encrypted;
  for (const chunk of thriftStructs(group, RowGroup.COLUMNS)) {
    const meta = thriftStruct(chunk, ColumnChunk.META_DATA);
    if (meta === undefined) {
      separable = false;
      continue;
    }
    const size = thriftInt(meta, ColumnMetaData.TOTAL_COMPRESSED_SIZE) ?? 0;
    compressedBytes += size;
    const first = chunkStart(meta);
    if (
      first === undefined ||
      thriftField(chunk, ColumnChunk.FILE_PATH) !== undefined ||
      chunk.fields.some((f) => ColumnChunk.CRYPTO.has(f.id))
    ) {
      separable = false;
      continue;
    }
    start = Math.min(start, first);
    end = Math.max(end, first + size);
  }
  const ok = separable && Number.isSafeInteger(start) && start >= MAGIC.length && end > start && end <= dataEnd;
  const uncompressedBytes = Math.max(0, thriftInt(group, RowGroup.TOTAL_BYTE_SIZE) ?? 0);
  return { rows, compressedBytes, uncompressedBytes, ...(ok ? { range: { start, end } } : {}) };
}

/** The error for a damaged Parquet file at `path`: `what` says where and what is wrong. */
export function parquetInvalid(path: string, what: string): Error {
  return inputError(
    IoErrorCode.PARQUET_INVALID,
    `cannot decode Parquet: ${what}`,
    { file: path },
    'the file is damaged or was not copied completely; try re-writing it (e.g. with DuckDB COPY)',
  );
}

/** Reads and parses the footer of the Parquet file open as `handle` (`size` bytes, magic checked). */
export async function readParquetFooter(handle: FileHandle, size: number, path: string): Promise<ParquetFooter> {
  // The same file unchanged (same inode, size and modification time) gives the footer read last.
  const { ino, mtimeMs } = await handle.stat();
  const key = `${ino}:${size}:${mtimeMs}:${path}`;
  const known = recentFooters.get(key);
  if (known !== undefined) return known;
  const footer = await parseFooter(handle, size, path);
  recentFooters.set(key, footer);
  if (recentFooters.size > RECENT_FOOTERS) recentFooters.delete(recentFooters.keys().next().value!);
  return footer;
}

/**
 * Footers read last in this thread. A thread reading a file one column at a time
 * (docs/ingestion.md) opens it once per pass: parsing its footer each time cost time quadratic in
 * the columns (a 500-column file of 10 row groups took 23 s instead of 4). Footers are plain data
 * that nothing changes once read.
 */
const recentFooters = new Map<string, ParquetFooter>();
const RECENT_FOOTERS = 4;

async function parseFooter(handle: FileHandle, size: number, path: string): Promise<ParquetFooter> {
  const invalid = (what: string) => parquetInvalid(path, what);
  const tail = Buffer.alloc(8);
  await handle.read(tail, 0, 8, size - 8);
  const length = tail.readUInt32LE(0);
  if (length + 8 + MAGIC.length > size) throw invalid(`footer length ${length} exceeds the file size ${size}`);
  const bytes = new Uint8Array(length);
  await handle.read(bytes, 0, length, size - 8 - length);
  const metadataStart = size - 8 - length;
  let metadata: ThriftStruct;
  try {
    metadata = readThriftStruct(bytes).struct;
  } catch (cause) {
    throw invalid(`footer: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
  const encrypted = thriftField(metadata, FileMetaData.ENCRYPTION_ALGORITHM) !== undefined;
  const groups = thriftStructs(metadata, FileMetaData.ROW_GROUPS);
  const rowGroups = groups.map((g) => layoutOf(g, metadataStart, encrypted));
  return { rowGroups, metadata, groups };
}

/** Moves an offset field by `-shift`, when present. */
function shifted(struct: ThriftStruct, id: number, shift: number): ThriftField[] {
  return struct.fields.map((f) =>
    f.id === id && f.value.type === 'i64' ? { id, value: { type: 'i64', value: f.value.value - BigInt(shift) } } : f,
  );
}

/** A column chunk's metadata with its page offsets moved by `-shift` (the chunk's bytes lie in `range`). */
export function rewriteChunk(chunk: ThriftStruct, shift: number, range: { start: number; end: number }): ThriftStruct {
  const fields: ThriftField[] = [];
  for (const f of chunk.fields) {
    if (ColumnChunk.PAGE_INDEX.has(f.id)) continue;
    if (f.id === ColumnChunk.FILE_OFFSET && f.value.type === 'i64') {
      // Deprecated (where the chunk's metadata was written); writers disagree on what it points at,
      // so keep it inside the new file.
      const at = Number(f.value.value);
      const moved = at >= range.start && at <= range.end ? at - shift : MAGIC.length;
      fields.push({ id: f.id, value: { type: 'i64', value: BigInt(moved) } });
    } else if (f.id === ColumnChunk.META_DATA && f.value.type === 'struct') {
      let meta: ThriftStruct = { fields: f.value.value.fields.filter((m) => !ColumnMetaData.BLOOM_FILTER.has(m.id)) };
      meta = { fields: shifted(meta, ColumnMetaData.DATA_PAGE_OFFSET, shift) };
      meta = { fields: shifted(meta, ColumnMetaData.DICTIONARY_PAGE_OFFSET, shift) };
      const index = thriftInt(meta, ColumnMetaData.INDEX_PAGE_OFFSET);
      meta =
        index !== undefined && index >= range.start && index < range.end
          ? { fields: shifted(meta, ColumnMetaData.INDEX_PAGE_OFFSET, shift) }
          : { fields: meta.fields.filter((m) => m.id !== ColumnMetaData.INDEX_PAGE_OFFSET) };
      fields.push({ id: f.id, value: { type: 'struct', value: meta } });
    } else fields.push(f);
  }
  return { fields };
}

/**
 * The footer of a file holding only row group `g` (which must have a `range`), its column chunks
 * starting at byte 4: the FileMetaData with that one group, its row count, and every page offset
 * moved. Page indexes and bloom filters are dropped (they lie outside the group's bytes).
 */
export function rowGroupFooter(footer: ParquetFooter, g: number): Uint8Array {
  const layout = footer.rowGroups[g]!;
  const range = layout.range!;
  const shift = range.start - MAGIC.length;
  const group = footer.groups[g]!;
  const groupFields: ThriftField[] = [];
  for (const f of group.fields) {
    if (f.id === RowGroup.COLUMNS && f.value.type === 'list') {
      const items = f.value.items.map((item) =>
        item.type === 'struct' ? { type: 'struct' as const, value: rewriteChunk(item.value, shift, range) } : item,
      );
      groupFields.push({ id: f.id, value: { type: 'list', elementType: f.value.elementType, items } });
    } else if (f.id === RowGroup.FILE_OFFSET) {
      const at = thriftInt(group, RowGroup.FILE_OFFSET);
      if (at !== undefined && at >= range.start && at < range.end)
        groupFields.push({ id: f.id, value: { type: 'i64', value: BigInt(at - shift) } });
    } else if (f.id === RowGroup.ORDINAL) groupFields.push({ id: f.id, value: { type: 'i16', value: 0 } });
    else groupFields.push(f);
  }
  return encodeWithGroups(footer, [{ type: 'struct', value: { fields: groupFields } }], layout.rows);
}

/** The footer of a file with the same schema and no row groups (for the schema of an empty read). */
export function emptyFooter(footer: ParquetFooter): Uint8Array {
  return encodeWithGroups(footer, [], 0);
}

function encodeWithGroups(footer: ParquetFooter, groups: ThriftValue[], rows: number): Uint8Array {
  const fields = footer.metadata.fields.map((f): ThriftField => {
    if (f.id === FileMetaData.NUM_ROWS) return { id: f.id, value: { type: 'i64', value: BigInt(rows) } };
    if (f.id === FileMetaData.ROW_GROUPS && f.value.type === 'list')
      return { id: f.id, value: { type: 'list', elementType: f.value.elementType, items: groups } };
    return f;
  });
  return writeThriftStruct({ fields });
}

/**
 * Assembles a standalone Parquet file at the start of `target` (which must be large enough):
 * `PAR1`, `bodyLength` bytes that `fill` writes at offset 4 (the row group's chunks, or nothing),
 * `footer`, its length and `PAR1`. Returns the file, a view of `target`.
 */
export async function assembleParquetFile(
  target: Uint8Array,
  bodyLength: number,
  footer: Uint8Array,
  fill: (target: Uint8Array, offset: number) => Promise<void>,
): Promise<Uint8Array> {
  const length = MAGIC.length + bodyLength + footer.length + 4 + MAGIC.length;
  target.set(MAGIC, 0);
  if (bodyLength > 0) await fill(target, MAGIC.length);
  let at = MAGIC.length + bodyLength;
  target.set(footer, at);
  at += footer.length;
  new DataView(target.buffer, target.byteOffset).setUint32(at, footer.length, true);
  target.set(MAGIC, at + 4);
  return target.subarray(0, length);
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
 * Arrow writers store their schema in the footer's key-value metadata under this key (base64 of an
 * IPC schema message), and arrow-rs types the columns by it.
 */
export const ARROW_SCHEMA_KEY = 'ARROW:schema';

/** The footer's key-value metadata as [key, value] pairs in file order (an entry without a key left out). */
export function footerKeyValues(metadata: ThriftStruct): [string, string][] {
  return thriftStructs(metadata, FileMetaData.KEY_VALUE_METADATA).flatMap((entry) => {
    const key = thriftText(entry, KeyValue.KEY);
    return key === undefined ? [] : [[key, thriftText(entry, KeyValue.VALUE) ?? ''] as [string, string]];
  });
}
