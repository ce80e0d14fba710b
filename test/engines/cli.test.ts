import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeStatisticsInEngine } from '../../src/engines/index.js';
import { readMessageFile } from '../../src/tfmd/index.js';
import type { DatasetFeatureStatisticsList } from '../../src/tfmd/types.js';
import { runCli } from '../helpers/run-cli.js';
import { POSTGRES_URL } from '../metadata/backends.js';
import { compareStatistics } from './compare-statistics.js';
import { root } from './engine-suite.js';
import { loadStatements, readRows } from './load-table.js';

const dir = mkdtempSync(join(tmpdir(), 'datavet-engines-cli-'));
const database = join(dir, 'cli.duckdb');
const connection = `duckdb:${database}`;
const titanic = join(root, 'datasets/titanic/titanic.csv');
const out = (name: string) => join(dir, name);
const stats = async (path: string) =>
  (await readMessageFile(path, 'DatasetFeatureStatisticsList')) as DatasetFeatureStatisticsList;

beforeAll(async () => {
  const data = await readRows(titanic);
  const half = Math.floor(data.rows.length / 2);
  const instance = await DuckDBInstance.create(database);
  const c = await instance.connect();
  for (const sql of loadStatements('duckdb', 'titanic', data)) await c.run(sql);
  for (const sql of loadStatements('duckdb', 'titanic_head', data, data.rows.slice(0, half))) await c.run(sql);
  await c.run('CREATE TABLE nested (id INTEGER, tags MAP(VARCHAR, INTEGER), point STRUCT(x DOUBLE, y DOUBLE))');
  c.closeSync();
  instance.closeSync();
  // The other half as a CSV file, for the in-process partial.
  const lines = readFileSync(titanic, 'utf8').trimEnd().split('\n');
  writeFileSync(out('titanic_tail.csv'), [lines[0], ...lines.slice(1 + half)].join('\n'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('datavet stats --engine', () => {
  it('writes the same statistics as datavet stats of the file, reporting the scans', async () => {
    const r = await runCli([
      'stats',
      '--engine',
      'duckdb',
      '--connection',
      connection,
      '--table',
      'titanic',
      '-o',
      out('engine.pb'),
    ]);
    expect(r.stderr).toContain('wrote statistics of 891 examples');
    expect(r.stderr).toContain('duckdb table titanic, 2 scans');
    expect(r.code).toBe(0);
    expect((await runCli(['stats', titanic, '-o', out('local.pb')])).code).toBe(0);
    expect(compareStatistics(await stats(out('engine.pb')), await stats(out('local.pb'))).mismatches).toEqual([]);
  });

  it('a Parquet file read by DuckDB itself (duckdb::memory:, the file as the table) equals datavet stats of the file', async () => {
    const parquet = join(root, 'datasets/chicago_taxi_tfx/data.parquet');
    const r = await runCli([
      'stats',
      '--engine',
      'duckdb',
      '--connection',
      'duckdb::memory:',
      '--table',
      `'${parquet}'`,
      '-o',
      out('pq.pb'),
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect((await runCli(['stats', parquet, '-o', out('pql.pb')])).code).toBe(0);
    expect(compareStatistics(await stats(out('pq.pb')), await stats(out('pql.pb'))).mismatches).toEqual([]);
  });

  it('--query, --slice-by and --weight', async () => {
    const args = ['--slice-by', 'sex', '--weight', 'fare'];
    const r = await runCli([
      'stats',
      '--engine',
      'duckdb',
      '--connection',
      connection,
      '--query',
      'SELECT * FROM titanic',
      ...args,
      '-o',
      out('q.pb'),
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect((await runCli(['stats', titanic, ...args, '-o', out('ql.pb')])).code).toBe(0);
    expect(compareStatistics(await stats(out('q.pb')), await stats(out('ql.pb'))).mismatches).toEqual([]);
  });

  it('an engine --partial merges with an in-process --partial into the statistics of the whole', async () => {
    const a = await runCli([
      'stats',
      '--engine',
      'duckdb',
      '--connection',
      connection,
      '--table',
      'titanic_head',
      '--partial',
      '-o',
      out('head.json'),
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(JSON.parse(readFileSync(out('head.json'), 'utf8')).engine).toMatchObject({
      engine: 'duckdb',
      table: 'titanic_head',
    });
    expect((await runCli(['stats', out('titanic_tail.csv'), '--partial', '-o', out('tail.json')])).code).toBe(0);
    const m = await runCli(['merge', out('head.json'), out('tail.json'), '-o', out('merged.pb')]);
    expect(m.code, m.stderr).toBe(0);
    expect(compareStatistics(await stats(out('merged.pb')), await stats(out('local.pb'))).mismatches).toEqual([]);
  });

  it('merge refuses partials whose distinct counts were beyond the exact range, naming the feature', async () => {
    const result = await computeStatisticsInEngine({
      engine: 'duckdb',
      connection,
      source: { table: 'titanic_head' },
      statistics: { maxExactDistinct: 4 },
    });
    writeFileSync(out('wide.json'), JSON.stringify(result.partial));
    expect((await runCli(['stats', out('titanic_tail.csv'), '--partial', '-o', out('tail4.json')])).code).toBe(0);
    const m = await runCli(['merge', out('wide.json'), out('tail.json'), '-o', out('never.pb')]);
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(
      /cannot merge .*wide\.json: feature '\w+' \(All Examples\) has \d+ distinct values counted exactly by duckdb/,
    );
    // One such partial alone finishes with the engine's exact distinct counts.
    const one = await runCli(['merge', out('wide.json'), '-o', out('one.pb')]);
    expect(one.code, one.stderr).toBe(0);
    const data = await readRows(titanic);
    const deckAt = data.columns.findIndex((c) => c.name === 'deck');
    const decks = new Set(
      data.rows
        .slice(0, Math.floor(data.rows.length / 2))
        .map((r) => r[deckAt])
        .filter((v) => v !== null),
    );
    expect(decks.size).toBeGreaterThan(4);
    const deck = (await stats(out('one.pb'))).datasets![0]!.features!.find((f) => f.path!.step![0] === 'deck')!;
    expect(deck.stringStats!.unique).toBe(decks.size);
    expect(result.provenance.unmergeable).toContainEqual({
      dataset: 'All Examples',
      feature: 'deck',
      field: 'unique',
      value: decks.size,
    });
  });
});

describe('datavet stats --engine: bad input is a clear error, exit 2, passwords masked', () => {
  const cases: [string, string[], RegExp][] = [
    [
      'unreachable server',
      ['--engine', 'postgres', '--connection', 'postgres://postgres:hunter2-secret@127.0.0.1:1/test', '--table', 't'],
      /postgres: cannot reach the server at 127\.0\.0\.1:1/,
    ],
    [
      'wrong credentials (an unknown role)',
      [
        '--engine',
        'postgres',
        '--connection',
        POSTGRES_URL.replace('//postgres@', '//no_such_role_dv:hunter2-secret@'),
        '--table',
        't',
      ],
      /postgres: the server at .* refused user 'no_such_role_dv'/,
    ],
    [
      'missing table',
      ['--engine', 'duckdb', '--connection', connection, '--table', 'no_such_table'],
      /duckdb: reading the columns of the table no_such_table failed: .*no_such_table/,
    ],
    [
      'unsupported column types (maps, nested structs)',
      ['--engine', 'duckdb', '--connection', connection, '--table', 'nested'],
      /duckdb: table nested has columns of a type datavet has no statistics for: 'tags' \(MAP\(VARCHAR, INTEGER\)\), 'point' \(STRUCT\("x" DOUBLE, "y" DOUBLE\)\)/,
    ],
    [
      'a query with a syntax error',
      ['--engine', 'duckdb', '--connection', connection, '--query', 'SELEC * FROM titanic'],
      /duckdb: reading the columns of the query failed: Parser Error: syntax error/,
    ],
    ['a missing --connection', ['--engine', 'duckdb', '--table', 't'], /stats --engine duckdb: missing --connection/],
    [
      'both --table and --query',
      ['--engine', 'duckdb', '--connection', connection, '--table', 't', '--query', 'SELECT 1'],
      /give exactly one of --table and --query/,
    ],
    [
      'a missing slice column',
      ['--engine', 'duckdb', '--connection', connection, '--table', 'titanic', '--slice-by', 'nope'],
      /slice feature 'nope' is not a column of the table titanic/,
    ],
  ];
  it.each(cases)('%s', async (_, args, message) => {
    const r = await runCli(['stats', ...args, '-o', out('bad.pb')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toContain('hunter2');
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('a password in the URL is masked in the partial file and its provenance', async () => {
    const url = POSTGRES_URL.replace('//postgres@', '//postgres:hunter2-secret@');
    const r = await runCli([
      'stats',
      '--engine',
      'postgres',
      '--connection',
      url,
      '--query',
      'SELECT 1 AS one',
      '--partial',
      '-o',
      out('pg.json'),
    ]);
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(out('pg.json'), 'utf8');
    expect(text).not.toContain('hunter2');
    expect(JSON.parse(text).engine.connection).toBe(url.replace('hunter2-secret', '***'));
  });
});
