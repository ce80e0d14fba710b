import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorsOnly, gradeOf, severityPolicy, validateStatistics } from '../../src/anomalies/index.js';
import { parsePipelineConfig } from '../../src/pipeline/pipeline-config.js';
import { createRequestValidator } from '../../src/serving/request-validator.js';
import { parseTextFormat, readMessageFile } from '../../src/tfmd/index.js';
import { runCli } from '../helpers/run-cli.js';

// TFX's eval statistics against its schema without the value "Prcard" and without trip_seconds:
// an unexpected string value and a new column (see test/fixtures/tfx/PROVENANCE.md).
const tfx = resolve(import.meta.dirname, '..', 'fixtures', 'tfx');
const statsPath = resolve(tfx, 'statistics_gen', 'Split-eval', 'FeatureStats.pb');
const schemaText = readFileSync(resolve(tfx, 'schema_gen', 'schema.pbtxt'), 'utf8')
  .replace('  value: "Prcard"\n', '')
  .replace(/feature \{\n {2}name: "trip_seconds"[\s\S]*?\n\}\n/, '');

// One policy, in the three shapes it arrives in.
const cliFlags = ['--severity', 'ENUM_TYPE_UNEXPECTED_STRING_VALUES=WARNING', '--new-features-as-warnings'];
const configJson = {
  splits: [{ name: 'eval', inputs: ['eval.csv'] }],
  validation: { severityOverrides: { ENUM_TYPE_UNEXPECTED_STRING_VALUES: 'WARNING' }, newFeaturesAreWarnings: true },
};
const protoText = `
new_features_are_warnings: true
severity_overrides { type: ENUM_TYPE_UNEXPECTED_STRING_VALUES severity: WARNING }
`;

describe('the severity policy: CLI flags, pipeline config and ValidationConfig proto agree', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'datavet-severity-'));
    await writeFile(join(dir, 'schema.pbtxt'), schemaText);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('normalise to the same policy', () => {
    const config = parsePipelineConfig(configJson, { baseDir: dir });
    const proto = parseTextFormat('ValidationConfig', protoText);
    const expected = { SCHEMA_NEW_COLUMN: 'WARNING', ENUM_TYPE_UNEXPECTED_STRING_VALUES: 'WARNING' };
    expect({ ...severityPolicy(config.validation) }).toEqual(expected);
    expect({ ...severityPolicy(proto) }).toEqual(expected);
    // TFDV's rule: overrides come after new_features_are_warnings, and the last one wins.
    const list = severityPolicy({
      newFeaturesAreWarnings: true,
      severityOverrides: [
        { type: 'SCHEMA_NEW_COLUMN', severity: 'UNKNOWN' },
        { type: 'SCHEMA_NEW_COLUMN', severity: 'ERROR' },
      ],
    });
    expect(gradeOf('SCHEMA_NEW_COLUMN', list)).toBe('ERROR');
    expect(gradeOf('FLOAT_TYPE_BIG_FLOAT', list)).toBe('ERROR');
    expect(severityPolicy({})).toBe(errorsOnly);
  });

  it('give the same anomalies through the CLI, the config and the proto', async () => {
    const out = join(dir, 'anomalies.pbtxt');
    const result = await runCli([
      'validate',
      '--stats',
      statsPath,
      '--schema',
      join(dir, 'schema.pbtxt'),
      ...cliFlags,
      '-o',
      out,
    ]);
    expect(result.stderr).not.toMatch(/error:/i);
    const fromCli = await readMessageFile(out, 'Anomalies');

    const stats = await readMessageFile(statsPath, 'DatasetFeatureStatisticsList');
    const schema = parseTextFormat('Schema', schemaText);
    const config = parsePipelineConfig(configJson, { baseDir: dir });
    const fromConfig = validateStatistics(stats, schema, { validationOptions: config.validation });
    const fromProto = validateStatistics(stats, schema, {
      validationOptions: parseTextFormat('ValidationConfig', protoText),
    });
    expect(fromConfig).toEqual(fromProto);
    expect(fromCli.anomalyInfo).toEqual(fromProto.anomalyInfo);
    const severities = Object.fromEntries(Object.entries(fromProto.anomalyInfo ?? {}).map(([k, v]) => [k, v.severity]));
    expect(severities).toEqual({ payment_type: 'WARNING', trip_seconds: 'WARNING' });
    // Without the policy both are errors.
    const plain = validateStatistics(stats, schema);
    expect(Object.values(plain.anomalyInfo ?? {}).map((v) => v.severity)).toEqual(['ERROR', 'ERROR']);
  });

  it('grades request anomalies the same way', () => {
    const schema = parseTextFormat('Schema', schemaText);
    const config = parsePipelineConfig(configJson, { baseDir: dir });
    // A request's severity is ERROR or WARNING (this config grades nothing UNKNOWN).
    const overrides = config.validation.severityOverrides as Readonly<Record<string, 'ERROR' | 'WARNING'>>;
    const validator = createRequestValidator(schema, {
      severityOverrides: overrides,
      newFeaturesAreWarnings: config.validation.newFeaturesAreWarnings === true,
      presence: 'existence',
    });
    const request = { payment_type: 'Bitcoin', trip_seconds: 30 };
    const graded = Object.fromEntries(
      validator
        .validate(request)
        .filter((a) => a.feature === 'payment_type' || a.feature === 'trip_seconds')
        .map((a) => [a.feature, a.severity]),
    );
    expect(graded).toEqual({ payment_type: 'WARNING', trip_seconds: 'WARNING' });
  });
});
