import { expect } from 'vitest';
import type { MetadataStore } from '../../src/metadata/metadata-store.js';
import type { Artifact, Context, Event, Execution } from '../../src/metadata/types.js';
import type { StoreHandle } from './backends.js';
import { downgradeToV0 } from './legacy-schema.js';

/** Expects a promise to reject with a MetadataError of this code (and message part). */
export async function expectCode(promise: Promise<unknown>, code: string, message?: string | RegExp): Promise<void> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected ${code}`).toBeInstanceOf(Error);
  expect((caught as { code?: string }).code, String((caught as Error).message)).toBe(code);
  if (message !== undefined) expect((caught as Error).message).toMatch(message);
}

const ids = (nodes: ReadonlyArray<{ id?: number }>) => nodes.map((n) => n.id as number);
const sorted = (list: readonly number[]) => [...list].sort((a, b) => a - b);

async function exampleType(store: MetadataStore, name = 'T'): Promise<number> {
  return store.putArtifactType({ name, properties: { foo: 'INT', bar: 'STRING', baz: 'DOUBLE' } });
}

/** Collects every page of a paged listing, the way the Python client follows tokens. */
async function allPages<T>(
  list: (options: { maxResultSize: number; nextPageToken?: string }) => Promise<{ items: T[]; nextPageToken?: string }>,
): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  do {
    const page = await list({ maxResultSize: 100, ...(token ? { nextPageToken: token } : {}) });
    out.push(...page.items);
    token = page.nextPageToken;
  } while (token);
  return out;
}

/** The lineage graph used by put-lineage-subgraph and the read-mask cases. */
async function lineageSubgraphFixture(store: MetadataStore) {
  const at = await store.putArtifactType({ name: 'artifact_type' });
  const et = await store.putExecutionType({ name: 'execution_type' });
  const ct = await store.putContextType({ name: 'context_type' });
  const [existingContext] = await store.putContexts([{ typeId: ct, name: 'existing_context' }]);
  const [existingExecution] = await store.putExecutions([{ typeId: et, name: 'existing_execution' }]);
  const [existingArtifact] = await store.putArtifacts([{ typeId: at, uri: 'input_artifact' }]);
  const executions: Execution[] = [
    { id: existingExecution as number, typeId: et },
    { typeId: et, name: 'new_execution' },
  ];
  const artifacts: Artifact[] = [
    { id: existingArtifact as number, typeId: at, uri: 'input_artifact' },
    { typeId: at, uri: 'output_artifact' },
  ];
  const contexts: Context[] = [
    { typeId: ct, name: 'existing_context' },
    { typeId: ct, name: 'new_context' },
  ];
  const edges = [
    {
      executionIndex: 0,
      artifactIndex: 0,
      event: { type: 'INPUT', executionId: existingExecution, artifactId: existingArtifact } as Event,
    },
    { artifactIndex: 1, event: { type: 'OUTPUT', executionId: existingExecution } as Event },
    { executionIndex: 1, event: { type: 'INPUT', artifactId: existingArtifact } as Event },
    { executionIndex: 1, artifactIndex: 1, event: { type: 'OUTPUT' } as Event },
  ];
  return { at, et, ct, existingContext, existingExecution, existingArtifact, executions, artifacts, contexts, edges };
}

/** a1 -INPUT-> e1 -OUTPUT-> a2 -INPUT-> e2, a1 -INPUT-> e2. */
async function hopsFixture(store: MetadataStore) {
  const at = await store.putArtifactType({ name: 'A' });
  const et = await store.putExecutionType({ name: 'E' });
  const [a1, a2] = (await store.putArtifacts([
    { typeId: at, name: 'a1' },
    { typeId: at, name: 'a2' },
  ])) as [number, number];
  const [e1, e2] = (await store.putExecutions([
    { typeId: et, name: 'e1' },
    { typeId: et, name: 'e2' },
  ])) as [number, number];
  await store.putEvents([
    { artifactId: a1, executionId: e1, type: 'INPUT' },
    { artifactId: a1, executionId: e2, type: 'INPUT' },
    { artifactId: a2, executionId: e1, type: 'OUTPUT' },
    { artifactId: a2, executionId: e2, type: 'INPUT' },
  ]);
  const ev = {
    ev0: `${a1}-${e1}`,
    ev1: `${a1}-${e2}`,
    ev2: `${a2}-${e1}`,
    ev3: `${a2}-${e2}`,
  };
  return { a1, a2, e1, e2, ev };
}

const edgeKeys = (events: readonly Event[]) => events.map((e) => `${e.artifactId}-${e.executionId}`).sort();

/** One implementation per conformance statement id. */
export const CASES: Record<string, (h: StoreHandle) => Promise<void>> = {
  'type-put-get': async ({ store }) => {
    const id = await exampleType(store);
    const type = await store.getArtifactType('T');
    expect(type).toMatchObject({ id, name: 'T', properties: { foo: 'INT', bar: 'STRING', baz: 'DOUBLE' } });
  },

  'type-put-same-twice': async ({ store }) => {
    const type = { name: 'test_type2', properties: { property_1: 'STRING' as const } };
    expect(await store.putArtifactType(type)).toBe(await store.putArtifactType(type));
  },

  'type-add-field-needs-flag': async ({ store }) => {
    const id = await store.putArtifactType({ name: 'test_type', properties: { property_1: 'STRING' } });
    const wider = { name: 'test_type', properties: { property_1: 'STRING' as const, property_2: 'INT' as const } };
    await expectCode(store.putArtifactType(wider), 'ALREADY_EXISTS');
    expect(await store.putArtifactType(wider, { canAddFields: true })).toBe(id);
    expect((await store.getArtifactType('test_type')).properties).toEqual({ property_1: 'STRING', property_2: 'INT' });
  },

  'type-change-property-type': async ({ store }) => {
    await store.putArtifactType({ name: 'test_type', properties: { property_1: 'STRING' } });
    await expectCode(
      store.putArtifactType({ name: 'test_type', properties: { property_1: 'DOUBLE' } }, { canAddFields: true }),
      'ALREADY_EXISTS',
    );
    expect((await store.getArtifactType('test_type')).properties).toEqual({ property_1: 'STRING' });
  },

  'type-missing-name': async ({ store }) => {
    await expectCode(
      store.putArtifactType({ properties: { property_2: 'INT' } }, { canAddFields: true }),
      'INVALID_ARGUMENT',
    );
  },

  'type-omit-fields': async ({ store }) => {
    const base = { foo: 'INT', bar: 'STRING', baz: 'DOUBLE' } as const;
    const id = await store.putArtifactType({ name: 'T', properties: { ...base, p1: 'INT' } });
    await expectCode(store.putArtifactType({ name: 'T', properties: base }), 'ALREADY_EXISTS');
    expect(await store.putArtifactType({ name: 'T', properties: base }, { canOmitFields: true })).toBe(id);
    expect((await store.getArtifactType('T')).properties).toHaveProperty('p1', 'INT');
  },

  'type-omit-and-add': async ({ store }) => {
    const base = { foo: 'INT', bar: 'STRING', baz: 'DOUBLE' } as const;
    const id = await store.putArtifactType({ name: 'T', properties: { ...base, p1: 'INT' } });
    const request = { name: 'T', properties: { ...base, p2: 'DOUBLE' as const } };
    await expectCode(store.putArtifactType(request), 'ALREADY_EXISTS');
    await expectCode(store.putArtifactType(request, { canOmitFields: true }), 'ALREADY_EXISTS');
    expect(await store.putArtifactType(request, { canAddFields: true, canOmitFields: true })).toBe(id);
    expect(Object.keys((await store.getArtifactType('T')).properties ?? {}).sort()).toEqual([
      'bar',
      'baz',
      'foo',
      'p1',
      'p2',
    ]);
  },

  'type-versions-distinct': async ({ store }) => {
    const a = await store.putArtifactType({ name: 'test_type', properties: { property_1: 'STRING' } });
    const b = await store.putArtifactType({ name: 'test_type', version: '1', properties: { property_1: 'INT' } });
    const c = await store.putArtifactType({ name: 'test_type', version: '2', properties: { property_1: 'DOUBLE' } });
    expect(new Set([a, b, c]).size).toBe(3);
    expect((await store.getArtifactType('test_type')).properties).toEqual({ property_1: 'STRING' });
    expect((await store.getArtifactType('test_type', '1')).properties).toEqual({ property_1: 'INT' });
    expect((await store.getArtifactType('test_type', '2')).properties).toEqual({ property_1: 'DOUBLE' });
  },

  'type-empty-version-is-unset': async ({ store }) => {
    await store.putContextType({ name: 'test_type' });
    await store.putContextType({ name: 'test_type', version: '' });
    await store.putContextType({ name: 'test_type_2', version: '' });
    await store.putContextType({ name: 'test_type_2' });
    const types = await store.getContextTypes();
    expect(types.map((t) => t.name).sort()).toEqual(['test_type', 'test_type_2']);
    expect(types.every((t) => t.version === undefined)).toBe(true);
  },

  'type-evolve-versioned': async ({ store }) => {
    const id = await store.putExecutionType({ name: 'test_type', version: '1', properties: { property_1: 'STRING' } });
    const second = {
      name: 'test_type',
      version: '1',
      properties: { property_1: 'STRING' as const, property_2: 'INT' as const },
    };
    await expectCode(store.putExecutionType(second), 'ALREADY_EXISTS');
    expect(await store.putExecutionType(second, { canAddFields: true })).toBe(id);
    const third = { name: 'test_type', version: '1', properties: { property_3: 'DOUBLE' as const } };
    await expectCode(store.putExecutionType(third, { canAddFields: true }), 'ALREADY_EXISTS');
    expect(await store.putExecutionType(third, { canAddFields: true, canOmitFields: true })).toBe(id);
    expect((await store.getExecutionType('test_type', '1')).properties).toEqual({
      property_1: 'STRING',
      property_2: 'INT',
      property_3: 'DOUBLE',
    });
  },

  'type-get-missing': async ({ store }) => {
    await expectCode(store.getArtifactType('not_found_type'), 'NOT_FOUND');
  },

  'type-list-empty-hides-simple-types': async ({ store }) => {
    expect(await store.getArtifactTypes()).toEqual([]);
  },

  'type-base-type': async ({ store }) => {
    const type = { name: 'test_type2', properties: { property_1: 'STRING' as const } };
    const id = await store.putArtifactType({ ...type, baseType: 'MODEL' });
    expect((await store.getArtifactType('test_type2')).baseType).toBe('MODEL');
    await expectCode(
      store.putArtifactType({ ...type, baseType: 'DATASET' }),
      'UNIMPLEMENTED',
      'base_type update is not supported yet',
    );
    expect(await store.putArtifactType(type)).toBe(id);
    await expectCode(
      store.putArtifactType({ ...type, baseType: 'UNSET' }),
      'UNIMPLEMENTED',
      'base_type deletion is not supported yet',
    );
    expect((await store.getArtifactType('test_type2')).baseType).toBe('MODEL');
  },

  'type-external-id-lookup': async ({ store }) => {
    await store.putArtifactType({ name: 't0' });
    await store.putArtifactType({ name: 't1' });
    await store.putArtifactType({ name: 't0', externalId: 'artifact_type_0' }, { canAddFields: true });
    await store.putArtifactType({ name: 't1', externalId: 'artifact_type_1' }, { canAddFields: true });
    const found = await store.getArtifactTypesByExternalIds(['artifact_type_0', 'artifact_type_1', 'absent']);
    expect(found.map((t) => t.externalId).sort()).toEqual(['artifact_type_0', 'artifact_type_1']);
    await expectCode(store.getArtifactTypesByExternalIds(['']), 'INVALID_ARGUMENT');
  },

  'artifact-put-get-by-id': async ({ store }) => {
    const typeId = await exampleType(store);
    const [id] = await store.putArtifacts([
      { typeId, properties: { foo: { intValue: 3 }, bar: { stringValue: 'Hello' } } },
    ]);
    const [artifact] = await store.getArtifactsByIds([id as number]);
    expect(artifact?.properties).toEqual({ foo: { intValue: 3 }, bar: { stringValue: 'Hello' } });
  },

  'artifact-unmatched-property': async ({ store }) => {
    const typeId = await exampleType(store);
    await expectCode(
      store.putArtifacts([{ typeId, uri: 'testuri', properties: { foo: {} } }]),
      'INVALID_ARGUMENT',
      'Found unmatched property type: foo',
    );
  },

  'artifact-duplicate-name': async ({ store }) => {
    const typeId = await exampleType(store);
    await expectCode(
      store.putArtifacts([
        { typeId, name: 'the_same_name' },
        { typeId, name: 'the_same_name' },
      ]),
      'ALREADY_EXISTS',
    );
    expect((await store.getArtifacts()).items).toEqual([]);
  },

  'context-empty-name': async ({ store }) => {
    const typeId = await store.putContextType({ name: 'T' });
    await expectCode(store.putContexts([{ typeId }]), 'INVALID_ARGUMENT');
  },

  // The statement's last part (a request carrying the deprecated proto field 1) has no
  // equivalent in a typed API; everything else is checked.
  'artifacts-by-uri': async ({ store }) => {
    const typeId = await exampleType(store);
    await store.putArtifacts([
      { typeId, uri: 'testuri://with_one_artifact' },
      { typeId, uri: 'testuri://with_multiple_artifacts' },
      { typeId, uri: 'testuri://with_multiple_artifacts' },
      { typeId },
      { typeId },
      { typeId },
    ]);
    expect(await store.getArtifactsByUri(['testuri://with_one_artifact'])).toHaveLength(1);
    expect(await store.getArtifactsByUri(['testuri://with_multiple_artifacts'])).toHaveLength(2);
    expect(await store.getArtifactsByUri([''])).toHaveLength(3);
    expect(await store.getArtifactsByUri(['unknown_uri'])).toHaveLength(0);
    const mixed = [
      'unknown_uri',
      'testuri://with_one_artifact',
      'testuri://with_one_artifact',
      'unknown_uri_2',
      'testuri://with_multiple_artifacts',
      '',
    ];
    expect(await store.getArtifactsByUri(mixed)).toHaveLength(6);
  },

  'artifact-update-keeps-type-id': async ({ store }) => {
    const typeId = await exampleType(store);
    const [id] = (await store.putArtifacts([{ typeId, properties: { bar: { stringValue: 'Hello' } } }])) as [number];
    expect(
      await store.putArtifacts([
        {
          id,
          typeId,
          externalId: 'artifact_2',
          properties: { foo: { intValue: id }, bar: { stringValue: 'Goodbye' } },
        },
      ]),
    ).toEqual([id]);
    const [updated] = await store.getArtifactsByIds([id]);
    expect(updated).toMatchObject({
      externalId: 'artifact_2',
      properties: { foo: { intValue: id }, bar: { stringValue: 'Goodbye' } },
    });
    expect(await store.putArtifacts([{ id }])).toEqual([id]);
    expect((await store.getArtifactsByIds([id]))[0]?.typeId).toBe(typeId);
  },

  'artifact-masked-update': async ({ store }) => {
    const typeId = await exampleType(store);
    const [id] = (await store.putArtifacts([
      { typeId, uri: 'test_uri', properties: { bar: { stringValue: 'Hello' } } },
    ])) as [number];
    await store.putArtifacts(
      [
        {
          id,
          typeId,
          externalId: 'new_external_id',
          properties: { foo: { intValue: id }, bar: { stringValue: 'Goodbye' } },
          customProperties: { hello: { stringValue: 'World' } },
        },
      ],
      { updateMask: ['external_id', 'properties.foo', 'custom_properties.hello', '', 'invalid_field_mask_path'] },
    );
    const [artifact] = await store.getArtifactsByIds([id]);
    expect(artifact).toMatchObject({
      uri: 'test_uri',
      externalId: 'new_external_id',
      properties: { foo: { intValue: id }, bar: { stringValue: 'Hello' } },
      customProperties: { hello: { stringValue: 'World' } },
    });
  },

  'artifact-occ': async ({ store }) => {
    const typeId = await exampleType(store);
    const [id] = (await store.putArtifacts([{ typeId }])) as [number];
    const [read] = await store.getArtifactsByIds([id]);
    const request = { ...read, state: 'LIVE' as const };
    expect(await store.putArtifacts([request], { abortIfLatestUpdatedTimeChanged: true })).toEqual([id]);
    await expectCode(store.putArtifacts([request], { abortIfLatestUpdatedTimeChanged: true }), 'FAILED_PRECONDITION');
  },

  'node-get-by-type-and-name-absent': async ({ store }) => {
    const typeId = await exampleType(store);
    const [id] = await store.putArtifacts([{ typeId, name: 'N' }]);
    expect((await store.getArtifactByTypeAndName('T', 'N'))?.id).toBe(id);
    expect(await store.getArtifactByTypeAndName('random_name', 'N')).toBeUndefined();
    expect(await store.getArtifactByTypeAndName('T', 'random_name')).toBeUndefined();
    expect(await store.getArtifactByTypeAndName('T', 'N', 'v1')).toBeUndefined();
  },

  'nodes-by-unknown-type': async ({ store }) => {
    expect((await store.getArtifactsByType('unknown')).items).toEqual([]);
    expect((await store.getExecutionsByType('unknown')).items).toEqual([]);
    await store.putArtifactType({ name: 'empty_a' });
    await store.putExecutionType({ name: 'empty_e' });
    expect((await store.getArtifactsByType('empty_a')).items).toEqual([]);
    expect((await store.getExecutionsByType('empty_e')).items).toEqual([]);
  },

  'put-execution-unknown-id': async ({ store }) => {
    const typeId = await store.putExecutionType({ name: 'E' });
    await expectCode(store.putExecution({ id: 1000, typeId }, [], []), 'INVALID_ARGUMENT');
  },

  'events-put-get': async ({ store }) => {
    const at = await store.putArtifactType({ name: 'A' });
    const et = await store.putExecutionType({ name: 'E' });
    const [a] = (await store.putArtifacts([{ typeId: at }])) as [number];
    const [e] = (await store.putExecutions([{ typeId: et }])) as [number];
    await store.putEvents([{ type: 'DECLARED_OUTPUT', artifactId: a, executionId: e }]);
    for (const events of [await store.getEventsByArtifactIds([a]), await store.getEventsByExecutionIds([e])]) {
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ type: 'DECLARED_OUTPUT', artifactId: a, executionId: e });
    }
  },

  'events-missing-artifact-id': async ({ store }) => {
    const et = await store.putExecutionType({ name: 'E' });
    const at = await store.putArtifactType({ name: 'A' });
    const [e] = (await store.putExecutions([{ typeId: et }])) as [number];
    const [a] = (await store.putArtifacts([{ typeId: at }])) as [number];
    await expectCode(store.putEvents([{ type: 'DECLARED_OUTPUT', executionId: e }]), 'INVALID_ARGUMENT');
    await expectCode(store.putEvents([{ type: 'DECLARED_OUTPUT', artifactId: a }]), 'INVALID_ARGUMENT');
  },

  'events-paths': async ({ store }) => {
    const at = await store.putArtifactType({ name: 'A' });
    const et = await store.putExecutionType({ name: 'E' });
    const [a0, a1] = (await store.putArtifacts([{ typeId: at }, { typeId: at }])) as [number, number];
    const [e] = (await store.putExecutions([{ typeId: et }])) as [number];
    await store.putEvents([
      { type: 'DECLARED_INPUT', artifactId: a0, executionId: e, path: { steps: [{ key: 'ggg' }] } },
      { type: 'DECLARED_INPUT', artifactId: a1, executionId: e, path: { steps: [{ key: 'fff' }] } },
    ]);
    const events = await store.getEventsByExecutionIds([e]);
    expect(
      events.map((ev) => ev.path?.steps).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y))),
    ).toEqual([[{ key: 'fff' }], [{ key: 'ggg' }]]);
  },

  'put-execution-steps': async ({ store }) => {
    const at = await store.putArtifactType({ name: 'A' });
    const et = await store.putExecutionType({ name: 'E', properties: { running_status: 'STRING' } });
    const execution: Execution = {
      typeId: et,
      lastKnownState: 'NEW',
      properties: { running_status: { stringValue: 'INIT' } },
    };
    const r1 = await store.putExecution(execution, [], []);
    expect(r1.artifactIds).toEqual([]);
    const withId = { ...execution, id: r1.executionId };
    const r2 = await store.putExecution(withId, [{ artifact: { typeId: at, uri: 'input' } }], []);
    expect(r2.executionId).toBe(r1.executionId);
    expect(r2.artifactIds).toHaveLength(1);
    const artifact1 = r2.artifactIds[0] as number;
    const r3 = await store.putExecution(
      { ...withId, lastKnownState: 'COMPLETE' },
      [
        { event: { type: 'DECLARED_INPUT', artifactId: artifact1 } },
        { artifact: { typeId: at, uri: 'output', state: 'LIVE' }, event: { type: 'DECLARED_OUTPUT' } },
      ],
      [],
    );
    expect(r3.artifactIds[0]).toBe(artifact1);
    expect(r3.artifactIds).toHaveLength(2);
    const r4 = await store.putExecution({ ...withId, lastKnownState: 'COMPLETE' }, [{}, {}], []);
    expect(r4.artifactIds).toEqual([-1, -1]);
    const artifacts = (await store.getArtifacts()).items;
    expect(artifacts).toHaveLength(2);
    const executions = (await store.getExecutions()).items;
    expect(executions).toHaveLength(1);
    expect(executions[0]?.lastKnownState).toBe('COMPLETE');
    expect(await store.getEventsByExecutionIds([r1.executionId])).toHaveLength(2);
    const maxCreate = Math.max(...artifacts.map((a) => a.createTimeSinceEpoch as number));
    expect(executions[0]?.lastUpdateTimeSinceEpoch).toBeGreaterThanOrEqual(maxCreate);
  },

  'put-execution-contexts': async ({ store }) => {
    const at = await store.putArtifactType({ name: 'A' });
    const et = await store.putExecutionType({ name: 'E' });
    const ct = await store.putContextType({ name: 'C' });
    const result = await store.putExecution(
      { typeId: et },
      [{ artifact: { typeId: at, uri: 'a' }, event: { type: 'OUTPUT' } }],
      [
        { typeId: ct, name: 'c1' },
        { typeId: ct, name: 'c2' },
      ],
    );
    expect(result.artifactIds).toHaveLength(1);
    expect(result.contextIds).toHaveLength(2);
    for (const contextId of result.contextIds) {
      expect(ids((await store.getArtifactsByContext(contextId)).items)).toEqual(result.artifactIds);
      expect(ids((await store.getExecutionsByContext(contextId)).items)).toEqual([result.executionId]);
    }
  },

  'put-execution-no-contexts': async ({ store }) => {
    const at = await store.putArtifactType({ name: 'A' });
    const et = await store.putExecutionType({ name: 'E' });
    for (const contexts of [[], undefined]) {
      const r = await store.putExecution(
        { typeId: et },
        [{ artifact: { typeId: at } }, { artifact: { typeId: at }, event: { type: 'DECLARED_INPUT' } }],
        contexts,
      );
      expect(r.artifactIds).toHaveLength(2);
      expect(r.contextIds).toEqual([]);
      expect(await store.getEventsByExecutionIds([r.executionId])).toHaveLength(1);
    }
  },

  'put-execution-reuse-context': async ({ store }) => {
    const et = await store.putExecutionType({ name: 'E' });
    const ct = await store.putContextType({ name: 'C' });
    const context = { typeId: ct, name: 'the_context' };
    const first = await store.putExecution({ typeId: et }, [], [context]);
    await expectCode(store.putExecution({ typeId: et }, [], [context]), 'ALREADY_EXISTS');
    const second = await store.putExecution({ typeId: et }, [], [context], { reuseContextIfAlreadyExist: true });
    expect(second.contextIds).toEqual(first.contextIds);
    expect(second.executionId).not.toBe(first.executionId);
    expect((await store.getExecutionsByContext(first.contextIds[0] as number)).items).toHaveLength(2);
  },

  'put-execution-force-reuse-context': async ({ store }) => {
    const et = await store.putExecutionType({ name: 'E' });
    const ct = await store.putContextType({ name: 'C' });
    const [cid] = (await store.putContexts([
      { typeId: ct, name: 'c', customProperties: { property1: { stringValue: 'value1' } } },
    ])) as [number];
    const r = await store.putExecution(
      { typeId: et },
      [],
      [
        {
          id: cid,
          typeId: ct,
          name: 'c',
          customProperties: { property1: { stringValue: 'changed' }, property2: { stringValue: 'added' } },
        },
      ],
      { forceReuseContext: true },
    );
    expect(r.contextIds).toEqual([cid]);
    expect((await store.getContextsByIds([cid]))[0]?.customProperties).toEqual({
      property1: { stringValue: 'value1' },
    });
    await expectCode(
      store.putExecution({ typeId: et }, [], [{ id: 12345, typeId: ct, name: 'x' }], { forceReuseContext: true }),
      'NOT_FOUND',
    );
  },

  'put-execution-reuse-artifact-external-id': async ({ store }) => {
    const at = await store.putArtifactType({ name: 'A' });
    const et = await store.putExecutionType({ name: 'E' });
    const artifact = { typeId: at, externalId: 'artifact_reference_str', name: 'artifact_name' };
    const first = await store.putExecution({ typeId: et }, [{ artifact }], []);
    const id = first.artifactIds[0] as number;
    const resend = { ...artifact, uri: 'new_uri' };
    await expectCode(store.putExecution({ typeId: et }, [{ artifact: resend }], []), 'ALREADY_EXISTS');
    const second = await store.putExecution({ typeId: et }, [{ artifact: resend }], [], {
      reuseArtifactIfAlreadyExistByExternalId: true,
    });
    expect(second.artifactIds).toEqual([id]);
    expect((await store.getArtifactsByIds([id]))[0]?.uri).toBe('new_uri');
    await expectCode(
      store.putExecution({ typeId: et }, [{ artifact: { typeId: at, name: 'artifact_name' } }], [], {
        reuseArtifactIfAlreadyExistByExternalId: true,
      }),
      'ALREADY_EXISTS',
    );
    await store.putExecution({ typeId: et }, [{ artifact: { id, typeId: at, externalId: 'new_reference' } }], [], {
      reuseArtifactIfAlreadyExistByExternalId: true,
    });
    expect((await store.getArtifactsByIds([id]))[0]?.externalId).toBe('new_reference');
  },

  'put-execution-duplicate-artifacts': async ({ store }) => {
    const at = await store.putArtifactType({ name: 'A' });
    const et = await store.putExecutionType({ name: 'E' });
    const ct = await store.putContextType({ name: 'C' });
    const [cid] = (await store.putContexts([{ typeId: ct, name: 'c' }])) as [number];
    await store.putArtifacts([{ typeId: at, externalId: 'ext', name: 'art' }]);
    const artifact = { typeId: at, externalId: 'ext', name: 'art' };
    await store.putExecution({ typeId: et }, [{ artifact }, { artifact }], [{ typeId: ct, name: 'c' }], {
      reuseContextIfAlreadyExist: true,
      reuseArtifactIfAlreadyExistByExternalId: true,
    });
    expect((await store.getArtifactsByContext(cid)).items).toHaveLength(1);
  },

  'put-lineage-subgraph': async ({ store }) => {
    const f = await lineageSubgraphFixture(store);
    await expectCode(store.putLineageSubgraph(f.executions, f.artifacts, f.contexts, f.edges), 'ALREADY_EXISTS');
    const r = await store.putLineageSubgraph(f.executions, f.artifacts, f.contexts, f.edges, {
      reuseContextIfAlreadyExist: true,
    });
    expect(r.executionIds[0]).toBe(f.existingExecution);
    expect(r.artifactIds[0]).toBe(f.existingArtifact);
    expect(r.contextIds[0]).toBe(f.existingContext);
    expect(r.executionIds).toHaveLength(2);
    for (const contextId of r.contextIds) {
      expect((await store.getArtifactsByContext(contextId)).items).toHaveLength(2);
      expect((await store.getExecutionsByContext(contextId)).items).toHaveLength(2);
    }
    expect(await store.getEventsByExecutionIds(r.executionIds)).toHaveLength(4);
  },

  'put-lineage-subgraph-invalid-edges': async ({ store }) => {
    const f = await lineageSubgraphFixture(store);
    const newContext = [{ typeId: f.ct, name: 'another' }];
    const bad = async (edge: object, code: string) =>
      expectCode(store.putLineageSubgraph(f.executions, f.artifacts, newContext, [edge]), code);
    await bad({ executionIndex: 0, artifactIndex: 0 }, 'INVALID_ARGUMENT');
    await bad({ artifactIndex: 0, event: { type: 'INPUT' } }, 'INVALID_ARGUMENT');
    await bad({ executionIndex: 0, event: { type: 'INPUT' } }, 'INVALID_ARGUMENT');
    await bad({ executionIndex: 5, artifactIndex: 0, event: { type: 'INPUT' } }, 'OUT_OF_RANGE');
    await bad({ executionIndex: 0, artifactIndex: 9, event: { type: 'INPUT' } }, 'OUT_OF_RANGE');
    await bad(
      { executionIndex: 0, artifactIndex: 0, event: { type: 'INPUT', executionId: 99999 } },
      'INVALID_ARGUMENT',
    );
    // Index 1 points at a node without id while the event carries an id.
    await bad(
      { executionIndex: 1, artifactIndex: 0, event: { type: 'INPUT', executionId: f.existingExecution } },
      'INVALID_ARGUMENT',
    );
    expect((await store.getExecutions()).items).toHaveLength(1);
    await expectCode(store.putLineageSubgraph(f.executions, f.artifacts, f.contexts, f.edges), 'ALREADY_EXISTS');
  },

  'lineage-read-mask-skeleton': async ({ store }) => {
    const f = await lineageSubgraphFixture(store);
    await store.putLineageSubgraph(f.executions, f.artifacts, f.contexts, f.edges, {
      reuseContextIfAlreadyExist: true,
    });
    const query = { startingArtifacts: { filterQuery: "uri = 'output_artifact'" }, maxNumHops: 10 };
    const edgesOnly = await store.getLineageSubgraph(query, ['events', 'associations', 'attributions']);
    expect([edgesOnly.events.length, edgesOnly.associations.length, edgesOnly.attributions.length]).toEqual([4, 4, 4]);
    expect([edgesOnly.artifacts.length, edgesOnly.executions.length, edgesOnly.contexts.length]).toEqual([0, 0, 0]);
    expect(edgesOnly.artifactTypes.length + edgesOnly.executionTypes.length + edgesOnly.contextTypes.length).toBe(0);
    const all = await store.getLineageSubgraph(query);
    expect([all.artifacts.length, all.executions.length, all.contexts.length]).toEqual([2, 2, 2]);
    expect([all.artifactTypes.length, all.executionTypes.length, all.contextTypes.length]).toEqual([1, 1, 1]);
    const types = await store.getLineageSubgraph(query, ['artifact_types', 'execution_types', 'context_types']);
    expect([types.artifactTypes.length, types.executionTypes.length, types.contextTypes.length]).toEqual([1, 1, 1]);
    expect(types.artifacts.length + types.executions.length + types.contexts.length + types.events.length).toBe(0);
    const nodes = await store.getLineageSubgraph(query, ['artifacts', 'executions', 'contexts']);
    expect([nodes.artifacts.length, nodes.executions.length, nodes.contexts.length]).toEqual([2, 2, 2]);
    expect(nodes.events.length + nodes.artifactTypes.length + nodes.associations.length).toBe(0);
  },

  'lineage-zero-hops-from-executions': async ({ store }) => {
    const f = await lineageSubgraphFixture(store);
    await store.putLineageSubgraph(f.executions, f.artifacts, f.contexts, f.edges, {
      reuseContextIfAlreadyExist: true,
    });
    const g = await store.getLineageSubgraph({
      startingExecutions: { filterQuery: "contexts_a.name='existing_context'" },
      maxNumHops: 0,
    });
    expect([g.artifacts.length, g.executions.length, g.contexts.length]).toEqual([0, 2, 2]);
    expect([g.events.length, g.associations.length, g.attributions.length]).toEqual([0, 4, 0]);
    expect([g.artifactTypes.length, g.executionTypes.length, g.contextTypes.length]).toEqual([0, 1, 1]);
  },

  'lineage-direction': async ({ store }) => {
    const at = await store.putArtifactType({ name: 'A' });
    const et = await store.putExecutionType({ name: 'E' });
    const ct = await store.putContextType({ name: 'C' });
    const r = await store.putExecution(
      { typeId: et, name: 'test_execution' },
      [
        { artifact: { typeId: at, name: 'input_artifact' }, event: { type: 'INPUT' } },
        { artifact: { typeId: at, name: 'output_artifact' }, event: { type: 'OUTPUT' } },
      ],
      [{ typeId: ct, name: 'ctx' }],
    );
    const start = { startingExecutions: { filterQuery: "name = 'test_execution'" }, maxNumHops: 2 };
    const down = await store.getLineageSubgraph({ ...start, direction: 'DOWNSTREAM' });
    expect(down.artifacts.map((a) => a.name)).toEqual(['output_artifact']);
    expect(ids(down.executions)).toEqual([r.executionId]);
    expect([down.events.length, down.contexts.length]).toEqual([1, 1]);
    const up = await store.getLineageSubgraph({ ...start, direction: 'UPSTREAM' });
    expect(up.artifacts.map((a) => a.name)).toEqual(['input_artifact']);
    expect([up.executions.length, up.events.length]).toEqual([1, 1]);
  },

  'lineage-hops': async ({ store }) => {
    const { a1, a2, e1, e2, ev } = await hopsFixture(store);
    const mask = ['artifacts', 'executions', 'events'] as const;
    const run = async (
      filter: { startingArtifacts?: { filterQuery: string }; startingExecutions?: { filterQuery: string } },
      hops: number,
    ) => {
      const g = await store.getLineageSubgraph({ ...filter, maxNumHops: hops }, [...mask]);
      return { a: sorted(ids(g.artifacts)), e: sorted(ids(g.executions)), ev: edgeKeys(g.events) };
    };
    expect(await run({ startingArtifacts: { filterQuery: `id = ${a1}` } }, 1)).toEqual({
      a: [a1],
      e: sorted([e1, e2]),
      ev: [ev.ev0, ev.ev1].sort(),
    });
    expect(await run({ startingArtifacts: { filterQuery: `id = ${a1}` } }, 2)).toEqual({
      a: sorted([a1, a2]),
      e: sorted([e1, e2]),
      ev: Object.values(ev).sort(),
    });
    expect(await run({ startingArtifacts: { filterQuery: `id IN (${a1}, ${a2})` } }, 0)).toEqual({
      a: sorted([a1, a2]),
      e: [],
      ev: [],
    });
    expect(await run({ startingExecutions: { filterQuery: `id = ${e2}` } }, 1)).toEqual({
      a: sorted([a1, a2]),
      e: [e2],
      ev: [ev.ev1, ev.ev3].sort(),
    });
    expect(await run({ startingExecutions: { filterQuery: `id = ${e2}` } }, 2)).toEqual({
      a: sorted([a1, a2]),
      e: sorted([e1, e2]),
      ev: Object.values(ev).sort(),
    });
  },

  'lineage-ending-nodes': async ({ store }) => {
    const { a1, a2, e1, e2, ev } = await hopsFixture(store);
    const run = async (hops: number, include: boolean, direction?: 'DOWNSTREAM') => {
      const g = await store.getLineageSubgraph({
        startingArtifacts: { filterQuery: `id = ${a1}` },
        maxNumHops: hops,
        endingExecutions: { filterQuery: `id = ${e1}`, includeEndingNodes: include },
        ...(direction ? { direction } : {}),
      });
      return { a: sorted(ids(g.artifacts)), e: sorted(ids(g.executions)), ev: edgeKeys(g.events) };
    };
    expect(await run(2, true)).toEqual({
      a: sorted([a1, a2]),
      e: sorted([e1, e2]),
      ev: [ev.ev0, ev.ev1, ev.ev3].sort(),
    });
    expect(await run(2, false)).toEqual({ a: sorted([a1, a2]), e: [e2], ev: [ev.ev1, ev.ev3].sort() });
    expect((await run(3, true)).ev).toEqual(Object.values(ev).sort());
    expect(await run(3, true, 'DOWNSTREAM')).toEqual({ a: [a1], e: sorted([e1, e2]), ev: [ev.ev0, ev.ev1].sort() });
  },

  'lineage-missing-start': async ({ store }) => {
    await expectCode(
      store.getLineageSubgraph({ startingArtifacts: { filterQuery: '' }, maxNumHops: 0 }),
      'INVALID_ARGUMENT',
    );
    await expectCode(
      store.getLineageSubgraph({ startingExecutions: { filterQuery: '' }, maxNumHops: 0 }),
      'INVALID_ARGUMENT',
    );
  },

  'list-limit-desc': async ({ store }) => {
    const typeId = await exampleType(store);
    const three = await store.putArtifacts([{ typeId }, { typeId }, { typeId }]);
    expect(ids((await store.getArtifacts({ limit: 2, isAsc: false })).items)).toEqual([three[2], three[1]]);
    const many = await store.putArtifacts(Array.from({ length: 200 }, () => ({ typeId })));
    const newest = ids((await store.getArtifacts({ limit: 103, isAsc: false })).items);
    expect(newest).toHaveLength(103);
    expect(newest).toEqual(many.slice(97).reverse());
  },

  'list-page-token': async ({ store }) => {
    const typeId = await exampleType(store);
    const [first] = await store.putArtifacts([{ typeId }]);
    const [second] = await store.putArtifacts([{ typeId }]);
    const options = { maxResultSize: 1, orderBy: 'CREATE_TIME' as const, isAsc: false };
    const page1 = await store.getArtifacts(options);
    expect(ids(page1.items)).toEqual([second]);
    expect(page1.nextPageToken).toBeTruthy();
    const page2 = await store.getArtifacts({ ...options, nextPageToken: page1.nextPageToken as string });
    expect(ids(page2.items)).toEqual([first]);
    expect(page2.nextPageToken).toBeUndefined();
  },

  'list-invalid-page-size': async ({ store }) => {
    await expectCode(
      store.getArtifacts({ maxResultSize: -1, orderBy: 'CREATE_TIME', isAsc: false }),
      'INVALID_ARGUMENT',
    );
  },

  'filter-custom-property-and-like': async ({ store }) => {
    const typeId = await store.putArtifactType({ name: 'T' });
    await store.putArtifacts(
      Array.from({ length: 200 }, (_, i) => ({ typeId, name: `node_${i}`, customProperties: { p: { intValue: i } } })),
    );
    const found = await store.getArtifacts({
      filterQuery: "custom_properties.p.int_value < 21 AND name LIKE 'node_2%'",
      orderBy: 'ID',
      isAsc: true,
    });
    expect(found.items.map((a) => a.name)).toEqual(['node_2', 'node_20']);
  },

  'filter-syntax-error': async ({ store }) => {
    await store.putArtifactType({ name: 'T' });
    for (const filterQuery of ['invalid syntax', "unknown_field = 'uri_3' and type_id = 1", 'executions_c.id = 123']) {
      await expectCode(store.getArtifacts({ filterQuery }), 'INVALID_ARGUMENT');
    }
  },

  'filter-enum-null-semantics': async ({ store }) => {
    const typeId = await store.putArtifactType({ name: 'T' });
    const [a0, a1, a2] = (await store.putArtifacts([0, 1, 2].map((i) => ({ typeId, uri: `uri_${i}` })))) as [
      number,
      number,
      number,
    ];
    expect(sorted(ids((await store.getArtifacts({ filterQuery: 'state IS NULL' })).items))).toEqual([a0, a1, a2]);
    await store.putArtifacts([{ id: a2, typeId, uri: 'uri_2', state: 'LIVE' }]);
    const notLive = await store.getArtifacts({
      filterQuery: "uri LIKE 'uri_%' and type = 'T' and state != LIVE",
      isAsc: false,
    });
    expect(ids(notLive.items)).toEqual([a1, a0]);
    expect(ids((await store.getArtifacts({ filterQuery: 'state = LIVE' })).items)).toEqual([a2]);
    expect(ids((await store.getArtifacts({ filterQuery: `NOT(id = ${a1})`, isAsc: false })).items)).toEqual([a2, a0]);
  },

  'filter-quotes': async ({ store }) => {
    const et = await store.putExecutionType({ name: 'E' });
    const ct = await store.putContextType({ name: 'C' });
    const r = await store.putExecution(
      { typeId: et, name: "exe_name_with_'" },
      [],
      [{ typeId: ct, name: "context_name_with_'" }],
    );
    expect(ids((await store.getExecutions({ filterQuery: `name = "exe_name_with_'"` })).items)).toEqual([
      r.executionId,
    ]);
    expect(ids((await store.getExecutions({ filterQuery: `contexts_1.name = "context_name_with_'"` })).items)).toEqual([
      r.executionId,
    ]);
    await expectCode(store.getExecutions({ filterQuery: "name = 'exe_name_with_''" }), 'INVALID_ARGUMENT');
  },

  'filter-by-context-scope': async ({ store }) => {
    const et = await store.putExecutionType({ name: 'E' });
    const ct = await store.putContextType({ name: 'C' });
    const r1 = await store.putExecution({ typeId: et, lastKnownState: 'NEW' }, [], [{ typeId: ct, name: 'context1' }]);
    const r2 = await store.putExecution(
      { typeId: et, lastKnownState: 'RUNNING' },
      [],
      [{ typeId: ct, name: 'context2' }],
    );
    const filterQuery = 'last_known_state = NEW OR last_known_state = RUNNING';
    expect(ids((await store.getExecutionsByContext(r1.contextIds[0] as number, { filterQuery })).items)).toEqual([
      r1.executionId,
    ]);
    expect(ids((await store.getExecutionsByContext(r2.contextIds[0] as number, { filterQuery })).items)).toEqual([
      r2.executionId,
    ]);
  },

  'filter-events': async ({ store }) => {
    const at = await store.putArtifactType({ name: 'A' });
    const et = await store.putExecutionType({ name: 'E' });
    const [a0, a1, a2] = (await store.putArtifacts([0, 1, 2].map((i) => ({ typeId: at, uri: `uri_${i}` })))) as [
      number,
      number,
      number,
    ];
    const [e0] = (await store.putExecutions([{ typeId: et }])) as [number];
    await store.putEvents([
      { artifactId: a0, executionId: e0, type: 'INPUT' },
      { artifactId: a1, executionId: e0, type: 'OUTPUT' },
      { artifactId: a2, executionId: e0, type: 'OUTPUT', millisecondsSinceEpoch: 1 },
    ]);
    const list = async (filterQuery: string) =>
      ids((await store.getArtifacts({ filterQuery, orderBy: 'CREATE_TIME', isAsc: true })).items);
    expect(await list('events_0.type = INPUT')).toEqual([a0]);
    expect(await list('events_0.type = INPUT OR events_0.type = OUTPUT')).toEqual([a0, a1, a2]);
    expect(await list(`uri = 'uri_0' AND events_0.execution_id = ${e0}`)).toEqual([a0]);
    expect(await list('events_0.type = OUTPUT AND events_0.milliseconds_since_epoch = 1')).toEqual([a2]);
    expect(ids((await store.getExecutions({ filterQuery: `events_0.artifact_id = ${a0}` })).items)).toEqual([e0]);
  },

  'filter-context-neighbour': async ({ store }) => {
    const et = await store.putExecutionType({ name: 'E' });
    const ct = await store.putContextType({ name: 'context_type' });
    const r = await store.putExecution({ typeId: et }, [], [{ typeId: ct, name: 'properties.component.component' }]);
    await store.putExecution({ typeId: et }, [], [{ typeId: ct, name: 'other' }]);
    const found = await store.getExecutions({
      filterQuery: "(contexts_0.type = 'context_type') AND (contexts_0.name = 'properties.component.component')",
    });
    expect(ids(found.items)).toEqual([r.executionId]);
  },

  'attribution-idempotent': async ({ store }) => {
    const at = await store.putArtifactType({ name: 'A' });
    const ct = await store.putContextType({ name: 'C' });
    const [c] = (await store.putContexts([{ typeId: ct, name: 'c' }])) as [number];
    const [a] = (await store.putArtifacts([{ typeId: at }])) as [number];
    await store.putAttributionsAndAssociations(
      [
        { artifactId: a, contextId: c },
        { artifactId: a, contextId: c },
      ],
      [],
    );
    expect(ids(await store.getContextsByArtifact(a))).toEqual([c]);
    expect(ids((await store.getArtifactsByContext(c)).items)).toEqual([a]);
    expect((await store.getExecutionsByContext(c)).items).toEqual([]);
  },

  'executions-by-context-all-pages': async ({ store }) => {
    const at = await store.putArtifactType({ name: 'A' });
    const et = await store.putExecutionType({ name: 'E' });
    const ct = await store.putContextType({ name: 'C' });
    const [c] = (await store.putContexts([{ typeId: ct, name: 'c' }])) as [number];
    const executions = await store.putExecutions(Array.from({ length: 102 }, () => ({ typeId: et })));
    const artifacts = await store.putArtifacts(Array.from({ length: 102 }, () => ({ typeId: at })));
    await store.putAttributionsAndAssociations(
      artifacts.map((artifactId) => ({ artifactId, contextId: c })),
      executions.map((executionId) => ({ executionId, contextId: c })),
    );
    const gotExecutions = await allPages((o) =>
      store.getExecutionsByContext(c, { ...o, orderBy: 'CREATE_TIME', isAsc: false }),
    );
    expect(sorted(ids(gotExecutions))).toEqual(sorted(executions));
    const gotArtifacts = await allPages((o) => store.getArtifactsByContext(c, o));
    expect(sorted(ids(gotArtifacts))).toEqual(sorted(artifacts));
  },

  'parent-context-duplicate': async ({ store }) => {
    const ct = await store.putContextType({ name: 'C' });
    const [child, parent] = (await store.putContexts([
      { typeId: ct, name: 'child' },
      { typeId: ct, name: 'parent' },
    ])) as [number, number];
    await store.putParentContexts([{ childId: child, parentId: parent }]);
    await expectCode(store.putParentContexts([{ childId: child, parentId: parent }]), 'ALREADY_EXISTS');
  },

  'parent-context-invalid': async ({ store }) => {
    const ct = await store.putContextType({ name: 'C' });
    const [c0] = (await store.putContexts([{ typeId: ct, name: 'c0' }])) as [number];
    const cases = [
      {},
      { childId: c0 },
      { parentId: c0 },
      { childId: 9998, parentId: 9999 },
      { childId: c0, parentId: 9999 },
      { childId: 9999, parentId: c0 },
    ];
    for (const edge of cases) {
      await expectCode(store.putParentContexts([edge as { childId: number; parentId: number }]), 'INVALID_ARGUMENT');
    }
  },

  'parent-context-cycle': async ({ store }) => {
    const ct = await store.putContextType({ name: 'C' });
    const c = (await store.putContexts([0, 1, 2, 3, 4].map((i) => ({ typeId: ct, name: `c${i}` })))) as number[];
    const edge = (parent: number, child: number) => ({ parentId: c[parent] as number, childId: c[child] as number });
    await store.putParentContexts([edge(0, 1), edge(1, 2), edge(0, 3), edge(3, 4)]);
    for (const bad of [edge(0, 0), edge(1, 0), edge(2, 0), edge(4, 0)]) {
      await expectCode(store.putParentContexts([bad]), 'INVALID_ARGUMENT');
    }
  },

  'parent-children-lookup': async ({ store }) => {
    const ct = await store.putContextType({ name: 'C' });
    const c = (await store.putContexts([0, 1, 2, 3, 4, 5, 6].map((i) => ({ typeId: ct, name: `c${i}` })))) as number[];
    const edge = (child: number, parent: number) => ({ childId: c[child] as number, parentId: c[parent] as number });
    await store.putParentContexts([edge(1, 0), edge(2, 0), edge(3, 2), edge(6, 1), edge(5, 4), edge(6, 5)]);
    expect(sorted(ids(await store.getParentContextsByContext(c[6] as number)))).toEqual(
      sorted([c[1], c[5]] as number[]),
    );
    expect(sorted(ids(await store.getChildrenContextsByContext(c[0] as number)))).toEqual(
      sorted([c[1], c[2]] as number[]),
    );
    expect(await store.getParentContextsByContext(c[0] as number)).toEqual([]);
    expect(await store.getChildrenContextsByContext(c[3] as number)).toEqual([]);
  },

  'init-idempotent': async (handle) => {
    if (!handle.reopen) throw new Error('this backend cannot be re-opened');
    const id = await handle.store.putArtifactType({ name: 'test_type2' });
    await handle.store.close();
    const again = await handle.reopen();
    try {
      expect((await again.getArtifactType('test_type2')).id).toBe(id);
      for (const name of ['mlmd.Dataset', 'mlmd.Model', 'mlmd.Metrics', 'mlmd.Statistics']) {
        expect((await again.getArtifactType(name)).name).toBe(name);
      }
      for (const name of ['mlmd.Train', 'mlmd.Transform', 'mlmd.Process', 'mlmd.Evaluate', 'mlmd.Deploy']) {
        expect((await again.getExecutionType(name)).name).toBe(name);
      }
      const all = await again.getArtifactTypes();
      expect(all.map((t) => t.name)).toEqual(['test_type2']);
    } finally {
      await again.close();
    }
  },

  'init-migration-disabled': async (handle) => {
    if (!handle.reopen || !handle.exec) throw new Error('this backend has no persisted schema');
    await handle.store.close();
    // Schema 0 (ml-metadata 0.13.2): its 8 tables, no MLMDEnv, a few rows.
    await downgradeToV0(handle, dialectOf(handle.url));
    await expectCode(handle.reopen(), 'FAILED_PRECONDITION', /chema migration is disabled/);
    const upgraded = await handle.reopen({ enableUpgradeMigration: true });
    try {
      expect((await upgraded.getArtifactsByIds([1, 2])).map((a) => a.uri)).toEqual(['data/train.csv', 'models/1']);
    } finally {
      await upgraded.close();
    }
  },
};

function dialectOf(url: string): 'sqlite' | 'postgres' | 'mysql' {
  return url.startsWith('postgres') ? 'postgres' : url.startsWith('mysql') ? 'mysql' : 'sqlite';
}
