import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { printTextFormat, toJsonString } from '../../src/tfmd/index.js';
import { chicagoTaxi } from '../drift/helpers/fixtures.js';
import { runCli } from '../helpers/run-cli.js';

const tfx = (split: string) =>
  fileURLToPath(new URL(`../fixtures/tfx/statistics_gen/Split-${split}/FeatureStats.pb`, import.meta.url));

describe('datavet compare', () => {
  const dir = mkdtempSync(join(tmpdir(), 'datavet-compare-'));
  const { train, eval: current } = chicagoTaxi();
  writeFileSync(join(dir, 'train.pbtxt'), printTextFormat('DatasetFeatureStatisticsList', train.list));
  writeFileSync(join(dir, 'eval.pbtxt'), printTextFormat('DatasetFeatureStatisticsList', current.list));
  writeFileSync(join(dir, 'eval.json'), toJsonString('DatasetFeatureStatisticsList', current.list));
  writeFileSync(
    join(dir, 'schema.pbtxt'),
    [
      'feature {',
      '  name: "payment_type"',
      '  type: BYTES',
      '  drift_comparator { infinity_norm { threshold: 0.001 } }',
      '}',
      '',
    ].join('\n'),
  );

  it('prints a per-feature table and exits 0 on real TFX statistics without drift', async () => {
    const r = await runCli(['compare', tfx('train'), tfx('eval')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^feature\s+kind\s+method\s+value\s+unit\s+threshold\s+verdict\s+why$/m);
    expect(r.stdout).toMatch(
      /^payment_type\s+categorical\s+hellinger\s+0\.02232\s+distance in \[0, 1\]\s+>0\.1\s+ok\s+.*new values: Prcard/m,
    );
    expect(r.stdout).toMatch(/0 of 17 compared features drifted/);
  });

  it('reports the L-infinity distance and the new Prcard from a schema comparator, exit 1', async () => {
    const r = await runCli(['compare', 'train.pbtxt', 'eval.pbtxt', '--schema', 'schema.pbtxt'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^payment_type\s+categorical\s+linf\s+0\.0048\s+largest share difference\s+>0\.001\s+DRIFT\s+Cash .*new values: Prcard$/m,
    );
    expect(r.stdout).toMatch(/1 of 5 compared features drifted \(20%\): payment_type/);
  });

  it('reads proto3 JSON statistics and writes JSON with --format json', async () => {
    const r = await runCli(['compare', 'train.pbtxt', 'eval.json', '--method', 'psi', '--format', 'json'], {
      cwd: dir,
    });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.features.map((f: { results: { method: string }[] }) => f.results[0]!.method)).toEqual(
      Array(5).fill('psi'),
    );
    expect(json.numExamples).toMatchObject({ reference: 10000, current: 5000, ratio: 0.5 });
  });

  it('finds no drift comparing a file with itself under every method', async () => {
    for (const method of [
      'auto',
      'psi',
      'ks',
      'wasserstein',
      'hellinger',
      'chi2',
      'ztest',
      'kl',
      'linf',
      'jsd',
      'nad',
    ]) {
      const r = await runCli(['compare', tfx('train'), tfx('train'), '--method', method]);
      expect(r.code, method).toBe(0);
    }
  });

  it('gates on --threshold for the chosen method', async () => {
    const r = await runCli(['compare', 'train.pbtxt', 'eval.pbtxt', '--method', 'hellinger', '--threshold', '0.05'], {
      cwd: dir,
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^company\s+categorical\s+hellinger\s+0\.07188\s+distance in \[0, 1\]\s+>0\.05\s+DRIFT/m);
  });

  it('rejects --threshold with auto and unknown methods (exit 2)', async () => {
    expect((await runCli(['compare', 'train.pbtxt', 'eval.pbtxt', '--threshold', '0.1'], { cwd: dir })).code).toBe(2);
    const bad = await runCli(['compare', 'train.pbtxt', 'eval.pbtxt', '--method', 'energy'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/expected one of: auto, psi/);
    expect((await runCli(['compare', 'missing.pb', 'eval.pbtxt'], { cwd: dir })).code).toBe(2);
  });
});
