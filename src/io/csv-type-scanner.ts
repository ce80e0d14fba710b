import { CR, CsvCursor, type CsvDialect, LF, lineEnd, NEED_MORE } from './csv-cursor.js';
import { type CellType, classifyCell, T_FLOAT, T_INT, T_NULL, T_STRING } from './csv-value.js';

/**
 * The type-inference pass over CSV bytes: raises each column's type to the widest cell type
 * seen (TFDV's int -> float -> string rule, missing cells ignored) without building any value.
 * Tokenizing and classifying are one walk over the bytes: a cell shaped `-?digits[.digits]`
 * is classified while its end is searched for; anything else (signs, spaces, exponents,
 * `nan`, quoted cells, long integers) goes to {@link classifyCell}. Columns already known to be
 * strings, or typed by the caller, are only skipped over.
 */
export class CsvTypeScanner extends CsvCursor {
  /** Widest cell type per column so far. */
  readonly types: Uint8Array;
  /** Columns that still can change type; the scan can stop when none is left. */
  remaining: number;
  private readonly done: Uint8Array;
  /** Types raised by the current record, applied only once it proves well-formed. */
  private readonly pending: Uint8Array;

  constructor(dialect: CsvDialect, fixed: readonly boolean[]) {
    super(dialect);
    this.types = new Uint8Array(this.n);
    this.done = Uint8Array.from(fixed, (f) => (f ? 1 : 0));
    this.pending = new Uint8Array(this.n);
    this.remaining = fixed.filter((f) => !f).length;
    // The pattern's cells must not be able to swallow a delimiter: no number byte (or `nan`
    // letter) as delimiter, no delimiter, quote or line break inside a null token.
    this.noPattern =
      !this.fastNumbers ||
      this.n > MAX_PATTERN_COLUMNS ||
      'naNA'.includes(String.fromCharCode(this.delimiter)) ||
      dialect.nullTokens.some((t) => t.some((b) => b === LF || b === CR || b === this.delimiter || b === this.quote));
    this.patternOff = this.noPattern;
  }

  /** Inferred type of column `c` (T_NULL when it never holds a value). */
  typeOf(c: number): CellType {
    return this.types[c]! as CellType;
  }

  /**
   * Scans the records in `buf` from `pos`. Returns the index of the first record not consumed
   * (one the buffer ends inside), or `buf.length`; with `final` every record is consumed.
   *
   * Blocks of rows that cannot change any type are skipped with one regular expression match
   * (V8 compiles it to native code, about twice as fast as the byte loop): it accepts only
   * unquoted rows of exactly n fields whose every cell is a null token or a number shape that
   * classifies within the column's current type. Anything else (quotes, blank or ragged
   * lines, lone CR, wider cells, the last rows of a buffer) is left to the byte loop, which
   * alone decides types and errors, so the result is the same as walking every byte.
   */
  scan(buf: Uint8Array, pos: number, final: boolean): number {
    const len = buf.length;
    const bytes = Buffer.from(buf.buffer, buf.byteOffset, len);
    let text = '';
    let textStart = 0;
    let textEnd = -1; // no window yet
    while (pos < len) {
      const rows = this.patternOff ? undefined : this.rowsPattern();
      if (rows) {
        // The pattern runs on a latin1 copy of a window of the buffer rather than of the whole
        // buffer: strings of up to 64 KiB are short-lived heap objects, much cheaper for the
        // garbage collector than megabyte strings (which Node makes external).
        if (textEnd < 0 || (textEnd < len && textEnd - pos < this.window >> 1)) {
          textStart = pos;
          textEnd = Math.min(len, pos + this.window);
          text = bytes.toString('latin1', textStart, textEnd);
        }
        rows.lastIndex = pos - textStart;
        if (rows.test(text)) {
          // Room for two blocks like this one: wide rows get a wider window, and a window widened
          // for one long record shrinks back.
          this.window = Math.max(MIN_WINDOW, 2 * (textStart + rows.lastIndex - pos));
          pos = textStart + rows.lastIndex;
          this.line += BLOCK_ROWS;
          this.dataRow += BLOCK_ROWS;
          this.rowsRead += BLOCK_ROWS;
          this.misses = 0;
          continue;
        }
        if (textEnd < len && !holdsBlock(buf, pos, textEnd)) {
          // The window ends before the block does: take a new one from here, a wider one when
          // even a fresh window is too short (long rows).
          if (textStart === pos) this.window *= 2;
          textEnd = -1;
          continue;
        }
        // Data the pattern keeps missing (quoted fields everywhere, CR line ends): stop trying.
        if (++this.misses > MAX_MISSES) this.patternOff = true;
      }
      const next = this.scanRecords(buf, pos, final, BLOCK_ROWS);
      if (next === pos) break; // the buffer ends inside this record
      pos = next;
    }
    return pos;
  }

  override startFile(path: string, line: number): void {
    super.startFile(path, line);
    this.misses = 0;
    this.patternOff = this.noPattern;
  }

  private misses = 0;
  private patternOff = false;
  /** Bytes of the buffer the pattern sees at a time (follows the size of the blocks matched). */
  private window = MIN_WINDOW;
  /** The pattern cannot be used with this dialect (see the constructor). */
  private readonly noPattern: boolean;
  private pattern: RegExp | undefined;
  /** Counts type changes; `pattern` was built at `patternVersion`. */
  private typesVersion = 0;
  private patternVersion = -1;

  /** The sticky pattern matching BLOCK_ROWS rows that change no type, rebuilt when types change. */
  private rowsPattern(): RegExp | undefined {
    if (this.patternVersion !== this.typesVersion) {
      this.patternVersion = this.typesVersion;
      let key = '';
      for (let c = 0; c < this.n; c++) key += this.done[c] ? 's' : String(this.types[c]);
      this.pattern = rowsPattern(key, this.delimiter, this.quote, this.dialect.nullTokens);
    }
    return this.pattern;
  }

  /** The byte loop: scans at most `maxRecords` records (blank and ragged lines count). */
  private scanRecords(buf: Uint8Array, pos: number, final: boolean, maxRecords: number): number {
    const len = buf.length;
    const n = this.n;
    const D = this.delimiter;
    const Q = this.quote;
    const done = this.done;
    const types = this.types;
    const pending = this.pending;
    const nullLengths = this.nullLengths;
    const fast = this.fastNumbers;
    let count = 0;
    records: while (pos < len && count++ < maxRecords) {
      let b = buf[pos]!;
      if (b === LF || b === CR) {
        // Blank line.
        const end = lineEnd(buf, pos, final);
        if (end === NEED_MORE) return pos;
        this.line++;
        pos = end;
        continue;
      }
      const recordStart = pos;
      let i = pos;
      let newlines = 0;
      let raised = false;
      let end = 0;
      for (let c = 0; ; c++) {
        const s = i;
        let e = i;
        let cell = T_NULL; // nothing learnt from this field
        if (i < len && buf[i] === Q) {
          const j = this.quotedEnd(buf, i, final);
          if (j === NEED_MORE) break records;
          newlines += this.quoted.newlines;
          i = j + 1;
          if (i < len) {
            b = buf[i]!;
            if (b !== D && b !== LF && b !== CR) throw this.textAfterQuote(c + 1, this.line + newlines, i);
          }
          if (done[c] === 0 && !((nullLengths >>> Math.min(j - s - 1, 31)) & 1 && this.isNullToken(buf, s + 1, j))) {
            cell = this.quoted.escaped ? T_STRING : classifyCell(buf, s + 1, j);
          }
        } else if (done[c] === 0 && fast) {
          // The common numeric shapes, classified while looking for the field's end.
          let k = i;
          if (k < len && buf[k] === 45) k++;
          const digitsStart = k;
          let dot = 0;
          b = -1;
          while (k < len) {
            b = buf[k]!;
            if (b >= 48 && b <= 57) k++;
            else if (b === 46 && dot === 0) {
              dot = 1;
              k++;
            } else break;
          }
          if (k === len || b === D || b === LF || b === CR) {
            e = k;
            if (!((nullLengths >>> Math.min(e - s, 31)) & 1 && this.isNullToken(buf, s, e))) {
              const digits = k - digitsStart - dot;
              cell =
                digits === 0 ? classifyCell(buf, s, e) : dot ? T_FLOAT : digits <= 18 ? T_INT : classifyCell(buf, s, e);
            }
          } else {
            while (k < len) {
              b = buf[k]!;
              if (b === D || b === LF || b === CR) break;
              k++;
            }
            e = k;
            if (!((nullLengths >>> Math.min(e - s, 31)) & 1 && this.isNullToken(buf, s, e))) {
              cell = classifyCell(buf, s, e);
            }
          }
          i = e;
        } else {
          // A column with nothing left to learn (or no fast path): find the field's end.
          let k = i;
          while (k < len) {
            b = buf[k]!;
            if (b === D || b === LF || b === CR) break;
            k++;
          }
          e = k;
          i = k;
          if (done[c] === 0 && !((nullLengths >>> Math.min(e - s, 31)) & 1 && this.isNullToken(buf, s, e))) {
            cell = classifyCell(buf, s, e);
          }
        }
        if (cell > types[c]!) {
          pending[c] = cell;
          raised = true;
        }
        // The byte after the field: delimiter, line break, or the end of the buffer.
        if (i >= len) {
          if (!final) break records;
          if (c !== n - 1) {
            if (!this.skipRagged(buf, recordStart, final, raised)) break records;
            pos = this.raggedEnd;
            continue records;
          }
          end = len;
          break;
        }
        b = buf[i]!;
        if (b === D) {
          if (c === n - 1) {
            if (!this.skipRagged(buf, recordStart, final, raised)) break records;
            pos = this.raggedEnd;
            continue records;
          }
          i++;
          if (i >= len && !final) break records;
          continue;
        }
        if (c !== n - 1) {
          if (!this.skipRagged(buf, recordStart, final, raised)) break records;
          pos = this.raggedEnd;
          continue records;
        }
        end = lineEnd(buf, i, final);
        if (end === NEED_MORE) break records;
        break;
      }
      if (raised) this.apply();
      this.dataRow++;
      this.rowsRead++;
      this.line += 1 + newlines;
      pos = end;
    }
    // Left `records` early: the buffer ends inside the record at `pos`.
    this.pending.fill(0);
    return pos;
  }

  private raggedEnd = 0;

  /** Ragged record: forget what it raised; false when it does not end inside the buffer. */
  private skipRagged(buf: Uint8Array, recordStart: number, final: boolean, raised: boolean): boolean {
    if (raised) this.pending.fill(0);
    const end = this.ragged(buf, recordStart, final);
    if (end === NEED_MORE) return false;
    this.raggedEnd = end;
    return true;
  }

  private apply(): void {
    const { pending, types, done } = this;
    for (let c = 0; c < this.n; c++) {
      const t = pending[c]!;
      if (t > types[c]!) {
        types[c] = t;
        this.typesVersion++;
        if (t === T_STRING) {
          done[c] = 1;
          this.remaining--;
        }
      }
      pending[c] = 0;
    }
  }
}

/**
 * Widest row the pattern is built for. V8 compiles a regular expression recursively: a pattern of
 * a few thousand cells overflows its stack (at about 3,000 columns), so wider files use the byte
 * loop alone, which is as fast per byte.
 */
const MAX_PATTERN_COLUMNS = 1024;
/** Rows per pattern match: long enough to amortise a match, short enough to fall back cheaply. */
const BLOCK_ROWS = 64;
/** Consecutive misses after which the pattern is not tried again in this file. */
const MAX_MISSES = 16;
/** Initial size of the text window the pattern runs on (see `scan`). */
const MIN_WINDOW = 1 << 16;

/** Whether `buf[pos..end)` holds BLOCK_ROWS line feeds, so a block could match inside it. */
function holdsBlock(buf: Uint8Array, pos: number, end: number): boolean {
  let k = pos;
  for (let r = 0; r < BLOCK_ROWS; r++) {
    k = buf.indexOf(LF, k);
    if (k < 0 || k >= end) return false;
    k++;
  }
  return true;
}

/**
 * Builds the pattern for `key` (one letter per column: `s` nothing to learn, else its current
 * type). Cells: a skipped column is any unquoted text; a T_NULL column only a null token; an
 * INT column an integer of up to 18 digits (longer ones need the int64 check) or a null token;
 * a FLOAT column also plain decimals and `nan`. Works on the latin1 decoding of the bytes, one
 * character per byte.
 */
function rowsPattern(key: string, delimiter: number, quote: number, nullTokens: readonly Uint8Array[]): RegExp {
  const hex = (b: number) => `\\x${b.toString(16).padStart(2, '0')}`;
  const tokens = nullTokens.map((t) => Array.from(t, hex).join(''));
  const any = `[^${hex(delimiter)}${hex(quote)}\\r\\n]*`;
  const alternatives = (shapes: string[]) => `(?:${[...shapes, ...tokens].join('|') || '(?!)'})`;
  const int = '-?\\d{1,18}';
  const cells = Array.from(key, (k) => {
    if (k === 's') return any;
    if (Number(k) === T_INT) return alternatives([int]);
    // Factored so that a decimal matches without backtracking: `1.5` is `\d{1,18}(?:\.\d*)?`.
    if (Number(k) === T_FLOAT) return alternatives([`-?(?:\\d{1,18}(?:\\.\\d*)?|\\d{19,}\\.\\d*|\\.\\d+)`, 'nan']);
    return alternatives([]);
  });
  return new RegExp(`(?:${cells.join(hex(delimiter))}\\r?\\n){${BLOCK_ROWS}}`, 'y');
}
