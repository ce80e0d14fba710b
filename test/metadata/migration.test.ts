import { afterAll, describe, expect, it } from 'vitest';
import type { MetadataStore } from '../../src/metadata/metadata-store.js';
import { SCHEMA_VERSION, type SqlDialect } from '../../src/metadata/sql-schema.js';
import { upgradeMetadataStore } from '../../src/metadata/upgrade-metadata-store.js';
import { type StoreHandle, testBackends } from './backends.js';
import { expectCode } from './conformance-cases.js';
import { describeSchema } from './describe-schema.js';
import { downgradeToV0 } from './legacy-schema.js';

type Rows = Array<Record<string, unknown>>;

async function schemaVersion(handle: StoreHandle): Promise<number> {
  const rows = await (handle.query as (sql: string) => Promise<Rows>)('SELECT schema_version FROM MLMDEnv');
  expect(rows).toHaveLength(1);
  return Number(rows[0]?.schema_version);
}

/** The v0 rows of legacy-schema.ts, read back through the store API. */
async function checkV0Rows(store: MetadataStore): Promise<void> {
  const examples = await store.getArtifactType('Examples');
  expect(examples).toMatchObject({ id: 1, name: 'Examples', properties: { split: 'STRING' } });
  expect(await store.getArtifactType('Model')).toMatchObject({ id: 3 });
  expect(await store.getExecutionType('Trainer')).toMatchObject({ id: 2, properties: { steps: 'INT' } });
  expect(await store.getArtifactType('mlmd.Dataset')).toMatchObject({ name: 'mlmd.Dataset' });
  const [train, model] = await store.getArtifactsByIds([1, 2]);
  expect(train).toMatchObject({
    id: 1,
    typeId: 1,
    uri: 'data/train.csv',
    properties: { split: { stringValue: 'train' } },
    customProperties: { rows: { intValue: 1000 } },
  });
  // Rows older than v5 have no recorded times: MLMD's column default 0 ("unknown").
  expect(train?.createTimeSinceEpoch ?? 0).toBe(0);
  expect(model).toMatchObject({ id: 2, uri: 'models/1', customProperties: { score: { doubleValue: 0.5 } } });
  const [execution] = await store.getExecutionsByIds([1]);
  expect(execution).toMatchObject({ id: 1, typeId: 2, properties: { steps: { intValue: 100 } } });
  const events = (await store.getEventsByExecutionIds([1])).filter((e) => e.artifactId === 1 || e.artifactId === 2);
  expect(events.map((e) => ({ a: e.artifactId, t: e.type, p: e.path?.steps, ms: e.millisecondsSinceEpoch }))).toEqual([
    { a: 1, t: 'INPUT', p: [{ index: 0 }], ms: 1500000000000 },
    { a: 2, t: 'OUTPUT', p: [{ key: 'model' }], ms: 1500000001000 },
  ]);
  const lineage = await store.getLineageSubgraph({
    startingArtifacts: { filterQuery: 'id = 2' },
    direction: 'UPSTREAM',
    maxNumHops: 4,
  });
  expect(lineage.artifacts.map((a) => a.id).sort()).toEqual([1, 2]);
  expect(lineage.executions.map((e) => e.id)).toEqual([1]);
}

/** After checkV0Rows on the plain v0 store: new writes work and continue the old ids. */
async function checkWrites(store: MetadataStore): Promise<void> {
  // New writes get fresh ids after the old rows, and v3+ features (contexts) work.
  const pipeline = await store.putContextType({ name: 'pipeline' });
  const { executionId, artifactIds, contextIds } = await store.putExecution(
    { typeId: 2, name: 'train-2', lastKnownState: 'COMPLETE', properties: { steps: { intValue: 5 } } },
    [
      { event: { type: 'INPUT', artifactId: 1 } },
      { artifact: { typeId: 3, uri: 'models/2', externalId: 'model-2' }, event: { type: 'OUTPUT' } },
    ],
    [{ typeId: pipeline, name: 'taxi' }],
  );
  expect(executionId).toBe(2);
  expect(artifactIds).toEqual([1, 3]);
  const downstream = await store.getLineageSubgraph({
    startingArtifacts: { filterQuery: 'id = 1' },
    direction: 'DOWNSTREAM',
    maxNumHops: 2,
  });
  expect(downstream.artifacts.map((a) => a.id).sort()).toEqual([1, 2, 3]);
  expect((await store.getArtifactsByContext(contextIds[0] as number)).items.map((a) => a.id)).toEqual([3]);
}

for (const backend of testBackends('migr').filter((b) => b.name !== 'memory')) {
  const dialect = backend.name as SqlDialect;
  const reason = await backend.unavailable();
  if (reason) console.log(`schema migration [${backend.name}]: skipped: ${reason}`);
  describe.skipIf(reason !== undefined)(`schema migration on ${backend.name}`, () => {
    afterAll(() => backend.cleanup());

    it('refuses a v0 store without enableUpgradeMigration, upgrades it with the option, keeping every row', async () => {
      const handle = await backend.fresh();
      await handle.store.close();
      const fresh = await describeSchema(handle, dialect);
      await downgradeToV0(handle, dialect);
      const reopen = handle.reopen as NonNullable<StoreHandle['reopen']>;

      let refusal: unknown;
      await reopen().catch((error: unknown) => {
        refusal = error;
      });
      expect(refusal).toMatchObject({
        code: 'FAILED_PRECONDITION',
        hint: expect.stringMatching(/enableUpgradeMigration/),
      });
      expect((refusal as Error).message).toMatch(
        /version 0 is older than library version 10\. Schema migration is disabled/,
      );
      await expectCode(reopen({ enableUpgradeMigration: false }), 'FAILED_PRECONDITION', /chema migration is disabled/);

      const store = await reopen({ enableUpgradeMigration: true });
      try {
        await checkV0Rows(store);
        await checkWrites(store);
      } finally {
        await store.close();
      }
      expect(await schemaVersion(handle)).toBe(SCHEMA_VERSION);
      expect(await describeSchema(handle, dialect)).toEqual(fresh);
      // A v10 store opens without the option from now on.
      await (await reopen()).close();
    });

    it('upgrades v0 -> v7 -> v10 in stages; v8 keeps the first of duplicate events', async () => {
      const handle = await backend.fresh();
      await handle.store.close();
      const fresh = await describeSchema(handle, dialect);
      await downgradeToV0(handle, dialect);
      expect(await upgradeMetadataStore(handle.url, { toVersion: 7 })).toEqual({
        created: false,
        fromVersion: 0,
        toVersion: 7,
        removedDuplicateEvents: 0,
      });
      expect(await schemaVersion(handle)).toBe(7);
      await expectCode((handle.reopen as NonNullable<StoreHandle['reopen']>)(), 'FAILED_PRECONDITION', /version 7/);

      // The v7 shape: node names and timestamps, byte_value, Context; no external ids, no
      // proto/bool values, no unique key on Event yet.
      const q = (name: string) => (dialect === 'postgres' ? name : `\`${name}\``);
      const exec = handle.exec as (sql: string) => Promise<void>;
      const query = handle.query as (sql: string) => Promise<Rows>;
      await expect(query(`SELECT ${q('external_id')} FROM ${q('Artifact')}`)).rejects.toThrow();
      await expect(query(`SELECT ${q('proto_value')} FROM ${q('ArtifactProperty')}`)).rejects.toThrow();
      await exec(
        `INSERT INTO ${q('Artifact')} (id, type_id, uri, state, name, create_time_since_epoch, last_update_time_since_epoch) VALUES (3, 3, 'models/3', 2, 'm3', 1600000000000, 1600000000001)`,
      );
      await exec(
        `INSERT INTO ${q('ArtifactProperty')} (artifact_id, name, is_custom_property, byte_value) VALUES (3, 'legacy', ${dialect === 'postgres' ? 'TRUE' : '1'}, NULL), (3, 'note', ${dialect === 'postgres' ? 'TRUE' : '1'}, NULL)`,
      );
      await exec(`UPDATE ${q('ArtifactProperty')} SET string_value = 'kept' WHERE name = 'note'`);
      await exec(`DELETE FROM ${q('ArtifactProperty')} WHERE name = 'legacy'`);
      // The same OUTPUT event recorded twice, each with its own path: v8 keeps event 3.
      await exec(
        `INSERT INTO ${q('Event')} (id, artifact_id, execution_id, ${q('type')}, milliseconds_since_epoch) VALUES (3, 3, 1, 4, 1600000000000), (4, 3, 1, 4, 1600000000500)`,
      );
      await exec(
        `INSERT INTO ${q('EventPath')} (event_id, is_index_step, step_index, step_key) VALUES (3, ${dialect === 'postgres' ? 'FALSE' : '0'}, NULL, 'first'), (4, ${dialect === 'postgres' ? 'FALSE' : '0'}, NULL, 'second')`,
      );
      await exec(`INSERT INTO ${q('Type')} (id, name, type_kind, version) VALUES (20, 'run', 2, 'v1')`);
      await exec(
        `INSERT INTO ${q('Context')} (id, type_id, name, create_time_since_epoch, last_update_time_since_epoch) VALUES (1, 20, 'run-1', 1600000000000, 1600000000000)`,
      );
      await exec(`INSERT INTO ${q('Attribution')} (context_id, artifact_id) VALUES (1, 3)`);
      await exec(`INSERT INTO ${q('Association')} (context_id, execution_id) VALUES (1, 1)`);

      expect(await upgradeMetadataStore(handle.url)).toEqual({
        created: false,
        fromVersion: 7,
        toVersion: 10,
        removedDuplicateEvents: 1,
      });
      expect(await describeSchema(handle, dialect)).toEqual(fresh);
      const store = await (handle.reopen as NonNullable<StoreHandle['reopen']>)();
      try {
        const [artifact] = await store.getArtifactsByIds([3]);
        expect(artifact).toMatchObject({
          name: 'm3',
          state: 'LIVE',
          createTimeSinceEpoch: 1600000000000,
          lastUpdateTimeSinceEpoch: 1600000000001,
          customProperties: { note: { stringValue: 'kept' } },
        });
        const events = (await store.getEventsByArtifactIds([3])).map((e) => e.path?.steps);
        expect(events).toEqual([[{ key: 'first' }]]);
        expect(await store.getContextType('run', 'v1')).toMatchObject({ id: 20 });
        const [context] = await store.getContextsByArtifact(3);
        expect(context).toMatchObject({ id: 1, name: 'run-1' });
        expect((await store.getContextsByExecution(1)).map((c) => c.id)).toEqual([1]);
        // New edges get fresh ids; the v8 key now refuses a duplicate event.
        await store.putAttributionsAndAssociations([{ contextId: 1, artifactId: 1 }], []);
        expect((await store.getArtifactsByContext(1)).items.map((a) => a.id).sort()).toEqual([1, 3]);
        await expectCode(store.putEvents([{ artifactId: 3, executionId: 1, type: 'OUTPUT' }]), 'ALREADY_EXISTS');
        await checkV0Rows(store);
      } finally {
        await store.close();
      }
    });

    it('re-running steps over an already upgraded store keeps everything (idempotent steps)', async () => {
      const handle = await backend.fresh();
      await handle.store.close();
      const fresh = await describeSchema(handle, dialect);
      await downgradeToV0(handle, dialect);
      await upgradeMetadataStore(handle.url);
      const store = await (handle.reopen as NonNullable<StoreHandle['reopen']>)();
      const typeId = await store.putArtifactType({ name: 'Tagged', externalId: 'type-x' });
      const [id] = await store.putArtifacts([
        { typeId, name: 'a', externalId: 'ext-a', customProperties: { b: { boolValue: true } } },
      ]);
      await store.close();
      // Claim an older version: steps 5..10 run again over tables that already have their columns.
      await (handle.exec as (sql: string) => Promise<void>)('UPDATE MLMDEnv SET schema_version = 4');
      expect(await upgradeMetadataStore(handle.url)).toMatchObject({ fromVersion: 4, toVersion: 10 });
      expect(await describeSchema(handle, dialect)).toEqual(fresh);
      const again = await (handle.reopen as NonNullable<StoreHandle['reopen']>)();
      try {
        expect(await again.getArtifactsByIds([id as number])).toMatchObject([
          { name: 'a', externalId: 'ext-a', customProperties: { b: { boolValue: true } } },
        ]);
        expect(await again.getArtifactType('Tagged')).toMatchObject({ externalId: 'type-x' });
        await checkV0Rows(again);
      } finally {
        await again.close();
      }
    });

    it('upgradeMetadataStore creates v10 in an empty database and leaves a v10 store alone', async () => {
      const handle = await backend.fresh();
      await handle.store.close();
      expect(await upgradeMetadataStore(handle.url)).toEqual({
        created: false,
        fromVersion: 10,
        toVersion: 10,
        removedDuplicateEvents: 0,
      });
    });
  });
}
