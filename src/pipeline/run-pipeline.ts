import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../_util/errors.js';
import { checksInEnvironment } from '../checks/check-definition.js';
import { checkPlan } from '../checks/check-plan.js';
import { type ColumnTypes, columnTypesFromSchema, compileChecks } from '../checks/compile-checks.js';
import { loadChecks } from '../checks/load-checks.js';
import type { MetadataStore } from '../metadata/metadata-store.js';
import { DEFAULT_METADATA_STORE, openMetadataStore } from '../metadata/open-metadata-store.js';
import { anomalyEntries, type ValidationOutcome } from '../report/validation-outcome.js';
import { readMessageFile } from '../tfmd/message-file.js';
import type { Anomalies, DatasetFeatureStatistics, DatasetFeatureStatisticsList, Schema } from '../tfmd/types.js';
import { statisticsFeatureName } from '../tfmd/vocabulary.js';
import { type AbandonedExecution, failAbandonedExecutions } from './abandoned-executions.js';
import { schemaEdits } from './apply-schema-config.js';
import { artifactLayout } from './artifact-layout.js';
import {
  type ComponentRun,
  type ComponentSpec,
  ensureContext,
  type PipelineEvent,
  type RunEnvironment,
  runComponent,
} from './component.js';
import { exampleImporter } from './example-importer.js';
import { exampleValidator } from './example-validator.js';
import type { FailOnPolicy, PipelineConfig } from './pipeline-config.js';
import { unslicedDataset, writePipelineReport } from './pipeline-report.js';
import { importSchemaGen, type SchemaHook, schemaGen } from './schema-gen.js';
import { registerSchemaVersion } from './schema-versions.js';
import { recentTimelines, resolveRunSpans, spanMonitorOf } from './span-run.js';
import { type CompleteSpan, listCompleteSpans, nextExamplesVersion, selectSpans } from './span-store.js';
import { registerPipelineTypes } from './standard-types.js';
import { statisticsGen } from './statistics-gen.js';

/** Default locations, relative to the working directory. */
export const DEFAULT_PIPELINE_ROOT = '.datavet/pipeline';
export const DEFAULT_REPORT_PATH = '.datavet/report.html';

/** Options of {@link runPipeline}; each overrides the config. */
export interface RunPipelineOptions {
  /** Base of the default locations (`.datavet/…`); default the process's cwd. */
  readonly cwd?: string;
  readonly pipelineRoot?: string;
  /** Metadata store URL or SQLite path. */
  readonly metadata?: string;
  /** False: run every component (`--no-cache`). Default true. */
  readonly useCache?: boolean;
  /** False: no HTML report; a string: where to write it. */
  readonly report?: boolean | string;
  readonly failOn?: FailOnPolicy;
  readonly runId?: string;
  readonly onEvent?: (event: PipelineEvent) => void;
  /** Called with every schema the run creates; returns extra custom properties (schema versions). */
  readonly onSchema?: SchemaHook;
  /** Test hook: make this node's executor throw an internal error (see docs/pipeline.md). */
  readonly failNodeId?: string;
  /** The span to read from `{SPAN}`/date patterns (default: the latest on disk). */
  readonly span?: number;
  /** Test hook: this SpanMonitor node stops forever before publishing (docs/monitoring.md). */
  readonly hangNodeId?: string;
}

/** What a run found for one split. */
export interface SplitSummary {
  readonly name: string;
  readonly environment?: string;
  readonly rows: number;
  readonly features: number;
  readonly statisticsFile: string;
  readonly anomaliesFile: string;
  readonly skewFile?: string;
  readonly driftAgainst?: string;
  readonly skewAgainst?: string;
  /** Anomalies by severity, over the split's validation and its skew check. */
  readonly errors: number;
  readonly warnings: number;
  readonly anomaliesArtifactId: number;
  /** Splits with spans: the span and the version of it this run validated. */
  readonly span?: number;
  readonly version?: number;
  /** Spans this span was compared with (drift), newest first. */
  readonly driftAgainstSpans?: readonly number[];
}

/** Everything a run did and found. */
export interface PipelineRunResult {
  readonly pipelineName: string;
  readonly runId: string;
  readonly pipelineRoot: string;
  readonly metadataStore: string;
  readonly components: readonly ComponentRun[];
  readonly splits: readonly SplitSummary[];
  readonly schema: {
    readonly artifactId: number;
    readonly file: string;
    readonly source: 'inferred' | 'imported';
    /** The split it was inferred from, or the curated file. */
    readonly from: string;
    readonly version?: number;
  };
  readonly outcomes: readonly ValidationOutcome[];
  readonly reportFile?: string;
  readonly failOn: FailOnPolicy;
  /** False when an anomaly at or above `failOn` was found. */
  readonly passed: boolean;
  /** Executions an earlier, killed run left RUNNING, marked FAILED by this one. */
  readonly abandoned: readonly AbandonedExecution[];
}

function datavetVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    return pkg.version;
  } catch {
    return 'unknown';
  }
}

/** A store URL with SQLite paths made absolute against `cwd`. */
function storeUrl(url: string, cwd: string): string {
  if (/^(postgres(ql)?|mysql|mariadb):\/\//i.test(url) || url.startsWith('memory:')) return url;
  const raw = url.replace(/^sqlite:(\/\/)?/i, '');
  return raw === ':memory:' ? url : resolve(cwd, raw);
}

function newRunId(name: string): string {
  const stamp = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${name}-${stamp}-${randomBytes(3).toString('hex')}`;
}

/** Top-level feature names of a dataset's statistics. */
function featureNames(dataset: DatasetFeatureStatistics | undefined): string[] {
  return (dataset?.features ?? []).map(statisticsFeatureName).filter(Boolean);
}

function counts(anomalies: readonly Anomalies[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const a of anomalies) {
    for (const { info } of anomalyEntries(a)) {
      if (info.severity === 'ERROR') errors++;
      else if (info.severity === 'WARNING') warnings++;
    }
  }
  return { errors, warnings };
}

/** True when the outcomes fail the gate of `failOn`. */
export function gateFails(outcomes: readonly ValidationOutcome[], failOn: FailOnPolicy): boolean {
  if (failOn === 'never') return false;
  return outcomes.some((o) =>
    anomalyEntries(o.anomalies).some(
      ({ info }) => info.severity === 'ERROR' || (failOn === 'warning' && info.severity === 'WARNING'),
    ),
  );
}

/**
 * Runs the pipeline of a config the way a TFX orchestrator would, recording everything in ML Metadata:
 * per split an Importer (Examples) and a StatisticsGen (ExampleStatistics); one SchemaGen (inferred
 * from a split) or ImportSchemaGen (curated file) (Schema); per split an ExampleValidator
 * (ExampleAnomalies) in the split's environment, with drift and skew against other splits.
 * Components whose inputs and configuration are unchanged reuse their cached outputs. Writes the
 * HTML report and returns what was found; anomalies never throw.
 * @throws UsageError/InputError for configuration and input problems.
 */
export async function runPipeline(
  config: PipelineConfig,
  options: RunPipelineOptions = {},
): Promise<PipelineRunResult> {
  const cwd = options.cwd ?? process.cwd();
  const pipelineRoot = options.pipelineRoot
    ? resolve(cwd, options.pipelineRoot)
    : (config.pipelineRoot ?? resolve(cwd, DEFAULT_PIPELINE_ROOT));
  const metadata = storeUrl(options.metadata ?? config.metadata ?? DEFAULT_METADATA_STORE, cwd);
  const reportEnabled = options.report === false ? false : options.report !== undefined || config.report.enabled;
  const reportFile = reportEnabled
    ? typeof options.report === 'string'
      ? resolve(cwd, options.report)
      : (config.report.path ?? resolve(cwd, DEFAULT_REPORT_PATH))
    : undefined;
  const failOn = options.failOn ?? config.failOn;
  if (config.schema.kind === 'import' && !existsSync(config.schema.path)) {
    throw new UsageError(`invalid config: schema.path: no schema file at ${config.schema.path}`, {
      ...(config.file ? { location: { file: config.file } } : {}),
      hint: 'point schema.path at a schema (.pbtxt, .pb or .json), or use "schema": "infer"',
    });
  }

  // Custom checks are read, and type-checked against an imported schema, before any data is read.
  const checkSet = typeof config.checks === 'string' ? await loadChecks(config.checks) : config.checks;
  let checkTypes: ColumnTypes | undefined;
  if (checkSet && config.schema.kind === 'import') {
    checkTypes = columnTypesFromSchema(await readMessageFile(config.schema.path, 'Schema'));
    compileChecks(checkSet, checkTypes);
  }
  const checks = checkSet ? checkPlan(checkSet, checkTypes) : undefined;

  const store = await openMetadataStore({ url: metadata, cwd });
  const components: ComponentRun[] = [];
  try {
    const types = await registerPipelineTypes(store);
    const runId = options.runId ?? newRunId(config.name);
    const abandoned = await failAbandonedExecutions(store, `run ${runId}`);
    const pipelineContextId = await ensureContext(store, types.contexts.pipeline, 'pipeline', config.name);
    const runContextId = await ensureContext(store, types.contexts.pipelineRun, 'pipeline_run', runId);
    await linkParent(store, runContextId, pipelineContextId);
    const env: RunEnvironment = {
      store,
      types,
      pipelineName: config.name,
      pipelineRoot,
      pipelineContextId,
      runContextId,
      runId,
      useCache: options.useCache ?? true,
      datavetVersion: datavetVersion(),
      ...(options.failNodeId ? { failNodeId: options.failNodeId } : {}),
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    };
    const spans = await resolveRunSpans(config, options.span);
    const total = config.splits.length * 3 + 1 + spans.size;
    const run = async (spec: ComponentSpec): Promise<ComponentRun> => {
      const index = components.length;
      options.onEvent?.({ type: 'component-start', nodeId: spec.nodeId, index, total });
      const result = await runComponent(env, spec);
      components.push(result);
      options.onEvent?.({ type: 'component-done', run: result, index, total });
      return result;
    };

    // Examples and statistics, per split.
    const statsId = new Map<string, number>();
    const statsUri = new Map<string, string>();
    const statsVersion = new Map<string, number>();
    for (const split of config.splits) {
      const spanned = spans.get(split.name);
      const imported = await run(
        spanned
          ? exampleImporter(
              { ...split, inputs: spanned.inputs },
              {
                span: spanned.span,
                version: () => nextExamplesVersion(store, config.name, split.name, spanned.span),
              },
            )
          : exampleImporter(split),
      );
      const examplesId = imported.outputs.result?.id as number;
      // The pass runs the checks of the split's environment (the others may name columns it lacks).
      const splitChecks = checkSet
        ? checkPlan(checksInEnvironment(checkSet, split.environment), checkTypes)
        : undefined;
      const stats = await run(statisticsGen(split, examplesId, config.statistics, options.onEvent, splitChecks));
      statsId.set(split.name, stats.outputs.statistics?.id as number);
      statsUri.set(split.name, stats.outputs.statistics?.uri as string);
      statsVersion.set(split.name, stats.outputs.statistics?.customProperties.version?.intValue ?? 0);
    }

    // Schema: inferred (SchemaGen) or curated (ImportSchemaGen). Every new schema is also
    // registered as a numbered version (schema-versions.ts), an output of the same execution.
    const edits = schemaEdits(config);
    const source =
      config.schema.kind === 'infer' ? `inferred from ${config.schema.from}` : `imported from ${config.schema.path}`;
    const onSchema: SchemaHook =
      options.onSchema ??
      (async (schema, uri, executionId) => {
        const version = await registerSchemaVersion(store, {
          schemaUri: uri,
          schema,
          executionId,
          contextIds: [pipelineContextId, runContextId],
          message: `datavet run ${config.name} (${runId}): ${source}`,
        });
        return { schema_version: version.version };
      });
    const schemaRun =
      config.schema.kind === 'infer'
        ? await run(
            schemaGen(
              statsId.get(config.schema.from) as number,
              {
                split: config.schema.from,
                ...(config.schema.maxStringDomainSize !== undefined
                  ? { maxStringDomainSize: config.schema.maxStringDomainSize }
                  : {}),
                ...(config.schema.inferFeatureShape !== undefined
                  ? { inferFeatureShape: config.schema.inferFeatureShape }
                  : {}),
              },
              edits,
              onSchema,
            ),
          )
        : await run(importSchemaGen(config.schema.path, edits, onSchema));
    const schemaArtifact = schemaRun.outputs.schema;
    if (!schemaArtifact) throw new Error('schema component published no schema');

    // Validation, per split.
    const envOf = new Map(config.splits.map((s) => [s.name, s.environment]));
    const anomaliesRuns = new Map<string, ComponentRun>();
    const driftSpans = new Map<string, readonly CompleteSpan[]>();
    for (const split of config.splits) {
      const spanned = spans.get(split.name);
      const earlier =
        spanned && split.driftAgainstSpans
          ? selectSpans(await listCompleteSpans(store, config.name, split.name), spanned.span, split.driftAgainstSpans)
          : [];
      driftSpans.set(split.name, earlier);
      const trainingEnvironment = split.skewAgainst ? envOf.get(split.skewAgainst) : undefined;
      const validator = await run(
        exampleValidator(
          {
            statistics: statsId.get(split.name) as number,
            schema: schemaArtifact.id,
            ...(split.driftAgainst ? { previousStatistics: statsId.get(split.driftAgainst) as number } : {}),
            ...(earlier.length ? { previousStatistics: earlier.map((e) => e.statisticsArtifactId) } : {}),
            ...(split.skewAgainst ? { trainingStatistics: statsId.get(split.skewAgainst) as number } : {}),
          },
          {
            split: split.name,
            ...(split.environment ? { environment: split.environment } : {}),
            ...(split.driftAgainst ? { driftAgainst: split.driftAgainst } : {}),
            ...(earlier.length ? { driftAgainst: earlier.map((e) => `span ${e.span}`).join(', ') } : {}),
            ...(split.skewAgainst ? { skewAgainst: split.skewAgainst } : {}),
            ...(trainingEnvironment ? { trainingEnvironment } : {}),
            severityOverrides: config.validation.severityOverrides,
            ...(config.validation.newFeaturesAreWarnings ? { newFeaturesAreWarnings: true } : {}),
            ...(checks ? { checks } : {}),
          },
        ),
      );
      anomaliesRuns.set(split.name, validator);
    }

    // Splits with spans: the span's metrics and the detectors over their history (span-monitor.ts).
    const monitorRuns = new Map<string, ComponentRun>();
    for (const split of config.splits) {
      const spanned = spans.get(split.name);
      if (!spanned) continue;
      const monitor = await run(
        await spanMonitorOf(store, config, split.name, spanned.span, {
          statistics: statsId.get(split.name) as number,
          schema: schemaArtifact.id,
          ...(options.hangNodeId === `SpanMonitor.${split.name}` ? { hang: true } : {}),
        }),
      );
      monitorRuns.set(split.name, monitor);
    }

    // Read back what the artifacts hold (the same for cached and fresh outputs).
    const schemaFile = artifactLayout.schema(schemaArtifact.uri);
    const schema: Schema = await readMessageFile(schemaFile, 'Schema');
    const outcomes: ValidationOutcome[] = [];
    const splits: SplitSummary[] = [];
    const statistics: { name: string; statistics: DatasetFeatureStatisticsList }[] = [];
    for (const split of config.splits) {
      const statisticsFile = artifactLayout.statistics(statsUri.get(split.name) as string, split.name);
      const stats = await readMessageFile(statisticsFile, 'DatasetFeatureStatisticsList');
      statistics.push({ name: split.name, statistics: stats });
      const anomaliesArtifact = anomaliesRuns.get(split.name)?.outputs.anomalies;
      if (!anomaliesArtifact) throw new Error(`ExampleValidator.${split.name} published no anomalies`);
      const anomaliesFile = artifactLayout.anomalies(anomaliesArtifact.uri, split.name);
      const anomalies = await readMessageFile(anomaliesFile, 'Anomalies');
      const dataset = unslicedDataset(stats);
      const features = featureNames(dataset);
      const env = split.environment ? ` (${split.environment})` : '';
      const spanDrift = (driftSpans.get(split.name) ?? []).map((e) => `span ${e.span}`).join(', ');
      const drift = split.driftAgainst
        ? `, drift vs ${split.driftAgainst}`
        : spanDrift
          ? `, drift vs ${spanDrift}`
          : '';
      outcomes.push({
        name: `${split.name}${env}${drift}`,
        split: split.name,
        anomalies,
        features,
        anomaliesUri: anomaliesFile,
      });
      const found = [anomalies];
      let skewFile: string | undefined;
      if (split.skewAgainst) {
        skewFile = artifactLayout.skew(anomaliesArtifact.uri, split.name);
        const skew = await readMessageFile(skewFile, 'Anomalies');
        found.push(skew);
        const compared = (schema.feature ?? []).filter((f) => f.skewComparator).map((f) => f.name ?? '');
        outcomes.push({
          name: `${split.name}: skew vs ${split.skewAgainst}`,
          split: split.name,
          anomalies: skew,
          features: compared,
          anomaliesUri: skewFile,
        });
      }
      const monitorAnomalies = monitorRuns.get(split.name)?.outputs.anomalies;
      if (monitorAnomalies) {
        const file = artifactLayout.anomalies(monitorAnomalies.uri, split.name);
        const history = await readMessageFile(file, 'Anomalies');
        found.push(history);
        outcomes.push({ name: `${split.name}: history`, anomalies: history, features, anomaliesUri: file });
      }
      const spanned = spans.get(split.name);
      const earlier = driftSpans.get(split.name) ?? [];
      splits.push({
        name: split.name,
        ...(split.environment ? { environment: split.environment } : {}),
        rows: Number(dataset?.numExamples ?? 0),
        features: features.length,
        statisticsFile,
        anomaliesFile,
        ...(skewFile ? { skewFile } : {}),
        ...(split.driftAgainst ? { driftAgainst: split.driftAgainst } : {}),
        ...(split.skewAgainst ? { skewAgainst: split.skewAgainst } : {}),
        ...counts(found),
        anomaliesArtifactId: anomaliesArtifact.id,
        ...(spanned
          ? {
              span: spanned.span,
              version: statsVersion.get(split.name) ?? 0,
              ...(earlier.length ? { driftAgainstSpans: earlier.map((e) => e.span) } : {}),
            }
          : {}),
      });
    }

    if (reportFile) {
      const timelines = await recentTimelines(store, config.name, spans);
      await writePipelineReport(reportFile, {
        title: `datavet run ${config.name} (${runId})`,
        splits: statistics,
        schema,
        outcomes,
        ...(timelines.length ? { timelines } : {}),
      });
    }
    const version = schemaArtifact.customProperties.schema_version?.intValue;
    return {
      pipelineName: config.name,
      runId,
      pipelineRoot,
      metadataStore: metadata,
      components,
      splits,
      schema: {
        artifactId: schemaArtifact.id,
        file: schemaFile,
        source: config.schema.kind === 'infer' ? 'inferred' : 'imported',
        from: config.schema.kind === 'infer' ? config.schema.from : config.schema.path,
        ...(version !== undefined ? { version } : {}),
      },
      outcomes,
      ...(reportFile ? { reportFile } : {}),
      failOn,
      passed: !gateFails(outcomes, failOn),
      abandoned,
    };
  } finally {
    await store.close();
  }
}

/** Links a pipeline_run context to its pipeline (TFX's ParentContext); a second run reuses the edge. */
async function linkParent(store: MetadataStore, childId: number, parentId: number): Promise<void> {
  const parents = await store.getParentContextsByContext(childId);
  if (!parents.some((p) => p.id === parentId)) await store.putParentContexts([{ childId, parentId }]);
}
