import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

// Cars 1970-1982 (vega-datasets, see datasets/vega_cars/PROVENANCE.md), a file no other test reads,
// used the way a new user arrives: a JSON array export, then batches with the defects people meet.
const source = join(import.meta.dirname, '..', '..', 'datasets', 'vega_cars', 'cars.json');

type Car = Record<string, string | number | null>;
let dir: string;
let cars: Car[];
const at = (name: string) => join(dir, name);

async function cli(...argv: string[]) {
  const result = await runCli(argv, { cwd: dir });
  if (result.code === 3) throw new Error(result.stderr);
  return result;
}

function writeJsonl(name: string, rows: readonly Car[]): void {
  writeFileSync(at(name), `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
}

async function statsOf(name: string, rows: readonly Car[]): Promise<string> {
  writeJsonl(`${name}.jsonl`, rows);
  const result = await cli('stats', `${name}.jsonl`, '-o', `${name}.pb`, '-q');
  expect(result.code, result.stderr).toBe(0);
  return `${name}.pb`;
}

/** Anomaly types per feature of `validate --format json`. */
async function anomalyTypes(...args: string[]): Promise<Record<string, string[]>> {
  const result = await cli('validate', ...args, '--format', 'json');
  const info = (JSON.parse(result.stdout).anomalyInfo ?? {}) as Record<string, { reason: { type: string }[] }>;
  return Object.fromEntries(Object.entries(info).map(([k, v]) => [k, v.reason.map((r) => r.type)]));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'datavet-new-user-'));
  cars = JSON.parse(readFileSync(source, 'utf8')) as Car[];
  // Training data: American and European cars, every value present (rows with nulls left out).
  const complete = cars.filter((c) => Object.values(c).every((v) => v !== null));
  const train = complete.filter((c) => c.Origin !== 'Japan');
  await statsOf('train', train);
  mkdirSync(at('schema'));
  expect((await cli('infer-schema', '--stats', 'train.pb', '-o', 'schema/cars.pbtxt')).code).toBe(0);
  // The label is not sent at serving time.
  expect(
    (await cli('schema', 'set', 'schema/cars.pbtxt', 'Miles_per_Gallon', '--not-in-environment', 'SERVING')).code,
  ).toBe(0);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a new user on their own data', () => {
  it('is told how to convert a JSON array export to JSON Lines', async () => {
    writeFileSync(at('cars.json'), readFileSync(source));
    const result = await cli('stats', 'cars.json', '-o', 'cars.pb');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "the file is one JSON array, not JSON Lines (one object per line): convert it first, e.g. jq -c '.[]' cars.json > cars.jsonl",
    );
  });

  it('is told to compute statistics first when validate is given the data file', async () => {
    const result = await cli('validate', '--stats', 'train.jsonl', '--schema', 'schema/cars.pbtxt');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--stats train.jsonl: this is a jsonl data file; --stats takes statistics');
    expect(result.stderr).toContain('datavet stats train.jsonl -o train.stats.pb');
  });

  it('catches a new category, naming the value', async () => {
    const next = await statsOf(
      'japan',
      cars.filter((c) => c.Origin === 'Japan' && c.Horsepower !== null),
    );
    const types = await anomalyTypes('--stats', next, '--schema', 'schema/cars.pbtxt');
    expect(types.Origin).toContain('ENUM_TYPE_UNEXPECTED_STRING_VALUES');
    const table = await cli('validate', '--stats', next, '--schema', 'schema/cars.pbtxt');
    expect(table.stdout).toMatch(/Origin\s+ERROR\s+ENUM_TYPE_UNEXPECTED_STRING_VALUES\s+.*Japan/);
  });

  it('catches a missing-value spike', async () => {
    const spiked = cars
      .filter((c) => c.Origin !== 'Japan')
      .map((c, i) => (i % 3 === 0 ? { ...c, Horsepower: null } : c));
    const next = await statsOf('spike', spiked);
    const types = await anomalyTypes('--stats', next, '--schema', 'schema/cars.pbtxt');
    expect(Object.keys(types)).toContain('Horsepower');
    expect(types.Horsepower).toContain('FEATURE_TYPE_LOW_FRACTION_PRESENT');
    // TFDV's short text for it is "Column dropped"; a person reads what happened.
    const markdown = await cli('validate', '--stats', next, '--schema', 'schema/cars.pbtxt', '--format', 'markdown');
    expect(markdown.stdout).toMatch(/^\| `Horsepower` \| ❌ ERROR \| [^|]*Missing in more examples than allowed/m);
    expect(markdown.stdout).not.toContain('Column dropped');
  });

  it('shows a renamed column as a possible rename', async () => {
    const renamed = cars
      .filter((c) => c.Origin !== 'Japan' && Object.values(c).every((v) => v !== null))
      .map(({ Weight_in_lbs, ...rest }) => ({ ...rest, weight_lbs: Weight_in_lbs ?? null }));
    const next = await statsOf('renamed', renamed);
    const types = await anomalyTypes('--stats', next, '--schema', 'schema/cars.pbtxt');
    expect(types.Weight_in_lbs).toEqual(['SCHEMA_MISSING_COLUMN']);
    expect(types.weight_lbs).toEqual(['SCHEMA_NEW_COLUMN']);
    const table = await cli('validate', '--stats', next, '--schema', 'schema/cars.pbtxt');
    expect(table.stdout).toContain(
      "hint: Weight_in_lbs: possible rename: 'Weight_in_lbs' is missing and the new column 'weight_lbs' has the same type",
    );
    expect(table.stdout).toMatch(
      /2 features with anomalies \(2 at ERROR, 0 at WARNING or lower\); 2 anomaly types in all/,
    );
  });

  it('catches the label present at serving, and gates it in every CI format with repository-relative lines', async () => {
    const complete = cars.filter((c) => c.Origin === 'USA' && Object.values(c).every((v) => v !== null));
    const serving = await statsOf('serving', complete.slice(0, 50));
    const args = ['--stats', serving, '--schema', 'schema/cars.pbtxt', '--environment', 'SERVING'];
    // TFDV's finding for a feature not in the environment: a new column there.
    const types = await anomalyTypes(...args);
    expect(Object.keys(types)).toEqual(['Miles_per_Gallon']);
    expect(types.Miles_per_Gallon).toContain('SCHEMA_NEW_COLUMN');

    const github = await cli('validate', ...args, '--format', 'github');
    expect(github.code).toBe(1);
    const schemaLines = readFileSync(at('schema/cars.pbtxt'), 'utf8').split('\n');
    const labelLine = schemaLines.findIndex((l) => l.includes('name: "Miles_per_Gallon"')) + 1;
    expect(github.stdout.trimEnd().split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(
          `^::error file=schema/cars\\.pbtxt,line=${labelLine},title=datavet serving\\.pb \\(SERVING\\)%3A Miles_per_Gallon%3A `,
        ),
      ),
    ]);
    expect(github.stdout).not.toContain(dir);
    expect(github.stdout).not.toMatch(/\.pb,/);

    const junit = await cli('validate', ...args, '--format', 'junit');
    expect(XMLValidator.validate(junit.stdout)).toBe(true);
    const suite = new XMLParser({ ignoreAttributes: false }).parse(junit.stdout).testsuites.testsuite;
    expect(Number(suite['@_failures'])).toBe(types.Miles_per_Gallon?.length);

    // The same gate as run: severities overridden, then --fail-on decides.
    const warnings = (types.Miles_per_Gallon ?? []).flatMap((t) => ['--severity', `${t}=WARNING`]);
    expect((await cli('validate', ...args, ...warnings)).code).toBe(0);
    expect((await cli('validate', ...args, ...warnings, '--fail-on', 'warning')).code).toBe(1);
    const markdown = await cli('validate', ...args, '--format', 'markdown', ...warnings);
    expect(markdown.stdout).toContain('## datavet: ✅ passed');
    const bad = await cli('validate', ...args, '--severity', 'NO_SUCH_TYPE=WARNING');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("'NO_SUCH_TYPE' is not a TFDV anomaly type");
  });

  it('compares with --exclude, a dataset-level drift share, units, and the same CI formats', async () => {
    const europe = await statsOf(
      'europe',
      cars.filter((c) => c.Origin === 'Europe' && c.Horsepower !== null),
    );
    const usa = await statsOf(
      'usa',
      cars.filter((c) => c.Origin === 'USA' && c.Horsepower !== null && c.Miles_per_Gallon !== null),
    );
    const all = await cli('compare', usa, europe);
    expect(all.code).toBe(1);
    expect(all.stdout).toMatch(/^Weight_in_lbs\s+numeric\s+\S+\s+\S+\s+(reference std devs|p-value)/m);
    const drifted = /(\d+) of (\d+) compared features drifted/.exec(all.stdout);
    expect(drifted).not.toBeNull();
    const excluded = await cli('compare', usa, europe, '--exclude', 'Name,Year');
    expect(excluded.stdout).not.toMatch(/^Name\s/m);
    expect(excluded.stdout).not.toMatch(/^Year\s/m);
    // With a share threshold above the drifted share, single drifts are warnings and the gate passes.
    const share = await cli('compare', usa, europe, '--exclude', 'Name,Year', '--drift-share', '1');
    expect(share.stdout).toMatch(/dataset drift: (no|YES) \(drifted share [\d.]+%, threshold 100%\)/);
    const github = await cli(
      'compare',
      usa,
      europe,
      '--format',
      'github',
      '--drift-share',
      '1',
      '--exclude',
      'Name,Year',
    );
    for (const line of github.stdout.trimEnd().split('\n')) expect(line).toMatch(/^::(warning|error) title=datavet /);
    const bad = await cli('compare', usa, europe, '--exclude', 'nope');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("cannot exclude 'nope'");
  });
});

describe('readable output on a terminal', () => {
  it('wraps long descriptions at the terminal width, and --wide or a pipe keeps full lines', async () => {
    const { runMain } = await import('../../src/cli/main.js');
    const run = async (tty: boolean, ...extra: string[]) => {
      let out = '';
      const stdout = { write: (t: string) => (out += t), isTTY: tty, columns: 70 };
      const stderr = { write: () => true };
      const args = ['validate', '--stats', 'spike.pb', '--schema', 'schema/cars.pbtxt', ...extra];
      await runMain(args, { stdout, stderr, env: {}, cwd: dir });
      return out.split('\n');
    };
    const wrapped = await run(true);
    expect(Math.max(...wrapped.map((l) => l.length))).toBeLessThanOrEqual(70);
    const full = await run(false);
    expect(Math.max(...full.map((l) => l.length))).toBeGreaterThan(70);
    expect(await run(true, '--wide')).toEqual(full);
    // Nothing is cut: the same words, only the line breaks differ.
    const words = (lines: string[]) => lines.join(' ').split(/\s+/).filter(Boolean);
    expect(words(wrapped)).toEqual(words(full));
  });
});
