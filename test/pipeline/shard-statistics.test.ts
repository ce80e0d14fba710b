import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMessageFile } from '../../src/tfmd/index.js';
import type { DatasetFeatureStatisticsList } from '../../src/tfmd/types.js';
import { compareStatistics } from '../engines/compare-statistics.js';
import { runCli } from '../helpers/run-cli.js';

const repo = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'datavet-shard-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const covertype = ['evaluation', 'evaluation_anomalies', 'validate_v0'].map(
  (f) => `datasets/covertype/covertype_${f}.csv`,
);
// The taxi data as Parquet in row groups of 1,000 rows, written by DuckDB.
const parquet = join(dir, 'taxi.parquet');
beforeAll(async () => {
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  const csv = join(repo, 'datasets/chicago_taxi/train.csv').replaceAll("'", "''");
  await c.run(`COPY (SELECT * FROM read_csv('${csv}')) TO '${parquet}' (FORMAT parquet, ROW_GROUP_SIZE 1000)`);
  c.closeSync();
  instance.closeSync();
});
const stats = async (path: string) =>
  (await readMessageFile(path, 'DatasetFeatureStatisticsList')) as DatasetFeatureStatisticsList;

describe('datavet stats --shard i/n, then merge', () => {
  it.each([
    ['three CSV files over 2 shards', covertype, 2],
    ['three CSV files over 5 shards (two of them empty)', covertype, 5],
    ['row groups of one Parquet file over 3 shards', [parquet], 3],
  ] as const)('%s: the merged shards equal one run over all the input', async (_, files, n) => {
    const inputs = files.map((f) => (f === parquet ? f : join(repo, f)));
    const partials: string[] = [];
    for (let i = 0; i < n; i++) {
      const out = join(dir, `${n}-${i}.partial.json`);
      const r = await runCli(['stats', ...inputs, '--shard', `${i}/${n}`, '--partial', '-o', out]);
      expect(r.code, r.stderr).toBe(0);
      partials.push(out);
      if (n === 3) expect(r.stderr).toMatch(/of [1-9]\d* examples/); // every shard has rows
    }
    expect((await runCli(['merge', ...partials, '-o', join(dir, `${n}-merged.pb`)])).code).toBe(0);
    expect((await runCli(['stats', ...inputs, '--jobs', '1', '-o', join(dir, `${n}-whole.pb`)])).code).toBe(0);
    const result = compareStatistics(await stats(join(dir, `${n}-merged.pb`)), await stats(join(dir, `${n}-whole.pb`)));
    expect(result.mismatches).toEqual([]);
  });

  it('rejects a bad shard and a shard without --partial', async () => {
    const input = join(repo, 'datasets/titanic/titanic.csv');
    const bad = await runCli(['stats', input, '--shard', '2/2', '--partial', '-o', join(dir, 'x.json')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--shard must be i/n with 0 <= i < n, got '2/2'");
    const whole = await runCli(['stats', input, '--shard', '0/2', '-o', join(dir, 'x.pb')]);
    expect(whole.code).toBe(2);
    expect(whole.stderr).toContain('add --partial');
  });
});
