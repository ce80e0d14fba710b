// `datavet/io`: CSV, Parquet, Arrow IPC, JSON Lines and TFRecord read as Arrow record batches.
export { DatavetError, InputError, isDatavetError, UsageError } from './_util/errors.js';
export { detectFormat } from './io/detect-format.js';
export { INPUT_FORMATS } from './io/input-formats.js';
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
