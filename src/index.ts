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
