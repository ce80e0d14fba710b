import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

/**
 * Numbers as datavet prints them, through the CLI on vega-datasets' cars (datasets/vega_cars):
 * a schema's float domain (proto `float` fields) keeps the short decimal through text, binary and
 * JSON, and the report's displays round fractions while the files keep exact values.
 */
const carsJson = resolve(import.meta.dirname, '..', '..', 'datasets', 'vega_cars', 'cars.json');
/** Digits a double printed in full shows (0.6493150684931507, 24.799999237060547). */
const LONG_DECIMAL = /\d\.\d{7,}/;

describe('float and fraction displays (vega cars)', () => {
  let dir: string;
  const cli = async (args: string[]) => {
    const result = await runCli(args, { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    return result.stdout;
  };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'datavet-display-'));
    const rows = JSON.parse(readFileSync(carsJson, 'utf8')) as unknown[];
    await writeFile(join(dir, 'cars.jsonl'), `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
    await cli(['stats', 'cars.jsonl', '-o', 'cars.pb']);
    await cli(['infer-schema', '--stats', 'cars.pb', '-o', 'schema.pbtxt']);
    await cli(['schema', 'set', 'schema.pbtxt', 'Acceleration', '--float-domain=8..24.8']);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps a float domain short through .pb (32-bit floats), .pbtxt and .json', async () => {
    await cli(['convert', 'schema.pbtxt', 'schema.pb']);
    await cli(['convert', 'schema.pb', 'back.pbtxt']);
    await cli(['convert', 'schema.pb', 'back.json']);
    const text = readFileSync(join(dir, 'back.pbtxt'), 'utf8');
    expect(text).toMatch(/name: "Acceleration"\n(.*\n)*? {2}float_domain \{\n {4}min: 8\.0\n {4}max: 24\.8\n {2}\}/);
    expect(text).not.toMatch(LONG_DECIMAL);
    const json = JSON.parse(readFileSync(join(dir, 'back.json'), 'utf8')) as {
      feature: { name: string; floatDomain?: { max: number } }[];
    };
    expect(json.feature.find((f) => f.name === 'Acceleration')?.floatDomain?.max).toBe(24.8);
  });

  it('rounds missing fractions to 3 significant digits in the summary and the page; the statistics keep them exact', async () => {
    const summary = await cli(['report', '--stats', 'cars.pb', '--schema', 'back.pbtxt', '-o', 'report.html']);
    // Horsepower is null in 6 of 406 cars, Miles_per_Gallon in 8.
    expect(summary).toMatch(/Horsepower +INT +1\.48% +mean 105\.1/);
    expect(summary).toMatch(/Miles_per_Gallon +(INT|FLOAT) +1\.97% /);
    expect(summary).not.toMatch(LONG_DECIMAL);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    // The page embeds the schema entry as the file reads.
    expect(html).toContain('max: 24.8');
    expect(html).not.toContain('24.799999');
    const stats = await cli(['convert', 'cars.pb', '-', '--to', 'text', '--type', 'statistics']);
    expect(stats).toMatch(/num_missing: 6/);
  });
});
