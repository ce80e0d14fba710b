import type { InputError } from '../_util/errors.js';
import {
  CsvRecordParser,
  lineEnd,
  NEED_MORE,
  type QuotedField,
  quotedFieldEnd,
  textAfterQuote,
  UNTERMINATED,
  unterminatedQuote,
} from './csv-record-parser.js';
import { IoErrorCode, inputError } from './io-error.js';

export { lineEnd, NEED_MORE };

/** Byte values the fused CSV loops compare against. */
export const LF = 10;
export const CR = 13;

/** What a CSV pass needs besides the bytes: dialect, null tokens and what to do with ragged rows. */
export interface CsvDialect {
  readonly path: string;
  readonly columns: number;
  readonly delimiter: number;
  readonly quote: number;
  readonly nullTokens: readonly Uint8Array[];
  readonly skipMalformedRows: boolean;
  /** Receives each skipped ragged row (the build pass reports them, the type scan does not). */
  readonly onMalformed: ((error: InputError) => void) | undefined;
}

/**
 * State shared by the two fused CSV loops ({@link CsvTypeScanner}, {@link CsvBatchBuilder}):
 * where in the file we are (line, data row, file offset of the buffer) and the slow paths they
 * share: quoted fields, null tokens, and ragged rows, which are re-tokenized by the plain
 * {@link CsvRecordParser} to report them exactly as it would.
 *
 * The fused loops walk each byte once, finding a field's end while they classify or convert it,
 * instead of tokenizing a record into field ranges first and looking at each field again.
 */
export class CsvCursor {
  /** 1-based line of the next record. */
  line = 1;
  /** Data rows seen in the current file (ragged rows included), for error locations. */
  dataRow = 0;
  /** Well-formed rows consumed, over all files. */
  rowsRead = 0;
  /** File offset of `buf[0]`. */
  bufStart = 0;
  /** Set by {@link quotedEnd}: whether the field holds doubled quotes, and the newlines inside it. */
  protected readonly quoted: QuotedField = { escaped: 0, newlines: 0 };
  /** Bit k set when some null token is k bytes long (bit 31: 31 bytes or more). */
  protected readonly nullLengths: number;
  protected readonly delimiter: number;
  protected readonly quote: number;
  protected readonly n: number;
  /** False when the delimiter could be part of a number, so the numeric fast paths are off. */
  protected readonly fastNumbers: boolean;
  private tokenizer: CsvRecordParser;
  path: string;

  constructor(protected readonly dialect: CsvDialect) {
    this.path = dialect.path;
    this.delimiter = dialect.delimiter;
    this.quote = dialect.quote;
    this.n = dialect.columns;
    let lengths = 0;
    for (const token of dialect.nullTokens) lengths |= 1 << Math.min(token.length, 31);
    this.nullLengths = lengths;
    this.fastNumbers = !'0123456789.-+eE'.includes(String.fromCharCode(dialect.delimiter));
    this.tokenizer = new CsvRecordParser(dialect.path, dialect.delimiter, dialect.quote);
  }

  /** Starts a new file whose first data record is on `line`. */
  startFile(path: string, line: number): void {
    this.path = path;
    this.line = line;
    this.dataRow = 0;
    this.tokenizer = new CsvRecordParser(path, this.delimiter, this.quote);
  }

  /** True when `buf[s..e)` is one of the null tokens (call only if `nullLengths` has bit e - s). */
  protected isNullToken(buf: Uint8Array, s: number, e: number): boolean {
    const len = e - s;
    for (const token of this.dialect.nullTokens) {
      if (token.length !== len) continue;
      let k = 0;
      while (k < len && token[k] === buf[s + k]) k++;
      if (k === len) return true;
    }
    return false;
  }

  /**
   * For a quoted field whose opening quote is at `i`: the index of its closing quote, or
   * NEED_MORE when the buffer ends first (and more is coming). Sets `quoted`.
   */
  protected quotedEnd(buf: Uint8Array, i: number, final: boolean): number {
    const j = quotedFieldEnd(buf, i, this.quote, final, this.quoted);
    if (j === UNTERMINATED) throw unterminatedQuote(this.path, this.line, this.bufStart + i);
    return j;
  }

  protected textAfterQuote(field: number, line: number, at: number): InputError {
    return textAfterQuote(this.path, field, line, this.bufStart + at);
  }

  /**
   * A record that has too few or too many fields: re-tokenized from `recordStart` to count its
   * fields, then thrown, or counted and skipped with `skipMalformedRows`. Returns the index past
   * the record, or NEED_MORE when it does not end inside `buf`.
   */
  protected ragged(buf: Uint8Array, recordStart: number, final: boolean): number {
    const tokenizer = this.tokenizer;
    tokenizer.nextLine = this.line;
    tokenizer.bufStart = this.bufStart;
    const end = tokenizer.parse(buf, recordStart, final);
    if (end === NEED_MORE) return NEED_MORE;
    if (tokenizer.count === this.n || tokenizer.count === 0) {
      throw new Error(`internal: CSV record at line ${this.line} of ${this.path} was taken as ragged`);
    }
    this.dataRow++;
    const skip = this.dialect.skipMalformedRows;
    const error = inputError(
      IoErrorCode.CSV_RAGGED_ROW,
      `expected ${this.n} fields, got ${tokenizer.count} (data row ${this.dataRow})`,
      { file: this.path, line: tokenizer.line, row: this.dataRow, byteOffset: this.bufStart + recordStart },
      skip
        ? 'row skipped because of --skip-malformed'
        : 'fix the row, check the delimiter and quoting, or pass --skip-malformed to count and skip such rows',
    );
    if (!skip) throw error;
    this.dialect.onMalformed?.(error);
    this.line = tokenizer.nextLine;
    return end;
  }
}
