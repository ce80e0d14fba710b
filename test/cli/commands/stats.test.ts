import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  decodeBinary,
  encodeBinary,
  fromJson,
  parseTextFormat,
  printTextFormat,
  readMessageFile,
  toJson,
} from '../../../src/tfmd/index.js';
import type { DatasetFeatureStatisticsList, FeatureNameStatistics } from '../../../src/tfmd/types.js';
import { runCli } from '../../helpers/run-cli.js';
import { diffMessages } from '../../stats/helpers/compare-messages.js';

const repo = resolve(import.meta.dirname, '../../..');
const taxi = (name: string) => join(repo, 'datasets/chicago_taxi', name);
const dir = mkdtempSync(join(tmpdir(), 'datavet-stats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function stats(path: string): Promise<DatasetFeatureStatisticsList> {
  return (await readMessageFile(path, 'DatasetFeatureStatisticsList')) as DatasetFeatureStatisticsList;
}

const byName = (s: DatasetFeatureStatisticsList, dataset = 0) =>
  new Map(
    (s.datasets![dataset]!.features ?? []).map((f) => [f.path!.step!.join('.'), f] as [string, FeatureNameStatistics]),
  );

describe('datavet stats / merge', () => {
  it('computes statistics of the Chicago taxi CSV with every feature typed, round-tripping the codecs', async () => {
    const out = join(dir, 'train.pb');
    const r = await runCli(['stats', taxi('train.csv'), '-o', out]);
    expect(r.stderr).toContain('10000 examples');
    expect(r.code).toBe(0);
    const s = await stats(out);
    const header = readFileSync(taxi('train.csv'), 'utf8').split('\n')[0]!.split(',');
    const features = byName(s);
    expect([...features.keys()].sort()).toEqual([...header].sort());
    const types = Object.fromEntries([...features].map(([k, f]) => [k, f.type ?? 'INT']));
    expect(types).toMatchObject({
      fare: 'FLOAT',
      trip_miles: 'FLOAT',
      trip_start_hour: 'INT',
      trip_start_timestamp: 'INT',
      payment_type: 'STRING',
      company: 'STRING',
      pickup_latitude: 'FLOAT',
    });
    expect(features.get('payment_type')!.stringStats!.topValues![0]!.value).toBe('Cash');
    // Binary -> text format -> JSON -> binary gives the same message.
    const text = printTextFormat('DatasetFeatureStatisticsList', s);
    const again = fromJson(
      'DatasetFeatureStatisticsList',
      toJson('DatasetFeatureStatisticsList', parseTextFormat('DatasetFeatureStatisticsList', text)),
    );
    const bytes = encodeBinary('DatasetFeatureStatisticsList', again);
    expect(diffMessages(s, decodeBinary('DatasetFeatureStatisticsList', bytes))).toEqual([]);
  });

  it('merges partial statistics into the statistics of the union', async () => {
    const a = join(dir, 'train.partial.json');
    const b = join(dir, 'eval.partial.json');
    expect((await runCli(['stats', taxi('train.csv'), '--partial', '-o', a, '-q'])).code).toBe(0);
    expect((await runCli(['stats', taxi('eval.csv'), '--partial', '-o', b, '-q'])).code).toBe(0);
    const merged = join(dir, 'merged.pbtxt');
    const m = await runCli(['merge', a, b, '-o', merged]);
    expect(m.code).toBe(0);
    const together = join(dir, 'together.pbtxt');
    expect(
      (await runCli(['stats', taxi('train.csv'), taxi('eval.csv'), '--jobs', '1', '-o', together, '-q'])).code,
    ).toBe(0);
    const x = await stats(merged);
    const y = await stats(together);
    expect(x.datasets![0]!.numExamples).toBe(15000);
    expect(diffMessages(y, x, 1e-9)).toEqual([]);
  });

  it('slices by a feature', async () => {
    const out = join(dir, 'sliced.json');
    expect((await runCli(['stats', taxi('train.csv'), '--slice-by', 'payment_type', '-o', out, '-q'])).code).toBe(0);
    const s = await stats(out);
    const names = s.datasets!.map((d) => d.name);
    expect(names[0]).toBe('All Examples');
    expect(names).toContain('payment_type_Cash');
    const total = s.datasets!.slice(1).reduce((n, d) => n + Number(d.numExamples ?? 0), 0);
    expect(total).toBe(s.datasets![0]!.numExamples);
  });

  it('reports usage errors', async () => {
    const r = await runCli(['stats', taxi('train.csv'), '-o', join(dir, 'x.unknown')]);
    expect(r.code).toBe(2);
    const m = await runCli(['merge', taxi('train.csv'), '-o', join(dir, 'y.pb')]);
    expect(m.code).toBe(2);
    expect(m.stderr).toContain('partial statistics');
  });

  it('refuses a partial statistics file with an option out of its range, naming the file, option and range', async () => {
    const fixture = join(repo, 'test/fixtures/partial-statistics/penguins-v1.partial.json');
    const good = await runCli(['merge', fixture, '-o', join(dir, 'penguins.pb'), '-q']);
    expect(good.code).toBe(0);
    const state = JSON.parse(readFileSync(fixture, 'utf8')) as { options: Record<string, unknown> };
    const schema = join(dir, 'penguins.schema.pbtxt');
    writeFileSync(schema, 'feature { name: "species" type: BYTES }\n');
    for (const [name, value, range] of [
      ['epsilon', 5, 'a number in (0, 1)'],
      ['numHistogramBuckets', 0, 'an integer >= 1'],
    ] as const) {
      const damaged = join(dir, `damaged-${name}.partial.json`);
      writeFileSync(damaged, JSON.stringify({ ...state, options: { ...state.options, [name]: value } }));
      const message = `${damaged}: partial statistics file has statistics option ${name} = ${value}, which must be ${range}`;
      const merged = await runCli(['merge', fixture, damaged, '-o', join(dir, 'damaged.pb')]);
      expect(merged.code).toBe(2);
      expect(merged.stderr).toContain(message);
      expect(merged.stderr).toContain("write it again with 'datavet stats --partial'");
      const validated = await runCli(['validate', '--stats', damaged, '--schema', schema]);
      expect(validated.code).toBe(2);
      expect(validated.stderr).toContain(message);
    }
  });

  it('checks --num-top-values against the option range, naming the flag', async () => {
    for (const bad of ['-1', '2.5', 'ten']) {
      const r = await runCli(['stats', taxi('train.csv'), '-o', join(dir, 'top.pb'), '--num-top-values', bad]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--num-top-values expects an integer >= 0, got '${bad}'`);
    }
    const help = await runCli(['stats', '--help']);
    expect(help.stdout).toContain('Size of top_values: an integer >= 0 (default 20).');
  });
});

describe('datavet stats --skip-malformed / --batch-size', () => {
  const ragged = resolve(import.meta.dirname, '../../fixtures/bad-input/csv-ragged-too-few.csv');

  it('fails on a ragged row by default, naming the flag that skips it', async () => {
    const result = await runCli(['stats', ragged, '-o', join(dir, 'ragged.json')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--skip-malformed');
  });

  it('skips and counts malformed rows with --skip-malformed, and honours --batch-size', async () => {
    const out = join(dir, 'ragged-skipped.json');
    const result = await runCli(['stats', ragged, '-o', out, '--skip-malformed', '--batch-size', '1', '--jobs', '1']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/skipped 1 malformed row\n/);
    const stats = JSON.parse(readFileSync(out, 'utf8')) as DatasetFeatureStatisticsList;
    expect(Number(stats.datasets?.[0]?.numExamples)).toBeGreaterThan(0);
    const bad = await runCli(['stats', ragged, '-o', out, '--batch-size', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--batch-size must be at least 1');
  });
});
