import { decodeMessage, encodeMessage, type PlainMessage } from '../proto/binary-codec.js';
import { parseText } from '../proto/text-parser.js';
import { printText } from '../proto/text-printer.js';
import { tfmdRegistry, tfmdTypeName } from './descriptors.js';
import type { TfmdMessageName, TfmdMessageOf } from './message-types.js';

/** A message name: a TFMD kind, a short TFMD message name, or any full protobuf name in the registry. */
export type MessageName = TfmdMessageName | (string & {});

export interface ParseTextOptions {
  /** File name used in error locations (`file:line:col: expected ...`). */
  readonly file?: string;
}

/**
 * Parses protobuf text format (`schema.pbtxt`) into plain data. A syntax error, unknown field or
 * unknown enum value throws an `InputError` located at line and column.
 */
export function parseTextFormat<K extends MessageName>(
  kind: K,
  text: string,
  options: ParseTextOptions = {},
): TfmdMessageOf<K> {
  return parseText(tfmdRegistry, tfmdTypeName(kind), text, options) as TfmdMessageOf<K>;
}

/** Prints plain data as protobuf text format, byte for byte as TFX/Python `text_format` writes it. */
export function printTextFormat<K extends MessageName>(kind: K, message: TfmdMessageOf<K>): string {
  return printText(tfmdRegistry, tfmdTypeName(kind), message as PlainMessage);
}

export interface DecodeBinaryOptions {
  readonly file?: string;
  /** Reject fields the message type does not define (by default they are skipped). */
  readonly rejectUnknownFields?: boolean;
}

/**
 * Decodes binary protobuf (e.g. TFX's `FeatureStats.pb`). Unknown fields are skipped; 64-bit
 * integers beyond 2^53 lose precision (they become the nearest JS number).
 */
export function decodeBinary<K extends MessageName>(
  kind: K,
  bytes: Uint8Array,
  options: DecodeBinaryOptions = {},
): TfmdMessageOf<K> {
  return decodeMessage(tfmdRegistry, tfmdTypeName(kind), bytes, options) as TfmdMessageOf<K>;
}

/** Encodes plain data as binary protobuf, wire-compatible with tensorflow_metadata. */
export function encodeBinary<K extends MessageName>(kind: K, message: TfmdMessageOf<K>): Uint8Array {
  return encodeMessage(tfmdRegistry, tfmdTypeName(kind), message as PlainMessage);
}
