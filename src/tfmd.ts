// `datavet/tfmd`: TFMD messages (Schema, statistics, Anomalies): types, binary, text-format and JSON
// codecs, message files, and TFDV's load/write helpers.
export { DatavetError, InputError, isDatavetError, UsageError } from './_util/errors.js';
export {
  decodeBinary,
  deserializeMessage,
  detectMessageKind,
  encodeBinary,
  formatFromPath,
  fromJson,
  MESSAGE_FORMATS,
  type MessageFormat,
  type MessageName,
  messagesDiff,
  messagesEqual,
  parseTextFormat,
  printTextFormat,
  readMessageFile,
  serializeMessage,
  TFMD_KINDS,
  type TfmdFile,
  type TfmdKind,
  type TfmdMessageName,
  type TfmdMessageOf,
  type TfmdMessageTypes,
  toJson,
  toJsonString,
  writeMessageFile,
} from './tfmd/index.js';
export type * from './tfmd/types.js';
