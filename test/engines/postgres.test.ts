import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeStatisticsInEngine } from '../../src/engines/index.js';
import { POSTGRES_URL, uniqueName } from '../metadata/backends.js';
import {
  agreement,
  bundledDatasets,
  mergeLaw,
  quantileTest,
  root,
  Tally,
  type TestEngine,
  tableName,
} from './engine-suite.js';
import { loadStatements, readRows } from './load-table.js';
import { timeColumnsTest } from './time-columns.js';

const schema = uniqueName('engines');
const client = new pg.Client({ connectionString: POSTGRES_URL });

const engine: TestEngine = {
  name: 'postgres',
  connection: POSTGRES_URL,
  async load(table, data, rows) {
    const name = `${schema}.${table}`;
    for (const sql of loadStatements('postgres', name, data, rows)) await client.query(sql);
    return name;
  },
  async close() {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  },
};

const datasets = bundledDatasets();
const tally = new Tally();

beforeAll(async () => {
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}`);
  for (const file of datasets) await engine.load(tableName(file), await readRows(join(root, file)));
}, 240_000);

afterAll(async () => {
  console.log(`postgres agreement: ${tally}`);
  await engine.close();
});

describe('PostgreSQL statistics agree with in-process statistics', () => {
  it.each(datasets)('%s', async (file) => {
    const result = await agreement(engine, `${schema}.${tableName(file)}`, file);
    tally.add(result);
    expect(result.mismatches).toEqual([]);
    expect(result.scans).toBeLessThanOrEqual(3);
  });

  it('sliced and weighted (titanic by sex and class, weighted by fare)', async () => {
    const file = 'datasets/titanic/titanic.csv';
    const result = await agreement(engine, `${schema}.${tableName(file)}`, file, {
      sliceBy: ['sex', 'pclass'],
      weightFeature: 'fare',
    });
    tally.add(result);
    expect(result.mismatches).toEqual([]);
    expect(result.scans).toBe(2);
  });

  // percentile_disc is exact: only the 1/(2K) of the 1,001 boundaries remains.
  quantileTest(() => engine, 0.001);

  timeColumnsTest(() => engine, {
    timestampFormat: 'UNIX_MICROSECONDS',
    before1970: true,
    zonedQuery: (table) => `SELECT "at" AT TIME ZONE 'UTC' AS "at", "day", "label" FROM ${table}`,
  });

  it('an infinite timestamp has no count since 1970: the engine refuses it, naming the query', async () => {
    await expect(
      computeStatisticsInEngine({
        engine: 'postgres',
        connection: POSTGRES_URL,
        source: { query: "SELECT TIMESTAMP 'infinity' AS at" },
      }),
    ).rejects.toThrow(/postgres: computing the aggregates of the query failed: cannot convert infinity to bigint/);
  });
});

describe('merge law: a PostgreSQL partial of one half merged with an in-process partial of the other', () => {
  it.each([
    ['datasets/chicago_taxi/train.csv', {}],
    ['datasets/titanic/titanic.csv', { sliceBy: ['sex'], weightFeature: 'fare' }],
  ] as const)('%s %j equals in-process statistics of the whole', async (file, options) => {
    const result = await mergeLaw(engine, file, `half_${tableName(file)}`, options);
    expect(result.mismatches).toEqual([]);
    expect(result.exact).toBeGreaterThan(1000);
  });
});
