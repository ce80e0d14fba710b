import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { maskedCrc32c } from './crc32c.js';
import { locateGzipDamage } from './gzip-damage.js';
import { IoErrorCode, inputError } from './io-error.js';

/** One TFRecord: its payload and where its header starts (in the decompressed stream for GZIP). */
export interface TfRecord {
  readonly data: Buffer;
  readonly offset: number;
  /** 0-based index of the record in its file. */
  readonly index: number;
}

/** Records above this size are taken for a corrupt length field. */
const MAX_RECORD = 1 << 30;

/** True if the file starts with the GZIP magic bytes. */
async function isGzip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/**
 * Reads TFRecord framing: `uint64 length, uint32 masked_crc32c(length), data,
 * uint32 masked_crc32c(data)`, all little-endian, from a plain or GZIP file (detected by
 * its magic bytes). Both CRCs are checked. `onBytes` gets the file bytes read so far.
 */
export async function* readTfRecordFile(
  path: string,
  onBytes: (bytes: number) => void,
  /** The file read when `path` is a stream copied to a temporary file; messages name `path`. */
  from = path,
): AsyncGenerator<TfRecord> {
  const gzip = await isGzip(from);
  const raw = createReadStream(from, { highWaterMark: 1 << 20 });
  let fileBytes = 0;
  raw.on('data', (chunk) => {
    fileBytes += chunk.length;
  });
  const gunzip = gzip ? createGunzip({ chunkSize: 1 << 20 }) : undefined;
  const source = gunzip ? raw.pipe(gunzip) : raw;
  if (gzip) raw.on('error', (e) => source.destroy(e));
  let pending: Buffer = Buffer.alloc(0);
  let consumed = 0; // stream offset of pending[0]
  let index = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      const buf = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      let pos = 0;
      while (buf.length - pos >= 12) {
        const length = buf.readUInt32LE(pos) + buf.readUInt32LE(pos + 4) * 4294967296;
        const offset = consumed + pos;
        if (maskedCrc32c(buf, pos, pos + 8) !== buf.readUInt32LE(pos + 8)) {
          throw inputError(
            IoErrorCode.TFRECORD_BAD_LENGTH_CRC,
            `record ${index}: the CRC of its length field does not match (corrupt or not a TFRecord file)`,
            { file: path, row: index + 1, byteOffset: offset },
            gzip
              ? 'the file is damaged; re-export it'
              : 'check that this is a TFRecord file (GZIP files are detected by their magic bytes)',
          );
        }
        if (length > MAX_RECORD) {
          throw inputError(
            IoErrorCode.TFRECORD_BAD_LENGTH,
            `record ${index} claims ${length} bytes`,
            { file: path, row: index + 1, byteOffset: offset },
            'the file is damaged; re-export it',
          );
        }
        if (buf.length - pos < 16 + length) break;
        const dataStart = pos + 12;
        const dataEnd = dataStart + length;
        if (maskedCrc32c(buf, dataStart, dataEnd) !== buf.readUInt32LE(dataEnd)) {
          throw inputError(
            IoErrorCode.TFRECORD_BAD_DATA_CRC,
            `record ${index}: the CRC of its data does not match (the record is corrupt)`,
            { file: path, row: index + 1, byteOffset: offset },
            'the file is damaged; re-export it or drop this shard',
          );
        }
        yield { data: buf.subarray(dataStart, dataEnd), offset, index };
        index++;
        pos = dataEnd + 4;
      }
      pending = buf.subarray(pos);
      consumed += pos;
      onBytes(fileBytes);
    }
  } catch (error) {
    if (error instanceof Error && 'errno' in error && (error as { code?: string }).code?.startsWith('Z_')) {
      // The offset is in the compressed file, not in the records' (decompressed) stream.
      const damage = await locateGzipDamage(from);
      const at = damage?.offset ?? gunzip?.bytesWritten ?? 0;
      throw inputError(
        IoErrorCode.TFRECORD_GZIP_INVALID,
        `GZIP stream is damaged at compressed byte ${at}: ${damage?.what ?? error.message}`,
        { file: path, byteOffset: at },
        'the file is not valid GZIP (truncated download?); re-export it',
      );
    }
    throw error;
  } finally {
    raw.destroy();
  }
  if (pending.length > 0) {
    throw inputError(
      IoErrorCode.TFRECORD_TRUNCATED,
      `the file ends inside record ${index} (${pending.length} bytes left over)`,
      { file: path, row: index + 1, byteOffset: consumed },
      'the file was cut short; re-copy or re-export it',
    );
  }
}
