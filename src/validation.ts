// `datavet/validation`: statistics against a schema (TFDV anomalies), updateSchema, skew and drift,
// and statistics against several schema versions.
export { DatavetError, InputError, isDatavetError, UsageError } from './_util/errors.js';
export {
  type Finding,
  type FindingParam,
  type FindSkewOptions,
  findSkew,
  messages as anomalyMessages,
  SchemaAnomalies,
  type UpdateSchemaOptions,
  updateSchema,
  type ValidateStatisticsOptions,
  type ValidationOptions,
  validateStatistics,
} from './anomalies/index.js';
export {
  type MultiVersionValidation,
  type ValidateVersionsOptions,
  type VersionedSchema,
  type VersionValidation,
  validateStatisticsAgainstVersions,
} from './anomalies/validate-versions.js';
export {
  type CompareOptions,
  chiSquared,
  chooseMethod,
  comparatorsFromSchema,
  compareStatistics,
  type DistanceResult,
  DRIFT_METHODS,
  type DriftContribution,
  type DriftMethod,
  type DriftResult,
  type FeatureComparison,
  hellinger,
  type JensenShannonOptions,
  jensenShannon,
  kl,
  ks,
  lInfinity,
  normalizedAbsoluteDifference,
  psi,
  type StatisticsComparison,
  wasserstein,
  zTest,
} from './drift/index.js';
export { loadAnomaliesBinary, loadAnomaliesText, writeAnomaliesText } from './tfmd/tfdv-io.js';
export type { Anomalies } from './tfmd/types.js';
