// Public API of datavet: re-exports only, grouped by concept.
export { DatavetError, InputError, UsageError } from './_util/errors.js';

// Drift and skew beyond TFDV: PSI, KS, Wasserstein, Hellinger, chi-squared, z-test, KL, and compareStatistics.
export {
  type CompareOptions,
  chiSquared,
  chooseMethod,
  comparatorsFromSchema,
  compareStatistics,
  DRIFT_METHODS,
  type DriftContribution,
  type DriftMethod,
  type DriftResult,
  type FeatureComparison,
  hellinger,
  kl,
  ks,
  psi,
  type StatisticsComparison,
  wasserstein,
  zTest,
} from './drift/index.js';
