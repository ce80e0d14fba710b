import { type Data, makeData } from 'apache-arrow/data';
import type { RecordBatch } from 'apache-arrow/recordbatch';
import { Null } from 'apache-arrow/type';
import { InputError } from '../_util/errors.js';
import {
  BytesValues,
  bytesData,
  Float32Values,
  float32Data,
  Int64Values,
  int64Data,
  listData,
  makeRecordBatch,
  Validity,
} from './column-builder.js';
import { IoErrorCode, inputError } from './io-error.js';
import { type ReaderContext, rowsPerBatch } from './reader-context.js';
import type { DatasetFile } from './resolve-inputs.js';
import {
  appendBytesList,
  appendFloatList,
  appendInt64List,
  featureKind,
  KIND_BYTES,
  KIND_FLOAT,
  KIND_INT64,
  KIND_NONE,
  ProtoError,
  topLevelFields,
  visitFeatureList,
  visitFeatures,
} from './tf-example-decoder.js';
import { readTfRecordFile, type TfRecord } from './tfrecord-framing.js';

interface FeatureColumn {
  readonly name: string;
  kind: number;
  /** 1: context/Example feature -> List<T>; 2: SequenceExample feature list -> List<List<T>>. */
  readonly depth: 1 | 2;
  /** The record (1-based, in `kindFile`) that gave `kind`, for the message of a later conflict. */
  kindRow: number;
  kindFile: string;
  /** Serial of the last record holding the feature: a second entry in the same record is a duplicate key. */
  seenIn: number;
}

/** Counts records over the whole discovery pass (see `FeatureColumn.seenIn`). */
let recordSerial = 0;

const kindNames = ['no kind', 'bytes_list', 'float_list', 'int64_list'];

/**
 * Reads TFRecord files of serialized tf.Example or tf.SequenceExample (TFX's Examples
 * artifact), plain or GZIP. Representation, as TFDV's decoders: each feature is a column
 * `int64_list -> List<Int64>`, `float_list -> List<Float32>`, `bytes_list -> List<Binary>`,
 * null where an example lacks the feature; a feature present with no kind set (or an empty
 * list) is an empty list, present with 0 values, as TFDV counts it. The feature lists of a
 * SequenceExample become top-level `List<List<T>>` columns named after the feature list
 * (TFDV nests them under a `##SEQUENCE##` struct column instead); a name used by both a context
 * feature and a feature list is an error. A first pass over the records learns every feature
 * name and kind so that all batches share one schema (TFDV's batches each carry only the
 * features seen in them); columns are in order of first appearance. A feature whose kind is
 * never seen takes `columnTypes[name]`, else Arrow Null.
 */
export async function* readTfRecords(files: readonly DatasetFile[], ctx: ReaderContext): AsyncGenerator<RecordBatch> {
  const columns = new Map<string, FeatureColumn>();
  let bytesDone = 0;
  let rows = 0;
  for (const { path, size, source } of files) {
    for await (const record of readTfRecordFile(
      path,
      (b) => ctx.progress({ phase: 'scan', bytesRead: bytesDone + b, rowsRead: rows, file: path }),
      source,
    )) {
      rows++;
      guard(path, record, () => discover(record.data, columns, path, record));
    }
    bytesDone += size;
  }
  const given = ctx.columnTypes;
  for (const column of columns.values()) {
    if (column.kind !== KIND_NONE) continue;
    const type = given.get(column.name);
    column.kind = type === 'int' ? KIND_INT64 : type === 'float' ? KIND_FLOAT : type ? KIND_BYTES : KIND_NONE;
  }
  const batchSize = rowsPerBatch(ctx.batchSize, columns.size);
  const builder = new ExampleBatchBuilder([...columns.values()], batchSize);
  bytesDone = 0;
  rows = 0;
  let emitted = false;
  for (const { path, size, source } of files) {
    const ready: RecordBatch[] = [];
    for await (const record of readTfRecordFile(
      path,
      (b) => ctx.progress({ phase: 'read', bytesRead: bytesDone + b, rowsRead: rows, file: path }),
      source,
    )) {
      guard(path, record, () => builder.add(record.data));
      rows++;
      if (builder.rows === batchSize) ready.push(builder.finish());
      if (ready.length > 0) {
        emitted = true;
        yield* ready;
        ready.length = 0;
      }
    }
    bytesDone += size;
  }
  if (builder.rows > 0 || !emitted) yield builder.finish();
}

function guard(path: string, record: TfRecord, call: () => void): void {
  try {
    call();
  } catch (error) {
    if (error instanceof InputError) throw error;
    if (error instanceof ProtoError || error instanceof RangeError) {
      throw inputError(
        IoErrorCode.TFRECORD_BAD_EXAMPLE,
        `record ${record.index} is not a valid tf.Example/tf.SequenceExample: ${error.message}`,
        { file: path, row: record.index + 1, byteOffset: record.offset },
        'the records must be serialized tf.Example or tf.SequenceExample protos',
      );
    }
    throw error;
  }
}

function discover(data: Buffer, columns: Map<string, FeatureColumn>, path: string, record: TfRecord): void {
  const { features, lists } = topLevelFields(data);
  const serial = ++recordSerial;
  const row = record.index + 1;
  const note = (name: string, kind: number, depth: 1 | 2) => {
    let column = columns.get(name);
    if (!column) {
      column = { name, kind, depth, kindRow: row, kindFile: path, seenIn: serial };
      columns.set(name, column);
      return;
    }
    if (column.seenIn === serial) {
      throw inputError(
        IoErrorCode.TFRECORD_DUPLICATE_FEATURE,
        `record ${record.index} holds feature '${name}' twice`,
        { file: path, row, byteOffset: record.offset, feature: name },
        'each feature name may appear once per record; fix the writer',
      );
    }
    column.seenIn = serial;
    if (column.depth !== depth) {
      throw inputError(
        IoErrorCode.TFRECORD_FEATURE_TYPE_CONFLICT,
        `'${name}' is both a context feature and a feature list`,
        { file: path, row: record.index + 1, byteOffset: record.offset, feature: name },
        'rename one of them',
      );
    }
    if (kind === KIND_NONE) return;
    if (column.kind === KIND_NONE) {
      column.kind = kind;
      column.kindRow = row;
      column.kindFile = path;
    } else if (column.kind !== kind) {
      throw inputError(
        IoErrorCode.TFRECORD_FEATURE_TYPE_CONFLICT,
        `feature '${name}' is ${kindNames[kind]} in record ${record.index} but ${kindNames[column.kind]} in record ${column.kindRow - 1}${column.kindFile === path ? '' : ` of ${column.kindFile}`}`,
        { file: path, row: record.index + 1, byteOffset: record.offset, feature: name },
        'a feature must have one type in the whole dataset; fix the writer',
      );
    }
  };
  for (const [s, e] of features)
    visitFeatures(data, s, e, (name, fs, fe) => note(name, featureKind(data, fs, fe).kind, 1));
  for (const [s, e] of lists) {
    visitFeatures(data, s, e, (name, fs, fe) => {
      let kind = KIND_NONE;
      visitFeatureList(data, fs, fe, (a, b) => {
        const k = featureKind(data, a, b).kind;
        if (k !== KIND_NONE) kind = k;
      });
      note(name, kind, 2);
    });
  }
}

/** One column being built: row offsets, optional inner offsets (depth 2) and the leaf values. */
class ColumnBuilder {
  validity: Validity;
  rowOffsets: Int32Array;
  inner: Int32Array; // depth 2: offsets of inner lists into the values
  innerCount = 0;
  ints: Int64Values | undefined;
  floats: Float32Values | undefined;
  bytes: BytesValues | undefined;
  lastRow = -1;

  constructor(
    readonly column: FeatureColumn,
    readonly capacity: number,
  ) {
    this.validity = new Validity(capacity);
    this.rowOffsets = new Int32Array(capacity + 1);
    this.inner = new Int32Array(column.depth === 2 ? capacity + 1 : 1);
    this.reset();
  }

  reset(): void {
    const cap = this.capacity;
    const kind = this.column.kind;
    this.ints = kind === KIND_INT64 ? new Int64Values(cap) : undefined;
    this.floats = kind === KIND_FLOAT ? new Float32Values(cap) : undefined;
    this.bytes = kind === KIND_BYTES ? new BytesValues(cap) : undefined;
    this.innerCount = 0;
  }

  get valueCount(): number {
    return this.ints?.length ?? this.floats?.length ?? this.bytes?.length ?? 0;
  }

  /** Undoes what the current row wrote (a repeated map key: the last entry wins, as in protobuf). */
  rollback(row: number): void {
    if (this.column.depth === 2) {
      this.innerCount = this.rowOffsets[row]!;
      this.truncate(this.inner[this.innerCount]!);
    } else this.truncate(this.rowOffsets[row]!);
  }

  private truncate(values: number): void {
    if (this.ints) this.ints.length = values;
    if (this.floats) this.floats.length = values;
    if (this.bytes) {
      this.bytes.length = values;
      this.bytes.used = this.bytes.offsets[values]!;
    }
  }

  /**
   * Appends a Feature's values. A Feature with no kind set (TFX's ExampleGen writes one for an
   * empty CSV cell) is present with 0 values, as in TFDV: only a name absent from the map is missing.
   */
  appendFeature(data: Buffer, fs: number, fe: number, name: string): void {
    const { kind, start, end } = featureKind(data, fs, fe);
    if (kind === KIND_NONE) return;
    if (kind !== this.column.kind) throw new ProtoError(`feature '${name}' changed type`);
    if (kind === KIND_INT64) appendInt64List(data, start, end, this.ints!);
    else if (kind === KIND_FLOAT) appendFloatList(data, start, end, this.floats!);
    else appendBytesList(data, start, end, this.bytes!);
  }

  finish(length: number): Data {
    const validity = this.validity.take(length);
    const valueCount = this.valueCount;
    let leaf: Data;
    if (this.ints) leaf = int64Data(this.ints.take(valueCount), valueCount);
    else if (this.floats) leaf = float32Data(this.floats.take(valueCount), valueCount);
    else if (this.bytes) leaf = bytesData(true, this.bytes.take(), valueCount);
    else leaf = makeData({ type: new Null(), length: 0, nullCount: 0 });
    const rowOffsets = this.rowOffsets.subarray(0, length + 1);
    this.rowOffsets = new Int32Array(this.capacity + 1);
    let out: Data;
    if (this.column.depth === 2) {
      const innerOffsets = this.inner.subarray(0, this.innerCount + 1);
      this.inner = new Int32Array(this.capacity + 1);
      out = listData(listData(leaf, innerOffsets, this.innerCount), rowOffsets, length, validity);
    } else out = listData(leaf, rowOffsets, length, validity);
    this.reset();
    this.lastRow = -1;
    return out;
  }
}

class ExampleBatchBuilder {
  rows = 0;
  private readonly builders: ColumnBuilder[];
  private readonly byName = new Map<string, ColumnBuilder>();

  constructor(
    private readonly columns: readonly FeatureColumn[],
    capacity: number,
  ) {
    this.builders = columns.map((c) => new ColumnBuilder(c, capacity));
    for (const b of this.builders) this.byName.set(b.column.name, b);
  }

  add(data: Buffer): void {
    const row = this.rows;
    const { features, lists } = topLevelFields(data);
    for (const [s, e] of features) {
      visitFeatures(data, s, e, (name, fs, fe) => {
        const b = this.byName.get(name)!;
        if (b.lastRow === row) b.rollback(row);
        b.appendFeature(data, fs, fe, name);
        b.lastRow = row;
      });
    }
    for (const [s, e] of lists) {
      visitFeatures(data, s, e, (name, fs, fe) => {
        const b = this.byName.get(name)!;
        if (b.lastRow === row) b.rollback(row);
        visitFeatureList(data, fs, fe, (a, z) => {
          // An inner feature without a kind is an empty step.
          b.appendFeature(data, a, z, name);
          b.innerCount++;
          if (b.innerCount + 1 > b.inner.length) {
            const next = new Int32Array(b.inner.length * 2);
            next.set(b.inner);
            b.inner = next;
          }
          b.inner[b.innerCount] = b.valueCount;
        });
        b.lastRow = row;
      });
    }
    for (const b of this.builders) {
      if (b.lastRow === row) b.validity.setValid(row);
      else b.validity.nullCount++;
      b.rowOffsets[row + 1] = b.column.depth === 2 ? b.innerCount : b.valueCount;
    }
    this.rows++;
  }

  finish(): RecordBatch {
    const length = this.rows;
    const data = this.builders.map((b) => b.finish(length));
    this.rows = 0;
    return makeRecordBatch(
      this.columns.map((c) => c.name),
      data,
      length,
    );
  }
}
