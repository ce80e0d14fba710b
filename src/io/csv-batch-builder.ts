import { type Data, makeData } from 'apache-arrow/data';
import type { RecordBatch } from 'apache-arrow/recordbatch';
import { Null } from 'apache-arrow/type';
import { BYTE_BIT_COUNTS } from './byte-bit-counts.js';
import {
  BytesValues,
  bytesData,
  Float64Values,
  float64Data,
  Int64Values,
  int64Data,
  makeRecordBatch,
} from './column-builder.js';
import { CR, CsvCursor, type CsvDialect, LF, lineEnd, NEED_MORE } from './csv-cursor.js';
import { decimalResult } from './csv-decimal-to-double.js';
import { floatParse, isNan, parseFloatCell, parseIntCell, parsePlainDecimal } from './csv-value.js';
import { IoErrorCode, inputError } from './io-error.js';
import type { ColumnType } from './read-options.js';

/** Arrow storage of a CSV column. */
export const K_NULL = 0;
export const K_INT = 1;
export const K_FLOAT = 2;
export const K_UTF8 = 3;
export const K_BINARY = 4;

/** Powers of ten exact in a double: Clinger's fast path divides an exact integer by one. */
const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
  1e21, 1e22,
];

/**
 * The build pass over CSV bytes: converts each cell straight from the bytes into its column's
 * typed array while looking for the cell's end (one walk over the bytes), and hands out a
 * RecordBatch every `batchSize` rows. Records go through a fast loop that relies on a line feed
 * further on in the buffer (no end-of-buffer checks) and leaves anything irregular (blank and
 * ragged lines, text after a quote, the buffer's last record) to a general one-record loop.
 * Integers of up to 15 digits and plain decimals of up to 15 significant digits are parsed
 * inline (exactly: Clinger's fast path), longer plain decimals by {@link parsePlainDecimal} (exactly:
 * Eisel-Lemire); everything else goes through {@link parseIntCell} / {@link parseFloatCell}. Strings are copied as UTF-8 bytes into the Arrow value buffer, never
 * decoded to JS strings. Validity is kept as one byte per row, preset to valid so that only nulls
 * are written, and packed into Arrow's bitmap when the batch is finished.
 */
export class CsvBatchBuilder extends CsvCursor {
  /** Rows in the pending batch. */
  rows = 0;
  private readonly kinds: Uint8Array;
  private readonly valid: Uint8Array[];
  private readonly ints: Int64Values[];
  private readonly floats: Float64Values[];
  private readonly strings: BytesValues[];
  private readonly stringColumns: number[];
  private readonly emptyIsNull: boolean;
  /** First cell of the current record that does not fit its column type (-1: none). */
  private mismatchColumn = -1;
  private mismatchAt = 0;

  constructor(
    dialect: CsvDialect,
    private readonly names: readonly string[],
    kinds: readonly number[],
    private readonly batchSize: number,
    private readonly given: ReadonlyMap<string, ColumnType>,
  ) {
    super(dialect);
    this.kinds = Uint8Array.from(kinds);
    const cap = batchSize;
    this.valid = kinds.map(() => new Uint8Array(cap).fill(1));
    // Columns of other kinds get a 0-capacity placeholder so each array holds one class.
    this.ints = kinds.map((k) => new Int64Values(k === K_INT ? cap : 0));
    this.floats = kinds.map((k) => new Float64Values(k === K_FLOAT ? cap : 0));
    this.strings = kinds.map((k) => new BytesValues(k === K_UTF8 || k === K_BINARY ? cap : 0));
    this.stringColumns = kinds.flatMap((k, c) => (k === K_UTF8 || k === K_BINARY ? [c] : []));
    this.emptyIsNull = dialect.nullTokens.some((t) => t.length === 0);
  }

  /** True when the pending batch is full: take it with {@link finish} before building on. */
  get full(): boolean {
    return this.rows === this.batchSize;
  }

  /**
   * Converts the records in `buf` from `pos` until the batch is full. Returns the index of the
   * first record not consumed: one the buffer ends inside, `buf.length`, or the next record
   * when the batch filled up.
   *
   * Runs of records go through {@link fastRecords}; a record it cannot take (a blank or ragged
   * line, text after a quote, a quoted field running past the buffer's last line feed, the last
   * record of the buffer) goes through {@link record}, which handles every case.
   */
  build(buf: Uint8Array, pos: number, final: boolean): number {
    const len = buf.length;
    const cap = this.batchSize;
    // Every record starting at or before the buffer's last line feed has a line break inside the
    // buffer to stop at (unless a quoted field runs past it), which spares the fast loop its
    // end-of-buffer checks.
    const lastLf = this.fastNumbers ? buf.lastIndexOf(LF) : -1;
    while (pos < len) {
      if (this.rows === cap) return pos;
      if (pos <= lastLf) {
        pos = this.fastRecords(buf, pos, lastLf);
        if (this.rows === cap) return pos;
        if (pos > lastLf) continue;
      }
      const next = this.record(buf, pos, final);
      if (next === NEED_MORE) break;
      pos = next;
    }
    // The buffer ends inside the record at `pos` (or was used up): undo its partial values.
    this.rollback(this.rows);
    return pos;
  }

  /**
   * Converts records from `pos` while they start at or before `lastLf` (the buffer's last line
   * feed) and the batch has room. Numbers of the common shapes are parsed while their end is
   * found, other cells go to {@link cell}. Returns where it stopped: past `lastLf`, with a full
   * batch, or at a record it leaves to {@link record} after undoing its partial values: a blank
   * line, a ragged record, text after a closing quote, or a quoted field that ends past `lastLf`.
   */
  private fastRecords(buf: Uint8Array, pos: number, lastLf: number): number {
    const last = this.n - 1;
    const D = this.delimiter;
    const Q = this.quote;
    // Bytes above all of delimiter, CR and LF end no field: one comparison per byte for most text.
    const T = Math.max(D, LF, CR);
    const kinds = this.kinds;
    const valid = this.valid;
    const ints = this.ints;
    const floats = this.floats;
    const strings = this.strings;
    const nullLengths = this.nullLengths;
    const emptyIsNull = this.emptyIsNull;
    const cap = this.batchSize;
    let row = this.rows;
    while (pos <= lastLf && row < cap) {
      let i = pos;
      let b = buf[i]!;
      if (b === LF || b === CR) return pos; // blank line
      this.mismatchColumn = -1;
      let newlines = 0;
      let c = 0;
      for (;;) {
        const kind = kinds[c]!;
        const s = i;
        if (b === Q) {
          const j = this.quotedEnd(buf, i, false);
          if (j === NEED_MORE || j >= lastLf) break; // may end past the buffer: leave it to `record`
          newlines += this.quoted.newlines;
          this.cell(buf, s + 1, j, c, row, kind, this.quoted.escaped);
          i = j + 1;
          b = buf[i]!;
          if (b !== D && b !== LF && b !== CR) break; // text after the quote: `record` reports it
        } else if (kind === K_FLOAT || kind === K_INT) {
          let negative = false;
          if (b === 45) {
            negative = true;
            b = buf[++i]!;
          }
          const digitsStart = i;
          // Digits accumulate in int32 arithmetic (a shorter dependency chain than doubles): exact
          // up to 9 digits; longer numbers are summed again by `wideMantissa`.
          let m = 0;
          while (b >= 48 && b <= 57) {
            m = (m * 10 + (b - 48)) | 0;
            b = buf[++i]!;
          }
          let scale = 0;
          let dot = 0;
          if (b === 46 && kind === K_FLOAT) {
            dot = 1;
            const fractionStart = i + 1;
            b = buf[++i]!;
            while (b >= 48 && b <= 57) {
              m = (m * 10 + (b - 48)) | 0;
              b = buf[++i]!;
            }
            scale = i - fractionStart;
          }
          if (b !== D && b !== LF && b !== CR) {
            // Another spelling (exponent, `nan`, spaces, a null token...): the general way.
            while (b > T || (b !== D && b !== LF && b !== CR)) b = buf[++i]!;
            this.cell(buf, s, i, c, row, kind, 0);
          } else if (i === s ? emptyIsNull : (nullLengths >>> Math.min(i - s, 31)) & 1 && this.isNullToken(buf, s, i)) {
            valid[c]![row] = 0;
          } else {
            const digits = i - digitsStart - dot;
            if (digits > 15 && kind === K_FLOAT && (dot === 1 || digits < 19)) {
              // A long decimal (full-precision doubles): converted exactly from the bytes.
              if (parsePlainDecimal(buf, digitsStart, i, scale, negative)) floats[c]!.values[row] = decimalResult[0]!;
              else this.cell(buf, s, i, c, row, kind, 0);
            } else if (digits === 0 || digits > 15) this.cell(buf, s, i, c, row, kind, 0);
            else {
              let v = m;
              if (digits > 9) {
                // A mantissa beyond int32 comes back through `wideResult`: returned, it would be boxed.
                wideMantissa(buf, digitsStart, i, digits);
                v = wideResult[0]!;
              }
              if (kind === K_FLOAT) {
                // Clinger's fast path: an exact integer over an exact power of ten is correctly rounded.
                const f = scale > 0 ? v / POW10[scale]! : v;
                floats[c]!.values[row] = negative ? -f : f;
              } else if (digits <= 9) {
                const words = ints[c]!.words;
                const w = negative ? -v : v;
                words[2 * row] = w;
                words[2 * row + 1] = w < 0 ? -1 : 0;
              } else ints[c]!.setNumber(row, negative ? -v : v);
            }
          }
        } else {
          while (b > T || (b !== D && b !== LF && b !== CR)) b = buf[++i]!;
          if (kind >= K_UTF8) {
            if (i === s ? emptyIsNull : (nullLengths >>> Math.min(i - s, 31)) & 1 && this.isNullToken(buf, s, i)) {
              valid[c]![row] = 0;
              strings[c]!.appendEmpty();
            } else strings[c]!.appendSlice(buf, s, i);
          } else this.cell(buf, s, i, c, row, kind, 0);
        }
        // `b` is the byte after the field: the delimiter or a line break.
        if (b === D) {
          if (c === last) break;
          b = buf[++i]!;
          c++;
          continue;
        }
        if (c !== last) break;
        if (this.mismatchColumn >= 0) throw this.typeMismatch(pos);
        row++;
        this.rows = row;
        this.dataRow++;
        this.rowsRead++;
        this.line += 1 + newlines;
        // A CR here is followed by another byte: a line feed comes at `lastLf` at the latest.
        pos = b === LF || buf[i + 1] !== LF ? i + 1 : i + 2;
        c = -1;
        break;
      }
      if (c !== -1) {
        // Undo the partial row and leave the record to `record`, which handles every case.
        this.rollback(row);
        return pos;
      }
    }
    return pos;
  }

  /**
   * Converts the one record (or blank line) at `pos`, whatever it holds, cell by cell through
   * {@link cell}. Returns the index after it, or NEED_MORE when the buffer ends inside it.
   */
  private record(buf: Uint8Array, pos: number, final: boolean): number {
    const len = buf.length;
    const n = this.n;
    const D = this.delimiter;
    const Q = this.quote;
    let b = buf[pos]!;
    if (b === LF || b === CR) {
      // Blank line.
      const end = lineEnd(buf, pos, final);
      if (end === NEED_MORE) return NEED_MORE;
      this.line++;
      return end;
    }
    const row = this.rows;
    let i = pos;
    let newlines = 0;
    let end = 0;
    this.mismatchColumn = -1;
    for (let c = 0; ; c++) {
      const s = i;
      const kind = this.kinds[c]!;
      if (i < len && buf[i] === Q) {
        const j = this.quotedEnd(buf, i, final);
        if (j === NEED_MORE) return NEED_MORE;
        newlines += this.quoted.newlines;
        this.cell(buf, s + 1, j, c, row, kind, this.quoted.escaped);
        i = j + 1;
        if (i < len) {
          b = buf[i]!;
          if (b !== D && b !== LF && b !== CR) throw this.textAfterQuote(c + 1, this.line + newlines, i);
        }
      } else {
        while (i < len) {
          b = buf[i]!;
          if (b === D || b === LF || b === CR) break;
          i++;
        }
        this.cell(buf, s, i, c, row, kind, 0);
      }
      // The byte after the field: delimiter, line break, or the end of the buffer.
      if (i >= len) {
        if (!final) return NEED_MORE;
        if (c !== n - 1) return this.skipRagged(buf, pos, final, row);
        end = len;
        break;
      }
      b = buf[i]!;
      if (b === D) {
        if (c === n - 1) return this.skipRagged(buf, pos, final, row);
        i++;
        if (i >= len && !final) return NEED_MORE;
        continue;
      }
      if (c !== n - 1) return this.skipRagged(buf, pos, final, row);
      end = lineEnd(buf, i, final);
      if (end === NEED_MORE) return NEED_MORE;
      break;
    }
    if (this.mismatchColumn >= 0) throw this.typeMismatch(pos);
    this.rows = row + 1;
    this.dataRow++;
    this.rowsRead++;
    this.line += 1 + newlines;
    return end;
  }

  /** A cell off the fast paths: null tokens, quoted cells, and numbers in any other spelling. */
  private cell(buf: Uint8Array, s: number, e: number, c: number, row: number, kind: number, escaped: number): void {
    const isNull =
      s === e ? this.emptyIsNull : (this.nullLengths >>> Math.min(e - s, 31)) & 1 && this.isNullToken(buf, s, e);
    if (isNull) {
      this.valid[c]![row] = 0;
      if (kind >= K_UTF8) this.strings[c]!.appendEmpty();
      return;
    }
    let ok = true;
    switch (kind) {
      case K_INT:
        ok = escaped === 0 && parseIntCell(buf, s, e, this.ints[c]!, row);
        break;
      case K_FLOAT:
        if (e - s === 3 && isNan(buf, s)) this.floats[c]!.values[row] = Number.NaN;
        else {
          this.floats[c]!.values[row] = parseFloatCell(buf, s, e);
          ok = floatParse.ok;
        }
        ok &&= escaped === 0;
        break;
      case K_UTF8:
      case K_BINARY:
        this.strings[c]!.appendSlice(buf, s, e, escaped ? this.quote : -1);
        break;
      default:
        ok = false;
    }
    if (!ok && this.mismatchColumn < 0) {
      this.mismatchColumn = c;
      this.mismatchAt = s;
    }
  }

  /** Undoes what a partly built row `row` wrote: string bytes, and nulls marked. */
  private rollback(row: number): void {
    if (row < this.batchSize) for (const valid of this.valid) valid[row] = 1;
    for (const c of this.stringColumns) {
      const strings = this.strings[c]!;
      strings.length = row;
      strings.used = strings.offsets[row]!;
    }
  }

  private skipRagged(buf: Uint8Array, recordStart: number, final: boolean, row: number): number {
    this.rollback(row);
    return this.ragged(buf, recordStart, final);
  }

  private typeMismatch(recordStart: number) {
    const c = this.mismatchColumn;
    const name = this.names[c]!;
    const row = this.dataRow + 1;
    const expected = ['missing', 'an int64', 'a float', 'a string', 'bytes'][this.kinds[c]!]!;
    return inputError(
      IoErrorCode.VALUE_TYPE_MISMATCH,
      `value of column '${name}' is not ${expected} (data row ${row})`,
      {
        file: this.path,
        line: this.line,
        column: this.mismatchAt - recordStart + 1,
        row,
        byteOffset: this.bufStart + this.mismatchAt,
        feature: name,
      },
      this.given.has(name)
        ? `the schema says '${name}' is ${this.given.get(name)}; fix the value or the schema`
        : 'fix the value, or add its spelling to --null-values if it means missing',
    );
  }

  /** Hands the pending rows out as a RecordBatch and starts a new batch. */
  finish(): RecordBatch {
    const length = this.rows;
    const columns: Data[] = [];
    for (let c = 0; c < this.n; c++) {
      const kind = this.kinds[c]!;
      if (kind === K_NULL) {
        columns.push(makeData({ type: new Null(), length, nullCount: length }));
        continue;
      }
      const validity = packValidity(this.valid[c]!, length);
      this.valid[c]!.fill(1, 0, length);
      if (kind === K_INT) columns.push(int64Data(this.ints[c]!.take(length), length, validity));
      else if (kind === K_FLOAT) columns.push(float64Data(this.floats[c]!.take(length), length, validity));
      else columns.push(bytesData(kind === K_BINARY, this.strings[c]!.take(), length, validity));
    }
    this.rows = 0;
    return makeRecordBatch(this.names, columns, length);
  }
}

/** Where {@link wideMantissa} puts its value (see `decimalResult` in csv-decimal-to-double.ts for why). */
const wideResult = new Float64Array(1);

/**
 * The value of the 10 to 15 digits in `buf[start..end)` (a dot among them is skipped), put in
 * {@link wideResult}: the leading digits and the last nine are summed in int32 arithmetic, then
 * combined exactly.
 */
function wideMantissa(buf: Uint8Array, start: number, end: number, digits: number): void {
  let high = 0;
  let k = start;
  for (let seen = 9; seen < digits; k++) {
    const d = buf[k]! - 48;
    if (d >= 0) {
      high = high * 10 + d;
      seen++;
    }
  }
  let low = 0;
  for (; k < end; k++) {
    const d = buf[k]! - 48;
    if (d >= 0) low = (low * 10 + d) | 0;
  }
  wideResult[0] = high * 1e9 + low;
}

/** Packs one byte per row (0 or 1) into Arrow's validity bitmap (LSB first) and counts the nulls. */
function packValidity(valid: Uint8Array, length: number): { nullBitmap: Uint8Array; nullCount: number } {
  const bits = new Uint8Array((length + 7) >> 3);
  const whole = length >> 3;
  let set = packWholeBytes(valid, bits, whole);
  for (let r = whole << 3; r < length; r++) {
    if (valid[r]) {
      bits[r >> 3]! |= 1 << (r & 7);
      set++;
    }
  }
  return { nullBitmap: bits, nullCount: length - set };
}

/**
 * The first `whole` groups of 8 validity bytes packed into `bits`; returns how many are valid. Its
 * loop ends it: the tail loop after it in {@link packValidity}, which had not run when V8 compiled
 * this loop on the stack, sent it back to the interpreter on most batches.
 */
function packWholeBytes(valid: Uint8Array, bits: Uint8Array, whole: number): number {
  let set = 0;
  for (let q = 0; q < whole; q++) {
    const r = q << 3;
    const byte =
      valid[r]! |
      (valid[r + 1]! << 1) |
      (valid[r + 2]! << 2) |
      (valid[r + 3]! << 3) |
      (valid[r + 4]! << 4) |
      (valid[r + 5]! << 5) |
      (valid[r + 6]! << 6) |
      (valid[r + 7]! << 7);
    bits[q] = byte;
    set += BYTE_BIT_COUNTS[byte]!;
  }
  return set;
}
