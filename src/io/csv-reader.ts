import type { Data, RecordBatch } from 'apache-arrow';
import { makeData, Null } from 'apache-arrow';
import { UsageError } from '../_util/errors.js';
import { ChunkedFile } from './chunked-file.js';
import {
  BytesValues,
  bytesData,
  Float64Values,
  float64Data,
  Int64Values,
  int64Data,
  makeRecordBatch,
  Validity,
} from './column-builder.js';
import { CsvRecordParser, NEED_MORE } from './csv-record-parser.js';
import {
  type CellType,
  classifyCell,
  floatParse,
  parseFloatCell,
  parseIntCell,
  T_FLOAT,
  T_INT,
  T_NULL,
  T_STRING,
} from './csv-value.js';
import { IoErrorCode, inputError } from './io-error.js';
import type { ColumnType, ReadProgress } from './read-options.js';
import type { ReaderContext } from './reader-context.js';
import type { DatasetFile } from './resolve-inputs.js';

/** A record longer than this is taken for an unterminated quote rather than buffered on. */
const MAX_RECORD_BYTES = 64 << 20;

/** Column storage kinds in pass 2. */
const K_NULL = 0;
const K_INT = 1;
const K_FLOAT = 2;
const K_UTF8 = 3;
const K_BINARY = 4;

interface CsvHeader {
  readonly names: string[];
  /** Offset of the first data record in the file, and its line. */
  readonly dataOffset: number;
  readonly dataLine: number;
}

/**
 * Reads CSV files as one dataset. Column types come from `columnTypes` or, for the other
 * columns, from a first pass over every file that applies TFDV's promotion rule (int ->
 * float -> string, missing cells ignored) to the whole column: types of a streamed file can
 * only be known at its end, and every batch must have the same schema. The scan costs a
 * second read of the file but keeps memory independent of file size. A column with no value
 * at all gets Arrow's Null type (TFDV's representation of an all-empty CSV column).
 */
export async function* readCsv(files: readonly DatasetFile[], ctx: ReaderContext): AsyncGenerator<RecordBatch> {
  const delimiter = singleByte(ctx.options.delimiter ?? ',', 'delimiter');
  const quote = singleByte(ctx.options.quote ?? '"', 'quote');
  const nullTokens = (ctx.options.nullValues ?? ['']).map((t) => Buffer.from(t, 'utf8'));
  const headers: CsvHeader[] = [];
  for (const file of files) headers.push(await readHeader(file.path, delimiter, quote));
  const names = headers[0]!.names;
  headers.forEach((header, index) => {
    if (header.names.join('\u0000') !== names.join('\u0000')) {
      throw inputError(
        IoErrorCode.CSV_HEADER_MISMATCH,
        `header differs from ${files[0]!.path}: [${header.names.join(', ')}] vs [${names.join(', ')}]`,
        { file: files[index]!.path, line: 1 },
        'all files of one dataset must have the same columns in the same order',
      );
    }
  });

  const given = ctx.options.columnTypes ?? {};
  const types: CellType[] = names.map(() => T_NULL);
  const fixed = names.map((name) => given[name] !== undefined);
  if (fixed.includes(false)) {
    const scan = new CsvPass(names, delimiter, quote, nullTokens, ctx, 'scan');
    for (let f = 0; f < files.length; f++) await scan.scanTypes(files[f]!.path, headers[f]!, types, fixed);
  }
  const kinds = names.map((name, c) => kindOf(given[name], types[c]!));
  const pass = new CsvPass(names, delimiter, quote, nullTokens, ctx, 'read');
  for (let f = 0; f < files.length; f++) yield* pass.read(files[f]!.path, headers[f]!, kinds);
  yield* pass.flush(kinds, true);
}

function kindOf(given: ColumnType | undefined, inferred: CellType): number {
  switch (given) {
    case 'int':
      return K_INT;
    case 'float':
      return K_FLOAT;
    case 'string':
      return K_UTF8;
    case 'bytes':
      return K_BINARY;
    default:
      return inferred === T_INT ? K_INT : inferred === T_FLOAT ? K_FLOAT : inferred === T_STRING ? K_UTF8 : K_NULL;
  }
}

function singleByte(text: string, what: string): number {
  const bytes = Buffer.from(text === '\\t' ? '\t' : text, 'utf8');
  if (bytes.length !== 1) throw new UsageError(`the CSV ${what} must be one byte, got '${text}'`);
  return bytes[0]!;
}

async function readHeader(path: string, delimiter: number, quote: number): Promise<CsvHeader> {
  const file = await ChunkedFile.open(path, 1 << 16);
  try {
    await file.fill(0);
    let pos = 0;
    if (file.buf[0] === 0xef && file.buf[1] === 0xbb && file.buf[2] === 0xbf) pos = 3;
    const parser = new CsvRecordParser(path, delimiter, quote);
    for (;;) {
      if (pos >= file.buf.length) {
        throw inputError(
          IoErrorCode.EMPTY_FILE,
          'the file is empty: a CSV needs a header row',
          { file: path, line: 1, byteOffset: 0 },
          'write the column names on the first line',
        );
      }
      parser.bufStart = file.start;
      const end = parser.parse(file.buf, pos, file.eof);
      if (end === NEED_MORE) {
        if (!(await file.fill(0))) continue;
        continue;
      }
      if (parser.count === 0) {
        pos = end; // leading blank lines
        continue;
      }
      const names: string[] = [];
      const seen = new Map<string, number>();
      for (let c = 0; c < parser.count; c++) {
        const raw = Buffer.from(file.buf.subarray(parser.starts[c]!, parser.ends[c]!)).toString('utf8');
        const name = parser.escaped[c] ? raw.replaceAll('""', '"') : raw;
        const location = { file: path, line: parser.line, column: c + 1 };
        if (name.trim() === '') {
          throw inputError(
            IoErrorCode.CSV_EMPTY_COLUMN_NAME,
            `column ${c + 1} of the header has no name`,
            location,
            'give every column a name in the header row',
          );
        }
        const previous = seen.get(name);
        if (previous !== undefined) {
          throw inputError(
            IoErrorCode.CSV_DUPLICATE_COLUMN,
            `column name '${name}' appears twice in the header (columns ${previous + 1} and ${c + 1})`,
            { ...location, feature: name },
            'rename one of the columns so every name is unique',
          );
        }
        seen.set(name, c);
        names.push(name);
      }
      return { names, dataOffset: file.start + end, dataLine: parser.nextLine };
    }
  } finally {
    await file.close();
  }
}

/** One streaming pass over CSV files: either the type scan or the batch builder. */
class CsvPass {
  private readonly n: number;
  private rows = 0; // rows in the pending batch
  private rowsRead = 0;
  private bytesDone = 0;
  private ints: (Int64Values | undefined)[] = [];
  private floats: (Float64Values | undefined)[] = [];
  private bytes: (BytesValues | undefined)[] = [];
  private validity: Validity[] = [];
  private readonly batchSize: number;
  private readonly onlyEmptyIsNull: boolean;

  constructor(
    private readonly names: readonly string[],
    private readonly delimiter: number,
    private readonly quote: number,
    private readonly nullTokens: readonly Buffer[],
    private readonly ctx: ReaderContext,
    private readonly phase: ReadProgress['phase'],
  ) {
    this.n = names.length;
    this.batchSize = ctx.batchSize;
    this.onlyEmptyIsNull = nullTokens.length === 1 && nullTokens[0]!.length === 0;
  }

  private isNull(buf: Uint8Array, s: number, e: number): boolean {
    if (this.onlyEmptyIsNull) return s === e;
    const len = e - s;
    for (const token of this.nullTokens) {
      if (token.length !== len) continue;
      let k = 0;
      while (k < len && token[k] === buf[s + k]) k++;
      if (k === len) return true;
    }
    return false;
  }

  /**
   * Streams records of one file to `onRecord`, handling chunk boundaries, ragged rows
   * (error or skip) and progress. Yields after each chunk so the caller can emit batches.
   */
  private async *records(
    path: string,
    header: CsvHeader,
    onRecord: (buf: Buffer, parser: CsvRecordParser, recordStart: number, dataRow: number) => void,
  ): AsyncGenerator<void> {
    const file = await ChunkedFile.open(path);
    const parser = new CsvRecordParser(path, this.delimiter, this.quote);
    parser.nextLine = header.dataLine;
    let dataRow = 0;
    try {
      // Skip to the first data record: fill until the header offset is inside the buffer.
      while (file.start + file.buf.length <= header.dataOffset && (await file.fill(file.buf.length))) {}
      let pos = header.dataOffset - file.start;
      for (;;) {
        const buf = file.buf;
        parser.bufStart = file.start;
        while (pos < buf.length) {
          const end = parser.parse(buf, pos, file.eof);
          if (end === NEED_MORE) {
            if (buf.length - pos > MAX_RECORD_BYTES) {
              throw inputError(
                IoErrorCode.CSV_UNTERMINATED_QUOTE,
                `a record is longer than ${MAX_RECORD_BYTES >> 20} MiB: probably an unterminated quote`,
                { file: path, line: parser.line, byteOffset: file.start + pos },
                'check the quoting of this line; a quote inside a quoted field must be doubled ("")',
              );
            }
            break;
          }
          if (parser.count !== 0) {
            dataRow++;
            if (parser.count !== this.n) {
              const error = inputError(
                IoErrorCode.CSV_RAGGED_ROW,
                `expected ${this.n} fields, got ${parser.count} (data row ${dataRow})`,
                { file: path, line: parser.line, row: dataRow, byteOffset: file.start + pos },
                this.ctx.options.skipMalformedRows
                  ? 'row skipped because of --skip-malformed'
                  : 'fix the row, check the delimiter and quoting, or pass --skip-malformed to count and skip such rows',
              );
              if (!this.ctx.options.skipMalformedRows) throw error;
              if (this.phase === 'read') this.ctx.malformed(error);
            } else {
              onRecord(buf, parser, pos, dataRow);
              this.rowsRead++;
            }
          }
          pos = end;
        }
        this.progress(path, file.bytesRead);
        yield;
        if (file.eof) break;
        await file.fill(pos);
        pos = 0;
      }
    } finally {
      await file.close();
      this.bytesDone += file.bytesRead;
    }
  }

  private progress(path: string, fileBytes: number): void {
    this.ctx.progress({
      phase: this.phase,
      bytesRead: this.bytesDone + fileBytes,
      rowsRead: this.rowsRead,
      file: path,
    });
  }

  /** Pass 1: raises `types[c]` to the widest cell type seen (columns in `fixed` are skipped). */
  async scanTypes(path: string, header: CsvHeader, types: CellType[], fixed: readonly boolean[]): Promise<void> {
    const n = this.n;
    const onlyEmpty = this.onlyEmptyIsNull;
    const records = this.records(path, header, (buf, parser) => {
      const { starts, ends, escaped } = parser;
      for (let c = 0; c < n; c++) {
        const t = types[c]!;
        if (t === T_STRING || fixed[c]) continue;
        const s = starts[c]!;
        const e = ends[c]!;
        if (onlyEmpty ? s === e : this.isNull(buf, s, e)) continue;
        const cell = escaped[c] ? T_STRING : classifyCell(buf, s, e);
        if (cell > t) types[c] = cell;
      }
    });
    for await (const _ of records) {
      if (types.every((t, c) => t === T_STRING || fixed[c])) break; // nothing left to learn
    }
  }

  private allocate(kinds: readonly number[]): void {
    const cap = this.batchSize;
    this.ints = kinds.map((k) => (k === K_INT ? new Int64Values(cap) : undefined));
    this.floats = kinds.map((k) => (k === K_FLOAT ? new Float64Values(cap) : undefined));
    this.bytes = kinds.map((k) => (k === K_UTF8 || k === K_BINARY ? new BytesValues(cap) : undefined));
    this.validity = kinds.map(() => new Validity(cap));
  }

  /** Pass 2: converts records into typed columns and yields a batch every `batchSize` rows. */
  async *read(path: string, header: CsvHeader, kinds: readonly number[]): AsyncGenerator<RecordBatch> {
    if (this.validity.length === 0) this.allocate(kinds);
    const n = this.n;
    const quote = this.quote;
    const onlyEmpty = this.onlyEmptyIsNull;
    const { ints, floats, bytes, validity } = this;
    const ready: RecordBatch[] = [];
    let mismatch: { c: number; line: number; column: number; row: number; byteOffset: number } | undefined;
    const records = this.records(path, header, (buf, parser, recordStart, dataRow) => {
      const { starts, ends, escaped } = parser;
      const row = this.rows;
      for (let c = 0; c < n; c++) {
        const s = starts[c]!;
        const e = ends[c]!;
        const kind = kinds[c]!;
        if (onlyEmpty ? s === e : this.isNull(buf, s, e)) {
          validity[c]!.nullCount++;
          if (kind >= K_UTF8) bytes[c]!.appendEmpty();
          continue;
        }
        let ok = true;
        switch (kind) {
          case K_INT:
            ok = !escaped[c] && parseIntCell(buf, s, e, ints[c]!, row);
            break;
          case K_FLOAT:
            floats[c]!.values[row] = parseFloatCell(buf, s, e);
            ok = floatParse.ok && !escaped[c];
            break;
          case K_UTF8:
          case K_BINARY:
            bytes[c]!.appendSlice(buf, s, e, escaped[c] ? quote : -1);
            break;
          default:
            ok = false;
        }
        if (!ok && mismatch === undefined) {
          mismatch = {
            c,
            line: parser.line,
            column: s - recordStart + 1,
            row: dataRow,
            byteOffset: parser.bufStart + s,
          };
        }
        validity[c]!.setValid(row);
      }
      if (mismatch) throw this.typeMismatch(path, kinds, mismatch, buf);
      if (++this.rows === this.batchSize) ready.push(this.finish(kinds));
    });
    for await (const _ of records) {
      yield* ready;
      ready.length = 0;
    }
  }

  private typeMismatch(
    path: string,
    kinds: readonly number[],
    at: { c: number; line: number; column: number; row: number; byteOffset: number },
    _buf: Uint8Array,
  ) {
    const name = this.names[at.c]!;
    const expected = ['missing', 'an int64', 'a float', 'a string', 'bytes'][kinds[at.c]!]!;
    return inputError(
      IoErrorCode.VALUE_TYPE_MISMATCH,
      `value of column '${name}' is not ${expected} (data row ${at.row})`,
      { file: path, line: at.line, column: at.column, row: at.row, byteOffset: at.byteOffset, feature: name },
      this.ctx.options.columnTypes?.[name]
        ? `the schema says '${name}' is ${this.ctx.options.columnTypes[name]}; fix the value or the schema`
        : 'fix the value, or add its spelling to --null-values if it means missing',
    );
  }

  /** Yields the last partial batch (and an empty batch for a dataset with no rows). */
  *flush(kinds: readonly number[], last: boolean): Generator<RecordBatch> {
    if (this.validity.length === 0) this.allocate(kinds);
    if (this.rows > 0 || (last && this.rowsRead === 0)) yield this.finish(kinds);
  }

  private finish(kinds: readonly number[]): RecordBatch {
    const length = this.rows;
    const columns: Data[] = kinds.map((kind, c) => {
      const validity = this.validity[c]!.take(length);
      switch (kind) {
        case K_INT:
          return int64Data(this.ints[c]!.take(length), length, validity);
        case K_FLOAT:
          return float64Data(this.floats[c]!.take(length), length, validity);
        case K_UTF8:
        case K_BINARY:
          return bytesData(kind === K_BINARY, this.bytes[c]!.take(), length, validity);
        default:
          return makeData({ type: new Null(), length, nullCount: length });
      }
    });
    this.rows = 0;
    return makeRecordBatch(this.names, columns, length);
  }
}
