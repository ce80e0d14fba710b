// drift layer: distances between two statistics (TFDV's comparators; other helpers add more files).

export type { MetricReadOptions } from './_string-counts.js';
// Drift tests beyond TFDV and `compareStatistics` (the `datavet compare` engine).
export { AUTO_LOW_CARDINALITY, AUTO_SAMPLE_SIZE_LIMIT, type AutoChoice, chooseMethod } from './auto.js';
export {
  type CompareOptions,
  compareNumExamples,
  compareStatistics,
  type FeatureComparison,
  type FeatureMethod,
  type NumExamplesBounds,
  type NumExamplesComparison,
  type StatisticsComparison,
} from './compare.js';
export {
  type AlignedBins,
  alignCategorical,
  alignNumeric,
  type CategoricalCounts,
  categoricalCounts,
  cdfAt,
  type FeatureKind,
  featureKind,
  type NumericCdf,
  numericCdf,
} from './distributions.js';
export type { DriftContribution, DriftMethod, DriftResult, DriftStatisticKind } from './drift-result.js';
export { type FeaturePair, prepareFeaturePair } from './feature-pair.js';
export {
  alignHistograms,
  type JensenShannonError,
  type JensenShannonOptions,
  jensenShannon,
} from './jensen-shannon.js';
export { type DistanceResult, lInfinity } from './l-infinity.js';
export { DRIFT_METHOD_NAMES, DRIFT_METHODS, type DriftMethodSpec } from './method-registry.js';
export { chiSquared } from './methods/chi-squared.js';
export { hellinger } from './methods/hellinger.js';
export { kl } from './methods/kl.js';
export { ks } from './methods/ks.js';
export { psi } from './methods/psi.js';
export { wasserstein } from './methods/wasserstein.js';
export { zTest } from './methods/z-test.js';
export { normalizedAbsoluteDifference } from './normalized-abs-difference.js';
export { type ComparatorKind, comparatorsFromSchema } from './schema-comparators.js';
