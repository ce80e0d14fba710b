import type { Data, RecordBatch } from 'apache-arrow';
import { makeData, Null } from 'apache-arrow';
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
import { floatParse, isNan, parseFloatCell, parseIntCell } from './csv-value.js';
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
 * RecordBatch every `batchSize` rows. Integers of up to 15 digits and plain decimals of up to 15
 * significant digits are parsed inline (exactly: Clinger's fast path); everything else goes
 * through {@link parseIntCell} / {@link parseFloatCell}. Strings are copied as UTF-8 bytes into
 * the Arrow value buffer, never decoded to JS strings. Validity is kept as one byte per row,
 * preset to valid so that only nulls are written, and packed into Arrow's bitmap when the batch
 * is finished.
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
    private readonly given: Readonly<Record<string, ColumnType>>,
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
   */
  build(buf: Uint8Array, pos: number, final: boolean): number {
    const len = buf.length;
    const n = this.n;
    const D = this.delimiter;
    const Q = this.quote;
    const kinds = this.kinds;
    const valid = this.valid;
    const ints = this.ints;
    const floats = this.floats;
    const strings = this.strings;
    const nullLengths = this.nullLengths;
    const emptyIsNull = this.emptyIsNull;
    const fast = this.fastNumbers;
    const cap = this.batchSize;
    records: while (pos < len) {
      if (this.rows === cap) return pos;
      let b = buf[pos]!;
      if (b === LF || b === CR) {
        // Blank line.
        const end = lineEnd(buf, pos, final);
        if (end === NEED_MORE) return pos;
        this.line++;
        pos = end;
        continue;
      }
      const row = this.rows;
      const recordStart = pos;
      let i = pos;
      let newlines = 0;
      let end = 0;
      this.mismatchColumn = -1;
      for (let c = 0; ; c++) {
        const s = i;
        const kind = kinds[c]!;
        if (i < len && buf[i] === Q) {
          const j = this.quotedEnd(buf, i, final);
          if (j === NEED_MORE) break records;
          newlines += this.quoted.newlines;
          this.cell(buf, s + 1, j, c, row, kind, this.quoted.escaped);
          i = j + 1;
          if (i < len) {
            b = buf[i]!;
            if (b !== D && b !== LF && b !== CR) throw this.textAfterQuote(c + 1, this.line + newlines, i);
          }
        } else if (kind === K_FLOAT && fast) {
          let k = i;
          let negative = false;
          if (k < len && buf[k] === 45) {
            negative = true;
            k++;
          }
          const digitsStart = k;
          let dotAt = -1;
          // Up to 9 bytes accumulate in int32 arithmetic (shorter dependency chain than
          // doubles), longer numbers go on in a double.
          let small = 0;
          const stop = Math.min(len, k + 9);
          b = -1;
          while (k < stop) {
            b = buf[k]!;
            if (b >= 48 && b <= 57) {
              small = (small * 10 + (b - 48)) | 0;
              k++;
            } else if (b === 46 && dotAt < 0) {
              dotAt = k;
              k++;
            } else break;
          }
          let mantissa = small;
          if (k === stop) {
            while (k < len) {
              b = buf[k]!;
              if (b >= 48 && b <= 57) {
                mantissa = mantissa * 10 + (b - 48);
                k++;
              } else if (b === 46 && dotAt < 0) {
                dotAt = k;
                k++;
              } else break;
            }
          }
          if (k === len || b === D || b === LF || b === CR) {
            const digits = k - digitsStart - (dotAt < 0 ? 0 : 1);
            if (k === s ? emptyIsNull : (nullLengths >>> Math.min(k - s, 31)) & 1 && this.isNullToken(buf, s, k)) {
              valid[c]![row] = 0;
            } else if (digits > 0 && digits <= 15) {
              const v = dotAt < 0 || k === dotAt + 1 ? mantissa : mantissa / POW10[k - dotAt - 1]!;
              floats[c]!.values[row] = negative ? -v : v;
            } else this.cell(buf, s, k, c, row, kind, 0);
          } else {
            while (k < len) {
              b = buf[k]!;
              if (b === D || b === LF || b === CR) break;
              k++;
            }
            this.cell(buf, s, k, c, row, kind, 0);
          }
          i = k;
        } else if (kind === K_INT && fast) {
          let k = i;
          let negative = false;
          if (k < len && buf[k] === 45) {
            negative = true;
            k++;
          }
          const digitsStart = k;
          let small = 0;
          const stop = Math.min(len, k + 9);
          b = -1;
          while (k < stop) {
            b = buf[k]!;
            if (b >= 48 && b <= 57) {
              small = (small * 10 + (b - 48)) | 0;
              k++;
            } else break;
          }
          let v = small;
          if (k === stop) {
            while (k < len) {
              b = buf[k]!;
              if (b >= 48 && b <= 57) {
                v = v * 10 + (b - 48);
                k++;
              } else break;
            }
          }
          if (k === len || b === D || b === LF || b === CR) {
            const digits = k - digitsStart;
            if (k === s ? emptyIsNull : (nullLengths >>> Math.min(k - s, 31)) & 1 && this.isNullToken(buf, s, k)) {
              valid[c]![row] = 0;
            } else if (digits > 0 && digits <= 15) {
              if (negative) v = -v;
              if (v <= 0x7fffffff && v >= -0x80000000) {
                const words = ints[c]!.words;
                words[2 * row] = v;
                words[2 * row + 1] = v < 0 ? -1 : 0;
              } else ints[c]!.setNumber(row, v);
            } else this.cell(buf, s, k, c, row, kind, 0);
          } else {
            while (k < len) {
              b = buf[k]!;
              if (b === D || b === LF || b === CR) break;
              k++;
            }
            this.cell(buf, s, k, c, row, kind, 0);
          }
          i = k;
        } else {
          let k = i;
          while (k < len) {
            b = buf[k]!;
            if (b === D || b === LF || b === CR) break;
            k++;
          }
          if (kind >= K_UTF8) {
            if (k === s ? emptyIsNull : (nullLengths >>> Math.min(k - s, 31)) & 1 && this.isNullToken(buf, s, k)) {
              valid[c]![row] = 0;
              strings[c]!.appendEmpty();
            } else {
              strings[c]!.appendSlice(buf, s, k);
            }
          } else this.cell(buf, s, k, c, row, kind, 0);
          i = k;
        }
        // The byte after the field: delimiter, line break, or the end of the buffer.
        if (i >= len) {
          if (!final) break records;
          if (c !== n - 1) {
            const next = this.skipRagged(buf, recordStart, final, row);
            if (next === NEED_MORE) break records;
            pos = next;
            continue records;
          }
          end = len;
          break;
        }
        b = buf[i]!;
        if (b === D) {
          if (c === n - 1) {
            const next = this.skipRagged(buf, recordStart, final, row);
            if (next === NEED_MORE) break records;
            pos = next;
            continue records;
          }
          i++;
          if (i >= len && !final) break records;
          continue;
        }
        if (c !== n - 1) {
          const next = this.skipRagged(buf, recordStart, final, row);
          if (next === NEED_MORE) break records;
          pos = next;
          continue records;
        }
        end = lineEnd(buf, i, final);
        if (end === NEED_MORE) break records;
        break;
      }
      if (this.mismatchColumn >= 0) throw this.typeMismatch(recordStart);
      this.rows = row + 1;
      this.dataRow++;
      this.rowsRead++;
      this.line += 1 + newlines;
      pos = end;
    }
    // The buffer ends inside the record at `pos` (or was used up): undo its partial values.
    this.rollback(this.rows);
    return pos;
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
      this.given[name]
        ? `the schema says '${name}' is ${this.given[name]}; fix the value or the schema`
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

/** Packs one byte per row (0 or 1) into Arrow's validity bitmap (LSB first) and counts the nulls. */
function packValidity(valid: Uint8Array, length: number): { nullBitmap: Uint8Array; nullCount: number } {
  const bits = new Uint8Array((length + 7) >> 3);
  let set = 0;
  const whole = length >> 3;
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
    set += POPCOUNT8[byte]!;
  }
  for (let r = whole << 3; r < length; r++) {
    if (valid[r]) {
      bits[r >> 3]! |= 1 << (r & 7);
      set++;
    }
  }
  return { nullBitmap: bits, nullCount: length - set };
}

const POPCOUNT8 = Uint8Array.from({ length: 256 }, (_, v) => {
  let count = 0;
  for (let x = v; x; x &= x - 1) count++;
  return count;
});
