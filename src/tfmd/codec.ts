import { InputError } from '../_util/errors.js';
import type { PlainMessage } from '../proto/binary-codec.js';
import { type JsonObject, messageFromJson, messageToJson, parseJsonExact } from '../proto/json-codec.js';
import { type MessageEqualOptions, messageDifferences } from '../proto/message-equal.js';
import { parseText } from '../proto/text-parser.js';
import { printText } from '../proto/text-printer.js';
import type { MessageName } from './binary-message.js';
import { tfmdRegistry, tfmdTypeName } from './descriptors.js';
import type { TfmdMessageOf } from './message-types.js';

export type { MessageName } from './binary-message.js';

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

export { type DecodeBinaryOptions, decodeBinary, encodeBinary } from './binary-message.js';

/**
 * The proto3 canonical JSON form (lowerCamelCase keys, enums as names, int64 as strings, bytes
 * as base64, "NaN"/"Infinity"), as a JSON-ready object.
 */
export function toJson<K extends MessageName>(kind: K, message: TfmdMessageOf<K>): JsonObject {
  return messageToJson(tfmdRegistry, tfmdTypeName(kind), message as PlainMessage);
}

/** `toJson` as text, two-space indented with a final newline (the form datavet writes to .json files). */
export function toJsonString<K extends MessageName>(kind: K, message: TfmdMessageOf<K>): string {
  return `${JSON.stringify(toJson(kind, message), null, 2)}\n`;
}

export interface FromJsonOptions {
  readonly file?: string;
  /** Skip keys the message type does not define instead of failing. */
  readonly ignoreUnknownFields?: boolean;
}

/**
 * Reads proto3 JSON (an object or JSON text) into plain data. Accepts camelCase or original
 * field names, integers as numbers or strings, enums as names or numbers. Throws an `InputError`
 * naming the JSON path of the first problem.
 */
export function fromJson<K extends MessageName>(
  kind: K,
  value: unknown,
  options: FromJsonOptions = {},
): TfmdMessageOf<K> {
  const json = typeof value === 'string' ? parseJsonText(value, options.file) : value;
  return messageFromJson(tfmdRegistry, tfmdTypeName(kind), json, options) as TfmdMessageOf<K>;
}

/** JSON text with exact 64-bit integers; a syntax error is an `InputError` located at `file`. */
export function parseJsonText(text: string, file?: string): unknown {
  try {
    return parseJsonExact(text);
  } catch (error) {
    throw new InputError('JSON_SYNTAX', `expected valid JSON: ${(error as Error).message}`, {
      ...(file !== undefined ? { location: { file } } : {}),
    });
  }
}

export type { MessageEqualOptions } from '../proto/message-equal.js';

/**
 * Semantic equality as protobuf defines it: repeated fields in order, map entries by key, proto3
 * scalars equal to their default the same as unset, proto2 presence significant, floats within
 * `floatTolerance` (relative, absolute below 1), float32 fields compared at float32 precision.
 */
export function messagesEqual<K extends MessageName>(
  kind: K,
  a: TfmdMessageOf<K>,
  b: TfmdMessageOf<K>,
  options: MessageEqualOptions = {},
): boolean {
  return (
    messageDifferences(tfmdRegistry, tfmdTypeName(kind), a as PlainMessage, b as PlainMessage, {
      ...options,
      maxDifferences: 1,
    }).length === 0
  );
}

/** Where two messages differ, as `field.path[i]: a != b` lines (empty when `messagesEqual`). */
export function messagesDiff<K extends MessageName>(
  kind: K,
  a: TfmdMessageOf<K>,
  b: TfmdMessageOf<K>,
  options: MessageEqualOptions = {},
): string[] {
  return messageDifferences(tfmdRegistry, tfmdTypeName(kind), a as PlainMessage, b as PlainMessage, options);
}
