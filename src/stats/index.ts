// stats layer: see docs/architecture.md

export {
  type DatasetAggregates,
  type FeatureAggregates,
  type NumericAggregates,
  type StringAggregates,
  statisticsFromAggregates,
} from './aggregates.js';
export { FrequencyCounter } from './frequency-counter.js';
export { generateStatistics } from './generate-statistics.js';
export { HyperLogLog } from './hyperloglog.js';
export {
  type PlainColumn,
  type PlainColumnType,
  plainValueFits,
  recordBatchFromPlainColumns,
} from './plain-columns.js';
export { QuantileSketch, quantileBoundaries } from './quantile-sketch.js';
export {
  ALL_EXAMPLES,
  createStatisticsAccumulator,
  StatisticsAccumulator,
  type StatisticsAccumulatorState,
} from './statistics-accumulator.js';
export type { ExampleBatch, GeneratedStatistics, StatisticsGenerator } from './statistics-generator.js';
export type { StatisticsOptions } from './statistics-options.js';
