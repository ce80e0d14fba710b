/**
 * Raw Snappy decompression (the block format Parquet's SNAPPY codec uses, without the framing
 * format's chunks and checksums). A block is the uncompressed length as a varint, then elements:
 * the low 2 bits of a tag byte say literal (0), copy with an 11-bit offset (1), copy with a 16-bit
 * offset (2) or copy with a 32-bit offset (3). Copies may overlap their own output (a run).
 */

/** Malformed Snappy data; the caller reports it with the file's name. */
export class SnappyError extends Error {
  override readonly name = 'SnappyError';
}

/** The uncompressed length a Snappy block declares (its leading varint). */
export function snappyLength(src: Uint8Array): number {
  let result = 0;
  for (let i = 0, shift = 0; i < 5 && i < src.length; i++, shift += 7) {
    const b = src[i]!;
    result += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return result;
  }
  throw new SnappyError('Snappy length is not a valid varint');
}

/**
 * Decompresses the Snappy block `src` into `dst`, which must be exactly as long as the block
 * declares; throws {@link SnappyError} on anything malformed rather than reading or writing out
 * of bounds.
 */
export function snappyDecompress(src: Uint8Array, dst: Uint8Array): void {
  const out = inflate(src, dst);
  if (out !== dst.length) throw new SnappyError(`Snappy block ends after ${out} of ${dst.length} bytes`);
}

/**
 * The work of {@link snappyDecompress}, returning how many bytes it wrote. Its main loop runs to the
 * end of the function: code after a hot loop has not run when V8 compiles the loop on the stack,
 * and such code (here the final length check) sent the compiled loop back to the interpreter, again
 * and again (up to 166 times a run; docs/ingestion.md).
 */
function inflate(src: Uint8Array, dst: Uint8Array): number {
  let pos = 0;
  let length = 0;
  for (let shift = 0; ; shift += 7) {
    if (pos >= src.length || shift > 28) throw new SnappyError('Snappy length is not a valid varint');
    const b = src[pos++]!;
    length += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) break;
  }
  if (length !== dst.length) throw new SnappyError(`Snappy block holds ${length} bytes, expected ${dst.length}`);
  const end = src.length;
  let out = 0;
  while (pos < end) {
    const tag = src[pos++]!;
    const kind = tag & 3;
    if (kind === 0) {
      let n = (tag >>> 2) + 1;
      if (n > 60) {
        // The length minus one follows in 1-4 bytes.
        const bytes = n - 60;
        if (pos + bytes > end) throw new SnappyError('Snappy literal length ends early');
        n = 1 + src[pos]!;
        if (bytes > 1) n += src[pos + 1]! << 8;
        if (bytes > 2) n += src[pos + 2]! << 16;
        if (bytes > 3) n += src[pos + 3]! * 16777216;
        pos += bytes;
      }
      if (pos + n > end || out + n > length) throw new SnappyError('Snappy literal runs past the data');
      // Short literals are most of a float column's elements: a loop beats a subarray and a set.
      if (n <= 16) {
        for (let i = 0; i < n; i++) dst[out + i] = src[pos + i]!;
      } else dst.set(src.subarray(pos, pos + n), out);
      pos += n;
      out += n;
      continue;
    }
    let n: number;
    let offset: number;
    if (kind === 1) {
      n = 4 + ((tag >>> 2) & 7);
      offset = ((tag >>> 5) << 8) | (src[pos] ?? 0);
      pos += 1;
    } else if (kind === 2) {
      n = (tag >>> 2) + 1;
      offset = (src[pos] ?? 0) | ((src[pos + 1] ?? 0) << 8);
      pos += 2;
    } else {
      n = (tag >>> 2) + 1;
      offset =
        ((src[pos] ?? 0) | ((src[pos + 1] ?? 0) << 8) | ((src[pos + 2] ?? 0) << 16) | ((src[pos + 3] ?? 0) << 24)) >>>
        0;
      pos += 4;
    }
    if (pos > end) throw new SnappyError('Snappy copy ends early');
    if (offset === 0 || offset > out || out + n > length) throw new SnappyError('Snappy copy out of range');
    // At most 64 bytes, often overlapping its own output (a run repeating with period `offset`).
    let i = out - offset;
    const stop = out + n;
    while (out < stop) dst[out++] = dst[i++]!;
  }
  return out;
}
