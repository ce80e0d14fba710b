import type { MetadataStore } from '../metadata/metadata-store.js';
import type { ArtifactType, ContextType, ExecutionType } from '../metadata/types.js';

/**
 * The artifact types TFX declares in `standard_artifacts.py` (docs/metadata.md), with the same names,
 * properties and base types, so TFX and Kubeflow tooling reading our store recognise them.
 */
export const ARTIFACT_TYPES = {
  Examples: {
    name: 'Examples',
    properties: { span: 'INT', version: 'INT', split_names: 'STRING' },
    baseType: 'DATASET',
  },
  ExampleStatistics: {
    name: 'ExampleStatistics',
    properties: { span: 'INT', split_names: 'STRING' },
    baseType: 'STATISTICS',
  },
  Schema: { name: 'Schema' },
  ExampleAnomalies: { name: 'ExampleAnomalies', properties: { span: 'INT', split_names: 'STRING' } },
  /** A span's metric history row (docs/monitoring.md). */
  ExampleValidationMetrics: {
    name: 'ExampleValidationMetrics',
    properties: { span: 'INT', split_names: 'STRING' },
  },
} as const satisfies Record<string, ArtifactType>;

/** Name of one of the standard artifact types. */
export type ArtifactTypeName = keyof typeof ARTIFACT_TYPES;

/**
 * Execution types, named like the TFX component classes in compiled pipeline IR (docs/metadata.md).
 * `ExampleValidator` has no base type in TFX; the others are PROCESS.
 */
export const EXECUTION_TYPES = {
  Importer: { name: 'tfx.dsl.components.common.importer.Importer', baseType: 'PROCESS' },
  StatisticsGen: { name: 'tfx.components.statistics_gen.component.StatisticsGen', baseType: 'PROCESS' },
  SchemaGen: { name: 'tfx.components.schema_gen.component.SchemaGen', baseType: 'PROCESS' },
  ImportSchemaGen: {
    name: 'tfx.components.schema_gen.import_schema_gen.component.ImportSchemaGen',
    baseType: 'PROCESS',
  },
  ExampleValidator: { name: 'tfx.components.example_validator.component.ExampleValidator' },
  /** datavet's own: a span's metrics and the detectors over their history (no TFX counterpart). */
  SpanMonitor: { name: 'datavet.components.SpanMonitor', baseType: 'PROCESS' },
} as const satisfies Record<string, ExecutionType>;

/** Short name of a component kind (the last part of its execution type name). */
export type ComponentKind = keyof typeof EXECUTION_TYPES;

/** The context types TFX's orchestrator creates (docs/metadata.md). */
export const CONTEXT_TYPES = {
  pipeline: { name: 'pipeline' },
  pipelineRun: { name: 'pipeline_run' },
  node: { name: 'node' },
  executionCache: { name: 'execution_cache' },
} as const satisfies Record<string, ContextType>;

/** Type ids in one store. */
export interface TypeIds {
  readonly artifacts: Readonly<Record<ArtifactTypeName, number>>;
  readonly executions: Readonly<Record<ComponentKind, number>>;
  readonly contexts: Readonly<Record<keyof typeof CONTEXT_TYPES, number>>;
}

/**
 * Registers (or finds) every type the pipeline uses, the way TFX does: with `can_add_fields` and
 * `can_omit_fields`, so stores written by TFX or by another datavet version stay usable.
 */
export async function registerPipelineTypes(store: MetadataStore): Promise<TypeIds> {
  const options = { canAddFields: true, canOmitFields: true };
  const artifacts = {} as Record<ArtifactTypeName, number>;
  for (const [key, type] of Object.entries(ARTIFACT_TYPES)) {
    artifacts[key as ArtifactTypeName] = await store.putArtifactType(type, options);
  }
  const executions = {} as Record<ComponentKind, number>;
  for (const [key, type] of Object.entries(EXECUTION_TYPES)) {
    executions[key as ComponentKind] = await store.putExecutionType(type, options);
  }
  const contexts = {} as Record<keyof typeof CONTEXT_TYPES, number>;
  for (const [key, type] of Object.entries(CONTEXT_TYPES)) {
    contexts[key as keyof typeof CONTEXT_TYPES] = await store.putContextType(type, options);
  }
  return { artifacts, executions, contexts };
}
