// Message files in all three formats. Binary files are read and written here directly; text format
// and JSON go through message-serialization.ts, imported when such a file is first met, so that a
// command writing `.pb` (e.g. `datavet stats`) loads no text-format or JSON codec.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { writeFileAtomic } from '../_util/atomic-write.js';
import { UsageError } from '../_util/errors.js';
import { decodeBinary, encodeBinary } from './binary-message.js';
import type { MessageFormat } from './message-format.js';
import type { TfmdFile } from './message-serialization.js';
import type { TfmdKind } from './message-types.js';
import type { TfmdMessageTypes } from './types.js';

export { MESSAGE_FORMATS, type MessageFormat } from './message-format.js';

const EXTENSIONS: Readonly<Record<string, MessageFormat>> = {
  '.pb': 'binary',
  '.bin': 'binary',
  '.binpb': 'binary',
  '.pbtxt': 'text',
  '.textproto': 'text',
  '.txtpb': 'text',
  '.prototxt': 'text',
  '.txt': 'text',
  '.json': 'json',
};

/** The format a file name implies (`.pb`/`.bin` binary, `.pbtxt`/`.textproto`/`.txt` text, `.json`), if any. */
export function formatFromPath(path: string): MessageFormat | undefined {
  return EXTENSIONS[extname(path).toLowerCase()];
}

function requireFormat(path: string, format: MessageFormat | undefined): MessageFormat {
  const resolved = format ?? formatFromPath(path);
  if (!resolved) {
    throw new UsageError(`cannot tell the format of '${path}' from its extension`, {
      hint: 'use .pb or .bin (binary), .pbtxt, .textproto or .txt (text), .json (JSON), or give the format explicitly',
    });
  }
  return resolved;
}

export interface ReadMessageOptions {
  /** Overrides the format implied by the extension. */
  readonly format?: MessageFormat;
}

/**
 * Reads a TFMD message file, the format chosen by extension (or `options.format`). With a kind,
 * returns the message; without one, detects the kind and returns `{ kind, message }`.
 */
export async function readMessageFile<K extends TfmdKind>(
  path: string,
  kind: K,
  options?: ReadMessageOptions,
): Promise<TfmdMessageTypes[K]>;
export async function readMessageFile(path: string, kind?: undefined, options?: ReadMessageOptions): Promise<TfmdFile>;
export async function readMessageFile(
  path: string,
  kind?: TfmdKind,
  options: ReadMessageOptions = {},
): Promise<TfmdFile | TfmdMessageTypes[TfmdKind]> {
  const format = requireFormat(path, options.format);
  const bytes = new Uint8Array(await readFile(path));
  if (kind !== undefined && format === 'binary') return decodeBinary(kind, bytes, { file: path });
  const { deserializeAnyMessage, deserializeMessage } = await import('./message-serialization.js');
  if (kind !== undefined) return deserializeMessage(kind, bytes, format, { file: path });
  return deserializeAnyMessage(bytes, format, { file: path });
}

/** Writes a TFMD message atomically (temp file + rename), the format chosen by extension or `options.format`. */
export async function writeMessageFile<K extends TfmdKind>(
  path: string,
  kind: K,
  message: TfmdMessageTypes[K],
  options: ReadMessageOptions = {},
): Promise<void> {
  const format = requireFormat(path, options.format);
  if (format === 'binary') return writeFileAtomic(path, encodeBinary(kind, message as never));
  const { serializeMessage } = await import('./message-serialization.js');
  await writeFileAtomic(path, serializeMessage(kind, message, format));
}
