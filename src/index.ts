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
// Statistics
export {
  type ComputeStatisticsOptions,
  computeStatistics,
  type StatisticsProgress,
} from './pipeline/parallel-statistics.js';
export { generateStatistics } from './stats/generate-statistics.js';
export {
  ALL_EXAMPLES,
  createStatisticsAccumulator,
  StatisticsAccumulator,
  type StatisticsAccumulatorState,
} from './stats/statistics-accumulator.js';
export type { StatisticsOptions } from './stats/statistics-options.js';
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
