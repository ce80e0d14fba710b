// pipeline layer: see docs/architecture.md and docs/pipeline.md

export { findSkew } from '../anomalies/find-skew.js';
export {
  type AbandonedExecution,
  FAILURE_REASON,
  failAbandonedExecutions,
  RUNNER_HOST,
  RUNNER_PID,
} from './abandoned-executions.js';
export { applySchemaEdits, type SchemaEdits, schemaEdits } from './apply-schema-config.js';
export { artifactLayout, outputUri, TFX_LAYOUT_VERSION } from './artifact-layout.js';
export {
  type ComponentRun,
  type ComponentSpec,
  EXECUTOR_VERSION,
  type ExecutorContext,
  type OutputArtifact,
  type PipelineEvent,
  type ResolvedArtifact,
  type RunEnvironment,
  runComponent,
} from './component.js';
export { exampleImporter, tfxFormatProperties } from './example-importer.js';
export { exampleValidator } from './example-validator.js';
export { canonicalJson, fingerprintFiles } from './fingerprint.js';
export { loadPipelineConfig } from './load-pipeline-config.js';
export { CONTENT_FILES, CONTENT_SHA256, contentMismatch, contentProperties } from './output-content.js';
export {
  type ComparatorThresholds,
  type FailOnPolicy,
  type ParseConfigOptions,
  type PipelineConfig,
  parsePipelineConfig,
  type SchemaSource,
  type SplitConfig,
} from './pipeline-config.js';
export { mergeOutcomes, writePipelineReport } from './pipeline-report.js';
export {
  DEFAULT_PIPELINE_ROOT,
  DEFAULT_REPORT_PATH,
  gateFails,
  type PipelineRunResult,
  type RunPipelineOptions,
  runPipeline,
  type SplitSummary,
} from './run-pipeline.js';
export { importSchemaGen, type SchemaHook, schemaGen } from './schema-gen.js';
export {
  ARTIFACT_TYPES,
  CONTEXT_TYPES,
  EXECUTION_TYPES,
  registerPipelineTypes,
  type TypeIds,
} from './standard-types.js';
export { statisticsGen } from './statistics-gen.js';
