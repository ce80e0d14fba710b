import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeStatisticsInEngine } from '../../src/engines/index.js';
import { runCli } from '../helpers/run-cli.js';
import { uniqueName } from '../metadata/backends.js';
import { type ClickHouseCluster, clickhouseBinary, startClickHouseCluster } from './clickhouse-cluster.js';
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
import { type LoadedRows, loadStatements, readRows, rowBinary } from './load-table.js';
import { timeColumnsTest } from './time-columns.js';

const binary = clickhouseBinary();
if (!binary)
  console.warn('clickhouse tests skipped: clickhouse-server is not installed (apt-get install -y clickhouse-server)');

const database = uniqueName('engines');
let cluster: ClickHouseCluster;

/** Each table is a Distributed table over two shards, each shard holding half of the rows. */
const engine: TestEngine = {
  name: 'clickhouse',
  get connection() {
    return `clickhouse://${cluster.http[0].replace('http://', '')}/${database}`;
  },
  async load(table, data, rows = data.rows) {
    const half = Math.ceil(rows.length / 2);
    for (const [shard, part] of [
      [0, rows.slice(0, half)],
      [1, rows.slice(half)],
    ] as const) {
      const [create] = loadStatements('clickhouse', `${database}.${table}_local`, data, []);
      await cluster.query(shard, create!);
      await cluster.insert(shard, `INSERT INTO ${database}.${table}_local FORMAT RowBinary`, rowBinary(data, part));
    }
    const columns = loadStatements('clickhouse', 'x', data, [])[0]!.replace(
      /^CREATE TABLE x \((.*)\) ENGINE = Memory$/,
      '$1',
    );
    await cluster.query(
      0,
      `CREATE TABLE ${database}.${table} (${columns}) ENGINE = Distributed(two_shards, ${database}, ${table}_local)`,
    );
    return table;
  },
  async close() {},
};

/** One plain table holding every row, on the first server. */
async function loadSingle(table: string, data: LoadedRows): Promise<string> {
  await cluster.query(0, loadStatements('clickhouse', `${database}.${table}`, data, [])[0]!);
  await cluster.insert(0, `INSERT INTO ${database}.${table} FORMAT RowBinary`, rowBinary(data, data.rows));
  return table;
}

const datasets = bundledDatasets();
const tally = new Tally();

describe.skipIf(!binary)('ClickHouse: two shards and a Distributed table', () => {
  beforeAll(async () => {
    cluster = await startClickHouseCluster(binary!);
    for (const shard of [0, 1] as const) await cluster.query(shard, `CREATE DATABASE ${database}`);
    for (const file of datasets) await engine.load(tableName(file), await readRows(join(root, file)));
  }, 240_000);

  afterAll(() => {
    console.log(`clickhouse agreement: ${tally}`);
    cluster?.stop();
  });

  describe('statistics of the Distributed table agree with in-process statistics', () => {
    it.each(datasets)('%s', async (file) => {
      const result = await agreement(engine, tableName(file), file);
      tally.add(result);
      expect(result.mismatches).toEqual([]);
    });

    it('sliced and weighted (titanic by sex and class, weighted by fare)', async () => {
      const file = 'datasets/titanic/titanic.csv';
      const result = await agreement(engine, tableName(file), file, {
        sliceBy: ['sex', 'pclass'],
        weightFeature: 'fare',
      });
      tally.add(result);
      expect(result.mismatches).toEqual([]);
    });

    // `quantiles` keeps a reservoir of 8,192 values: rank error std 0.5/sqrt(8192) = 0.0055.
    quantileTest(() => engine, 0.025);

    // DateTime holds whole seconds from 1970 (its time zone only changes how it prints).
    timeColumnsTest(() => engine, {
      timestampFormat: 'UNIX_SECONDS',
      before1970: false,
      zonedQuery: (table) => `SELECT toDateTime(at, 'Asia/Tokyo') AS at, day, label FROM ${table}`,
    });
  });

  it.each([
    ['datasets/chicago_taxi/train.csv', {}],
    ['datasets/titanic/titanic.csv', { sliceBy: ['sex'], weightFeature: 'fare' }],
  ] as const)('Distributed table statistics equal one table holding all rows: %s %j', async (file, statistics) => {
    const data = await readRows(join(root, file));
    const single = await loadSingle(`single_${tableName(file)}`, data);
    const run = (table: string) =>
      computeStatisticsInEngine({ engine: 'clickhouse', connection: engine.connection, source: { table }, statistics });
    const [distributed, whole] = await Promise.all([run(tableName(file)), run(single)]);
    const result = compareStatistics(distributed.statistics, whole.statistics);
    expect(result.mismatches).toEqual([]);
    expect(distributed.provenance.rows).toBe(data.rows.length);
  });

  it('bad input: wrong credentials, a missing table, unreachable: exit 2, password masked', async () => {
    const host = cluster.http[0].replace('http://', '');
    const cases: [string, string, RegExp][] = [
      [
        `clickhouse://tester:wrong-pw-42@${host}/${database}`,
        'titanic_titanic_csv',
        /clickhouse: the server at .* refused user 'tester'/,
      ],
      [
        `clickhouse://tester:s3cret-pa55@${host}/${database}`,
        'no_such_table',
        /clickhouse: reading the columns of the table no_such_table failed: .*doesn't exist/,
      ],
      ['clickhouse://tester:wrong-pw-42@127.0.0.1:1/x', 't', /clickhouse: cannot reach the server at 127\.0\.0\.1:1/],
    ];
    for (const [url, table, message] of cases) {
      const r = await runCli([
        'stats',
        '--engine',
        'clickhouse',
        '--connection',
        url,
        '--table',
        table,
        '-o',
        join(tmpdir(), 'datavet-never-written.pb'),
      ]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/wrong-pw-42|s3cret-pa55/);
    }
  });

  it.each([
    ['datasets/chicago_taxi/train.csv', {}],
    ['datasets/titanic/titanic.csv', { sliceBy: ['sex'], weightFeature: 'fare' }],
  ] as const)(
    'merge law: a ClickHouse partial of one half and an in-process partial of the other: %s %j',
    async (file, options) => {
      const result = await mergeLaw(engine, file, `half_${tableName(file)}`, options);
      expect(result.mismatches).toEqual([]);
      expect(result.exact).toBeGreaterThan(1000);
    },
  );
});
