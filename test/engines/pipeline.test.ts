import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPipelineConfig } from '../../src/pipeline/load-pipeline-config.js';
import { runPipeline } from '../../src/pipeline/run-pipeline.js';
import { readMessageFile } from '../../src/tfmd/index.js';
import { POSTGRES_URL, uniqueName } from '../metadata/backends.js';
import { compareStatistics } from './compare-statistics.js';
import { root } from './engine-suite.js';
import { loadStatements, readRows } from './load-table.js';

// A pipeline whose train split is a PostgreSQL table (source: { engine, connection, table }) runs
// like the same pipeline over files, records the source in lineage with the password masked, and
// is cached on the second run.
const schema = uniqueName('engines_pipeline');
const client = new pg.Client({ connectionString: POSTGRES_URL });
const connection = POSTGRES_URL.replace('//postgres@', '//postgres:hunter2-secret@');
const dirs = {
  engine: mkdtempSync(join(tmpdir(), 'datavet-engines-pipeline-')),
  files: mkdtempSync(join(tmpdir(), 'datavet-engines-pipeline-files-')),
};

beforeAll(async () => {
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}`);
  const data = await readRows(join(root, 'datasets/chicago_taxi/train.csv'));
  for (const sql of loadStatements('postgres', `${schema}.train`, data)) await client.query(sql);
  const config = JSON.parse(readFileSync(join(root, 'datasets/chicago_taxi/datavet.config.json'), 'utf8'));
  for (const dir of Object.values(dirs)) {
    for (const f of ['train.csv', 'eval.csv', 'serving.csv'])
      copyFileSync(join(root, 'datasets/chicago_taxi', f), join(dir, f));
  }
  writeFileSync(join(dirs.files, 'datavet.config.json'), JSON.stringify(config));
  config.splits[0] = {
    ...config.splits[0],
    inputs: undefined,
    source: { engine: 'postgres', connection, table: `${schema}.train` },
  };
  writeFileSync(join(dirs.engine, 'datavet.config.json'), JSON.stringify(config));
}, 60_000);

afterAll(async () => {
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
  for (const dir of Object.values(dirs)) rmSync(dir, { recursive: true, force: true });
});

async function run(dir: string) {
  return runPipeline(await loadPipelineConfig(join(dir, 'datavet.config.json')), { cwd: dir });
}

/** Every file under `dir`, as text, concatenated (to look for a leaked password). */
function allText(dir: string): string {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile())
    .map((f) => readFileSync(f).toString('latin1'))
    .join('\n');
}

describe('pipeline split with source: { engine, connection, table }', () => {
  it('validates the engine split as the file split, records engine, table and fingerprint, masks the password', async () => {
    const [engine, files] = [await run(dirs.engine), await run(dirs.files)];
    expect(engine.passed).toBe(files.passed);
    expect(engine.splits.map((s) => [s.name, s.rows, s.features])).toEqual(
      files.splits.map((s) => [s.name, s.rows, s.features]),
    );
    const importer = engine.components.find((c) => c.nodeId === 'Importer.train')!;
    const examples = importer.outputs.result!;
    expect(examples.customProperties.engine?.stringValue).toBe('postgres');
    expect(examples.customProperties.table?.stringValue).toBe(`${schema}.train`);
    expect(examples.customProperties.fingerprint?.stringValue).toMatch(/^rows:10000;source:[0-9a-f]{64}$/);
    expect(examples.customProperties.connection?.stringValue).toBe(connection.replace('hunter2-secret', '***'));
    const statsOf = async (result: typeof engine) => {
      const uri = result.components.find((c) => c.nodeId === 'StatisticsGen.train')!.outputs.statistics!.uri;
      return readMessageFile(join(uri, 'Split-train', 'FeatureStats.pb'), 'DatasetFeatureStatisticsList');
    };
    expect(compareStatistics(await statsOf(engine), await statsOf(files)).mismatches).toEqual([]);
    // The anomalies of every split are the same.
    for (const [i, split] of engine.splits.entries()) {
      expect(readFileSync(split.anomaliesFile)).toEqual(readFileSync(files.splits[i]!.anomaliesFile));
    }
    // Outputs and the metadata store (the config file itself is the user's).
    expect(allText(join(dirs.engine, '.datavet'))).not.toContain('hunter2');
  });

  it('a second run with the table unchanged reuses every output', async () => {
    const again = await run(dirs.engine);
    expect(again.components.filter((c) => c.state !== 'CACHED').map((c) => c.nodeId)).toEqual([]);
  });

  it('a config naming both inputs and source is rejected', async () => {
    const config = JSON.parse(readFileSync(join(dirs.engine, 'datavet.config.json'), 'utf8'));
    config.splits[0].inputs = ['train.csv'];
    writeFileSync(join(dirs.engine, 'bad.config.json'), JSON.stringify(config));
    await expect(loadPipelineConfig(join(dirs.engine, 'bad.config.json'))).rejects.toThrow(
      /splits\[0\]\.source: give either inputs \(files\) or source \(an engine\)/,
    );
  });
});
