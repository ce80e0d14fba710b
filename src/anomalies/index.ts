// anomalies layer: see docs/architecture.md
export { describe, SchemaAnomalies } from './find-changes.js';
export { type FindSkewOptions, findSkew } from './find-skew.js';
export { type Finding, type FindingParam, maxSeverity, type SeverityPolicy, severityOf } from './finding.js';
export { type AnomalyHint, anomalyHints } from './hints.js';
export { type ComparatorContext, messages } from './messages.js';
export { type FeatureUpdate, SchemaUpdater, type UpdaterConfig } from './schema-updater.js';
export { type UpdateSchemaOptions, updateSchema, updateSchemaWith } from './update-schema.js';
export {
  assertSchema,
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
