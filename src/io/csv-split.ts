import { closeSync, openSync, readSync } from 'node:fs';
import { CR, LF } from './csv-cursor.js';

/** Bytes read at a time by the boundary scan. */
const CHUNK = 4 << 20;

/**
 * Record starts for cutting a CSV file into byte ranges that threads read apart: for each guess
 * (a file offset), the first offset at or after it where a record starts, i.e. the byte after a
 * line feed that is not inside a quoted field. Returns the distinct starts in ascending order
 * (fewer than the guesses when several fall in one record, none for a file of one record), or
 * undefined when the file cannot be cut safely: an unterminated quote, or a closing quote
 * followed by text, whose handling by the reader is an error this scan leaves to the reader.
 *
 * Whether a line feed is inside quotes depends on every quote before it, so the scan walks the
 * data from `from` (the first data record) to the last boundary, but only from one interesting
 * byte to the next with `indexOf` (memchr): before a guess it looks for quote bytes, and after
 * it for the first line feed. A quote opens a quoted field only where the reader takes it as one,
 * as the first byte of a field (after a delimiter or a line break); a quote inside an unquoted
 * field is literal text. Inside a quoted field it looks for the closing quote, a doubled quote
 * being an escaped one. A file without quotes costs one memchr per chunk up to the last boundary.
 */
export async function csvRecordStarts(
  source: string,
  from: number,
  size: number,
  guesses: readonly number[],
  delimiter: number,
  quote: number,
): Promise<number[] | undefined> {
  const targets = guesses.filter((g) => g > from && g < size).sort((a, b) => a - b);
  if (targets.length === 0) return [];
  const w = new Window(openSync(source, 'r'), from, size);
  const opensField = (b: number) => b === delimiter || b === LF || b === CR;
  try {
    const starts: number[] = [];
    let pos = from; // outside quotes, never inside a quoted field
    let t = 0;
    while (t < targets.length) {
      const guess = targets[t]!;
      const i = await w.at(pos);
      if (i < 0) break; // end of the file: no record starts after the guess
      const buf = w.buf;
      const qi = buf.indexOf(quote, i);
      if (pos < guess) {
        const limit = guess - w.start; // index of the guess in buf (may lie beyond it)
        if (qi < 0 || qi >= limit) {
          pos = limit <= buf.length ? guess : w.start + buf.length;
          continue;
        }
      } else {
        // From the byte before pos: pos itself is a record start when a line feed precedes it.
        const li = buf.indexOf(LF, pos > from ? i - 1 : i);
        if (li >= 0 && (qi < 0 || li < qi)) {
          pos = w.start + li + 1;
          if (pos < size) starts.push(pos);
          while (t < targets.length && targets[t]! <= pos) t++;
          continue;
        }
        if (qi < 0) {
          pos = w.start + buf.length;
          continue;
        }
      }
      // A quote before the guess, or before the line feed after it.
      const at = w.start + qi;
      if (!(at === from || opensField(buf[qi - 1]!))) {
        pos = at + 1; // literal text inside an unquoted field
        continue;
      }
      const end = await skipQuoted(w, at, quote, opensField);
      if (end === undefined) return undefined;
      pos = end;
    }
    return starts;
  } finally {
    w.close();
  }
}

/** The offset after the quoted field that opens at `at`, or undefined (unterminated, or text after the closing quote). */
async function skipQuoted(
  w: Window,
  at: number,
  quote: number,
  opensField: (b: number) => boolean,
): Promise<number | undefined> {
  let p = at + 1;
  for (;;) {
    const i = await w.at(p);
    if (i < 0) return undefined; // unterminated
    const close = w.buf.indexOf(quote, i);
    if (close < 0) {
      p = w.start + w.buf.length;
      continue;
    }
    p = w.start + close + 1; // after the quote
    const j = await w.at(p);
    if (j < 0) return p; // closes at the end of the file
    const b = w.buf[j]!;
    if (b === quote) {
      p++; // a doubled (escaped) quote
      continue;
    }
    return opensField(b) ? p : undefined;
  }
}

/**
 * A window on a file: `buf` holds the bytes from file offset `start`, re-read around the offsets
 * asked for, into one reused buffer. The reads are synchronous: the scan does nothing else
 * meanwhile, and a read through the thread pool per chunk left this thread idle between chunks
 * (the walk to the last cut reads most of the file).
 */
class Window {
  buf: Buffer = Buffer.alloc(0);
  start = 0;
  private readonly storage: Buffer;
  constructor(
    private readonly fd: number,
    private readonly from: number,
    private readonly size: number,
  ) {
    this.storage = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(1, size - from)));
  }

  /**
   * Index in `buf` of file offset `pos`, with the byte before it in `buf` too (from `from` on);
   * -1 at the end of the file. Only the last window's `buf` is valid (the storage is reused).
   */
  async at(pos: number): Promise<number> {
    if (pos >= this.size) return -1;
    if (pos - 1 >= this.start && pos < this.start + this.buf.length) return pos - this.start;
    const begin = Math.max(this.from, pos - 1);
    const length = Math.min(this.storage.length, this.size - begin);
    let got = 0;
    while (got < length) {
      const bytesRead = readSync(this.fd, this.storage, got, length - got, begin + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    this.buf = this.storage.subarray(0, got);
    this.start = begin;
    return pos - begin < got ? pos - begin : -1;
  }

  close(): void {
    closeSync(this.fd);
  }
}
