import { UsageError } from '../_util/errors.js';
import { ARROW_SCHEMA_KEY, chunkStart, footerKeyValues, type ParquetFooter, rewriteChunk } from './parquet-footer.js';
import { ColumnChunk, ColumnMetaData, FileMetaData, RowGroup, SchemaElement } from './parquet-thrift-ids.js';
import {
  thriftInt as int,
  thriftStructs as structs,
  type ThriftField,
  type ThriftStruct,
  type ThriftValue,
  thriftText as text,
  thriftStruct,
  writeThriftStruct,
} from './thrift-compact.js';

/**
 * Top-level columns of a Parquet file cut out of its row groups: a standalone file holding only
 * some of the top-level columns' chunks (and the schema of those columns), which parquet-wasm
 * decodes as if the file had only them. Two threads can so share one file by columns, each
 * decoding and summarising its own (docs/ingestion.md, "One Parquet file split between two threads
 * by column").
 */

/** A run of top-level columns [start, end), by position in the file's schema. */
export interface ColumnRange {
  readonly start: number;
  readonly end: number;
}

/** A top-level column of a file's schema: its name and the leaf columns (column chunks) it spans. */
export interface ParquetTopLevelColumn {
  readonly name: string;
  /** Leaf columns [start, end) in schema order: the indices of its chunks in every row group. */
  readonly leaves: ColumnRange;
  /** Uncompressed bytes of its chunks over all row groups, as the writer declared them. */
  readonly uncompressedBytes: number;
  /**
   * An estimate of the work of decoding and summarising it: its values over all row groups, a
   * byte-array value counted as half a number and a boolean as a quarter (measured on the
   * benchmark file: strings from a dictionary cost about half of what doubles and integers do).
   */
  readonly work: number;
}

/** Work per value by physical type (parquet.thrift Type: BOOLEAN 0 ... FIXED_LEN_BYTE_ARRAY 7). */
const WORK_PER_VALUE: readonly number[] = [0.25, 1, 1, 1, 1, 1, 0.5, 0.5];

const MAGIC_LENGTH = 4;
/**
 * The top-level columns of `footer`'s schema with the leaves each spans, and every leaf's work per
 * value, from the schema alone (no row group is looked at); undefined for a malformed schema.
 */
function schemaColumns(
  footer: ParquetFooter,
): { columns: { name: string; leaves: ColumnRange }[]; leafWork: number[] } | undefined {
  const elements = structs(footer.metadata, FileMetaData.SCHEMA);
  const root = elements[0];
  if (root === undefined) return undefined;
  const columns: { name: string; leaves: ColumnRange }[] = [];
  let at = 1;
  let leaf = 0;
  const leafWork: number[] = [];
  // Depth-first, as the schema is flattened: a group is followed by its children's subtrees.
  const skipSubtree = (): boolean => {
    const element = elements[at++];
    if (element === undefined) return false;
    const children = int(element, SchemaElement.NUM_CHILDREN) ?? 0;
    if (children <= 0) {
      leafWork[leaf++] = WORK_PER_VALUE[int(element, SchemaElement.TYPE) ?? -1] ?? 1;
      return true;
    }
    for (let c = 0; c < children; c++) if (!skipSubtree()) return false;
    return true;
  };
  const count = int(root, SchemaElement.NUM_CHILDREN) ?? 0;
  for (let c = 0; c < count; c++) {
    const name = text(elements[at] ?? { fields: [] }, SchemaElement.NAME);
    const first = leaf;
    if (name === undefined || !skipSubtree()) return undefined;
    columns.push({ name, leaves: { start: first, end: leaf } });
  }
  if (at !== elements.length) return undefined;
  return { columns, leafWork };
}

/**
 * The top-level columns of `footer`'s schema, or undefined when the schema does not describe the
 * row groups' chunks one for one (then the file is not cut by columns).
 */
export function topLevelColumns(footer: ParquetFooter): ParquetTopLevelColumn[] | undefined {
  if (!columnTables.has(footer)) columnTables.set(footer, columnTable(footer));
  return columnTables.get(footer);
}

/** The top-level columns of each footer seen (every pass of a column-at-a-time read asks for them). */
const columnTables = new WeakMap<ParquetFooter, ParquetTopLevelColumn[] | undefined>();

function columnTable(footer: ParquetFooter): ParquetTopLevelColumn[] | undefined {
  const schema = schemaColumns(footer);
  if (schema === undefined) return undefined;
  const { columns, leafWork } = schema;
  const bytes = new Array<number>(columns.length).fill(0);
  const work = new Array<number>(columns.length).fill(0);
  for (const group of footer.groups) {
    const chunks = structs(group, RowGroup.COLUMNS);
    if (chunks.length !== leafWork.length) return undefined;
    columns.forEach((column, c) => {
      for (let k = column.leaves.start; k < column.leaves.end; k++) {
        const meta = thriftStruct(chunks[k]!, ColumnChunk.META_DATA);
        if (meta === undefined) continue;
        bytes[c]! += Math.max(0, int(meta, ColumnMetaData.TOTAL_UNCOMPRESSED_SIZE) ?? 0);
        work[c]! += Math.max(0, int(meta, ColumnMetaData.NUM_VALUES) ?? 0) * leafWork[k]!;
      }
    });
  }
  return columns.map((column, c) => ({ ...column, uncompressedBytes: bytes[c]!, work: work[c]! }));
}

/**
 * Whether the file can be read a run of columns at a time: its schema matches its chunks, every row
 * group can be cut out of the file, and no Arrow schema in the footer types the columns together.
 */
export function columnsSeparable(footer: ParquetFooter): boolean {
  if (topLevelColumns(footer) === undefined) return false;
  if (!footer.rowGroups.every((g) => g.range !== undefined)) return false;
  return !footerKeyValues(footer.metadata).some(([key]) => key === ARROW_SCHEMA_KEY);
}

/** Refuses a column range that the file cannot be read by (see ParquetDecodeInput.columns). */
export function checkColumnRange(footer: ParquetFooter, columns: ColumnRange, path: string): void {
  const count = topLevelColumns(footer)?.length ?? 0;
  if (!columnsSeparable(footer)) {
    throw new UsageError(`${path}: this Parquet file cannot be read by columns`, {
      hint: 'read it without parquetColumns',
    });
  }
  if (!(Number.isInteger(columns.start) && Number.isInteger(columns.end))) {
    throw new UsageError(`parquetColumns must be integers, got ${columns.start}, ${columns.end}`);
  }
  if (columns.start < 0 || columns.end > count || columns.start >= columns.end) {
    throw new UsageError(
      `parquetColumns [${columns.start}, ${columns.end}) is not a non-empty range of the ${count} columns of ${path}`,
    );
  }
}

/** The standalone file of some columns of one row group: its footer, and where its body comes from. */
export interface ProjectedRowGroup {
  readonly footer: Uint8Array;
  /** Bytes [start, end) of the original file, in body order (one per column chunk kept). */
  readonly chunks: readonly ColumnRange[];
  readonly bodyLength: number;
  /** Uncompressed bytes of the chunks kept, as the writer declared them. */
  readonly uncompressedBytes: number;
}

/**
 * The leaf columns spanned by the top-level columns `columns` (a valid range of `footer`'s): from
 * the schema only, since the row groups were checked with the range.
 */
function leafRange(footer: ParquetFooter, columns: ColumnRange): ColumnRange {
  const top = schemaColumns(footer)!.columns;
  return { start: top[columns.start]!.leaves.start, end: top[columns.end - 1]!.leaves.end };
}

/** Uncompressed bytes of the chunks of `leaves` in row group `group`, as the writer declared them. */
function uncompressedBytesOf(group: ThriftStruct, leaves: ColumnRange): number {
  let bytes = 0;
  for (const chunk of structs(group, RowGroup.COLUMNS).slice(leaves.start, leaves.end)) {
    const meta = thriftStruct(chunk, ColumnChunk.META_DATA);
    if (meta !== undefined) bytes += Math.max(0, int(meta, ColumnMetaData.TOTAL_UNCOMPRESSED_SIZE) ?? 0);
  }
  return bytes;
}

/**
 * Uncompressed bytes of row group `g` of `footer` with the top-level columns `columns` only (what
 * {@link projectRowGroup} reports, without building its footer).
 */
export function projectedUncompressedBytes(footer: ParquetFooter, g: number, columns: ColumnRange): number {
  const group = footer.groups[g]!;
  return uncompressedBytesOf(group, leafRange(footer, columns));
}

/** The schema elements of the root and of the top-level columns `columns`, the root's child count set. */
function projectedSchema(footer: ParquetFooter, columns: ColumnRange): ThriftValue[] {
  const elements = structs(footer.metadata, FileMetaData.SCHEMA);
  // Element index of each top-level column (and one past the last): after the root, subtree by subtree.
  const subtreeEnd = (i: number): number => {
    const children = int(elements[i]!, SchemaElement.NUM_CHILDREN) ?? 0;
    let next = i + 1;
    for (let c = 0; c < children; c++) next = subtreeEnd(next);
    return next;
  };
  const starts = [1];
  for (let c = 0; c < columns.end; c++) starts.push(subtreeEnd(starts[c]!));
  const root: ThriftStruct = {
    fields: elements[0]!.fields.map((f) =>
      f.id === SchemaElement.NUM_CHILDREN
        ? { id: f.id, value: { type: 'i32', value: columns.end - columns.start } }
        : f,
    ),
  };
  const kept = elements.slice(starts[columns.start]!, starts[columns.end]!);
  return [root, ...kept].map((value) => ({ type: 'struct' as const, value }));
}

/** FileMetaData of a standalone file with `columns` only, `groups` as its row groups and `rows` rows. */
function projectedFileMetadata(
  footer: ParquetFooter,
  columns: ColumnRange,
  groups: ThriftValue[],
  rows: number,
): Uint8Array {
  const leaves = leafRange(footer, columns);
  const fields = footer.metadata.fields.map((f): ThriftField => {
    if (f.id === FileMetaData.SCHEMA && f.value.type === 'list')
      return {
        id: f.id,
        value: { type: 'list', elementType: f.value.elementType, items: projectedSchema(footer, columns) },
      };
    if (f.id === FileMetaData.NUM_ROWS) return { id: f.id, value: { type: 'i64', value: BigInt(rows) } };
    if (f.id === FileMetaData.ROW_GROUPS && f.value.type === 'list')
      return { id: f.id, value: { type: 'list', elementType: f.value.elementType, items: groups } };
    if (f.id === FileMetaData.COLUMN_ORDERS && f.value.type === 'list') {
      const items = f.value.items.slice(leaves.start, leaves.end);
      return { id: f.id, value: { type: 'list', elementType: f.value.elementType, items } };
    }
    return f;
  });
  return writeThriftStruct({ fields });
}

/**
 * Row group `g` of `footer` with the top-level columns `columns` only, as a standalone file whose
 * body is the kept chunks one after the other from byte 4 (each chunk's page offsets moved to
 * where it lands). The file must be {@link columnsSeparable}.
 */
export function projectRowGroup(footer: ParquetFooter, g: number, columns: ColumnRange): ProjectedRowGroup {
  const leaves = leafRange(footer, columns);
  const group = footer.groups[g]!;
  const chunks = structs(group, RowGroup.COLUMNS).slice(leaves.start, leaves.end);
  const ranges: ColumnRange[] = [];
  const rewritten: ThriftValue[] = [];
  let position = MAGIC_LENGTH;
  for (const chunk of chunks) {
    const meta = thriftStruct(chunk, ColumnChunk.META_DATA);
    if (meta === undefined) throw new Error('column chunk without metadata');
    const start = chunkStart(meta)!;
    const size = int(meta, ColumnMetaData.TOTAL_COMPRESSED_SIZE) ?? 0;
    const range = { start, end: start + size };
    ranges.push(range);
    rewritten.push({ type: 'struct', value: rewriteChunk(chunk, start - position, range) });
    position += size;
  }
  const bodyLength = position - MAGIC_LENGTH;
  const uncompressedBytes = uncompressedBytesOf(group, leaves);
  const groupFields: ThriftField[] = [];
  for (const f of group.fields) {
    if (f.id === RowGroup.COLUMNS && f.value.type === 'list')
      groupFields.push({ id: f.id, value: { type: 'list', elementType: f.value.elementType, items: rewritten } });
    else if (f.id === RowGroup.TOTAL_BYTE_SIZE)
      groupFields.push({ id: f.id, value: { type: 'i64', value: BigInt(uncompressedBytes) } });
    else if (f.id === RowGroup.TOTAL_COMPRESSED_SIZE)
      groupFields.push({ id: f.id, value: { type: 'i64', value: BigInt(bodyLength) } });
    else if (f.id === RowGroup.FILE_OFFSET)
      groupFields.push({ id: f.id, value: { type: 'i64', value: BigInt(MAGIC_LENGTH) } });
    else if (f.id === RowGroup.ORDINAL) groupFields.push({ id: f.id, value: { type: 'i16', value: 0 } });
    // Sorting columns are numbered among all the file's columns.
    else if (f.id !== RowGroup.SORTING_COLUMNS) groupFields.push(f);
  }
  const rows = int(group, RowGroup.NUM_ROWS) ?? 0;
  const bytes = projectedFileMetadata(footer, columns, [{ type: 'struct', value: { fields: groupFields } }], rows);
  return { footer: bytes, chunks: ranges, bodyLength, uncompressedBytes };
}

/** The footer of a file with the top-level columns `columns` of `footer` and no row groups. */
export function projectedEmptyFooter(footer: ParquetFooter, columns: ColumnRange): Uint8Array {
  return projectedFileMetadata(footer, columns, [], 0);
}
