// `datavet/stats`: TFDV statistics over Arrow record batches, files or plain JS columns, mergeable.
export { DatavetError, InputError, isDatavetError, UsageError } from './_util/errors.js';
export {
  type ComputeStatisticsOptions,
  computeStatistics,
  type StatisticsProgress,
} from './pipeline/parallel-statistics.js';
export { createRequestFolder, type RequestFolder, type RequestFolderOptions } from './serving/request-folder.js';
export { generateStatistics } from './stats/generate-statistics.js';
export {
  type PlainColumn,
  type PlainColumnType,
  plainValueFits,
  recordBatchFromPlainColumns,
} from './stats/plain-columns.js';
export {
  ALL_EXAMPLES,
  createStatisticsAccumulator,
  StatisticsAccumulator,
  type StatisticsAccumulatorState,
} from './stats/statistics-accumulator.js';
export type { StatisticsOptions } from './stats/statistics-options.js';
export {
  loadStatistics,
  loadStatsBinary,
  loadStatsText,
  writeStatsBinary,
  writeStatsText,
} from './tfmd/tfdv-io.js';
export type { DatasetFeatureStatistics, DatasetFeatureStatisticsList } from './tfmd/types.js';
