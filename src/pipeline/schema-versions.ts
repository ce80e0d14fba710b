import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { UsageError } from '../_util/errors.js';
import { AlreadyExistsError } from '../metadata/errors.js';
import type { ArtifactAndEvent, MetadataStore } from '../metadata/metadata-store.js';
import type { Artifact, Context, Execution } from '../metadata/types.js';
import { printTextFormat, readMessageFile } from '../tfmd/index.js';
import type { Schema } from '../tfmd/types.js';
import { artifactLayout, TFX_LAYOUT_VERSION } from './artifact-layout.js';

/** TFX's artifact type for schemas; the artifact's uri is a directory holding `schema.pbtxt`. */
export const SCHEMA_ARTIFACT_TYPE = 'Schema';
/** The execution that links a schema version to its previous version and the statistics behind it. */
export const SCHEMA_VERSIONING_EXECUTION_TYPE = 'SchemaVersioning';

/** Custom properties a schema version carries (MLMD custom_properties, so TFX's `Schema` type stays as is). */
const VERSION = 'version';
const MESSAGE = 'message';
const FINGERPRINT = 'fingerprint';

/** One registered schema version, as read back from the metadata store. */
export interface SchemaVersion {
  /** 1, 2, 3 ... in registration order. */
  readonly version: number;
  readonly artifactId: number;
  /**
   * The Schema artifact's directory (TFX's layout: it holds `schema.pbtxt`); versions registered
   * by earlier datavet releases may name the file itself, which {@link schemaFileOf} also accepts.
   */
  readonly uri: string;
  /** Milliseconds since the epoch, as the store recorded it. */
  readonly createTime?: number;
  readonly message?: string;
  /** sha256 of the schema printed as textproto at registration: detects a file edited afterwards. */
  readonly fingerprint?: string;
  /** The version this one was derived from (absent for the first one). */
  readonly previousVersion?: number;
  /** ExampleStatistics (or other) artifacts that motivated this version. */
  readonly statisticsArtifactIds: readonly number[];
  /** The execution that produced it (SchemaVersioning, or e.g. the pipeline's SchemaGen). */
  readonly executionId?: number;
  readonly executionType?: string;
}

/** Options of {@link registerSchemaVersion}. */
export interface RegisterSchemaVersionOptions {
  /**
   * The directory holding the schema as `schema.pbtxt` (and nothing else), as TFX lays out a
   * Schema artifact; the caller writes it (and should never change it afterwards).
   */
  readonly schemaUri: string;
  /** The schema at `schemaUri`, used for the fingerprint and the unchanged check. */
  readonly schema: Schema;
  /**
   * The version the new one derives from: a version number, `'latest'` (default: the newest
   * registered version, if any) or `'none'` (a new root).
   */
  readonly previous?: number | 'latest' | 'none';
  /** Statistics artifacts that motivated the change (INPUT events of the versioning execution). */
  readonly statisticsArtifactIds?: readonly number[];
  readonly message?: string;
  /**
   * Record the new version as an OUTPUT of this existing execution (e.g. the pipeline's
   * SchemaGen run) instead of a new SchemaVersioning execution; the INPUT events are added to it.
   */
  readonly executionId?: number;
  /** Contexts (e.g. the pipeline run) the execution and the new version are attributed to. */
  readonly contextIds?: readonly number[];
  /**
   * When the schema is identical to the previous version: `'reuse'` (default) returns that version
   * without registering anything (every pipeline run would otherwise add a version); `'register'`
   * records a new version anyway.
   */
  readonly ifUnchanged?: 'reuse' | 'register';
}

/** What {@link registerSchemaVersion} did. */
export interface RegisteredSchemaVersion extends SchemaVersion {
  /** False when an identical previous version was reused. */
  readonly created: boolean;
}

/** sha256 (hex) of the schema's text format: equal for equal schemas, whatever file format they came from. */
export function schemaFingerprint(schema: Schema): string {
  return createHash('sha256').update(printTextFormat('Schema', schema)).digest('hex');
}

/** Parses a version reference: `3`, `v3` or `V3`. Undefined when the text is not one. */
export function parseSchemaVersionRef(text: string): number | undefined {
  const match = /^[vV]?([1-9][0-9]{0,8})$/.exec(text.trim());
  return match ? Number(match[1]) : undefined;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** The schema file of a Schema artifact uri: `<uri>/schema.pbtxt`, or the uri itself when it is a file. */
export async function schemaFileOf(uri: string): Promise<string> {
  return (await isFile(uri)) ? uri : artifactLayout.schema(uri);
}

async function ensureTypes(store: MetadataStore): Promise<{ artifactTypeId: number; executionTypeId: number }> {
  // Other components (the pipeline's SchemaGen) register the same TFX type, possibly with
  // properties: tolerate both directions so neither registration fails.
  const typeOptions = { canAddFields: true, canOmitFields: true };
  const artifactTypeId = await store.putArtifactType({ name: SCHEMA_ARTIFACT_TYPE }, typeOptions);
  const executionTypeId = await store.putExecutionType(
    { name: SCHEMA_VERSIONING_EXECUTION_TYPE, baseType: 'PROCESS' },
    typeOptions,
  );
  return { artifactTypeId, executionTypeId };
}

function versionOf(artifact: Artifact): number | undefined {
  const value = artifact.customProperties?.[VERSION]?.intValue;
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}

async function schemaArtifacts(store: MetadataStore): Promise<Artifact[]> {
  try {
    return (await store.getArtifactsByType(SCHEMA_ARTIFACT_TYPE)).items;
  } catch (error) {
    if ((error as { code?: string }).code === 'NOT_FOUND') return [];
    throw error;
  }
}

/**
 * Registers a schema as the next version (1, 2, 3 ...): a `Schema` artifact (uri = the schema
 * file, custom properties `version`, `message`, `fingerprint`) produced by a SchemaVersioning
 * execution (or `executionId`) whose INPUT events are the previous version and the statistics
 * that motivated it. Atomic; concurrent registrations get distinct versions (the artifact name
 * `schema-vN` is unique per type in MLMD, and a clash is retried with the next number).
 * @throws UsageError when `previous` names a version that does not exist.
 */
export async function registerSchemaVersion(
  store: MetadataStore,
  options: RegisterSchemaVersionOptions,
): Promise<RegisteredSchemaVersion> {
  if (await isFile(options.schemaUri)) {
    throw new UsageError(`schema versions are directories holding schema.pbtxt, not files: ${options.schemaUri}`, {
      hint: `write the schema to <dir>/schema.pbtxt and register <dir> (TFX reads a Schema artifact that way)`,
    });
  }
  const { artifactTypeId, executionTypeId } = await ensureTypes(store);
  const fingerprint = schemaFingerprint(options.schema);
  for (let attempt = 0; ; attempt++) {
    const versions = await listSchemaVersions(store);
    const latest = versions.at(-1);
    let previous: SchemaVersion | undefined;
    const wanted = options.previous ?? 'latest';
    if (wanted === 'latest') previous = latest;
    else if (wanted !== 'none') {
      previous = versions.find((v) => v.version === wanted);
      if (!previous)
        throw new UsageError(`schema version ${wanted} does not exist`, { hint: 'see datavet schema log' });
    }
    if (previous && previous.fingerprint === fingerprint && (options.ifUnchanged ?? 'reuse') === 'reuse') {
      return { ...previous, created: false };
    }
    const version = (latest?.version ?? 0) + 1;
    const artifact: Artifact = {
      typeId: artifactTypeId,
      name: `schema-v${version}`,
      uri: options.schemaUri,
      state: 'LIVE',
      customProperties: {
        [VERSION]: { intValue: version },
        [FINGERPRINT]: { stringValue: fingerprint },
        tfx_version: { stringValue: TFX_LAYOUT_VERSION },
        ...(options.message !== undefined ? { [MESSAGE]: { stringValue: options.message } } : {}),
      },
    };
    const pairs: ArtifactAndEvent[] = [{ artifact, event: { type: 'OUTPUT', path: { steps: [{ key: 'schema' }] } } }];
    if (previous) {
      pairs.push({
        event: { artifactId: previous.artifactId, type: 'INPUT', path: { steps: [{ key: 'previous_schema' }] } },
      });
    }
    for (const [index, id] of (options.statisticsArtifactIds ?? []).entries()) {
      pairs.push({ event: { artifactId: id, type: 'INPUT', path: { steps: [{ key: 'statistics' }, { index }] } } });
    }
    let execution: Execution;
    if (options.executionId !== undefined) {
      const [existing] = await store.getExecutionsByIds([options.executionId]);
      if (!existing) throw new UsageError(`no execution with id ${options.executionId}`);
      execution = existing;
    } else {
      execution = {
        typeId: executionTypeId,
        lastKnownState: 'COMPLETE',
        ...(options.message !== undefined ? { customProperties: { [MESSAGE]: { stringValue: options.message } } } : {}),
      };
    }
    const contexts: Context[] = (options.contextIds ?? []).map((id) => ({ id }));
    try {
      const result = await store.putExecution(execution, pairs, contexts, { forceReuseContext: true });
      const artifactId = result.artifactIds[0] ?? -1;
      const [stored] = await store.getArtifactsByIds([artifactId]);
      return {
        version,
        artifactId,
        uri: options.schemaUri,
        ...(stored?.createTimeSinceEpoch !== undefined ? { createTime: stored.createTimeSinceEpoch } : {}),
        ...(options.message !== undefined ? { message: options.message } : {}),
        fingerprint,
        ...(previous ? { previousVersion: previous.version } : {}),
        statisticsArtifactIds: [...(options.statisticsArtifactIds ?? [])],
        executionId: result.executionId,
        executionType: options.executionId !== undefined ? (execution.type ?? '') : SCHEMA_VERSIONING_EXECUTION_TYPE,
        created: true,
      };
    } catch (error) {
      // Another writer took this version number first: read the history again and take the next.
      if (error instanceof AlreadyExistsError && attempt < 10) continue;
      throw error;
    }
  }
}

/** Every registered schema version, oldest first, with its lineage (previous version, statistics). */
export async function listSchemaVersions(store: MetadataStore): Promise<SchemaVersion[]> {
  const artifacts = (await schemaArtifacts(store)).filter((a) => versionOf(a) !== undefined);
  if (artifacts.length === 0) return [];
  const versionByArtifact = new Map(artifacts.map((a) => [a.id as number, versionOf(a) as number]));
  const events = await store.getEventsByArtifactIds(artifacts.map((a) => a.id as number));
  // The producing execution of each version: its OUTPUT event.
  const producer = new Map<number, number>();
  for (const event of events) {
    if (event.type === 'OUTPUT' && event.artifactId !== undefined && event.executionId !== undefined) {
      producer.set(event.artifactId, event.executionId);
    }
  }
  const executionIds = [...new Set(producer.values())];
  const executions = new Map((await store.getExecutionsByIds(executionIds)).map((e) => [e.id as number, e]));
  const inputs = await store.getEventsByExecutionIds(executionIds);
  const out: SchemaVersion[] = [];
  for (const artifact of artifacts) {
    const id = artifact.id as number;
    const executionId = producer.get(id);
    const execution = executionId !== undefined ? executions.get(executionId) : undefined;
    const inputEvents = inputs.filter((e) => e.executionId === executionId && e.type === 'INPUT');
    let previousVersion: number | undefined;
    const statisticsArtifactIds: number[] = [];
    for (const event of inputEvents) {
      const steps = event.path?.steps ?? [];
      const key = steps[0] && 'key' in steps[0] ? steps[0].key : undefined;
      const inputVersion = event.artifactId !== undefined ? versionByArtifact.get(event.artifactId) : undefined;
      if (key === 'previous_schema' && inputVersion !== undefined) previousVersion = inputVersion;
      else if (key === 'statistics' && event.artifactId !== undefined) statisticsArtifactIds.push(event.artifactId);
    }
    const message = artifact.customProperties?.[MESSAGE]?.stringValue;
    const fingerprint = artifact.customProperties?.[FINGERPRINT]?.stringValue;
    out.push({
      version: versionOf(artifact) as number,
      artifactId: id,
      uri: artifact.uri ?? '',
      ...(artifact.createTimeSinceEpoch !== undefined ? { createTime: artifact.createTimeSinceEpoch } : {}),
      ...(message !== undefined ? { message } : {}),
      ...(fingerprint !== undefined ? { fingerprint } : {}),
      ...(previousVersion !== undefined ? { previousVersion } : {}),
      statisticsArtifactIds,
      ...(executionId !== undefined ? { executionId } : {}),
      ...(execution?.type !== undefined ? { executionType: execution.type } : {}),
    });
  }
  return out.sort((a, b) => a.version - b.version || a.artifactId - b.artifactId);
}

/** One version by number, or undefined. */
export async function getSchemaVersion(store: MetadataStore, version: number): Promise<SchemaVersion | undefined> {
  return (await listSchemaVersions(store)).find((v) => v.version === version);
}

/** A version with its schema read from its uri. */
export interface LoadedSchemaVersion {
  readonly info: SchemaVersion;
  readonly schema: Schema;
  /** False when the file no longer matches the fingerprint recorded at registration. */
  readonly unchanged: boolean;
}

/**
 * Reads a version's schema file (any TFMD format, by extension).
 * @throws UsageError when the version does not exist; InputError when its file cannot be read.
 */
export async function loadSchemaVersion(
  store: MetadataStore,
  version: number | SchemaVersion,
): Promise<LoadedSchemaVersion> {
  const info = typeof version === 'number' ? await getSchemaVersion(store, version) : version;
  if (!info) throw new UsageError(`schema version ${version} does not exist`, { hint: 'see datavet schema log' });
  const schema = await readMessageFile(await schemaFileOf(info.uri), 'Schema');
  const unchanged = info.fingerprint === undefined || info.fingerprint === schemaFingerprint(schema);
  return { info, schema, unchanged };
}
