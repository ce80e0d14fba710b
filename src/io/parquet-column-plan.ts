import { RecordBatchReader } from 'apache-arrow/ipc/reader';
import { Field, Schema } from 'apache-arrow/schema';
import {
  Binary,
  Bool,
  type DataType,
  Float32,
  Float64,
  Int8,
  Int16,
  Int32,
  Int64,
  Uint8,
  Uint16,
  Uint32,
  Utf8,
} from 'apache-arrow/type';
import { ARROW_SCHEMA_KEY, footerKeyValues } from './parquet-footer.js';
import {
  ColumnChunk,
  ColumnMetaData,
  Encoding,
  FieldRepetitionType,
  FileMetaData,
  RowGroup,
  SchemaElement,
} from './parquet-thrift-ids.js';
import {
  type ThriftStruct,
  thriftText as text,
  thriftField,
  thriftInt,
  thriftStruct,
  thriftStructs,
} from './thrift-compact.js';

/**
 * Which Parquet files this project's own decoder (parquet-page-decoder.ts) reads, and as what
 * Arrow columns: the plan is derived from the footer alone, and anything outside the subset makes
 * the whole file go to parquet-wasm. The Arrow types are the ones parquet-wasm (arrow-rs) gives for
 * the same Parquet types, after the reader's widening (narrow integers to Int64, Float32 to
 * Float64), so that both paths yield the same batches (docs/ingestion.md, Parquet reader design).
 */

/** Parquet physical types (parquet.thrift `Type`). */
export const PhysicalType = { BOOLEAN: 0, INT32: 1, INT64: 2, FLOAT: 4, DOUBLE: 5, BYTE_ARRAY: 6 } as const;

/** How a column's values land in Arrow. */
export type ValueKind =
  /** BOOLEAN -> Bool. */
  | 'bool'
  /** INT32 (with its integer annotation) -> Int64. */
  | 'int32'
  /** INT64 -> Int64, DOUBLE -> Float64: 8 bytes copied as they are. */
  | 'word64'
  /** FLOAT -> Float64. */
  | 'float32'
  /** BYTE_ARRAY -> Utf8 (checked UTF-8) or Binary. */
  | 'bytes';

export interface ColumnPlan {
  readonly name: string;
  readonly physical: number;
  readonly kind: ValueKind;
  /** 1 for an optional column, 0 for a required one (flat columns only). */
  readonly maxDefinition: 0 | 1;
  /** INT32 only: how arrow-rs narrows the 32-bit value (its annotated width and signedness). */
  readonly intWidth: 8 | 16 | 32;
  readonly signed: boolean;
  /** BYTE_ARRAY only: a UTF-8 string column. */
  readonly utf8: boolean;
  /** The Arrow type the reader yields (after widening). */
  readonly type: DataType;
  /** The Arrow type arrow-rs decodes to before the reader widens it. */
  readonly fileType: DataType;
}

export interface FilePlan {
  readonly columns: readonly ColumnPlan[];
  /** The schema of the batches (after widening). */
  readonly schema: Schema;
  /** The schema as arrow-rs gives it before widening (what an empty read yields). */
  readonly fileSchema: Schema;
}

/** Codecs the decoder reads (parquet.thrift `CompressionCodec`). */
export const Codec = { UNCOMPRESSED: 0, SNAPPY: 1, GZIP: 2 } as const;
const CODECS = new Set<number>(Object.values(Codec));
/** PLAIN, PLAIN_DICTIONARY, RLE, BIT_PACKED (listed by old writers for levels), RLE_DICTIONARY. */
const ENCODINGS = new Set<number>(Object.values(Encoding));

const LOGICAL_STRING = 1;
const LOGICAL_INTEGER = 10;
// ConvertedType values.
const UTF8 = 0;
const UINT_8 = 11;
const UINT_16 = 12;
const UINT_32 = 13;
const INT_8 = 15;
const INT_16 = 16;
const INT_32 = 17;
const INT_64 = 18;

/** The integer annotation of an INT32/INT64 leaf: width and signedness, or undefined if it is not a plain integer. */
function integerOf(element: ThriftStruct, bits: 32 | 64): { width: 8 | 16 | 32 | 64; signed: boolean } | undefined {
  const logical = thriftField(element, SchemaElement.LOGICAL_TYPE);
  if (logical !== undefined) {
    if (logical.type !== 'struct' || logical.value.fields.length !== 1) return undefined;
    const [only] = logical.value.fields;
    if (only!.id !== LOGICAL_INTEGER || only!.value.type !== 'struct') return undefined;
    const width = thriftInt(only!.value.value, 1);
    const signed = thriftField(only!.value.value, 2);
    if (signed?.type !== 'bool' || (width !== 8 && width !== 16 && width !== 32 && width !== 64)) return undefined;
    if ((bits === 64) !== (width === 64) || (bits === 64 && !signed.value)) return undefined;
    return { width, signed: signed.value };
  }
  const converted = thriftInt(element, SchemaElement.CONVERTED_TYPE);
  if (converted === undefined) return { width: bits, signed: true };
  if (bits === 64) return converted === INT_64 ? { width: 64, signed: true } : undefined;
  const known: Record<number, { width: 8 | 16 | 32; signed: boolean }> = {
    [INT_8]: { width: 8, signed: true },
    [INT_16]: { width: 16, signed: true },
    [INT_32]: { width: 32, signed: true },
    [UINT_8]: { width: 8, signed: false },
    [UINT_16]: { width: 16, signed: false },
    [UINT_32]: { width: 32, signed: false },
  };
  return known[converted];
}

/** A BYTE_ARRAY leaf: 'utf8', 'binary', or undefined for another annotation (JSON, ENUM, decimal...). */
function bytesOf(element: ThriftStruct): 'utf8' | 'binary' | undefined {
  const logical = thriftField(element, SchemaElement.LOGICAL_TYPE);
  if (logical !== undefined) {
    if (logical.type !== 'struct' || logical.value.fields.length !== 1) return undefined;
    return logical.value.fields[0]!.id === LOGICAL_STRING ? 'utf8' : undefined;
  }
  const converted = thriftInt(element, SchemaElement.CONVERTED_TYPE);
  if (converted === undefined) return 'binary';
  return converted === UTF8 ? 'utf8' : undefined;
}

function planLeaf(element: ThriftStruct): ColumnPlan | undefined {
  const name = text(element, SchemaElement.NAME);
  const physical = thriftInt(element, SchemaElement.TYPE);
  const repetition = thriftInt(element, SchemaElement.REPETITION_TYPE) ?? FieldRepetitionType.REQUIRED;
  if (name === undefined || physical === undefined || repetition === FieldRepetitionType.REPEATED) return undefined;
  const base = {
    name,
    physical,
    maxDefinition: repetition === FieldRepetitionType.REQUIRED ? (0 as const) : (1 as const),
    intWidth: 32 as const,
    signed: true,
    utf8: false,
  };
  const plain =
    thriftField(element, SchemaElement.LOGICAL_TYPE) === undefined &&
    thriftField(element, SchemaElement.CONVERTED_TYPE) === undefined;
  switch (physical) {
    case PhysicalType.BOOLEAN:
      return plain ? { ...base, kind: 'bool', type: new Bool(), fileType: new Bool() } : undefined;
    case PhysicalType.INT32: {
      const int = integerOf(element, 32);
      if (int === undefined || int.width === 64) return undefined;
      const fileType = int.signed
        ? int.width === 8
          ? new Int8()
          : int.width === 16
            ? new Int16()
            : new Int32()
        : int.width === 8
          ? new Uint8()
          : int.width === 16
            ? new Uint16()
            : new Uint32();
      return { ...base, kind: 'int32', intWidth: int.width, signed: int.signed, type: new Int64(), fileType };
    }
    case PhysicalType.INT64:
      return integerOf(element, 64) ? { ...base, kind: 'word64', type: new Int64(), fileType: new Int64() } : undefined;
    case PhysicalType.FLOAT:
      return plain ? { ...base, kind: 'float32', type: new Float64(), fileType: new Float32() } : undefined;
    case PhysicalType.DOUBLE:
      return plain ? { ...base, kind: 'word64', type: new Float64(), fileType: new Float64() } : undefined;
    case PhysicalType.BYTE_ARRAY: {
      const bytes = bytesOf(element);
      if (bytes === undefined) return undefined;
      const type = bytes === 'utf8' ? new Utf8() : new Binary();
      return { ...base, kind: 'bytes', utf8: bytes === 'utf8', type, fileType: type };
    }
    default:
      return undefined;
  }
}

/**
 * The Arrow schema a writer embedded (`ARROW:schema`, base64 of an IPC schema message), which
 * arrow-rs follows for the types it can convert to; undefined if there is none, null if it is
 * there but unreadable.
 */
function embeddedSchema(metadata: ThriftStruct): Schema | undefined | null {
  const entry = footerKeyValues(metadata).find(([key]) => key === ARROW_SCHEMA_KEY);
  if (entry === undefined) return undefined;
  try {
    const message = Buffer.from(entry[1], 'base64');
    const continued = message.length >= 4 && message.readUInt32LE(0) === 0xffffffff;
    const stream = Buffer.concat([
      continued ? Buffer.alloc(0) : Buffer.from([0xff, 0xff, 0xff, 0xff]),
      message,
      Buffer.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]),
    ]);
    const reader = RecordBatchReader.from(stream);
    reader.open();
    return reader.schema ?? null;
  } catch {
    return null;
  }
}

/**
 * The plan for the Parquet file with footer `metadata` (FileMetaData), or undefined when any part
 * of it is outside what the decoder reads: a nested or repeated column, a physical or logical type
 * not listed in {@link planLeaf}, a codec other than UNCOMPRESSED/SNAPPY/GZIP, an encoding beyond
 * PLAIN and dictionary, chunks in other files or encrypted, or an embedded Arrow schema asking for
 * other types.
 */
export function planParquetFile(metadata: ThriftStruct): FilePlan | undefined {
  if (!plans.has(metadata)) plans.set(metadata, planFile(metadata));
  return plans.get(metadata);
}

/** The plan of each footer planned (a file read a column at a time is planned once, not per pass). */
const plans = new WeakMap<ThriftStruct, FilePlan | undefined>();

function planFile(metadata: ThriftStruct): FilePlan | undefined {
  const elements = thriftStructs(metadata, FileMetaData.SCHEMA);
  const root = elements[0];
  if (root === undefined) return undefined;
  const leaves = elements.slice(1);
  if ((thriftInt(root, SchemaElement.NUM_CHILDREN) ?? 0) !== leaves.length) return undefined;
  const columns: ColumnPlan[] = [];
  for (const element of leaves) {
    // A group (struct, list, map) has children; flat files have leaves only under the root.
    if ((thriftInt(element, SchemaElement.NUM_CHILDREN) ?? 0) !== 0) return undefined;
    const plan = planLeaf(element);
    if (plan === undefined) return undefined;
    columns.push(plan);
  }
  for (const group of thriftStructs(metadata, FileMetaData.ROW_GROUPS)) {
    const chunks = thriftStructs(group, RowGroup.COLUMNS);
    if (chunks.length !== columns.length) return undefined;
    for (let c = 0; c < chunks.length; c++) {
      const chunk = chunks[c]!;
      const meta = thriftStruct(chunk, ColumnChunk.META_DATA);
      if (meta === undefined || thriftField(chunk, ColumnChunk.FILE_PATH) !== undefined) return undefined;
      if (chunk.fields.some((f) => ColumnChunk.CRYPTO.has(f.id))) return undefined;
      if (thriftInt(meta, ColumnMetaData.TYPE) !== columns[c]!.physical) return undefined;
      if (!CODECS.has(thriftInt(meta, ColumnMetaData.CODEC) ?? -1)) return undefined;
      const encodings = thriftField(meta, ColumnMetaData.ENCODINGS);
      if (encodings?.type !== 'list') return undefined;
      if (!encodings.items.every((e) => e.type === 'i32' && ENCODINGS.has(e.value))) return undefined;
    }
  }
  const embedded = embeddedSchema(metadata);
  if (embedded === null) return undefined;
  if (embedded !== undefined) {
    const same =
      embedded.fields.length === columns.length &&
      embedded.fields.every((f, i) => f.name === columns[i]!.name && String(f.type) === String(columns[i]!.fileType));
    if (!same) return undefined;
  }
  // The reader's widening rebuilds every field as nullable when it widens any column.
  const widened = columns.some((c) => String(c.type) !== String(c.fileType));
  const fields = columns.map((c) => new Field(c.name, c.type, widened || c.maxDefinition === 1));
  const kv = new Map<string, string>();
  for (const [key, value] of footerKeyValues(metadata)) if (key !== ARROW_SCHEMA_KEY) kv.set(key, value);
  const fileFields = columns.map((c) => new Field(c.name, c.fileType, c.maxDefinition === 1));
  return { columns, schema: new Schema(fields, kv), fileSchema: new Schema(fileFields, kv) };
}
