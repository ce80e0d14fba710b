// anomalies layer: see docs/architecture.md
export { anomalyInfoOf, unifyDescriptions } from './anomaly-info.js';
export { type AnomalyValue, SchemaAnomalies } from './find-changes.js';
export { type FindSkewOptions, findSkew } from './find-skew.js';
export { type Finding, type FindingParam, finding } from './finding.js';
export { type AnomalyHint, anomalyHints } from './hints.js';
export { type AnomalyFinding, type ComparatorContext, type FindingType, messages, type ParamsOf } from './messages.js';
export type { SchemaFix } from './schema-fix.js';
export { type FeatureUpdate, SchemaUpdater, type UpdaterConfig } from './schema-updater.js';
export {
  errorsOnly,
  gradeOf,
  maxSeverity,
  type SeverityPolicy,
  type SeverityPolicyInput,
  severityOf,
  severityPolicy,
  severityRank,
} from './severity.js';
export { type UpdateSchemaOptions, updateSchema, updateSchemaWith } from './update-schema.js';
export {
  assertSchema,
  type FoundAnomalies,
  findAnomalies,
  type ValidateStatisticsOptions,
  type ValidationOptions,
  validateStatistics,
} from './validate.js';
export {
  type MultiVersionValidation,
  type ValidateVersionsOptions,
  type VersionedSchema,
  type VersionValidation,
  validateStatisticsAgainstVersions,
} from './validate-versions.js';
