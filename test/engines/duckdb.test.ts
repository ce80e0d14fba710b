import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const dir = mkdtempSync(join(tmpdir(), 'datavet-engines-duckdb-'));
const database = join(dir, 'test.duckdb');

const engine: TestEngine = {
  name: 'duckdb',
  connection: `duckdb:${database}`,
  async load(table, data, rows) {
    const instance = await DuckDBInstance.create(database);
    const connection = await instance.connect();
    try {
      await connection.run(loadStatements('duckdb', table, data, [])[0]!);
      const appender = await connection.createAppender(table);
      for (const row of rows ?? data.rows) {
        for (const [i, v] of row.entries()) {
          const kind = data.columns[i]!.kind;
          if (v === null) appender.appendNull();
          else if (kind === 'int') appender.appendBigInt(BigInt(v));
          else if (kind === 'float') appender.appendDouble(Number(v));
          else appender.appendVarchar(String(v));
        }
        appender.endRow();
      }
      appender.closeSync();
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
    return table;
  },
  async close() {
    rmSync(dir, { recursive: true, force: true });
  },
};

const datasets = bundledDatasets();
const tally = new Tally();

beforeAll(async () => {
  for (const file of datasets) await engine.load(tableName(file), await readRows(join(root, file)));
});

afterAll(async () => {
  // The per-engine tally of the agreement acceptance test.
  console.log(`duckdb agreement: ${tally}`);
  await engine.close();
});

describe('DuckDB statistics agree with in-process statistics', () => {
  it.each(datasets)('%s', async (file) => {
    const result = await agreement(engine, tableName(file), file);
    tally.add(result);
    expect(result.mismatches).toEqual([]);
    expect(result.scans).toBeLessThanOrEqual(3);
  });

  it('sliced and weighted (titanic by sex and class, weighted by fare)', async () => {
    const file = 'datasets/titanic/titanic.csv';
    const result = await agreement(engine, tableName(file), file, {
      sliceBy: ['sex', 'pclass'],
      weightFeature: 'fare',
    });
    tally.add(result);
    expect(result.mismatches).toEqual([]);
    expect(result.scans).toBe(2);
  });

  // 10,000 rows fit the reservoir: only the 1/(2K) of the 1,001 boundaries remains.
  quantileTest(() => engine, 0.001);
});

describe('merge law: a DuckDB partial of one half merged with an in-process partial of the other', () => {
  it.each([
    ['datasets/chicago_taxi/train.csv', {}],
    ['datasets/titanic/titanic.csv', { sliceBy: ['sex'], weightFeature: 'fare' }],
  ] as const)('%s %j equals in-process statistics of the whole', async (file, options) => {
    const result = await mergeLaw(engine, file, `half_${tableName(file)}`, options);
    expect(result.mismatches).toEqual([]);
    expect(result.exact).toBeGreaterThan(1000);
  });
});
