import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/_util/errors.js';
import type { CheckSet } from '../../src/checks/check-definition.js';
import { CheckError } from '../../src/checks/check-error.js';
import { parseExpression } from '../../src/checks/parser.js';
import { loadPipelineConfig } from '../../src/pipeline/load-pipeline-config.js';
import { parsePipelineConfig } from '../../src/pipeline/pipeline-config.js';

const base = { splits: [{ name: 'train', inputs: ['train.csv'] }] };
const parse = (raw: unknown) => parsePipelineConfig(raw, { baseDir: '/data', file: '/data/datavet.config.json' });

function errorOf(raw: unknown): UsageError {
  try {
    parse(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error('expected a UsageError');
}

describe('parsePipelineConfig', () => {
  it('fills defaults and resolves paths against the config directory', () => {
    const config = parse(base);
    expect(config.name).toBe('datavet');
    expect(config.splits[0]?.inputs).toEqual(['/data/train.csv']);
    expect(config.schema).toEqual({ kind: 'infer', from: 'train' });
    expect(config.failOn).toBe('error');
    expect(config.report).toEqual({ enabled: true });
    expect(config.pipelineRoot).toBeUndefined();
    expect(parse({ ...base, schema: 'schemas/s.pbtxt', metadata: 'md.sqlite' })).toMatchObject({
      schema: { kind: 'import', path: '/data/schemas/s.pbtxt' },
      metadata: '/data/md.sqlite',
    });
    expect(parse({ ...base, metadata: 'postgres://u@h/db' }).metadata).toBe('postgres://u@h/db');
  });

  it.each([
    [{}, 'splits: missing'],
    [{ splits: [] }, 'splits: expected a non-empty list'],
    [{ splits: 'train.csv' }, 'splits: expected a non-empty list of splits, got string "train.csv"'],
    [{ splits: [{ name: 'train' }] }, 'splits[0].inputs: missing'],
    [
      { splits: [{ inputs: 'x.csv' }] },
      'splits[0].name: expected a non-empty string, got nothing (the key is missing)',
    ],
    [{ splits: [{ name: 'a/b', inputs: ['x.csv'] }] }, "splits[0].name: 'a/b' cannot name a directory"],
    [
      { splits: [{ name: 'train', inputs: ['x.csv'], environment: 3 }] },
      'splits[0].environment: expected a non-empty string, got number 3',
    ],
    [{ splits: [{ name: 'train', inputs: ['x.csv'], format: 'xls' }] }, 'splits[0].format: expected one of csv'],
    [
      {
        splits: [
          { name: 't', inputs: ['x'] },
          { name: 't', inputs: ['y'] },
        ],
      },
      "splits[1].name: duplicate split name 't'",
    ],
    [
      { splits: [{ name: 'e', inputs: ['x'], driftAgainst: 'train' }] },
      "splits[0].driftAgainst: no split named 'train'",
    ],
    [{ ...base, schema: { infer: { from: 'eval' } } }, "schema.infer.from: no split named 'eval'"],
    [{ ...base, colour: 'red' }, 'colour: unknown key'],
    [{ ...base, comparators: { fare: { skew: {} } } }, 'comparators.fare.skew: no threshold set'],
    [
      { ...base, comparators: { fare: { skew: { infinityNorm: -1 } } } },
      'comparators.fare.skew.infinityNorm: expected a number >= 0',
    ],
    [
      { ...base, validation: { severityOverrides: { NOT_A_TYPE: 'WARNING' } } },
      'validation.severityOverrides.NOT_A_TYPE: unknown anomaly type',
    ],
    [
      { ...base, validation: { severityOverrides: { SCHEMA_NEW_COLUMN: 'LOW' } } },
      'validation.severityOverrides.SCHEMA_NEW_COLUMN: expected one of ERROR, WARNING, UNKNOWN',
    ],
    [{ ...base, failOn: 'sometimes' }, 'failOn: expected error, warning or never'],
    [{ ...base, statistics: { numTopValues: 1.5 } }, 'statistics.numTopValues: expected an integer >= 0'],
    // The schema, features and statistics sections: an unknown key, a wrong type, a value of no form.
    [{ ...base, schema: { colour: 'red' } }, 'schema.colour: unknown key'],
    [{ ...base, schema: { infer: { form: 'train' } } }, 'schema.infer.form: unknown key'],
    [{ ...base, schema: 3 }, 'schema: expected "infer", the path of a curated schema, or an object, got number 3'],
    [{ ...base, schema: '' }, 'schema: expected a non-empty string, got string ""'],
    [{ ...base, schema: { infer: false } }, 'schema.infer: expected true or an object, got boolean false'],
    [{ ...base, schema: { infer: { from: 7 } } }, 'schema.infer.from: expected a non-empty string, got number 7'],
    [
      { ...base, schema: { infer: { maxStringDomainSize: '50' } } },
      'schema.infer.maxStringDomainSize: expected an integer >= 0, got string "50"',
    ],
    [
      { ...base, schema: { infer: { inferFeatureShape: 'no' } } },
      'schema.infer.inferFeatureShape: expected true or false, got string "no"',
    ],
    [{ ...base, schema: { path: 3 } }, 'schema.path: expected a non-empty string, got number 3'],
    [{ ...base, schema: { path: 's.pbtxt', infer: true } }, "schema: set either 'infer' or 'path', not both"],
    [{ ...base, features: [] }, 'features: expected an object, got an array'],
    [{ ...base, features: { fare: 'required' } }, 'features.fare: expected an object, got string "required"'],
    [{ ...base, features: { fare: { intDomain: { low: 0 } } } }, 'features.fare.intDomain.low: unknown key'],
    [
      { ...base, features: { fare: { intDomain: 5 } } },
      'features.fare.intDomain: expected [min, max] (null for an open side) or { "min", "max" }, got number 5',
    ],
    [
      { ...base, features: { fare: { floatDomain: [0, 1, 2] } } },
      'features.fare.floatDomain: expected [min, max], got a list of 3',
    ],
    [
      { ...base, features: { fare: { floatDomain: ['0', 1] } } },
      'features.fare.floatDomain.min: expected a number, got string "0"',
    ],
    [{ ...base, features: { fare: { valueCount: [null, null] } } }, 'features.fare.valueCount: set min, max or both'],
    [
      { ...base, features: { fare: { presence: 'sometimes' } } },
      'features.fare.presence: expected "required", "optional", or an object, got string "sometimes"',
    ],
    [{ ...base, features: { fare: { presence: { minimum: 1 } } } }, 'features.fare.presence.minimum: unknown key'],
    [
      { ...base, features: { fare: { presence: { minFraction: 2 } } } },
      'features.fare.presence.minFraction: expected a number from 0 to 1, got number 2',
    ],
    [
      { ...base, features: { fare: { values: ['a', 3] } } },
      'features.fare.values[1]: expected a non-empty string, got number 3',
    ],
    [
      { ...base, features: { fare: { domain: ['a'] } } },
      'features.fare.domain: expected a non-empty string, got an array',
    ],
    [{ ...base, features: { fare: { skew: { infinity: 0.1 } } } }, 'features.fare.skew.infinity: unknown key'],
    [{ ...base, features: { fare: { drift: {} } } }, 'features.fare.drift: no threshold set'],
    [{ ...base, report: { colour: 1 } }, 'report.colour: unknown key'],
    [{ ...base, report: 'yes' }, 'report: expected true/false, or { "enabled", "path" }, got string "yes"'],
    [{ ...base, report: { enabled: 'yes' } }, 'report.enabled: expected true or false, got string "yes"'],
    [{ ...base, report: { path: 7 } }, 'report.path: expected a non-empty string, got number 7'],
    [{ ...base, statistics: { numTopValue: 5 } }, 'statistics.numTopValue: unknown key'],
    [{ ...base, statistics: [] }, 'statistics: expected an object, got an array'],
    [{ ...base, statistics: { epsilon: '0.1' } }, 'statistics.epsilon: expected a number in (0, 1), got string "0.1"'],
    [
      { ...base, statistics: { maxExactBytes: true } },
      'statistics.maxExactBytes: expected an integer >= 1024, got boolean true',
    ],
  ])('rejects %j naming the key', (raw, message) => {
    const error = errorOf(raw);
    expect(error.message).toContain(message);
    expect(error.location?.file).toBe('/data/datavet.config.json');
  });
});

describe('the schema, features, statistics and report sections', () => {
  it('read every form into what the pipeline uses', () => {
    expect(parse({ ...base, schema: 'infer' }).schema).toEqual({ kind: 'infer', from: 'train' });
    expect(parse({ ...base, schema: { infer: true } }).schema).toEqual({ kind: 'infer', from: 'train' });
    expect(
      parse({ ...base, schema: { infer: { from: 'train', maxStringDomainSize: 5, inferFeatureShape: false } } }).schema,
    ).toEqual({ kind: 'infer', from: 'train', maxStringDomainSize: 5, inferFeatureShape: false });
    expect(parse({ ...base, schema: { path: 's.pbtxt' } }).schema).toEqual({ kind: 'import', path: '/data/s.pbtxt' });
    const features = {
      a: { intDomain: [null, 5], presence: 'required', valueCount: { min: 1 }, inEnvironment: 'SERVING' },
      b: { floatDomain: { min: 0.5, max: null }, presence: { minFraction: 0.5, minCount: 2 }, deprecated: true },
      c: { values: ['x', ''], skew: { infinityNorm: 0.1 }, drift: { jensenShannonDivergence: 0.2 } },
      d: { domain: 'colours', notInEnvironment: [] },
    };
    expect({ ...parse({ ...base, features }).features }).toEqual({
      a: {
        domain: { intDomain: { max: 5 } },
        presence: 'required',
        valueCount: { min: 1 },
        inEnvironment: ['SERVING'],
      },
      b: { domain: { floatDomain: { min: 0.5 } }, presence: { minFraction: 0.5, minCount: 2 }, deprecated: true },
      c: {
        domain: { stringDomain: { value: ['x', ''] } },
        skewComparator: { infinityNorm: { threshold: 0.1 } },
        driftComparator: { jensenShannonDivergence: { threshold: 0.2 } },
      },
      d: { domain: 'colours', notInEnvironment: [] },
    });
    expect(parse({ ...base, report: false }).report).toEqual({ enabled: false });
    expect(parse({ ...base, report: true }).report).toEqual({ enabled: true });
    expect(parse({ ...base, report: { path: 'out/r.html' } }).report).toEqual({
      enabled: true,
      path: '/data/out/r.html',
    });
    expect(parse({ ...base, report: { enabled: false, path: '/r.html' } }).report).toEqual({
      enabled: false,
      path: '/r.html',
    });
    expect(parse({ ...base, statistics: { numTopValues: 5, epsilon: 0.1 } }).statistics).toEqual({
      numTopValues: 5,
      epsilon: 0.1,
    });
  });

  it('name the keys allowed where a key is unknown', () => {
    expect(errorOf({ ...base, schema: { colour: 1 } }).hint).toBe('allowed here: infer, path');
    expect(errorOf({ ...base, schema: { infer: { form: 'train' } } }).hint).toBe(
      'allowed here: from, maxStringDomainSize, inferFeatureShape',
    );
    expect(errorOf({ ...base, features: { fare: { colour: 1 } } }).hint).toBe(
      'allowed here: intDomain, floatDomain, values, domain, presence, valueCount, inEnvironment, notInEnvironment, skew, drift, deprecated',
    );
    expect(errorOf({ ...base, features: { fare: { presence: { min: 1 } } } }).hint).toBe(
      'allowed here: minFraction, minCount',
    );
    expect(errorOf({ ...base, report: { colour: 1 } }).hint).toBe('allowed here: enabled, path');
    expect(errorOf({ ...base, statistics: { colour: 1 } }).hint).toMatch(
      /^allowed here: numTopValues, .*, epsilon, maxExactDistinct, maxExactBytes$/,
    );
  });
});

describe('loadPipelineConfig', () => {
  it('reads YAML with the same keys', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'datavet-config-'));
    const file = join(dir, 'datavet.config.yaml');
    writeFileSync(
      file,
      [
        'name: toy',
        'splits:',
        '  - name: train',
        '    inputs: [data/*.csv]',
        '    environment: TRAINING',
        'failOn: warning',
        '',
      ].join('\n'),
    );
    const config = await loadPipelineConfig(file);
    expect(config.name).toBe('toy');
    expect(config.splits[0]?.inputs).toEqual([join(dir, 'data/*.csv')]);
    expect(config.failOn).toBe('warning');
  });

  it('gives the line and column of the key an error names, in JSON and YAML', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'datavet-config-'));
    const located = async (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      const error = await loadPipelineConfig(join(dir, name)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UsageError);
      return { message: (error as UsageError).message, location: (error as UsageError).location };
    };
    const json = [
      '{',
      '  "splits": [{ "name": "train", "inputs": ["train.csv"] }],',
      '  "features": {',
      '    "trip.miles": {',
      '      "colour": "red"',
      '    }',
      '  }',
      '}',
    ].join('\n');
    expect(await located('a.json', json)).toEqual({
      message: 'invalid config: features.trip.miles.colour: unknown key',
      location: { file: join(dir, 'a.json'), line: 5, column: 7 },
    });
    const yaml = ['splits:', '  - name: train', '    inputs: [train.csv]', '  - name: eval', 'failOn: warning'].join(
      '\n',
    );
    // A missing key is placed at the object that lacks it.
    expect(await located('b.yaml', yaml)).toEqual({
      message: 'invalid config: splits[1].inputs: missing: list the files or globs of the split',
      location: { file: join(dir, 'b.yaml'), line: 4, column: 5 },
    });
    // Of a key given twice JSON keeps the last, and so does the location.
    const twice = '{\n"splits": [{ "name": "t", "inputs": "t.csv" }],\n"failOn": "error",\n"failOn": "sometimes"\n}';
    expect((await located('c.json', twice)).location).toEqual({ file: join(dir, 'c.json'), line: 4, column: 1 });
  });

  it('gives the checks section the line and column of the key its errors name, in JSON and YAML', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'datavet-config-'));
    const located = async (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      const error = await loadPipelineConfig(join(dir, name)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CheckError);
      return { message: (error as CheckError).message, location: (error as CheckError).location };
    };
    const json = [
      '{',
      '  "splits": [{ "name": "train", "inputs": ["train.csv"] }],',
      '  "checks": [',
      '    { "name": "fare_ok", "row": "fare >= 0" },',
      '    { "name": "tips_ok", "row": "tips >= 0",',
      '      "mostly": 2 }',
      '  ]',
      '}',
    ].join('\n');
    expect(await located('a.json', json)).toEqual({
      message: 'check tips_ok: mostly is a fraction in (0, 1], got number 2',
      location: { file: join(dir, 'a.json'), line: 6, column: 7 },
    });
    // The object form ({ checks: [...], max_examples }) too.
    const yaml = [
      'splits:',
      '  - name: train',
      '    inputs: [train.csv]',
      'checks:',
      '  max_examples: 3',
      '  checks:',
      '    - name: fare_ok',
      '      row: fare >= 0',
      '      colour: red',
    ].join('\n');
    expect(await located('b.yaml', yaml)).toEqual({
      message: "check fare_ok: unknown key 'colour' for a row check",
      location: { file: join(dir, 'b.yaml'), line: 9, column: 7 },
    });
    // An error inside an expression (found when the checks compile) is at its character.
    writeFileSync(join(dir, 'c.yaml'), yaml.replace('      colour: red', '      when: "fare >> 1"'));
    const set = (await loadPipelineConfig(join(dir, 'c.yaml'))).checks as CheckSet;
    let error: unknown;
    try {
      parseExpression(set.checks[0]!.when!, set.sources.byName.get('fare_ok')!.when!);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CheckError);
    // `fare >> 1`: the second `>` is character 7 of the value, which starts at column 14 of line 9.
    expect((error as CheckError).location).toEqual({ file: join(dir, 'c.yaml'), line: 9, column: 20 });
  });

  it('reports a missing file and a syntax error as usage errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'datavet-config-'));
    await expect(loadPipelineConfig(join(dir, 'nope.json'))).rejects.toThrow(/no config file at/);
    writeFileSync(join(dir, 'bad.json'), '{ "splits": [ }');
    await expect(loadPipelineConfig(join(dir, 'bad.json'))).rejects.toThrow(/config is not valid JSON/);
    writeFileSync(join(dir, 'bad.yaml'), 'splits: [\n');
    await expect(loadPipelineConfig(join(dir, 'bad.yaml'))).rejects.toBeInstanceOf(UsageError);
  });
});
