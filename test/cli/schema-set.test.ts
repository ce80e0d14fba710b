import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTextFormat } from '../../src/tfmd/index.js';
import { runCli } from '../helpers/run-cli.js';

// Seattle weather 2012-2015 (vega-datasets, see datasets/seattle_weather/PROVENANCE.md): a dataset no
// other test uses, as a new user would bring their own.
const source = join(import.meta.dirname, '..', '..', 'datasets', 'seattle_weather', 'seattle-weather.csv');

let dir: string;
const at = (name: string) => join(dir, name);

async function cli(...argv: string[]) {
  const result = await runCli(argv, { cwd: dir });
  if (result.code === 3) throw new Error(result.stderr);
  return result;
}

/** The comments a user keeps in a schema they curate. */
function withComments(inferred: string): string {
  return `# Seattle weather: daily observations.\n# Curated by the data team.\n${inferred.replace(
    '  name: "temp_max"\n',
    '  name: "temp_max"  # degrees Celsius\n',
  )}`;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'datavet-schema-set-'));
  const [header, ...rows] = readFileSync(source, 'utf8').trimEnd().split('\n');
  const train = rows.filter((r) => r.startsWith('2012') || r.startsWith('2013'));
  // The next batch: 2014, with temperatures reported in Fahrenheit (a unit change upstream).
  const next = rows
    .filter((r) => r.startsWith('2014'))
    .map((r) => {
      const [date, precipitation, tmax, tmin, wind, weather] = r.split(',');
      const f = (c: string | undefined) => (Number(c) * 1.8 + 32).toFixed(1);
      return [date, precipitation, f(tmax), f(tmin), wind, weather].join(',');
    });
  writeFileSync(at('train.csv'), `${header}\n${train.join('\n')}\n`);
  writeFileSync(at('next.csv'), `${header}\n${next.join('\n')}\n`);
  for (const [csv, stats] of [
    ['train.csv', 'train.pb'],
    ['next.csv', 'next.pb'],
  ] as const) {
    expect((await cli('stats', csv, '-o', stats)).code).toBe(0);
  }
  expect((await cli('infer-schema', '--stats', 'train.pb', '-o', 'inferred.pbtxt')).code).toBe(0);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('datavet schema set', () => {
  it('curates through the CLI with the same validation result as the same schema edited by hand, keeping comments', async () => {
    const inferred = readFileSync(at('inferred.pbtxt'), 'utf8');
    writeFileSync(at('cli.pbtxt'), withComments(inferred));
    const edits: string[][] = [
      ['temp_max', '--float-domain=-15..45'],
      ['temp_min', '--float-domain=-20..30'],
      ['precipitation', '--float-domain', '0..'],
      ['wind', '--drift-linf', '0.2'],
    ];
    for (const edit of edits) {
      const result = await cli('schema', 'set', 'cli.pbtxt', ...edit);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain(`feature ${edit[0]}`);
      expect(result.stdout).toMatch(/wrote cli\.pbtxt/);
    }
    const curated = readFileSync(at('cli.pbtxt'), 'utf8');
    expect(curated).toContain('# Seattle weather: daily observations.\n# Curated by the data team.\n');
    expect(curated).toContain('  name: "temp_max"  # degrees Celsius\n');

    // The same curation typed by hand into the text.
    const block = (name: string) => new RegExp(`(feature \\{\\n  name: "${name}"[^\\n]*\\n)`);
    const hand = withComments(inferred)
      .replace(block('temp_max'), '$1  float_domain {\n    min: -15.0\n    max: 45.0\n  }\n')
      .replace(block('temp_min'), '$1  float_domain {\n    min: -20.0\n    max: 30.0\n  }\n')
      .replace(block('precipitation'), '$1  float_domain {\n    min: 0.0\n  }\n')
      .replace(block('wind'), '$1  drift_comparator {\n    infinity_norm {\n      threshold: 0.2\n    }\n  }\n');
    writeFileSync(at('hand.pbtxt'), hand);
    expect(parseTextFormat('Schema', curated)).toEqual(parseTextFormat('Schema', hand));

    const viaCli = await cli('validate', '--stats', 'next.pb', '--schema', 'cli.pbtxt', '--format', 'json');
    const byHand = await cli('validate', '--stats', 'next.pb', '--schema', 'hand.pbtxt', '--format', 'json');
    expect(viaCli.code).toBe(1);
    expect(viaCli.stdout).toBe(byHand.stdout);
    // The unit change is caught on both temperatures.
    const anomalies = JSON.parse(viaCli.stdout).anomalyInfo as Record<string, { reason: { type: string }[] }>;
    expect(Object.keys(anomalies).sort()).toEqual(['temp_max', 'temp_min']);
    expect(anomalies.temp_max?.reason.map((r) => r.type)).toContain('FLOAT_TYPE_BIG_FLOAT');
  });

  it('makes a shaped feature optional without leaving the shape that would then fail, and says so', async () => {
    writeFileSync(at('shape.pbtxt'), readFileSync(at('inferred.pbtxt'), 'utf8'));
    expect(readFileSync(at('shape.pbtxt'), 'utf8')).toMatch(/name: "weather"[\s\S]*?shape/);
    const result = await cli('schema', 'set', 'shape.pbtxt', 'weather', '--optional');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('note: weather: shape replaced by value_count { min: 1 max: 1 }');
    const weather = parseTextFormat('Schema', readFileSync(at('shape.pbtxt'), 'utf8')).feature?.find(
      (f) => f.name === 'weather',
    );
    expect(weather?.shape).toBeUndefined();
    expect(weather?.valueCount).toEqual({ min: 1, max: 1 });
    expect(weather?.presence).toEqual({ minCount: 0 });
    // A batch with the weather missing in some rows validates without a shape anomaly.
    const rows = readFileSync(at('train.csv'), 'utf8').trimEnd().split('\n');
    writeFileSync(
      at('gaps.csv'),
      rows.map((r, i) => (i > 0 && i % 10 === 0 ? r.replace(/,[a-z]+$/, ',') : r)).join('\n'),
    );
    expect((await cli('stats', 'gaps.csv', '-o', 'gaps.pb')).code).toBe(0);
    const flagged = async (schema: string) => {
      const result = await cli('validate', '--stats', 'gaps.pb', '--schema', schema, '--format', 'json');
      return Object.keys(JSON.parse(result.stdout).anomalyInfo ?? {});
    };
    expect(await flagged('shape.pbtxt')).toEqual([]);
    expect(await flagged('inferred.pbtxt')).toEqual(['weather']);
  });

  it('sets string values, environments and deprecation, and --dry-run writes nothing', async () => {
    writeFileSync(at('env.pbtxt'), readFileSync(at('inferred.pbtxt'), 'utf8'));
    const dry = await cli('schema', 'set', 'env.pbtxt', 'weather', '--not-in-environment', 'SERVING', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('+  not_in_environment: "SERVING"');
    expect(readFileSync(at('env.pbtxt'), 'utf8')).toBe(readFileSync(at('inferred.pbtxt'), 'utf8'));
    expect((await cli('schema', 'set', 'env.pbtxt', 'weather', '--not-in-environment', 'SERVING')).code).toBe(0);
    expect((await cli('schema', 'set', 'env.pbtxt', 'wind', '--deprecate')).code).toBe(0);
    const schema = parseTextFormat('Schema', readFileSync(at('env.pbtxt'), 'utf8'));
    expect(schema.defaultEnvironment).toContain('SERVING');
    expect(schema.feature?.find((f) => f.name === 'weather')?.notInEnvironment).toEqual(['SERVING']);
    expect(schema.feature?.find((f) => f.name === 'wind')?.lifecycleStage).toBe('DEPRECATED');
  });

  it('rejects bad edits with exit 2, naming the flag, and leaves the file as it was', async () => {
    writeFileSync(at('bad.pbtxt'), readFileSync(at('inferred.pbtxt'), 'utf8'));
    const cases: [string[], RegExp][] = [
      [['nope', '--required'], /Feature nope not found in the schema/],
      [['temp_max', '--float-domain', '5..1'], /MIN is above MAX/],
      [['temp_max', '--float-domain', 'hot'], /--float-domain expects MIN\.\.MAX/],
      [['temp_max', '--min-fraction', '2'], /--min-fraction expects a number from 0 to 1/],
      [['temp_max', '--required', '--optional'], /give one of --required, --optional/],
      [['weather', '--domain', 'missing_domain'], /string_domain missing_domain not found/],
      [['temp_max'], /nothing to change/],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(['schema', 'set', 'bad.pbtxt', ...args], { cwd: dir });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    expect(readFileSync(at('bad.pbtxt'), 'utf8')).toBe(readFileSync(at('inferred.pbtxt'), 'utf8'));
  });
});
