// schema layer: see docs/architecture.md
export { unifiedDiff } from '../_util/unified-diff.js';
export {
  type CompatibilityClass,
  type CompatibilityMode,
  type CompatibilityResult,
  checkCompatibility,
  checkCompatibilityTransitive,
  classifyChanges,
  type TransitiveViolation,
} from './compatibility.js';
export { type CurationNote, curateFeature, type FeatureCuration } from './curate-feature.js';
export { deprecateFeature, markDeprecated } from './deprecate-feature.js';
export { diffSchemas, featuresByPath, type SchemaChange, type SchemaChangeKind } from './diff.js';
export {
  compareBytes,
  comparePaths,
  type FeaturePath,
  parsePath,
  serializePath,
  serializeStep,
} from './feature-path.js';
export {
  type DomainKey,
  domainFieldName,
  domainKeys,
  domainKind,
  getDomain,
  getFeature,
  getSparseFeature,
  getStringDomain,
  getWeightedFeature,
  type PathLike,
  requireFeature,
  toPath,
} from './get-feature.js';
export { type InferSchemaOptions, inferSchema, inferSchemaFromDataset } from './infer.js';
export {
  addFeature,
  addMissingValues,
  addStringDomain,
  adoptCustomDomain,
  createFeature,
  type FeatureCreationConfig,
  findFeature,
  initValueCount,
  parseInt64,
} from './infer-feature.js';
export { DEFAULT_SLICE, describeType, selectDataset } from './select-dataset.js';
export { clearDomain, type DomainInfo, setDomain } from './set-domain.js';
export { addDefaultEnvironments, type FeatureEnvironments, setFeatureEnvironments } from './set-environments.js';
export { DatasetStatsView, type DatasetStatsViewOptions, FeatureStatsView } from './stats-view.js';
