// Serialized TFMD messages in any of the three formats (binary, text format, proto3 JSON): decoding
// a known kind, telling the kind of unknown content, and serializing. message-file.ts reads and
// writes the files.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { InputError, isDatavetError } from '../_util/errors.js';
import { RECURSION_CODE } from '../proto/recursion-limit.js';
import { invalidUtf8Offset } from '../proto/wire.js';
import { decodeBinary, encodeBinary } from './binary-message.js';
import { fromJson, parseJsonText, parseTextFormat, printTextFormat, toJsonString } from './codec.js';
import type { MessageFormat } from './message-format.js';
import { TFMD_KINDS, type TfmdKind } from './message-types.js';
import type { TfmdMessageTypes } from './types.js';

/** A decoded TFMD file: its kind and message. */
export type TfmdFile = { [K in TfmdKind]: { readonly kind: K; readonly message: TfmdMessageTypes[K] } }[TfmdKind];

/** Content read once for every kind tried: bytes (binary), text (text format), parsed JSON (json). */
type Prepared =
  | { readonly format: 'binary'; readonly value: Uint8Array }
  | { readonly format: 'text'; readonly value: string }
  | { readonly format: 'json'; readonly value: unknown };

function prepare(content: Uint8Array | string, format: MessageFormat, file: string | undefined): Prepared {
  switch (format) {
    case 'binary':
      return { format, value: typeof content === 'string' ? Buffer.from(content, 'latin1') : content };
    case 'text':
      return { format, value: asText(content, file) };
    case 'json':
      return { format, value: parseJsonText(asText(content, file), file) };
  }
}

function decodePrepared<K extends TfmdKind>(
  kind: K,
  content: Prepared,
  options: { file?: string; strict?: boolean },
): TfmdMessageTypes[K] {
  const file = options.file !== undefined ? { file: options.file } : {};
  switch (content.format) {
    case 'binary':
      return decodeBinary(kind, content.value, {
        ...file,
        ...(options.strict ? { rejectUnknownFields: true } : {}),
      }) as TfmdMessageTypes[K];
    case 'text':
      return parseTextFormat(kind, content.value, file) as TfmdMessageTypes[K];
    case 'json':
      return fromJson(kind, content.value, file) as TfmdMessageTypes[K];
  }
}

/** Parses serialized content of a known kind and format. */
export function deserializeMessage<K extends TfmdKind>(
  kind: K,
  content: Uint8Array | string,
  format: MessageFormat,
  options: { file?: string; strict?: boolean } = {},
): TfmdMessageTypes[K] {
  return decodePrepared(kind, prepare(content, format, options.file), options);
}

/** Serializes a message in a format (text and JSON end with a newline). */
export function serializeMessage<K extends TfmdKind>(
  kind: K,
  message: TfmdMessageTypes[K],
  format: MessageFormat,
): Uint8Array | string {
  switch (format) {
    case 'binary':
      return encodeBinary(kind, message as never);
    case 'text':
      return printTextFormat(kind, message as never);
    case 'json':
      return toJsonString(kind, message as never);
  }
}

const utf8 = new TextDecoder('utf-8');

/** Text-format and JSON content as a string; bytes that are not UTF-8 are an error, never replaced. */
function asText(content: Uint8Array | string, file: string | undefined): string {
  if (typeof content === 'string') return content;
  const bad = invalidUtf8Offset(content);
  if (bad >= 0) {
    const lineStart = content.lastIndexOf(10, bad - 1) + 1;
    let line = 1;
    for (let i = 0; i < lineStart; i++) if (content[i] === 10) line++;
    const column = utf8.decode(content.subarray(lineStart, bad)).length + 1;
    throw new InputError(
      'INVALID_UTF8',
      `expected UTF-8 text, found byte 0x${(content[bad] as number).toString(16)} that is not valid UTF-8`,
      {
        location: { ...(file !== undefined ? { file } : {}), line, column, byteOffset: bad },
        hint: 'text format and JSON files are UTF-8: re-encode the file as UTF-8 (e.g. iconv -t UTF-8), and write the raw bytes of bytes fields as \\ooo escapes',
      },
    );
  }
  return utf8.decode(content);
}

function kindHint(fileName: string | undefined): TfmdKind | undefined {
  if (fileName === undefined) return undefined;
  const name = basename(fileName).toLowerCase();
  if (/anomal/.test(name)) return 'Anomalies';
  if (/schema/.test(name)) return 'Schema';
  if (/stat/.test(name)) return 'DatasetFeatureStatisticsList';
  return undefined;
}

/**
 * Tells which TFMD kind serialized content holds by decoding it strictly as each kind (unknown
 * fields rejected). The three kinds have disjoint top-level fields, so real files decode as exactly
 * one; ties (e.g. an empty file) are broken by the file name (`schema`, `stat`, `anomal`). When no
 * kind fits, the error is the one from the kind that parsed furthest, so a malformed schema.pbtxt
 * reports its real syntax error.
 */
export function detectMessageKind(
  content: Uint8Array | string,
  format: MessageFormat,
  options: { file?: string } = {},
): TfmdKind {
  return deserializeAnyMessage(content, format, options).kind;
}

/**
 * Decodes content whose kind is not known: `detectMessageKind`'s rules, returning the message too,
 * so the content is read (and text tokenized, JSON parsed) once per kind tried and never again.
 */
export function deserializeAnyMessage(
  content: Uint8Array | string,
  format: MessageFormat,
  options: { file?: string } = {},
): TfmdFile {
  const prepared = prepare(content, format, options.file);
  const fits: TfmdFile[] = [];
  const errors: { kind: TfmdKind; error: unknown }[] = [];
  for (const kind of TFMD_KINDS) {
    try {
      fits.push({ kind, message: decodePrepared(kind, prepared, { ...options, strict: true }) } as TfmdFile);
    } catch (error) {
      if (!isDatavetError(error)) throw error;
      errors.push({ kind, error });
    }
  }
  const where = options.file ?? 'the input';
  const hint = kindHint(options.file);
  if (fits.length === 1) return fits[0] as TfmdFile;
  if (fits.length > 1) {
    const hinted = fits.find((f) => f.kind === hint);
    if (hinted) return hinted;
    const kinds = fits.map((f) => f.kind).join(' or ');
    throw new InputError('TFMD_KIND_AMBIGUOUS', `cannot tell whether ${where} holds a ${kinds}`, {
      ...(options.file !== undefined ? { location: { file: options.file } } : {}),
      hint: 'give the kind explicitly (datavet: --type schema|statistics|anomalies)',
    });
  }
  if (hint) {
    const hinted = errors.find((e) => e.kind === hint);
    if (hinted) throw hinted.error;
  }
  // Nesting past the recursion limit is the problem whatever the kind (it got that deep as one of them).
  const tooDeep = errors.find((e) => (e.error as InputError).code === RECURSION_CODE);
  if (tooDeep) throw tooDeep.error;
  // The same error for every kind (e.g. invalid JSON) is about the input, not its kind.
  const first = errors[0]?.error as InputError | undefined;
  if (first && errors.every((e) => (e.error as InputError).message === first.message)) throw first;
  // The error that got furthest into the input is the informative one.
  const progress = (error: unknown): number => {
    const location = (error as InputError).location;
    return (location?.line ?? 0) * 1e6 + (location?.column ?? 0) + (location?.byteOffset ?? 0);
  };
  const best = errors.reduce((a, b) => (progress(b.error) > progress(a.error) ? b : a));
  const error = best.error as InputError;
  if (progress(error) > 1e6 + 1 || (error.location?.byteOffset ?? 0) > 0) throw error;
  throw new InputError(
    'TFMD_KIND_UNKNOWN',
    `expected a Schema, DatasetFeatureStatisticsList or Anomalies in ${format} format, but ${where} decodes as none of them`,
    {
      ...(options.file !== undefined ? { location: { file: options.file } } : {}),
      hint: `check the file's format and kind; as ${best.kind}: ${error.message}`,
      cause: error,
    },
  );
}

/**
 * A text-format or JSON message file's content as a string, for callers that keep the text (to point
 * at its lines); bytes that are not UTF-8 are an `InputError` located at the first of them.
 */
export async function readMessageText(path: string, file: string = path): Promise<string> {
  return asText(new Uint8Array(await readFile(path)), file);
}
