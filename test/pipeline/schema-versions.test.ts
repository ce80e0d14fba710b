import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MetadataStore } from '../../src/metadata/metadata-store.js';
import { openMetadataStore } from '../../src/metadata/open-metadata-store.js';
import {
  getSchemaVersion,
  listSchemaVersions,
  loadSchemaVersion,
  parseSchemaVersionRef,
  registerSchemaVersion,
} from '../../src/pipeline/schema-versions.js';
import { printTextFormat } from '../../src/tfmd/index.js';
import type { Schema } from '../../src/tfmd/types.js';

const v1: Schema = { feature: [{ name: 'a', type: 'INT', intDomain: { min: 0, max: 10 } }] };
const v2: Schema = { feature: [{ name: 'a', type: 'INT', intDomain: { min: 0, max: 20 } }] };

let dir: string;
let store: MetadataStore;

/** Writes `<dir>/<name>/schema.pbtxt` and returns the directory: a Schema artifact's uri (TFX's layout). */
async function writeSchema(name: string, schema: Schema): Promise<string> {
  const path = join(dir, name);
  await mkdir(path, { recursive: true });
  await writeFile(join(path, 'schema.pbtxt'), printTextFormat('Schema', schema));
  return path;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'datavet-versions-'));
  store = await openMetadataStore({ url: join(dir, 'metadata.sqlite') });
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('schema versions', () => {
  it('numbers versions and records lineage to the previous version and the statistics', async () => {
    expect(await listSchemaVersions(store)).toEqual([]);
    const statsType = await store.putArtifactType({ name: 'ExampleStatistics' });
    const [statsId] = await store.putArtifacts([{ typeId: statsType, uri: join(dir, 'stats') }]);
    const first = await registerSchemaVersion(store, {
      schemaUri: await writeSchema('v1.pbtxt', v1),
      schema: v1,
      message: 'initial',
    });
    expect(first).toMatchObject({ version: 1, created: true, message: 'initial', executionType: 'SchemaVersioning' });
    expect(first.previousVersion).toBeUndefined();
    const second = await registerSchemaVersion(store, {
      schemaUri: await writeSchema('v2.pbtxt', v2),
      schema: v2,
      statisticsArtifactIds: [statsId as number],
      message: 'widen a',
    });
    expect(second).toMatchObject({ version: 2, previousVersion: 1, statisticsArtifactIds: [statsId] });

    const listed = await listSchemaVersions(store);
    expect(listed.map((v) => [v.version, v.previousVersion, v.message])).toEqual([
      [1, undefined, 'initial'],
      [2, 1, 'widen a'],
    ]);
    expect(listed[1]?.statisticsArtifactIds).toEqual([statsId]);
    expect(listed[1]?.createTime).toBeGreaterThan(0);

    // The lineage is plain MLMD: the versioning execution consumed v1 and the statistics.
    const events = await store.getEventsByExecutionIds([second.executionId as number]);
    expect(events.map((e) => [e.type, e.artifactId]).sort()).toEqual(
      [
        ['INPUT', first.artifactId],
        ['INPUT', statsId],
        ['OUTPUT', second.artifactId],
      ].sort(),
    );
    const [artifact] = await store.getArtifactsByIds([second.artifactId]);
    expect(artifact).toMatchObject({ type: 'Schema', uri: join(dir, 'v2.pbtxt') });
    expect(artifact?.customProperties?.tfx_version?.stringValue).toMatch(/^\d+\.\d+\.\d+$/);
    expect(artifact?.customProperties?.version).toEqual({ intValue: 2 });
  });

  it('reuses an identical previous version unless asked to register anyway', async () => {
    const uri = await writeSchema('v1.pbtxt', v1);
    await registerSchemaVersion(store, { schemaUri: uri, schema: v1 });
    const again = await registerSchemaVersion(store, { schemaUri: uri, schema: structuredClone(v1) });
    expect(again).toMatchObject({ version: 1, created: false });
    const forced = await registerSchemaVersion(store, { schemaUri: uri, schema: v1, ifUnchanged: 'register' });
    expect(forced).toMatchObject({ version: 2, created: true, previousVersion: 1 });
  });

  it('derives from a named version or starts a new root', async () => {
    await registerSchemaVersion(store, { schemaUri: await writeSchema('v1.pbtxt', v1), schema: v1 });
    await registerSchemaVersion(store, { schemaUri: await writeSchema('v2.pbtxt', v2), schema: v2 });
    const branch = await registerSchemaVersion(store, {
      schemaUri: await writeSchema('v3.pbtxt', { feature: [] }),
      schema: { feature: [] },
      previous: 1,
    });
    expect(branch).toMatchObject({ version: 3, previousVersion: 1 });
    const root = await registerSchemaVersion(store, {
      schemaUri: await writeSchema('v4.pbtxt', v1),
      schema: v1,
      previous: 'none',
    });
    expect(root.previousVersion).toBeUndefined();
    await expect(registerSchemaVersion(store, { schemaUri: 'x', schema: v1, previous: 9 })).rejects.toThrow(
      /version 9 does not exist/,
    );
  });

  it('attaches a version to an existing execution (a pipeline SchemaGen run)', async () => {
    const typeId = await store.putExecutionType({ name: 'SchemaGen' });
    const [executionId] = await store.putExecutions([{ typeId, lastKnownState: 'COMPLETE' }]);
    const version = await registerSchemaVersion(store, {
      schemaUri: await writeSchema('v1.pbtxt', v1),
      schema: v1,
      executionId: executionId as number,
    });
    expect(version).toMatchObject({ version: 1, executionId });
    expect((await getSchemaVersion(store, 1))?.executionType).toBe('SchemaGen');
  });

  it('loads a version and notices a file edited after registration', async () => {
    const uri = await writeSchema('v1.pbtxt', v1);
    await registerSchemaVersion(store, { schemaUri: uri, schema: v1 });
    expect(await loadSchemaVersion(store, 1)).toMatchObject({ schema: v1, unchanged: true });
    await writeFile(join(uri, 'schema.pbtxt'), printTextFormat('Schema', v2));
    expect((await loadSchemaVersion(store, 1)).unchanged).toBe(false);
    await expect(loadSchemaVersion(store, 5)).rejects.toThrow(/does not exist/);
  });

  it('refuses a schema file as a uri: a Schema artifact is a directory holding schema.pbtxt', async () => {
    const file = join(await writeSchema('v1', v1), 'schema.pbtxt');
    await expect(registerSchemaVersion(store, { schemaUri: file, schema: v1 })).rejects.toThrow(
      /directories holding schema\.pbtxt, not files/,
    );
    expect(await listSchemaVersions(store)).toEqual([]);
  });

  it('gives concurrent registrations distinct version numbers', async () => {
    // Interleaved on one connection: each call reads the history before any of them writes, so
    // all but one hit the unique artifact name and retry with the next number.
    const uris = await Promise.all([0, 1, 2, 3].map((i) => writeSchema(`c${i}.pbtxt`, v1)));
    const results = await Promise.all(
      uris.map((uri, i) =>
        registerSchemaVersion(store, { schemaUri: uri, schema: { feature: [{ name: `f${i}`, type: 'INT' }] } }),
      ),
    );
    expect(results.map((r) => r.version).sort()).toEqual([1, 2, 3, 4]);
    expect((await listSchemaVersions(store)).map((v) => v.version)).toEqual([1, 2, 3, 4]);
  });

  it('parses version references', () => {
    expect(parseSchemaVersionRef('v3')).toBe(3);
    expect(parseSchemaVersionRef('12')).toBe(12);
    expect(parseSchemaVersionRef('schema.pbtxt')).toBeUndefined();
    expect(parseSchemaVersionRef('v0')).toBeUndefined();
  });
});
