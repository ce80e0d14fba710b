// Binary protobuf of TFMD messages, apart from the text-format and JSON codecs (codec.ts): writing
// and reading `.pb` files (e.g. `datavet stats -o stats.pb`) loads neither of those.
import { decodeMessage, encodeMessage, type PlainMessage } from '../proto/binary-codec.js';
import { tfmdRegistry, tfmdTypeName } from './descriptors.js';
import type { TfmdMessageName, TfmdMessageOf } from './message-types.js';

/** A message name: a TFMD kind, a short TFMD message name, or any full protobuf name in the registry. */
export type MessageName = TfmdMessageName | (string & {});

export interface DecodeBinaryOptions {
  readonly file?: string;
  /** Reject fields the message type does not define (by default they are skipped). */
  readonly rejectUnknownFields?: boolean;
}

/**
 * Decodes binary protobuf (e.g. TFX's `FeatureStats.pb`). Unknown fields are skipped; 64-bit
 * integers are exact (a number when safe, a bigint beyond 2^53 - 1).
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
