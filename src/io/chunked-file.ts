import { isUtf8 } from 'node:buffer';
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { IoErrorCode, inputError } from './io-error.js';

const emptyBuffer = Buffer.alloc(0);

/** Bytes [start, end) of a file. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Room kept in front of each read so that the unconsumed tail of the previous buffer (usually a
 * part of one record) can be put right before the new bytes instead of moving the chunk.
 */
const TAIL_ROOM = 1 << 16;

/**
 * A text file read in fixed-size chunks into a sliding buffer, so memory stays at about two
 * chunks whatever the file size. Parsers consume `buf` and call {@link fill} with the index of
 * the first byte they still need. UTF-8 is checked natively (`buffer.isUtf8`) up to the last
 * newline of each fill; an invalid byte is reported with its line and byte offset.
 */
export class ChunkedFile {
  buf: Buffer = emptyBuffer;
  /**
   * The two buffers reads alternate between: the next chunk is read into one while `buf` lies in
   * the other. Each holds TAIL_ROOM bytes for the previous tail, then a chunk.
   */
  private readonly halves: Buffer[] = [];
  /** Which of `halves` the pending read writes into. */
  private reading = 0;
  /** Holds `buf` when the tail is longer than TAIL_ROOM (a record longer than that). */
  private spill: Buffer = emptyBuffer;
  /** File offset of `buf[0]`. */
  start = 0;
  eof = false;
  /** Bytes read from disk so far. */
  bytesRead = 0;
  private checkedUpTo = 0; // file offset up to which UTF-8 was validated
  private handle: FileHandle | undefined;
  private pending: Promise<number> | undefined;

  /** File offset of the next read. */
  private next: number;
  /** File offset the reads stop at (the end of a byte range, or never). */
  private readonly end: number;

  private constructor(
    readonly path: string,
    /** The file read (a temporary copy when `path` is a stream); `path` is what messages name. */
    private readonly source: string,
    private readonly chunkSize: number,
    private readonly validateUtf8: boolean,
    range: ByteRange | undefined,
  ) {
    this.next = range?.start ?? 0;
    this.start = this.next;
    this.checkedUpTo = this.next;
    this.end = range?.end ?? Number.POSITIVE_INFINITY;
  }

  /**
   * Opens `source` (named `path` in messages). With `range`, only the bytes [start, end) are read:
   * the file looks as if it began at `start` (`buf[0]` is at file offset `start`) and ended at `end`.
   * Ranges must start and end on character boundaries (after a line feed, for UTF-8 checks).
   */
  static async open(
    path: string,
    chunkSize = 1 << 20,
    validateUtf8 = true,
    source = path,
    range?: ByteRange,
  ): Promise<ChunkedFile> {
    const file = new ChunkedFile(path, source, chunkSize, validateUtf8, range);
    file.handle = await open(source, 'r');
    return file;
  }

  /**
   * Drops `buf[0..keepFrom)` and appends the next chunk. Returns false (and sets `eof`) when
   * the file has no more bytes. The bytes of `buf` are only valid until the next call: the same
   * buffers are reused for the whole file, so reading allocates nothing per chunk, and the chunk
   * is read in place (only the kept tail is copied, in front of it).
   */
  async fill(keepFrom: number): Promise<boolean> {
    if (this.eof || !this.handle) return false;
    if (this.halves.length === 0) {
      this.halves.push(Buffer.allocUnsafe(TAIL_ROOM + this.chunkSize), Buffer.allocUnsafe(TAIL_ROOM + this.chunkSize));
    }
    const bytesRead = await (this.pending ?? this.readAt(this.next, this.reading));
    this.pending = undefined;
    const keptLength = this.buf.length - keepFrom;
    this.start += keepFrom;
    if (bytesRead === 0) {
      this.eof = true;
      this.buf = keptLength === 0 ? emptyBuffer : this.buf.subarray(keepFrom);
      await this.close();
      if (this.validateUtf8) await this.checkUtf8(this.buf.length);
      return false;
    }
    this.bytesRead += bytesRead;
    this.next += bytesRead;
    const half = this.halves[this.reading]!;
    if (keptLength <= TAIL_ROOM) {
      this.buf.copy(half, TAIL_ROOM - keptLength, keepFrom);
      this.buf = half.subarray(TAIL_ROOM - keptLength, TAIL_ROOM + bytesRead);
    } else {
      // A record longer than TAIL_ROOM: tail and chunk go to the spill buffer, which grows as needed.
      const length = keptLength + bytesRead;
      if (this.buf.buffer === this.spill.buffer && this.spill.length >= length) {
        this.spill.copyWithin(0, keepFrom, this.buf.length); // `buf` starts at spill[0]
      } else {
        if (this.spill.length < length) {
          this.spill = Buffer.allocUnsafe(Math.max(length, 2 * this.chunkSize, 2 * this.spill.length));
        }
        this.buf.copy(this.spill, 0, keepFrom);
      }
      half.copy(this.spill, keptLength, TAIL_ROOM, TAIL_ROOM + bytesRead);
      const grown = keptLength >= this.chunkSize ? await this.growSpill(length, 2 * keptLength) : length;
      this.buf = this.spill.subarray(0, grown);
    }
    // Read ahead into the other half while the caller parses, so parsing and disk I/O overlap.
    this.reading = 1 - this.reading;
    this.pending = this.readAt(this.next, this.reading);
    if (this.validateUtf8) {
      const lastNewline = this.buf.lastIndexOf(10);
      if (lastNewline >= 0) await this.checkUtf8(lastNewline + 1);
    }
    return true;
  }

  /**
   * A record longer than a chunk: the caller scans it again from its start after every fill, so
   * with fixed-size fills a record of n chunks costs n^2/2 chunk scans (a 30 MB quoted field took
   * 20 s). Reading on until the buffer is twice the kept tail makes the rescans geometric: linear
   * in the record's length. Returns the buffer's new length.
   */
  private async growSpill(length: number, target: number): Promise<number> {
    const handle = this.handle!;
    if (this.spill.length < target) {
      const bigger = Buffer.allocUnsafe(target);
      this.spill.copy(bigger, 0, 0, length);
      this.spill = bigger;
    }
    while (length < target && this.next < this.end) {
      const want = Math.min(target - length, this.end - this.next);
      const { bytesRead } = await handle.read(this.spill, length, want, this.next);
      if (bytesRead === 0) break;
      this.bytesRead += bytesRead;
      this.next += bytesRead;
      length += bytesRead;
    }
    return length;
  }

  private readAt(position: number, into: number): Promise<number> {
    const handle = this.handle!;
    const length = Math.min(this.chunkSize, this.end - position);
    if (length <= 0) return Promise.resolve(0);
    return handle.read(this.halves[into]!, TAIL_ROOM, length, position).then(({ bytesRead }) => bytesRead);
  }

  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await this.pending?.catch(() => undefined);
    this.pending = undefined;
    await handle?.close();
  }

  private async checkUtf8(end: number): Promise<void> {
    const from = this.checkedUpTo - this.start;
    if (end <= from) return;
    const region = this.buf.subarray(Math.max(0, from), end);
    if (!isUtf8(region)) {
      const bad = firstInvalidUtf8(region);
      const byteOffset = this.start + Math.max(0, from) + bad;
      const line = await lineOfOffset(this.source, byteOffset);
      await this.close();
      throw inputError(
        IoErrorCode.INVALID_UTF8,
        `invalid UTF-8 at line ${line}, byte ${byteOffset}`,
        { file: this.path, line, byteOffset },
        'the file is not UTF-8; re-encode it (e.g. iconv -f latin1 -t utf-8)',
      );
    }
    this.checkedUpTo = this.start + end;
  }
}

/** Index of the first byte that starts an invalid UTF-8 sequence (slow path, errors only). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need = 0;
    let min = 0;
    if (b < 0x80) {
      i++;
      continue;
    } else if ((b & 0xe0) === 0xc0) {
      need = 1;
      min = 0x80;
    } else if ((b & 0xf0) === 0xe0) {
      need = 2;
      min = 0x800;
    } else if ((b & 0xf8) === 0xf0) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return bytes.length;
}

/** 1-based line of a byte offset: counts newlines before it by re-reading the file (error path only). */
async function lineOfOffset(path: string, byteOffset: number): Promise<number> {
  const handle = await open(path, 'r');
  try {
    let line = 1;
    let pos = 0;
    const chunk = Buffer.allocUnsafe(1 << 20);
    while (pos < byteOffset) {
      const { bytesRead } = await handle.read(chunk, 0, Math.min(chunk.length, byteOffset - pos), pos);
      if (bytesRead === 0) break;
      for (let i = 0; i < bytesRead; i++) if (chunk[i] === 10) line++;
      pos += bytesRead;
    }
    return line;
  } finally {
    await handle.close();
  }
}
