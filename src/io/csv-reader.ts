import { stat } from 'node:fs/promises';
import type { RecordBatch } from 'apache-arrow/recordbatch';
import { UsageError } from '../_util/errors.js';
import { type ByteRange, ChunkedFile } from './chunked-file.js';
import { CsvBatchBuilder, K_BINARY, K_FLOAT, K_INT, K_NULL, K_UTF8 } from './csv-batch-builder.js';
import type { CsvCursor, CsvDialect } from './csv-cursor.js';
import { CsvRecordParser, NEED_MORE } from './csv-record-parser.js';
import { CsvTypeScanner } from './csv-type-scanner.js';
import { type CellType, T_FLOAT, T_INT, T_STRING } from './csv-value.js';
import { IoErrorCode, inputError } from './io-error.js';
import { type ColumnType, DEFAULT_BATCH_SIZE, type ReadOptions, type ReadProgress } from './read-options.js';
import { type ReaderContext, rowsPerBatch } from './reader-context.js';
import type { DatasetFile } from './resolve-inputs.js';

/** A record longer than this is taken for an unterminated quote rather than buffered on. */
const MAX_RECORD_BYTES = 64 << 20;

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
  const csv = await openCsv(files, ctx);
  const { names, headers, given, dialect } = csv;
  const range = ctx.options.csvRange;
  const inferred = range?.types
    ? names.map((_, c) => (range.types![c] ?? T_STRING) as CellType)
    : await scanTypes(csv, ctx);
  const kinds = names.map((name, c) => kindOf(given.get(name), inferred[c]!));
  const builder = new CsvBatchBuilder(
    dialect((error) => ctx.malformed(error)),
    names,
    kinds,
    rowsPerBatch(ctx.batchSize, names.length),
    given,
  );
  const progress = new Progress(ctx, 'read', builder);
  const ready: RecordBatch[] = [];
  const build = (buf: Buffer, pos: number, final: boolean) => {
    let next = builder.build(buf, pos, final);
    while (builder.full) {
      ready.push(builder.finish());
      next = builder.build(buf, next, final);
    }
    return next;
  };
  for (let f = 0; f < files.length; f++) yield* walk(files[f]!, headers[f]!, builder, progress, ready, build, range);
  if (builder.rows > 0 || builder.rowsRead === 0) yield builder.finish();
}

/**
 * The cell types (csv-value.ts codes) the type scan finds in `ctx.options.csvRange` of the file
 * (or in every file without a range): the per-range share of the scan of a file split between
 * threads. The types of the whole file are the column-wise maximum over its ranges (the scan only
 * ever widens a type), the same as one scan of the file.
 */
export async function scanCsvTypes(files: readonly DatasetFile[], ctx: ReaderContext): Promise<number[]> {
  return scanTypes(await openCsv(files, ctx), ctx);
}

/** The header, dialect and given types of a CSV dataset, its headers checked to agree. */
interface OpenCsv {
  readonly files: readonly DatasetFile[];
  readonly names: string[];
  readonly headers: CsvHeader[];
  readonly given: ReadonlyMap<string, ColumnType>;
  readonly dialect: (onMalformed: CsvDialect['onMalformed']) => CsvDialect;
}

async function openCsv(files: readonly DatasetFile[], ctx: ReaderContext): Promise<OpenCsv> {
  const delimiter = csvDialectByte(ctx.options.delimiter ?? ',', 'delimiter');
  const quote = csvDialectByte(ctx.options.quote ?? '"', 'quote');
  checkDialect(delimiter, quote);
  const nullTokens = (ctx.options.nullValues ?? ['']).map((t) => Buffer.from(t, 'utf8'));
  const headers: CsvHeader[] = [];
  for (const file of files) headers.push(await readHeader(file, delimiter, quote));
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
  const dialect = (onMalformed: CsvDialect['onMalformed']): CsvDialect => ({
    path: files[0]!.path,
    columns: names.length,
    delimiter,
    quote,
    nullTokens,
    skipMalformedRows: ctx.options.skipMalformedRows === true,
    onMalformed,
  });
  return { files, names, headers, given: ctx.columnTypes, dialect };
}

/** The type-inference pass over the files (or the range of `ctx.options.csvRange`); given columns stay T_STRING. */
async function scanTypes(csv: OpenCsv, ctx: ReaderContext): Promise<CellType[]> {
  const { files, names, headers, given, dialect } = csv;
  const fixed = names.map((name) => given.has(name));
  const inferred: CellType[] = names.map(() => T_STRING);
  if (!fixed.includes(false)) return inferred;
  const scanner = new CsvTypeScanner(dialect(undefined), fixed);
  const progress = new Progress(ctx, 'scan', scanner);
  const scan = (buf: Buffer, pos: number, final: boolean) => scanner.scan(buf, pos, final);
  const range = ctx.options.csvRange;
  for (let f = 0; f < files.length && scanner.remaining > 0; f++) {
    // Stops reading once every column is a string: nothing is left to learn.
    for await (const _ of walk(
      files[f]!,
      headers[f]!,
      scanner,
      progress,
      [],
      scan,
      range,
      () => scanner.remaining === 0,
    )) {
    }
  }
  names.forEach((_, c) => {
    if (!fixed[c]) inferred[c] = scanner.typeOf(c);
  });
  return inferred;
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

/** Bytes that cannot separate fields: line breaks end records, and a byte above 0x7f is part of a UTF-8 character. */
function checkDialect(delimiter: number, quote: number): void {
  const show = (b: number) => JSON.stringify(String.fromCharCode(b));
  for (const [byte, what] of [
    [delimiter, 'delimiter'],
    [quote, 'quote'],
  ] as const) {
    if (byte === 10 || byte === 13 || byte === 0 || byte >= 0x80) {
      throw new UsageError(`the CSV ${what} cannot be ${show(byte)}: it must be a printable ASCII character or a tab`);
    }
  }
  if (delimiter === quote) {
    throw new UsageError(`the CSV delimiter and quote are both ${show(delimiter)}: fields could not be told apart`, {
      hint: "pick another delimiter, e.g. --delimiter ';' or --delimiter '\\t'",
    });
  }
}

/** The byte of a CSV delimiter or quote given as text (`\\t` for a tab), or a UsageError. */
export function csvDialectByte(text: string, what: 'delimiter' | 'quote'): number {
  const bytes = Buffer.from(text === '\\t' ? '\t' : text, 'utf8');
  if (bytes.length !== 1) throw new UsageError(`the CSV ${what} must be one byte, got '${text}'`);
  return bytes[0]!;
}

async function readHeader(input: DatasetFile, delimiter: number, quote: number): Promise<CsvHeader> {
  const path = input.path;
  const file = await ChunkedFile.open(path, 1 << 16, true, input.source);
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

/** Reports a pass's progress after each chunk; `bytesRead` counts over the dataset. */
class Progress {
  private bytesDone = 0;
  constructor(
    private readonly ctx: ReaderContext,
    private readonly phase: ReadProgress['phase'],
    private readonly cursor: CsvCursor,
  ) {}
  report(path: string, fileBytes: number): void {
    this.ctx.progress({
      phase: this.phase,
      bytesRead: this.bytesDone + fileBytes,
      rowsRead: this.cursor.rowsRead,
      file: path,
    });
  }
  fileDone(bytes: number): void {
    this.bytesDone += bytes;
  }
}

/**
 * Streams the data records of one file through `consume` (a pass's fused loop), one chunk at a
 * time, keeping the unconsumed tail of each chunk for the next. Yields the batches `consume`
 * left in `ready` after each chunk; `stop` ends the file early.
 */
async function* walk(
  input: DatasetFile,
  header: CsvHeader,
  cursor: CsvCursor,
  progress: Progress,
  ready: RecordBatch[],
  consume: (buf: Buffer, pos: number, final: boolean) => number,
  range: ByteRange | undefined,
  stop?: () => boolean,
): AsyncGenerator<RecordBatch> {
  const path = input.path;
  // A range starts at a record start (its first one at the header's end) and ends at the next range's start.
  const first = Math.max(range?.start ?? 0, header.dataOffset);
  const file = await ChunkedFile.open(
    path,
    undefined,
    true,
    input.source,
    range ? { start: first, end: range.end } : undefined,
  );
  // Line numbers of a range after the first are not known (errors there are reported by a one-thread read).
  cursor.startFile(path, header.dataLine);
  try {
    // Skip to the first data record: fill until the header offset is inside the buffer.
    while (file.start + file.buf.length <= first && (await file.fill(file.buf.length))) {}
    let pos = first - file.start;
    for (;;) {
      cursor.bufStart = file.start;
      pos = consume(file.buf, pos, file.eof);
      if (file.buf.length - pos > MAX_RECORD_BYTES) {
        throw inputError(
          IoErrorCode.CSV_UNTERMINATED_QUOTE,
          `a record is longer than ${MAX_RECORD_BYTES >> 20} MiB: probably an unterminated quote`,
          { file: path, line: cursor.line, byteOffset: file.start + pos },
          'check the quoting of this line; a quote inside a quoted field must be doubled ("")',
        );
      }
      progress.report(path, file.bytesRead);
      yield* ready;
      ready.length = 0;
      if (file.eof || stop?.()) break;
      await file.fill(pos);
      pos = 0;
    }
  } finally {
    await file.close();
    progress.fileDone(file.bytesRead);
  }
}

/**
 * {@link scanCsvTypes} of one file (not a stream) under `options`, for a caller outside a
 * dataset read: the share of the type scan of a thread that reads `options.csvRange` of it.
 */
export async function scanCsvFileTypes(path: string, options: ReadOptions): Promise<number[]> {
  const ctx: ReaderContext = {
    options,
    batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
    columnTypes: new Map(Object.entries(options.columnTypes ?? {})),
    progress() {},
    malformed() {},
  };
  return scanCsvTypes([{ path, size: (await stat(path)).size }], ctx);
}

/** Column-wise widest of two type vectors of the same file ({@link scanCsvTypes}). */
export function widerCsvTypes(a: readonly number[], b: readonly number[]): number[] {
  return a.map((t, c) => Math.max(t, b[c] ?? t));
}
