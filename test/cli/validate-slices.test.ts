import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

// Seattle weather (vega-datasets, see datasets/seattle_weather/PROVENANCE.md), sliced by its category.
let dir: string;

async function cli(...argv: string[]) {
  const result = await runCli(argv, { cwd: dir });
  if (result.code === 3) throw new Error(result.stderr);
  return result;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'datavet-slices-'));
  copyFileSync(
    join(import.meta.dirname, '..', '..', 'datasets', 'seattle_weather', 'seattle-weather.csv'),
    join(dir, 'w.csv'),
  );
  expect((await cli('stats', 'w.csv', '-o', 'w.pb', '--slice-by', 'weather', '-q')).code).toBe(0);
  expect((await cli('infer-schema', '--stats', 'w.pb', '-o', 'schema.pbtxt', '-q')).code).toBe(0);
  // Daily precipitation above 20 mm happens only on rainy and snowy days.
  expect((await cli('schema', 'set', 'schema.pbtxt', 'precipitation', '--float-domain', '0..20', '-q')).code).toBe(0);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('validate per slice', () => {
  it('validates every slice on its own with --all-slices, naming each', async () => {
    const result = await cli(
      'validate',
      '--stats',
      'w.pb',
      '--schema',
      'schema.pbtxt',
      '--all-slices',
      '--format',
      'json',
    );
    expect(result.code).toBe(1);
    const slices = JSON.parse(result.stdout).slices as Record<string, { anomalyInfo?: Record<string, unknown> }>;
    const flagged = Object.entries(slices)
      .filter(([, a]) => a.anomalyInfo?.precipitation)
      .map(([name]) => name)
      .sort();
    expect(flagged).toEqual(['All Examples', 'weather_rain', 'weather_snow']);
    expect(Object.keys(slices)).toEqual(expect.arrayContaining(['weather_sun', 'weather_fog', 'weather_drizzle']));
    const table = await cli('validate', '--stats', 'w.pb', '--schema', 'schema.pbtxt', '--all-slices');
    expect(table.stdout).toMatch(/^slice weather_sun\nNo anomalies found\.$/m);
    const junit = await cli(
      'validate',
      '--stats',
      'w.pb',
      '--schema',
      'schema.pbtxt',
      '--all-slices',
      '--format',
      'junit',
    );
    expect(junit.stdout).toContain('<testsuite name="w.pb [weather_snow]"');
  });

  it('validates named slices with --slice, and names the slices there are when one is unknown', async () => {
    const sun = await cli('validate', '--stats', 'w.pb', '--schema', 'schema.pbtxt', '--slice', 'weather_sun');
    expect(sun.code).toBe(0);
    const bad = await cli('validate', '--stats', 'w.pb', '--schema', 'schema.pbtxt', '--slice', 'weather_hail');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("the statistics have no slice 'weather_hail'");
    expect(bad.stderr).toContain("'weather_sun'");
  });
});
