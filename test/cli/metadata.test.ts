import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMetadataStore } from '../../src/metadata/open-metadata-store.js';
import { runCli } from '../helpers/run-cli.js';
import { v0Rows, v0Statements } from '../metadata/legacy-schema.js';

const cwd = mkdtempSync(join(tmpdir(), 'datavet-cli-md-'));
let statsId = 0;

beforeAll(async () => {
  // The default store, relative to the working directory.
  const store = await openMetadataStore({ url: '.datavet/metadata.sqlite', cwd });
  const examples = await store.putArtifactType({ name: 'Examples', properties: { span: 'INT' }, baseType: 'DATASET' });
  const stats = await store.putArtifactType({ name: 'ExampleStatistics', baseType: 'STATISTICS' });
  const schema = await store.putArtifactType({ name: 'Schema' });
  const statsGen = await store.putExecutionType({ name: 'StatisticsGen', baseType: 'PROCESS' });
  const schemaGen = await store.putExecutionType({ name: 'SchemaGen', baseType: 'PROCESS' });
  const pipeline = await store.putContextType({ name: 'pipeline' });
  const context = { typeId: pipeline, name: 'taxi' };
  const first = await store.putExecution(
    { typeId: statsGen, name: 'stats-1', lastKnownState: 'COMPLETE' },
    [
      {
        artifact: { typeId: examples, uri: 'data/train.csv', properties: { span: { intValue: 1 } } },
        event: { type: 'INPUT' },
      },
      { artifact: { typeId: stats, uri: 'out/stats "1"', state: 'LIVE' }, event: { type: 'OUTPUT' } },
    ],
    [context],
  );
  statsId = first.artifactIds[1] as number;
  await store.putExecution(
    { typeId: schemaGen, name: 'schema-1', lastKnownState: 'FAILED' },
    [
      { event: { type: 'INPUT', artifactId: statsId } },
      { artifact: { typeId: schema, uri: 'out/schema.pbtxt', state: 'LIVE' }, event: { type: 'OUTPUT' } },
    ],
    [context],
    { reuseContextIfAlreadyExist: true },
  );
  await store.close();
});

afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('datavet metadata list', () => {
  it('lists artifacts of the default store as text', async () => {
    const r = await runCli(['metadata', 'list', 'artifacts'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(3);
    expect(r.stdout).toContain('uri=data/train.csv');
    expect(r.stdout).toContain('span=1');
  });

  it('filters by type and filter_query, as JSON', async () => {
    const r = await runCli(
      ['metadata', 'list', 'executions', '--filter', 'last_known_state = FAILED', '--format', 'json'],
      {
        cwd,
      },
    );
    expect(r.code).toBe(0);
    const nodes = JSON.parse(r.stdout) as Array<{ name: string }>;
    expect(nodes.map((n) => n.name)).toEqual(['schema-1']);
    const byType = await runCli(['metadata', 'list', 'artifacts', '--type', 'Schema', '--format', 'json'], { cwd });
    expect((JSON.parse(byType.stdout) as Array<{ uri: string }>).map((a) => a.uri)).toEqual(['out/schema.pbtxt']);
    const contexts = await runCli(['metadata', 'list', 'contexts'], { cwd });
    expect(contexts.stdout).toContain('name="taxi"');
  });

  it('honours --store and DATAVET_METADATA_STORE', async () => {
    const path = join(cwd, '.datavet', 'metadata.sqlite');
    const viaFlag = await runCli(['metadata', 'list', 'contexts', '--store', `sqlite:${path}`], { cwd: tmpdir() });
    expect(viaFlag.code).toBe(0);
    const viaEnv = await runCli(['metadata', 'list', 'contexts'], {
      cwd: tmpdir(),
      env: { DATAVET_METADATA_STORE: path },
    });
    expect(viaEnv.stdout).toBe(viaFlag.stdout);
  });

  it('reports a bad filter, a bad kind and a missing store as usage errors (exit 2)', async () => {
    const bad = await runCli(['metadata', 'list', 'artifacts', '--filter', "name = 'x'; DROP TABLE Artifact"], { cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('invalid filter_query');
    expect((await runCli(['metadata', 'list', 'models'], { cwd })).code).toBe(2);
    const missing = await runCli(['metadata', 'list', 'artifacts'], { cwd: `${tmpdir()}/nowhere-datavet` });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no metadata store');
    // The store is intact after the rejected filter.
    expect((await runCli(['metadata', 'list', 'artifacts'], { cwd })).stdout.trim().split('\n')).toHaveLength(3);
  });
});

describe('datavet lineage', () => {
  it('shows both directions from an artifact id as text', async () => {
    const r = await runCli(['lineage', String(statsId)], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('3 artifact(s), 2 execution(s), 4 event(s)');
    expect(r.stdout).toContain(`--OUTPUT--> artifact #${statsId}`);
    expect(r.stdout).toContain('context #1 pipeline taxi');
  });

  it('finds the artifact by URI (quotes included) and follows one direction', async () => {
    const up = await runCli(['lineage', 'out/stats "1"', '--direction', 'up', '--format', 'json'], { cwd });
    expect(up.code).toBe(0);
    const graph = JSON.parse(up.stdout) as { artifacts: Array<{ uri: string }>; executions: Array<{ name: string }> };
    expect(graph.artifacts.map((a) => a.uri).sort()).toEqual(['data/train.csv', 'out/stats "1"']);
    expect(graph.executions.map((e) => e.name)).toEqual(['stats-1']);
    const down = await runCli(['lineage', 'out/stats "1"', '--direction', 'down', '--hops', '1', '--format', 'json'], {
      cwd,
    });
    expect((JSON.parse(down.stdout) as { executions: Array<{ name: string }> }).executions.map((e) => e.name)).toEqual([
      'schema-1',
    ]);
  });

  it('renders Graphviz dot', async () => {
    const r = await runCli(['lineage', String(statsId), '--format', 'dot'], { cwd });
    expect(r.stdout.startsWith('digraph lineage {')).toBe(true);
    expect(r.stdout).toContain(`-> a${statsId} [label="OUTPUT"]`);
    expect(r.stdout).toContain('label="ExampleStatistics #');
  });

  it('exits 2 when the artifact does not exist', async () => {
    const r = await runCli(['lineage', '9999'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Cannot find qualified nodes');
  });
});

describe('datavet metadata upgrade', () => {
  it('upgrades a v0 SQLite store to v10, then reports it is current; a missing store is a usage error', async () => {
    const path = join(cwd, 'old-mlmd.sqlite');
    const db = new Database(path);
    for (const statement of [...v0Statements('sqlite'), ...v0Rows('sqlite')]) db.exec(statement);
    db.close();
    const refused = await runCli(['metadata', 'list', 'artifacts', '--store', path], { cwd });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/Schema migration is disabled/);
    expect(refused.stderr).toMatch(/datavet metadata upgrade/);

    const first = await runCli(['metadata', 'upgrade', '--store', 'old-mlmd.sqlite'], { cwd });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('upgraded schema v0 -> v10');
    const again = await runCli(['metadata', 'upgrade', '--store', path], { cwd });
    expect(again.stdout).toContain('already at schema v10');
    const listed = await runCli(['metadata', 'list', 'artifacts', '--store', path], { cwd });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('uri=data/train.csv');

    const missing = await runCli(['metadata', 'upgrade', '--store', 'nope.sqlite'], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no metadata store/);
  });
});
