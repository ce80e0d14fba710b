import { readFile, stat } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';

/** Files up to this size are re-read to locate damage; beyond it the streaming estimate stands. */
const MAX_LOCATE_BYTES = 256 << 20;

/**
 * Where the GZIP data of a file stops being valid (error path only): walks its members (a GZIP
 * file may hold several, one after the other), each a header, a raw deflate stream and an 8-byte
 * trailer, and returns the offset of the first byte that starts no valid member, or undefined
 * when the file is too large to re-read or no damage is found. zlib's stream reports only that
 * something failed, so without this trailing garbage was reported at byte 0.
 */
export async function locateGzipDamage(path: string): Promise<{ offset: number; what: string } | undefined> {
  if ((await stat(path)).size > MAX_LOCATE_BYTES) return undefined;
  const buf = await readFile(path);
  let at = 0;
  let members = 0;
  while (at < buf.length) {
    if (buf[at] !== 0x1f || buf[at + 1] !== 0x8b || buf[at + 2] !== 8) {
      return {
        offset: at,
        what: members > 0 ? 'bytes after the end of the GZIP data that are not GZIP' : 'not a GZIP header',
      };
    }
    const body = headerEnd(buf, at);
    if (body === undefined) return { offset: at, what: 'a truncated GZIP header' };
    let used: number;
    try {
      const inflated = inflateRawSync(buf.subarray(body), { info: true }) as unknown as InflateInfo;
      used = inflated.engine.bytesWritten;
    } catch (cause) {
      return (cause as { code?: string }).code === 'Z_BUF_ERROR'
        ? { offset: buf.length, what: 'the file ends inside the GZIP data (truncated)' }
        : { offset: body, what: 'damaged compressed data in the GZIP member starting here' };
    }
    if (body + used + 8 > buf.length) return { offset: body + used, what: 'the GZIP data is truncated' };
    at = body + used + 8;
    members++;
  }
  return undefined;
}

/** What `inflateRawSync(…, { info: true })` returns (typed as a Buffer by @types/node). */
interface InflateInfo {
  readonly engine: { readonly bytesWritten: number };
}

/** End of the GZIP member header at `at` (RFC 1952 2.3), or undefined when it is cut short. */
function headerEnd(buf: Buffer, at: number): number | undefined {
  const flags = buf[at + 3];
  if (flags === undefined) return undefined;
  let p = at + 10;
  if (flags & 4) {
    if (p + 2 > buf.length) return undefined;
    p += 2 + buf.readUInt16LE(p);
  }
  for (const bit of [8, 16]) {
    if (flags & bit) {
      const zero = buf.indexOf(0, p);
      if (zero < 0) return undefined;
      p = zero + 1;
    }
  }
  if (flags & 2) p += 2;
  return p <= buf.length ? p : undefined;
}
