import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { AlreadyExistsError } from '../metadata/errors.js';
import type { ArtifactAndEvent, MetadataStore } from '../metadata/metadata-store.js';
import type { Artifact, Context, Execution, MetadataValue, Properties } from '../metadata/types.js';
import { runnerProperties } from './abandoned-executions.js';
import { outputUri, TFX_LAYOUT_VERSION } from './artifact-layout.js';
import { sha256Json } from './fingerprint.js';
import { contentMismatch, contentProperties } from './output-content.js';
import { type ArtifactTypeName, type ComponentKind, EXECUTION_TYPES, type TypeIds } from './standard-types.js';

/**
 * Bumped when an executor's output for the same inputs changes (a statistics or validation fix), so
 * outputs cached by an older datavet are not reused.
 */
export const EXECUTOR_VERSION = 2;

/** An artifact as the driver resolved it from the store. */
export interface ResolvedArtifact {
  readonly id: number;
  readonly type: ArtifactTypeName;
  readonly uri: string;
  readonly properties: Properties;
  readonly customProperties: Properties;
}

/** What an executor reports about one output (its files are already written under its uri). */
export interface OutputArtifact {
  /** Only for external outputs (an importer pointing at the user's files): the artifact's uri. */
  readonly uri?: string;
  readonly properties?: Properties;
  readonly customProperties?: Properties;
}

/** What the executor gets: resolved inputs and the directories to write each output to. */
export interface ExecutorContext {
  readonly inputs: Readonly<Record<string, readonly ResolvedArtifact[]>>;
  readonly outputUris: Readonly<Record<string, string>>;
  readonly executionId: number;
}

/**
 * One component instance (a node of the pipeline): what it reads, what it writes, its parameters,
 * and its executor. The driver and publisher are shared (`runComponent`).
 */
export interface ComponentSpec {
  readonly kind: ComponentKind;
  /** Unique in the pipeline, e.g. `StatisticsGen.train`; names the output directories. */
  readonly nodeId: string;
  /** Input key -> ids of artifacts produced upstream (or earlier runs), in order. */
  readonly inputs: Readonly<Record<string, readonly number[]>>;
  /** Output key -> artifact type (one artifact per key). */
  readonly outputs: Readonly<Record<string, ArtifactTypeName>>;
  /** Exec parameters: part of the cache key and recorded as custom properties of the execution. */
  readonly parameters: Readonly<Record<string, unknown>>;
  /**
   * Outputs stand for files outside the pipeline root (importers): no output directories are made
   * for them (the executor makes what it needs, or returns a `uri`), and their bytes are not
   * hashed, since the content fingerprint already puts them in the cache key.
   */
  readonly externalOutputs?: boolean;
  /** Content fingerprint of what the component reads outside the store (input files). */
  fingerprint?(): Promise<string>;
  execute(context: ExecutorContext): Promise<Readonly<Record<string, OutputArtifact>>>;
}

/** Where a component ended: it ran, or its outputs came from the cache. */
export interface ComponentRun {
  readonly nodeId: string;
  readonly kind: ComponentKind;
  readonly executionId: number;
  readonly state: 'COMPLETE' | 'CACHED';
  /** The execution whose outputs were reused, for CACHED. */
  readonly cachedExecutionId?: number;
  readonly cacheKey: string;
  readonly outputs: Readonly<Record<string, ResolvedArtifact>>;
  readonly durationMs: number;
  /**
   * Why cached outputs with this cache key were not reused (their files were deleted, emptied or
   * changed since their execution wrote them); empty when there was nothing to reject.
   */
  readonly cacheRejections: readonly string[];
}

/** Progress of a run, for the CLI. */
export type PipelineEvent =
  | { readonly type: 'component-start'; readonly nodeId: string; readonly index: number; readonly total: number }
  | { readonly type: 'component-done'; readonly run: ComponentRun; readonly index: number; readonly total: number }
  | {
      readonly type: 'read-progress';
      readonly nodeId: string;
      readonly bytesRead: number;
      readonly totalBytes?: number;
      readonly rowsRead: number;
    };

/** Shared state of one pipeline run: the store, type ids, contexts and options. */
export interface RunEnvironment {
  readonly store: MetadataStore;
  readonly types: TypeIds;
  readonly pipelineName: string;
  readonly pipelineRoot: string;
  readonly pipelineContextId: number;
  readonly runContextId: number;
  readonly runId: string;
  readonly useCache: boolean;
  readonly datavetVersion: string;
  /**
   * Test hook: the executor of this node throws an internal error (exit code 3) after the
   * execution was registered, so the FAILED state and the CLI's internal-error path can be tested.
   */
  readonly failNodeId?: string;
  readonly onEvent?: (event: PipelineEvent) => void;
}

/** Gets or creates a context by type and name (TFX: get, put, re-read on ALREADY_EXISTS). */
export async function ensureContext(
  store: MetadataStore,
  typeId: number,
  typeName: string,
  name: string,
): Promise<number> {
  const found = await store.getContextByTypeAndName(typeName, name);
  if (found?.id !== undefined) return found.id;
  try {
    const [id] = await store.putContexts([{ typeId, name }]);
    return id as number;
  } catch (error) {
    if (!(error instanceof AlreadyExistsError)) throw error;
    const again = await store.getContextByTypeAndName(typeName, name);
    if (again?.id === undefined) throw error;
    return again.id;
  }
}

/** A parameter as an MLMD value: numbers and strings as they are, anything else as JSON text. */
function parameterValue(value: unknown): MetadataValue {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'number' && Number.isInteger(value)) return { intValue: value };
  if (typeof value === 'number') return { doubleValue: value };
  return { stringValue: JSON.stringify(value ?? null) };
}

function toResolved(artifact: Artifact, typeByTypeId: ReadonlyMap<number, ArtifactTypeName>): ResolvedArtifact {
  const type = typeByTypeId.get(artifact.typeId ?? -1);
  if (!type || artifact.id === undefined) {
    throw new Error(`artifact #${artifact.id} has type '${artifact.type}', not a pipeline artifact type`);
  }
  return {
    id: artifact.id,
    type,
    uri: artifact.uri ?? '',
    properties: artifact.properties ?? {},
    customProperties: artifact.customProperties ?? {},
  };
}

function eventPath(key: string, index: number) {
  return { steps: [{ key }, { index }] };
}

/**
 * Driver, executor and publisher of one component, as TFX's launcher runs them:
 * 1. driver: resolves the input artifacts from the store (they must be LIVE), computes the cache key
 *    (SHA-256 over component, executor version, node, input artifact ids, parameters and the
 *    content fingerprint) and looks for a COMPLETE or CACHED execution with that key whose outputs
 *    are all LIVE and still on disk;
 * 2. on a hit, publishes a CACHED execution with INPUT events and OUTPUT events to the reused artifacts;
 * 3. otherwise registers a RUNNING execution, runs the executor into
 *    `{pipeline_root}/{node_id}/{output_key}/{execution_id}`, and publishes the outputs as LIVE
 *    artifacts with OUTPUT events and the execution as COMPLETE (FAILED if the executor throws).
 * Every execution is associated with, and every artifact attributed to, the pipeline, pipeline_run,
 * node and execution_cache contexts.
 */
export async function runComponent(env: RunEnvironment, spec: ComponentSpec): Promise<ComponentRun> {
  const started = Date.now();
  const { store, types } = env;
  const typeByTypeId = new Map<number, ArtifactTypeName>(
    Object.entries(types.artifacts).map(([name, id]) => [id, name as ArtifactTypeName]),
  );

  // Driver: inputs from the store.
  const inputs: Record<string, ResolvedArtifact[]> = {};
  const inputIds = [...new Set(Object.values(spec.inputs).flat())];
  const stored = new Map((await store.getArtifactsByIds(inputIds)).map((a) => [a.id as number, a]));
  for (const [key, ids] of Object.entries(spec.inputs)) {
    inputs[key] = ids.map((id) => {
      const artifact = stored.get(id);
      if (!artifact) throw new Error(`${spec.nodeId}: input artifact #${id} (${key}) is not in the store`);
      if (artifact.state !== 'LIVE')
        throw new Error(`${spec.nodeId}: input artifact #${id} (${key}) is ${artifact.state}`);
      return toResolved(artifact, typeByTypeId);
    });
  }
  const fingerprint = spec.fingerprint ? await spec.fingerprint() : undefined;
  const cacheKey = sha256Json({
    component: EXECUTION_TYPES[spec.kind].name,
    executorVersion: EXECUTOR_VERSION,
    pipeline: env.pipelineName,
    node: spec.nodeId,
    inputs: spec.inputs,
    outputs: spec.outputs,
    parameters: spec.parameters,
    fingerprint: fingerprint ?? null,
  });
  const nodeContextId = await ensureContext(store, types.contexts.node, 'node', `${env.pipelineName}.${spec.nodeId}`);
  const cacheContextId = await ensureContext(store, types.contexts.executionCache, 'execution_cache', cacheKey);
  const contexts: Context[] = [
    { id: env.pipelineContextId, typeId: types.contexts.pipeline, name: env.pipelineName },
    { id: env.runContextId, typeId: types.contexts.pipelineRun, name: env.runId },
    { id: nodeContextId, typeId: types.contexts.node, name: `${env.pipelineName}.${spec.nodeId}` },
    { id: cacheContextId, typeId: types.contexts.executionCache, name: cacheKey },
  ];
  const contextIds = contexts.map((c) => c.id as number);
  const putOptions = { forceReuseContext: true } as const;
  const inputPairs: ArtifactAndEvent[] = Object.entries(inputs).flatMap(([key, list]) =>
    list.map((artifact, index) => ({ event: { artifactId: artifact.id, type: 'INPUT', path: eventPath(key, index) } })),
  );
  const customProperties: Record<string, MetadataValue> = {
    pipeline_name: { stringValue: env.pipelineName },
    component_id: { stringValue: spec.nodeId },
    run_id: { stringValue: env.runId },
    cache_fingerprint: { stringValue: cacheKey },
    datavet_version: { stringValue: env.datavetVersion },
    // Who runs it: a later run marks it FAILED if this process dies before it ends.
    ...runnerProperties(),
  };
  for (const [name, value] of Object.entries(spec.parameters)) customProperties[name] = parameterValue(value);
  const executionBase: Execution = {
    typeId: types.executions[spec.kind],
    name: `${env.runId}:${spec.nodeId}`,
    customProperties,
  };
  const attributeInputs = async (executionId: number) => {
    // putExecution attributes only artifacts it writes; inputs are attributed to the contexts here.
    await store.putAttributionsAndAssociations(
      inputIds.flatMap((artifactId) => contextIds.map((contextId) => ({ artifactId, contextId }))),
      contextIds.map((contextId) => ({ contextId, executionId })),
    );
  };

  let cacheRejections: string[] = [];
  if (env.useCache) {
    const lookup = await findCachedOutputs(store, cacheContextId, spec, typeByTypeId);
    cacheRejections = lookup.rejected;
    const hit = lookup.hit;
    if (hit) {
      const outputPairs: ArtifactAndEvent[] = Object.entries(hit.outputs).map(([key, artifact]) => ({
        event: { artifactId: artifact.id, type: 'OUTPUT', path: eventPath(key, 0) },
      }));
      const { executionId } = await store.putExecution(
        {
          ...executionBase,
          lastKnownState: 'CACHED',
          customProperties: { ...customProperties, cached_execution_id: { intValue: hit.executionId } },
        },
        [...inputPairs, ...outputPairs],
        contexts,
        putOptions,
      );
      await store.putAttributionsAndAssociations(
        Object.values(hit.outputs).flatMap((a) => contextIds.map((contextId) => ({ artifactId: a.id, contextId }))),
        [],
      );
      await attributeInputs(executionId);
      return {
        nodeId: spec.nodeId,
        kind: spec.kind,
        executionId,
        state: 'CACHED',
        cachedExecutionId: hit.executionId,
        cacheKey,
        outputs: hit.outputs,
        durationMs: Date.now() - started,
        cacheRejections,
      };
    }
  }

  // Register the execution (RUNNING, with its inputs) to get the id the output URIs are named after.
  if (cacheRejections.length > 0) {
    customProperties.cache_rejected = { stringValue: cacheRejections.join('; ') };
  }
  const { executionId } = await store.putExecution(
    { ...executionBase, lastKnownState: 'RUNNING' },
    inputPairs,
    contexts,
    putOptions,
  );
  await attributeInputs(executionId);
  const outputUris: Record<string, string> = {};
  for (const key of Object.keys(spec.outputs)) {
    outputUris[key] = outputUri(env.pipelineRoot, spec.nodeId, key, executionId);
    if (!spec.externalOutputs) await mkdir(outputUris[key] as string, { recursive: true });
  }
  let produced: Readonly<Record<string, OutputArtifact>>;
  try {
    if (env.failNodeId === spec.nodeId) throw new Error(`injected failure in ${spec.nodeId} (failNodeId test hook)`);
    produced = await spec.execute({ inputs, outputUris, executionId });
  } catch (error) {
    await store.putExecutions([{ ...executionBase, id: executionId, lastKnownState: 'FAILED' }]).catch(() => undefined);
    throw error;
  }

  // Publisher: outputs LIVE with OUTPUT events, execution COMPLETE, in one transaction.
  const keys = Object.keys(spec.outputs);
  // The bytes each output holds, so a later cache hit can check them (importers point at the
  // user's files, whose content is already in the cache key).
  const contents: Record<string, Properties> = {};
  if (!spec.externalOutputs) {
    for (const key of keys) contents[key] = await contentProperties(outputUris[key] as string);
  }
  const outputPairs: ArtifactAndEvent[] = keys.map((key) => {
    const out = produced[key] ?? {};
    return {
      artifact: {
        typeId: types.artifacts[spec.outputs[key] as ArtifactTypeName],
        uri: out.uri ?? (outputUris[key] as string),
        state: 'LIVE',
        ...(out.properties ? { properties: out.properties } : {}),
        customProperties: {
          name: { stringValue: `${env.runId}:${spec.nodeId}:${key}:0` },
          pipeline_name: { stringValue: env.pipelineName },
          producer_component: { stringValue: spec.nodeId },
          datavet_version: { stringValue: env.datavetVersion },
          tfx_version: { stringValue: TFX_LAYOUT_VERSION },
          ...out.customProperties,
          ...contents[key],
        },
      },
      event: { type: 'OUTPUT', path: eventPath(key, 0) },
    };
  });
  const result = await store.putExecution(
    { ...executionBase, id: executionId, lastKnownState: 'COMPLETE' },
    outputPairs,
    contexts,
    putOptions,
  );
  const written = await store.getArtifactsByIds(result.artifactIds);
  const byId = new Map(written.map((a) => [a.id as number, a]));
  const outputs: Record<string, ResolvedArtifact> = {};
  keys.forEach((key, i) => {
    outputs[key] = toResolved(byId.get(result.artifactIds[i] as number) as Artifact, typeByTypeId);
  });
  return {
    nodeId: spec.nodeId,
    kind: spec.kind,
    executionId,
    state: 'COMPLETE',
    cacheKey,
    outputs,
    durationMs: Date.now() - started,
    cacheRejections,
  };
}

/**
 * TFX's cache lookup: the newest COMPLETE or CACHED execution of the key whose outputs are all LIVE
 * and hold the bytes recorded when they were written (a deleted, emptied or edited file is not
 * reused). Returns the hit, if any, and why each candidate before it was rejected.
 */
async function findCachedOutputs(
  store: MetadataStore,
  cacheContextId: number,
  spec: ComponentSpec,
  typeByTypeId: ReadonlyMap<number, ArtifactTypeName>,
): Promise<{ hit?: { executionId: number; outputs: Record<string, ResolvedArtifact> }; rejected: string[] }> {
  const { items } = await store.getExecutionsByContext(cacheContextId);
  const candidates = items
    .filter((e) => e.lastKnownState === 'COMPLETE' || e.lastKnownState === 'CACHED')
    .sort((a, b) => (b.id as number) - (a.id as number));
  const rejected: string[] = [];
  const checked = new Map<number, string | undefined>();
  for (const execution of candidates) {
    const events = (await store.getEventsByExecutionIds([execution.id as number])).filter((e) => e.type === 'OUTPUT');
    const keyOf = new Map<number, string>();
    for (const event of events) {
      // Only this publisher's events ([{key}, {index}]): other writers may attach more outputs to
      // the execution (the schema registry adds a versioned Schema with a [{key}] path).
      const [first, second] = event.path?.steps ?? [];
      if (event.path?.steps.length !== 2 || !first || !('key' in first) || !second || !('index' in second)) continue;
      if (event.artifactId !== undefined) keyOf.set(event.artifactId, first.key);
    }
    const artifacts = await store.getArtifactsByIds([...keyOf.keys()]);
    const outputs: Record<string, ResolvedArtifact> = {};
    let usable = true;
    for (const artifact of artifacts) {
      const id = artifact.id as number;
      const key = keyOf.get(id) as string;
      // Rows in a SQL engine (engine importer) have no file to check; their fingerprint is the key.
      const inEngine = artifact.customProperties?.engine !== undefined;
      if (artifact.state !== 'LIVE' || !artifact.uri || (!inEngine && !existsSync(artifact.uri))) {
        usable = false;
        continue;
      }
      if (!spec.externalOutputs && !inEngine) {
        // Several CACHED executions share one output artifact: check its files once.
        if (!checked.has(id)) checked.set(id, await contentMismatch(artifact.uri, artifact.customProperties ?? {}));
        const mismatch = checked.get(id);
        if (mismatch) {
          const reason = `cached ${key} (artifact #${id}) not reused: ${mismatch}`;
          if (!rejected.includes(reason)) rejected.push(reason);
          usable = false;
          continue;
        }
      }
      outputs[key] = toResolved(artifact, typeByTypeId);
    }
    const complete = Object.entries(spec.outputs).every(([key, type]) => outputs[key]?.type === type);
    if (usable && complete) return { hit: { executionId: execution.id as number, outputs }, rejected };
  }
  return { rejected };
}
