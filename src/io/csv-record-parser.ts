import { IoErrorCode, inputError } from './io-error.js';

/** Returned by {@link CsvRecordParser.parse} when the buffer ends inside a record. */
export const NEED_MORE = -1;

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
      const end = this.lineEnd(buf, i, final);
      if (end === NEED_MORE) return NEED_MORE;
      this.count = 0;
      this.nextLine = this.line + 1;
      return end;
    }
    for (;;) {
      if (n === this.starts.length) this.grow();
      if (buf[i] === Q) {
        const s = i + 1;
        let j = s;
        let esc = 0;
        for (;;) {
          j = buf.indexOf(Q, j);
          if (j < 0) {
            if (final) throw this.unterminated(buf, i);
            return NEED_MORE;
          }
          if (j + 1 >= len) {
            if (!final) return NEED_MORE;
            break;
          }
          if (buf[j + 1] === Q) {
            esc = 1;
            j += 2;
            continue;
          }
          break;
        }
        for (let k = buf.indexOf(10, s); k >= 0 && k < j; k = buf.indexOf(10, k + 1)) newlines++;
        this.starts[n] = s;
        this.ends[n] = j;
        this.escaped[n] = esc;
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
          const end = this.lineEnd(buf, i, final);
          return end === NEED_MORE ? NEED_MORE : this.finish(n, newlines, end);
        }
        throw inputError(
          IoErrorCode.CSV_TEXT_AFTER_QUOTE,
          `unexpected character after a closing quote (field ${n})`,
          { file: this.path, line: this.line + newlines, byteOffset: this.bufStart + i },
          'a quote inside a quoted field must be doubled ("")',
        );
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
      const end = this.lineEnd(buf, i, final);
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

  /** Index after the line break at `i` (LF, CRLF or lone CR). */
  private lineEnd(buf: Uint8Array, i: number, final: boolean): number {
    if (buf[i] === 10) return i + 1;
    if (i + 1 >= buf.length) return final ? i + 1 : NEED_MORE;
    return buf[i + 1] === 10 ? i + 2 : i + 1;
  }

  private unterminated(_buf: Uint8Array, quoteAt: number) {
    return inputError(
      IoErrorCode.CSV_UNTERMINATED_QUOTE,
      'quoted field is never closed (the file ends inside it)',
      { file: this.path, line: this.line, byteOffset: this.bufStart + quoteAt },
      'close the quote, or double quotes that are part of the value ("")',
    );
  }
}
