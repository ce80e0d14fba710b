import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { inferSchema } from '../../src/schema/index.js';
import { decodeBinary, fromJson, parseTextFormat, printTextFormat } from '../../src/tfmd/index.js';
import { runCli } from '../helpers/run-cli.js';

// The schema commands end to end on TFX's Chicago taxi statistics (test/fixtures/tfx).
const fixtures = resolve(import.meta.dirname, '..', 'fixtures', 'tfx', 'statistics_gen');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'datavet-validate-'));
  copyFileSync(join(fixtures, 'Split-train', 'FeatureStats.pb'), join(dir, 'train.pb'));
  copyFileSync(join(fixtures, 'Split-eval', 'FeatureStats.pb'), join(dir, 'eval.pb'));
});

const read = (name: string) => readFileSync(join(dir, name), 'utf8');

describe('datavet infer-schema', () => {
  it('writes the schema TFDV infers, in the format of the extension', async () => {
    const result = await runCli(['infer-schema', '--stats', 'train.pb', '-o', 'schema.pbtxt'], { cwd: dir });
    expect(result.code).toBe(0);
    const written = parseTextFormat('Schema', read('schema.pbtxt'));
    const stats = decodeBinary('DatasetFeatureStatisticsList', readFileSync(join(dir, 'train.pb')));
    expect(written).toEqual(inferSchema(stats));
    expect(written.feature?.find((f) => f.name === 'fare')?.shape).toEqual({ dim: [{ size: 1 }] });
  });

  it('honours --no-infer-feature-shape and --max-string-domain-size, and writes JSON', async () => {
    const result = await runCli(
      [
        'infer-schema',
        '--stats',
        'train.pb',
        '-o',
        'schema.json',
        '--no-infer-feature-shape',
        '--max-string-domain-size',
        '10',
      ],
      { cwd: dir },
    );
    expect(result.code).toBe(0);
    const schema = fromJson('Schema', JSON.parse(read('schema.json')));
    expect(schema.feature?.find((f) => f.name === 'fare')?.valueCount).toEqual({ min: 1, max: 1 });
    // company has 45 distinct values: above the limit, so no domain; payment_type (6) keeps one.
    expect(schema.stringDomain?.map((d) => d.name)).toEqual(['payment_type']);
  });

  it('is a usage error without --stats', async () => {
    const result = await runCli(['infer-schema', '-o', 'x.pbtxt'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--stats is required');
  });
});

describe('datavet validate', () => {
  beforeAll(async () => {
    await runCli(['infer-schema', '--stats', 'train.pb', '-o', 'train-schema.pbtxt', '--no-infer-feature-shape'], {
      cwd: dir,
    });
  });

  it('prints "No anomalies found." and exits 0 for clean data', async () => {
    const result = await runCli(['validate', '--stats', 'train.pb', '--schema', 'train-schema.pbtxt'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('No anomalies found.\n');
  });

  it('prints a table and exits 1 when an ERROR anomaly is found', async () => {
    const result = await runCli(['validate', '--stats', 'eval.pb', '--schema', 'train-schema.pbtxt'], { cwd: dir });
    expect(result.code).toBe(1);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^FEATURE\s+SEVERITY\s+ANOMALY\s+DESCRIPTION$/);
    const payment = lines.find((l) => l.startsWith('payment_type'));
    expect(payment).toContain('ERROR');
    expect(payment).toContain('ENUM_TYPE_UNEXPECTED_STRING_VALUES');
    expect(payment).toContain('Examples contain values missing from the schema: Prcard (<1%).');
  });

  it('--format json prints proto3 JSON and -o writes the Anomalies file', async () => {
    const result = await runCli(
      ['validate', '--stats', 'eval.pb', '--schema', 'train-schema.pbtxt', '--format', 'json', '-o', 'anomalies.pbtxt'],
      { cwd: dir },
    );
    expect(result.code).toBe(1);
    const json = fromJson('Anomalies', JSON.parse(result.stdout));
    expect(json.anomalyNameFormat).toBe('SERIALIZED_PATH');
    expect(Object.keys(json.anomalyInfo ?? {})).toContain('payment_type');
    expect(parseTextFormat('Anomalies', read('anomalies.pbtxt'))).toEqual(json);
  });

  it('--format text prints the Anomalies text format', async () => {
    const result = await runCli(
      ['validate', '--stats', 'eval.pb', '--schema', 'train-schema.pbtxt', '--format', 'text'],
      {
        cwd: dir,
      },
    );
    expect(result.stdout).toContain('anomaly_name_format: SERIALIZED_PATH');
  });

  it('a feature missing from the schema is an ERROR (SCHEMA_NEW_COLUMN): exit 1, also with --fail-on warning', async () => {
    const schema = parseTextFormat('Schema', read('train-schema.pbtxt'));
    schema.feature = (schema.feature ?? []).filter((f) => f.name !== 'tips');
    writeFileSync(join(dir, 'no-tips.pbtxt'), printTextFormat('Schema', schema));
    const base = ['validate', '--stats', 'train.pb', '--schema', 'no-tips.pbtxt'];
    const result = await runCli(base, { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^tips\s+ERROR\s+SCHEMA_NEW_COLUMN\s+New column/m);
    expect((await runCli([...base, '--fail-on', 'warning'], { cwd: dir })).code).toBe(1);
  });

  it('an unknown environment is a usage error that lists the known ones', async () => {
    const schema = parseTextFormat('Schema', read('train-schema.pbtxt'));
    schema.defaultEnvironment = ['TRAINING', 'SERVING'];
    writeFileSync(join(dir, 'env-schema.pbtxt'), printTextFormat('Schema', schema));
    const result = await runCli(
      ['validate', '--stats', 'train.pb', '--schema', 'env-schema.pbtxt', '--environment', 'STAGING'],
      { cwd: dir },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Environment STAGING not found in the schema.');
    expect(result.stderr).toContain('TRAINING, SERVING');
  });

  it('--previous evaluates drift comparators and prints the measurement', async () => {
    const schema = parseTextFormat('Schema', read('train-schema.pbtxt'));
    const payment = schema.feature?.find((f) => f.name === 'payment_type');
    if (payment) payment.driftComparator = { infinityNorm: { threshold: 0.001 } };
    writeFileSync(join(dir, 'drift-schema.pbtxt'), printTextFormat('Schema', schema));
    const result = await runCli(
      ['validate', '--stats', 'eval.pb', '--schema', 'drift-schema.pbtxt', '--previous', 'train.pb'],
      { cwd: dir },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/drift payment_type: L_INFTY = [0-9.]+ \(threshold 0\.001\)/);
    expect(result.stdout).toContain('COMPARATOR_L_INFTY_HIGH');
  });
});

describe('datavet update-schema', () => {
  it('relaxes the schema so the statistics validate clean', async () => {
    await runCli(['infer-schema', '--stats', 'train.pb', '-o', 's1.pbtxt', '--no-infer-feature-shape'], { cwd: dir });
    const result = await runCli(['update-schema', '--stats', 'eval.pb', '--schema', 's1.pbtxt', '-o', 's2.pb'], {
      cwd: dir,
    });
    expect(result.code).toBe(0);
    const validate = await runCli(['validate', '--stats', 'eval.pb', '--schema', 's2.pb'], { cwd: dir });
    expect(validate.code).toBe(0);
    expect(validate.stdout).toBe('No anomalies found.\n');
  });
});
