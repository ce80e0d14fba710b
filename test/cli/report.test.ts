import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMessageFile, writeMessageFile } from '../../src/tfmd/index.js';
import { runCli } from '../helpers/run-cli.js';

// Statistics written by TFX/TFDV (see test/fixtures/tfx/PROVENANCE.md).
const tfx = resolve(import.meta.dirname, '..', 'fixtures', 'tfx');
const trainPb = join(tfx, 'statistics_gen', 'Split-train', 'FeatureStats.pb');
const evalPb = join(tfx, 'statistics_gen', 'Split-eval', 'FeatureStats.pb');
const schemaPbtxt = join(tfx, 'schema_gen', 'schema.pbtxt');

const anomaliesPbtxt = `anomaly_info {
  key: "payment_type"
  value {
    path {
      step: "payment_type"
    }
    severity: ERROR
    short_description: "Unexpected string values"
    description: "Examples contain values missing from the schema: Prcard (<1%)."
    reason {
      type: ENUM_TYPE_UNEXPECTED_STRING_VALUES
      short_description: "Unexpected string values"
      description: "Examples contain values missing from the schema: Prcard (<1%)."
    }
  }
}
`;

describe('datavet report', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'datavet-report-'));
    await writeFile(join(dir, 'anomalies.pbtxt'), anomaliesPbtxt);
    // The schema as it was before Prcard was seen: the anomaly's fix is then a real change.
    const schema = readFileSync(schemaPbtxt, 'utf8').replace('  value: "Prcard"\n', '');
    await writeFile(join(dir, 'schema.pbtxt'), schema);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads TFDV's FeatureStats.pb, compares two splits, writes the page and prints the summary", async () => {
    const out = join(dir, 'report.html');
    const result = await runCli([
      'report',
      '--stats',
      evalPb,
      '--compare',
      trainPb,
      '--schema',
      join(dir, 'schema.pbtxt'),
      '--anomalies',
      join(dir, 'anomalies.pbtxt'),
      '-o',
      out,
    ]);
    expect(result.stderr).toContain('wrote ');
    expect(result.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<title>datavet report: eval vs train</title>');
    // Labels come from TFX's split folders; drift is scored against --compare.
    expect(result.stdout).toContain('datasets: eval (4,966 examples), train (10,036 examples)');
    expect(result.stdout).toMatch(
      /^feature\s+type\s+missing eval\s+missing train\s+summary eval\s+summary train\s+drift\s+anomaly$/m,
    );
    expect(result.stdout).toMatch(/^payment_type\s+STRING\s.*ERROR Unexpected string values$/m);
    // The fix is update-schema's relaxation of the schema for these statistics, not a canned sentence.
    expect(result.stdout).toContain('suggested schema change: string_domain "payment_type".value: add "Prcard"');
    const fare = result.stdout.split('\n').find((l) => l.startsWith('fare '));
    // The method, then its unit (a p-value reads p=...), then whether it drifted.
    expect(fare).toMatch(
      /\s(PSI|KS|Wasserstein|Hellinger|chi²|z-test|KL)( \((index \(ln\)|reference std devs|distance in \[0, 1\]|nats)\))?( DRIFT)?$/,
    );
  });

  it("measures drift with the schema's comparators where it has them (skew ones when it has no drift ones)", async () => {
    const schema = join(dir, 'comparators.pbtxt');
    await writeFile(schema, readFileSync(schemaPbtxt, 'utf8'));
    const set = await runCli(['schema', 'set', schema, 'payment_type', '--skew-linf', '0.01']);
    expect(set.code, set.stderr).toBe(0);
    const report = () =>
      runCli(['report', '--stats', evalPb, '--compare', trainPb, '--schema', schema, '-o', join(dir, 'c.html')]);
    const skewOnly = await report();
    expect(skewOnly.code, skewOnly.stderr).toBe(0);
    const line = (out: string, name: string) => out.split('\n').find((l) => l.startsWith(`${name} `)) ?? '';
    expect(line(skewOnly.stdout, 'payment_type')).toMatch(/ L-infinity \(largest share difference\)( DRIFT)?$/);
    // Features without a comparator keep the default method.
    expect(line(skewOnly.stdout, 'fare')).not.toContain('L-infinity');
    // A drift comparator is preferred: then only drift comparators count.
    const drift = await runCli(['schema', 'set', schema, 'company', '--drift-jsd', '0.2']);
    expect(drift.code, drift.stderr).toBe(0);
    const both = await report();
    expect(line(both.stdout, 'company')).toMatch(/ Jensen-Shannon \(bits, in \[0, 1\]\)( DRIFT)?$/);
    expect(line(both.stdout, 'payment_type')).not.toContain('L-infinity');
    const html = readFileSync(join(dir, 'c.html'), 'utf8');
    expect(html).toContain('"method":"Jensen-Shannon","value":');
    expect(html).toMatch(/"threshold":0\.2,"drifted":(true|false),"kind":"distance","unit":"bits, in \[0, 1\]"/);
  });

  it('takes labels, a title and JSON statistics; --quiet silences stderr only', async () => {
    const json = join(dir, 'train.json');
    await writeMessageFile(
      json,
      'DatasetFeatureStatisticsList',
      await readMessageFile(trainPb, 'DatasetFeatureStatisticsList'),
    );
    const out = join(dir, 'quiet.html');
    const result = await runCli([
      'report',
      '--stats',
      json,
      '--labels',
      'training data',
      '--title',
      'Taxi <train>',
      '--quiet',
      '-o',
      out,
    ]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('training data');
    expect(result.stdout.split('\n').some((l) => l.startsWith('fare '))).toBe(true);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<title>Taxi &lt;train&gt;</title>');
    expect(html).toContain('"label":"training data"');
  });

  it('--no-summary leaves stdout empty; -o - writes the page to stdout without the summary', async () => {
    const out = join(dir, 'no-summary.html');
    const noSummary = await runCli(['report', '--stats', trainPb, '--no-summary', '-o', out]);
    expect(noSummary).toMatchObject({ code: 0, stdout: '' });
    expect(noSummary.stderr).toContain('wrote ');
    expect(readFileSync(out, 'utf8')).toMatch(/^<!doctype html>/i);

    const toStdout = await runCli(['report', '--stats', trainPb, '-o', '-']);
    expect(toStdout).toMatchObject({ code: 0, stderr: '' });
    expect(toStdout.stdout).toMatch(/^<!doctype html>/i);
    expect(toStdout.stdout.trimEnd()).toMatch(/<\/html>$/i);
    expect(existsSync(join(dir, '-'))).toBe(false);
  });

  it('exits 2 with a hint when the output or the statistics are missing', async () => {
    const noOutput = await runCli(['report', '--stats', trainPb]);
    expect(noOutput.code).toBe(2);
    expect(noOutput.stderr).toContain('--output is required');
    const noStats = await runCli(['report', '-o', join(dir, 'x.html')]);
    expect(noStats.code).toBe(2);
    expect(noStats.stderr).toContain('--stats is required');
    const missing = await runCli(['report', '--stats', join(dir, 'nope.pb'), '-o', join(dir, 'y.html')]);
    expect(missing.code).toBe(2);
    expect(existsSync(join(dir, 'y.html'))).toBe(false);
  });
});
