import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { root } from './engine-suite.js';
import { loadStatements, readRows } from './load-table.js';

// Validation, drift and the report read engine statistics exactly as they read file statistics:
// the same commands on both give the same output.
const dir = mkdtempSync(join(tmpdir(), 'datavet-engines-downstream-'));
const database = join(dir, 'taxi.duckdb');
const fromEngine = join(dir, 'engine');
const fromFiles = join(dir, 'files');
const splits = ['train', 'eval'] as const;

beforeAll(async () => {
  mkdirSync(fromEngine);
  mkdirSync(fromFiles);
  const instance = await DuckDBInstance.create(database);
  const c = await instance.connect();
  for (const split of splits) {
    const data = await readRows(join(root, `datasets/chicago_taxi/${split}.csv`));
    for (const sql of loadStatements('duckdb', split, data)) await c.run(sql);
  }
  c.closeSync();
  instance.closeSync();
  for (const split of splits) {
    const e = await runCli([
      'stats',
      '--engine',
      'duckdb',
      '--connection',
      `duckdb:${database}`,
      '--table',
      split,
      '-o',
      join(fromEngine, `${split}.pb`),
    ]);
    expect(e.code, e.stderr).toBe(0);
    const f = await runCli([
      'stats',
      join(root, `datasets/chicago_taxi/${split}.csv`),
      '-o',
      join(fromFiles, `${split}.pb`),
    ]);
    expect(f.code, f.stderr).toBe(0);
  }
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a command in both directories and returns both outputs with the directory names made equal. */
async function both(args: (base: string) => string[]) {
  const [e, f] = [
    await runCli(args(fromEngine), { cwd: fromEngine }),
    await runCli(args(fromFiles), { cwd: fromFiles }),
  ];
  const clean = (text: string, base: string) => text.replaceAll(base, '<dir>');
  return {
    engine: { code: e.code, stdout: clean(e.stdout, fromEngine), stderr: clean(e.stderr, fromEngine) },
    files: { code: f.code, stdout: clean(f.stdout, fromFiles), stderr: clean(f.stderr, fromFiles) },
  };
}

describe('validation, drift and the report on engine statistics', () => {
  it('infer-schema gives the same schema', async () => {
    const r = await both((d) => ['infer-schema', '--stats', join(d, 'train.pb'), '-o', join(d, 'schema.pbtxt')]);
    expect(r.engine.code).toBe(0);
    expect(readFileSync(join(fromEngine, 'schema.pbtxt'), 'utf8')).toBe(
      readFileSync(join(fromFiles, 'schema.pbtxt'), 'utf8'),
    );
  });

  it('validate finds the same anomalies', async () => {
    const r = await both((d) => [
      'validate',
      '--stats',
      join(d, 'eval.pb'),
      '--schema',
      join(d, 'schema.pbtxt'),
      '--previous',
      join(d, 'train.pb'),
    ]);
    expect(r.engine).toEqual(r.files);
    expect(r.engine.stdout.length).toBeGreaterThan(0);
  });

  it('compare finds the same drift', async () => {
    const r = await both((d) => ['compare', join(d, 'train.pb'), join(d, 'eval.pb')]);
    expect(r.engine).toEqual(r.files);
    expect(r.engine.stdout).toContain('fare');
  });

  it('report writes the same page', async () => {
    const r = await both((d) => [
      'report',
      '--stats',
      join(d, 'eval.pb'),
      '--compare',
      join(d, 'train.pb'),
      '-o',
      join(d, 'report.html'),
    ]);
    expect(r.engine.code).toBe(0);
    expect(r.engine).toEqual(r.files);
    // Byte for byte but for the last bits of means and standard deviations (summed in another order).
    const page = (base: string) =>
      readFileSync(join(base, 'report.html'), 'utf8')
        .replaceAll(base, '<dir>')
        .replace(/-?\d+\.\d+(e[-+]?\d+)?/g, (x) => Number(x).toPrecision(10));
    expect(page(fromEngine)).toBe(page(fromFiles));
  });
});
