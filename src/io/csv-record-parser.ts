import type { InputError } from '../_util/errors.js';
import { IoErrorCode, inputError } from './io-error.js';

/** Returned by {@link CsvRecordParser.parse} when the buffer ends inside a record. */
export const NEED_MORE = -1;
/** Returned by {@link quotedFieldEnd} when the file ends inside a quoted field. */
export const UNTERMINATED = -2;

/** What {@link quotedFieldEnd} found inside the field besides its end. */
export interface QuotedField {
  /** 1 when the field contains doubled quotes that must be collapsed. */
  escaped: number;
  /** Line breaks (LF) inside the field, to keep line numbers right. */
  newlines: number;
}

/**
 * For a quoted field whose opening quote is at `openAt`: the index of its closing quote,
 * NEED_MORE when the buffer ends first and more is coming, or UNTERMINATED when the file ends
 * first. Fills `out`. Shared by this tokenizer and the fused loops of `CsvCursor` so both split
 * quoted fields the same way.
 */
export function quotedFieldEnd(
  buf: Uint8Array,
  openAt: number,
  quote: number,
  final: boolean,
  out: QuotedField,
): number {
  const len = buf.length;
  const s = openAt + 1;
  let j = s;
  let esc = 0;
  for (;;) {
    j = buf.indexOf(quote, j);
    if (j < 0) return final ? UNTERMINATED : NEED_MORE;
    if (j + 1 >= len) {
      if (!final) return NEED_MORE;
      break;
    }
    if (buf[j + 1] === quote) {
      esc = 1;
      j += 2;
      continue;
    }
    break;
  }
  let newlines = 0;
  for (let k = buf.indexOf(10, s); k >= 0 && k < j; k = buf.indexOf(10, k + 1)) newlines++;
  out.escaped = esc;
  out.newlines = newlines;
  return j;
}

/** Index after the line break at `i` (LF, CRLF or a lone CR), or NEED_MORE. */
export function lineEnd(buf: Uint8Array, i: number, final: boolean): number {
  if (buf[i] === 10) return i + 1;
  if (i + 1 >= buf.length) return final ? i + 1 : NEED_MORE;
  return buf[i + 1] === 10 ? i + 2 : i + 1;
}

/** The error for a quoted field the file ends inside. */
export function unterminatedQuote(file: string, line: number, byteOffset: number): InputError {
  return inputError(
    IoErrorCode.CSV_UNTERMINATED_QUOTE,
    'quoted field is never closed (the file ends inside it)',
    { file, line, byteOffset },
    'close the quote, or double quotes that are part of the value ("")',
  );
}

/** The error for text between a closing quote and the next delimiter; `field` is 1-based. */
export function textAfterQuote(file: string, field: number, line: number, byteOffset: number): InputError {
  return inputError(
    IoErrorCode.CSV_TEXT_AFTER_QUOTE,
    `unexpected character after a closing quote (field ${field})`,
    { file, line, byteOffset },
    'a quote inside a quoted field must be doubled ("")',
  );
}

/**
 * RFC 4180 record tokenizer over raw bytes: fields may be quoted, a quote inside a quoted
 * field is doubled, records end with LF, CRLF or CR. It records each field's byte range
 * instead of building strings, so numeric cells are converted without allocation.
 * Written instead of using papaparse because it is faster on bytes (docs/dependencies.md) and
 * knows the exact line and byte offset of every record for error messages. The reader uses it for
 * the header and to re-tokenize ragged rows; the data passes use the fused loops of
 * `CsvTypeScanner` and `CsvBatchBuilder`, which must split records exactly as it does.
 */
export class CsvRecordParser {
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  /** 1 when the field was quoted and contains doubled quotes that must be collapsed. */
  escaped = new Uint8Array(64);
  /** Fields in the last parsed record (0 for a blank line). */
  count = 0;
  /** 1-based line where the last parsed record starts. */
  line = 1;
  /** Line where the next record starts. */
  nextLine = 1;
  /** File offset of `buf[0]`, for error locations. */
  bufStart = 0;
  private readonly quoted: QuotedField = { escaped: 0, newlines: 0 };

  constructor(
    readonly path: string,
    readonly delimiter: number,
    readonly quote: number,
  ) {}

  private grow(): void {
    const n = this.starts.length * 2;
    const starts = new Int32Array(n);
    starts.set(this.starts);
    const ends = new Int32Array(n);
    ends.set(this.ends);
    const escaped = new Uint8Array(n);
    escaped.set(this.escaped);
    this.starts = starts;
    this.ends = ends;
    this.escaped = escaped;
  }

  /**
   * Parses the record starting at `pos`. Returns the index just past it (after its line
   * break), or NEED_MORE if `buf` ends inside it and `final` is false.
   */
  parse(buf: Uint8Array, pos: number, final: boolean): number {
    const len = buf.length;
    const D = this.delimiter;
    const Q = this.quote;
    let i = pos;
    let n = 0;
    let newlines = 0;
    this.line = this.nextLine;
    let c = buf[i]!;
    if (c === 10 || c === 13) {
      // Blank line: no fields.
      const end = lineEnd(buf, i, final);
      if (end === NEED_MORE) return NEED_MORE;
      this.count = 0;
      this.nextLine = this.line + 1;
      return end;
    }
    for (;;) {
      if (n === this.starts.length) this.grow();
      if (buf[i] === Q) {
        const j = quotedFieldEnd(buf, i, Q, final, this.quoted);
        if (j === NEED_MORE) return NEED_MORE;
        if (j === UNTERMINATED) throw unterminatedQuote(this.path, this.line, this.bufStart + i);
        newlines += this.quoted.newlines;
        this.starts[n] = i + 1;
        this.ends[n] = j;
        this.escaped[n] = this.quoted.escaped;
        n++;
        i = j + 1;
        if (i >= len) {
          if (!final) return NEED_MORE;
          return this.finish(n, newlines, i);
        }
        c = buf[i]!;
        if (c === D) {
          i++;
          if (i >= len) {
            if (!final) return NEED_MORE;
            return this.trailingEmpty(n, newlines, i);
          }
          continue;
        }
        if (c === 10 || c === 13) {
          const end = lineEnd(buf, i, final);
          return end === NEED_MORE ? NEED_MORE : this.finish(n, newlines, end);
        }
        throw textAfterQuote(this.path, n, this.line + newlines, this.bufStart + i);
      }
      const s = i;
      while (i < len) {
        c = buf[i]!;
        if (c === D || c === 10 || c === 13) break;
        i++;
      }
      this.starts[n] = s;
      this.ends[n] = i;
      this.escaped[n] = 0;
      n++;
      if (i >= len) {
        if (!final) return NEED_MORE;
        return this.finish(n, newlines, i);
      }
      if (c === D) {
        i++;
        if (i >= len) {
          if (!final) return NEED_MORE;
          return this.trailingEmpty(n, newlines, i);
        }
        continue;
      }
      const end = lineEnd(buf, i, final);
      return end === NEED_MORE ? NEED_MORE : this.finish(n, newlines, end);
    }
  }

  private finish(n: number, newlines: number, end: number): number {
    this.count = n;
    this.nextLine = this.line + 1 + newlines;
    return end;
  }

  /** A delimiter as the very last byte of the file: one more empty field. */
  private trailingEmpty(n: number, newlines: number, end: number): number {
    if (n === this.starts.length) this.grow();
    this.starts[n] = end;
    this.ends[n] = end;
    this.escaped[n] = 0;
    return this.finish(n + 1, newlines, end);
  }
}
