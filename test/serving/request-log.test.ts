import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { readLines } from '../../src/cli/commands/validate-requests.js';
import { toJsonSchema } from '../../src/serving/json-schema.js';
import { summarizeRequestLog } from '../../src/serving/request-log.js';
import { createRequestValidator } from '../../src/serving/request-validator.js';
import type { Schema } from '../../src/tfmd/types.js';
import { runCli } from '../helpers/run-cli.js';

const fixtures = new URL('../fixtures/serving/', import.meta.url).pathname;
const schema: Schema = {
  defaultEnvironment: ['TRAINING', 'SERVING'],
  stringDomain: [{ name: 'pay', value: ['Cash', 'Card'] }],
  feature: [
    {
      name: 'trips',
      type: 'INT',
      presence: { minFraction: 1 },
      valueCount: { min: 1, max: 1 },
      intDomain: { min: 0, max: 10 },
    },
    { name: 'pay', type: 'BYTES', domain: 'pay' },
    { name: 'fare', type: 'FLOAT', floatDomain: { min: 0 } },
    { name: 'tips', type: 'FLOAT', presence: { minFraction: 1 }, notInEnvironment: ['SERVING'] },
  ],
};

function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'datavet-serving-'));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

const log = [
  '{"trips": 1, "pay": "Cash"}',
  '{"trips": 20}',
  '',
  '{"trips": 2, "pay": "Gold"',
  '{"trips": 3, "pay": "Gold", "fare": -1}',
  '[1]',
  '{"trips": 30, "extra": true}',
].join('\n');

describe('summarizeRequestLog and readLines', () => {
  it('counts anomalies per feature and type with first lines', async () => {
    const file = tempFile('requests.jsonl', `${log}\r\n`);
    const summary = await summarizeRequestLog(
      readLines(file, 1000),
      createRequestValidator(schema, { environment: 'SERVING' }),
    );
    expect(summary.totalRequests).toBe(6);
    expect(summary.failedRequests).toBe(5);
    expect(summary.malformedLines).toBe(1);
    expect(summary.malformed[0]?.line).toBe(4);
    expect(summary.firstFailingLines).toEqual([2, 4, 5, 6, 7]);
    expect(summary.countsByType).toEqual({
      INT_TYPE_BIG_INT: 2,
      ENUM_TYPE_UNEXPECTED_STRING_VALUES: 1,
      FLOAT_TYPE_SMALL_FLOAT: 1,
      INVALID_REQUEST: 1,
      SCHEMA_NEW_COLUMN: 1,
    });
    expect(summary.countsByFeature.trips).toEqual({ INT_TYPE_BIG_INT: 2 });
    expect(summary.anomalies[0]).toMatchObject({
      feature: 'trips',
      code: 'INT_TYPE_BIG_INT',
      count: 2,
      firstLines: [2, 7],
    });
  });

  it('reports over-long lines without reading them', async () => {
    const file = tempFile('long.jsonl', `{"trips": 1}\n{"trips": "${'x'.repeat(500)}"}\n{"trips": 2}`);
    const lines = [];
    for await (const line of readLines(file, 100)) lines.push(line);
    expect(lines.map((l) => [l.line, l.error === undefined])).toEqual([
      [1, true],
      [2, false],
      [3, true],
    ]);
  });

  it('reports a line that is not UTF-8 instead of replacing its bytes, and skips a byte order mark', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'datavet-log-')), 'bad.jsonl');
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from('\ufeff{"trips": 1}\n{"k'),
        Buffer.from([0xff]),
        Buffer.from('": 1}\n{"trips": 2}\n'),
      ]),
    );
    const lines = [];
    for await (const line of readLines(file, 100)) lines.push(line);
    expect(lines.map((l) => [l.line, l.error ?? l.text])).toEqual([
      [1, '{"trips": 1}'],
      [2, 'the line is not valid UTF-8'],
      [3, '{"trips": 2}'],
    ]);
  });
});

describe('datavet validate-requests', () => {
  it('prints counts as text and exits 1', async () => {
    const file = tempFile('requests.jsonl', log);
    const result = await runCli([
      'validate-requests',
      '--schema',
      join(fixtures, 'chicago_taxi_schema.json'),
      '--environment',
      'SERVING',
      file,
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/6 requests, 6 failed/);
    expect(result.stdout).toMatch(/company\s+SCHEMA_MISSING_COLUMN/);
    expect(result.stdout).toMatch(/requests\.jsonl:4: /);
  });

  it('prints one JSON object and exits 0 for the Chicago serving rows', async () => {
    const csv = (await import('node:fs'))
      .readFileSync(join(fixtures, 'chicago_taxi_serving.csv'), 'utf8')
      .trim()
      .split('\n');
    const names = (csv[0] ?? '').split(',');
    const strings = new Set(['payment_type', 'company']);
    const jsonl = csv
      .slice(1)
      .map((row) =>
        JSON.stringify(
          Object.fromEntries(
            row
              .split(',')
              .map((cell, i) => [names[i], cell === '' ? [] : strings.has(names[i] ?? '') ? cell : Number(cell)]),
          ),
        ),
      )
      .join('\n');
    const file = tempFile('chicago.jsonl', jsonl);
    const ok = await runCli([
      'validate-requests',
      '--schema',
      join(fixtures, 'chicago_taxi_schema_envs.pbtxt'),
      '--environment',
      'SERVING',
      '--format',
      'json',
      file,
    ]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      totalRequests: 100,
      failedRequests: 0,
      firstFailingLines: [],
      countsByFeature: {},
    });
    const training = await runCli([
      'validate-requests',
      '--schema',
      join(fixtures, 'chicago_taxi_schema_envs.pbtxt'),
      '--environment',
      'TRAINING',
      '--format',
      'json',
      file,
    ]);
    expect(training.code).toBe(1);
    const summary = JSON.parse(training.stdout);
    expect(summary).toMatchObject({
      totalRequests: 100,
      failedRequests: 100,
      countsByFeature: { tips: { SCHEMA_MISSING_COLUMN: 100 } },
    });
    expect(summary.firstFailingLines).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('rejects an unknown environment and a missing --schema with exit 2', async () => {
    const file = tempFile('r.jsonl', '{}');
    const env = await runCli([
      'validate-requests',
      '--schema',
      join(fixtures, 'chicago_taxi_schema.json'),
      '--environment',
      'STAGING',
      file,
    ]);
    expect(env.code).toBe(2);
    expect(env.stderr).toMatch(/Environment STAGING not found/);
    expect((await runCli(['validate-requests', file])).code).toBe(2);
  });
});

describe('toJsonSchema', () => {
  it('accepts and rejects what the validator does on typical requests', () => {
    const ajv = new Ajv({ allErrors: false });
    const check = ajv.compile(toJsonSchema(schema, { environment: 'SERVING' }) as object);
    const validator = createRequestValidator(schema, { environment: 'SERVING' });
    const requests: unknown[] = [
      { trips: 1 },
      { trips: [1] },
      { trips: [1, 2] },
      { trips: 11 },
      { trips: 1, pay: 'Cash' },
      { trips: 1, pay: 'Gold' },
      { trips: 1, fare: -1 },
      { trips: 1, fare: null },
      { trips: 1, tips: 2 },
      { trips: 1, tips: null },
      { trips: 1, other: 1 },
      {},
      { trips: '1' },
    ];
    for (const request of requests) expect(check(request), JSON.stringify(request)).toBe(validator.isValid(request));
  });
});
