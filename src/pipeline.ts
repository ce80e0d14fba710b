// `datavet/pipeline`: what `datavet run` does, as calls: load a config (JSON or YAML), run the
// StatisticsGen -> SchemaGen -> ExampleValidator pipeline with ML Metadata lineage and caching.
export { DatavetError, InputError, isDatavetError, UsageError } from './_util/errors.js';
export type { PipelineEvent } from './pipeline/component.js';
export { loadPipelineConfig } from './pipeline/load-pipeline-config.js';
export {
  type ComparatorThresholds,
  type FailOnPolicy,
  type ParseConfigOptions,
  type PipelineConfig,
  parsePipelineConfig,
  type SchemaSource,
  type SplitConfig,
} from './pipeline/pipeline-config.js';
export {
  DEFAULT_PIPELINE_ROOT,
  DEFAULT_REPORT_PATH,
  gateFails,
  type PipelineRunResult,
  type RunPipelineOptions,
  runPipeline,
  type SplitSummary,
} from './pipeline/run-pipeline.js';
export type { ValidationOutcome } from './report/validation-outcome.js';
