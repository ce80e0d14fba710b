// Public API of datavet: re-exports only, grouped by concept.
export { DatavetError, InputError, UsageError } from './_util/errors.js';
// Ingestion
export { detectFormat } from './io/detect-format.js';
export { IoErrorCode } from './io/io-error.js';
export { type Dataset, openDataset, readBatches } from './io/open-dataset.js';
export {
  type ColumnType,
  DEFAULT_BATCH_SIZE,
  type InputFormat,
  type ReadOptions,
  type ReadProgress,
} from './io/read-options.js';
export type { DatasetFile } from './io/resolve-inputs.js';
// Report: HTML and text renderers of statistics, comparisons and anomalies (src/report).
export {
  buildReportModel,
  type FeatureDriftScore,
  type ReportInput,
  type ReportModel,
  renderHtmlReport,
  renderTextSummary,
  type TextSummaryOptions,
} from './report/index.js';
// TFMD formats
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
