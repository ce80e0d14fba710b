import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBDateValue, DuckDBInstance, DuckDBTimestampValue } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeStatisticsInEngine } from '../../src/engines/index.js';
import { computeStatistics } from '../../src/pipeline/parallel-statistics.js';
import { compareStatistics } from './compare-statistics.js';
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
          else if (kind === 'timestamp') appender.appendTimestamp(new DuckDBTimestampValue(BigInt(v)));
          else if (kind === 'date') appender.appendDate(new DuckDBDateValue(Number(v)));
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

  timeColumnsTest(() => engine, {
    timestampFormat: 'UNIX_MICROSECONDS',
    before1970: true,
    zonedQuery: (table) => `SELECT timezone('UTC', "at") AS "at", "day", "label" FROM ${table}`,
  });

  it('timestamps and dates of a Parquet file through read_parquet: the statistics datavet computes from the file', async () => {
    const file = join(dir, 'times.parquet');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      await connection.run(
        `COPY (SELECT CASE WHEN i % 9 <> 4 THEN make_timestamp(CAST(-3600000000 + (i % 150) * 3600000123 AS BIGINT)) END AS at, ` +
          `CASE WHEN i % 11 <> 3 THEN DATE '1969-12-01' + CAST(i % 60 AS INTEGER) END AS day FROM range(400) AS t(i)) TO '${file}' (FORMAT parquet)`,
      );
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
    const inEngine = await computeStatisticsInEngine({
      engine: 'duckdb',
      connection: 'duckdb::memory:',
      source: { query: `SELECT * FROM read_parquet('${file}')` },
    });
    const local = (await computeStatistics([file], { jobs: 1 })).finish();
    expect(compareStatistics(inEngine.statistics, local).mismatches).toEqual([]);
    const custom = (name: string) =>
      inEngine.statistics.datasets![0]!.features!.find((f) => f.path!.step![0] === name)!.customStats;
    expect(custom('at')).toEqual([{ name: 'domain_info', str: 'time_domain { integer_format: UNIX_MICROSECONDS }' }]);
    expect(custom('day')).toEqual([{ name: 'domain_info', str: 'time_domain { integer_format: UNIX_DAYS }' }]);
  });

  it('every DuckDB time type is counted in its own unit, as DuckDB hands it to Arrow', async () => {
    const at = "'2012-01-01 10:00:00.123456789'";
    const result = await computeStatisticsInEngine({
      engine: 'duckdb',
      connection: 'duckdb::memory:',
      source: {
        query:
          `SELECT CAST(${at} AS TIMESTAMP_S) AS s, CAST(${at} AS TIMESTAMP_MS) AS ms, CAST(${at} AS TIMESTAMP) AS us, ` +
          `CAST(${at} AS TIMESTAMP_NS) AS ns, CAST('2012-01-01 12:00:00.123456+02' AS TIMESTAMPTZ) AS tz, DATE '2012-01-01' AS d`,
      },
    });
    const features = result.statistics.datasets![0]!.features!;
    const got = features.map((f) => [f.path!.step![0], f.type, f.numStats!.min, f.customStats![0]!.str]);
    const format = (unit: string) => `time_domain { integer_format: ${unit} }`;
    expect(got).toEqual([
      ['s', 'INT', 1_325_412_000, format('UNIX_SECONDS')],
      ['ms', 'INT', 1_325_412_000_123, format('UNIX_MILLISECONDS')],
      ['us', 'INT', 1_325_412_000_123_456, format('UNIX_MICROSECONDS')],
      // Beyond 2^53: the nearest double, as the Arrow path reads an int64.
      ['ns', 'INT', Number(1_325_412_000_123_456_789n), format('UNIX_NANOSECONDS')],
      ['tz', 'INT', 1_325_412_000_123_456, format('UNIX_MICROSECONDS')],
      ['d', 'INT', 15_340, format('UNIX_DAYS')],
    ]);
  });
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
