import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/_util/errors.js';
import { createRequestValidator } from '../../src/serving/request-validator.js';
import type { Feature, Schema } from '../../src/tfmd/types.js';
import { chicagoSchema, chicagoServingRequests } from '../helpers/serving-requests.js';

const schema: Schema = {
  defaultEnvironment: ['TRAINING', 'SERVING'],
  stringDomain: [{ name: 'payment', value: ['Cash', 'Credit Card'] }],
  feature: [
    {
      name: 'trips',
      type: 'INT',
      presence: { minFraction: 1 },
      valueCount: { min: 1, max: 1 },
      intDomain: { min: 0, max: 100 },
    },
    { name: 'fare', type: 'FLOAT', floatDomain: { min: 0, max: 500, disallowNan: true, disallowInf: true } },
    { name: 'payment', type: 'BYTES', domain: 'payment' },
    { name: 'company', type: 'BYTES', stringDomain: { value: ['A', 'B'] } },
    { name: 'tags', type: 'BYTES', valueCount: { min: 1, max: 3 } },
    { name: 'zip', type: 'BYTES', intDomain: { min: 10000, max: 99999 } },
    { name: 'ratio', type: 'BYTES', floatDomain: { min: 0, max: 1 } },
    { name: 'flag', type: 'INT', boolDomain: {} },
    { name: 'fflag', type: 'FLOAT', boolDomain: {} },
    { name: 'sflag', type: 'BYTES', boolDomain: { trueValue: 'yes', falseValue: 'no' } },
    {
      name: 'grid',
      type: 'INT',
      valueCounts: {
        valueCount: [
          { min: 1, max: 2 },
          { min: 2, max: 2 },
        ],
      },
    },
    { name: 'pixel', type: 'FLOAT', shape: { dim: [{ size: 2 }, { size: 3 }] } },
    { name: 'tips', type: 'FLOAT', presence: { minFraction: 1 }, notInEnvironment: ['SERVING'] },
    { name: 'old', type: 'INT', lifecycleStage: 'DEPRECATED', presence: { minFraction: 1 } },
    { name: 'sometimes', type: 'INT', presence: { minCount: 1 } },
  ],
};

const base = { trips: 3 };
const codes = (anomalies: readonly { type: string; feature: string }[]) =>
  anomalies.map((a) => `${a.feature}:${a.type}`);

describe.each([true, false])('createRequestValidator (codegen %s)', (codegen) => {
  const serving = createRequestValidator(schema, { environment: 'SERVING', codegen });
  const training = createRequestValidator(schema, { environment: 'TRAINING', codegen });

  const table: { name: string; request: Record<string, unknown>; expected: string[] }[] = [
    { name: 'valid minimal request', request: base, expected: [] },
    {
      name: 'valid full request',
      request: {
        ...base,
        fare: 12.5,
        payment: 'Cash',
        company: ['A'],
        tags: ['x', 'y'],
        zip: '60601',
        ratio: '0.5',
        flag: 1,
        fflag: 0,
        sflag: 'no',
        grid: [
          [1, 2],
          [3, 4],
        ],
        pixel: [
          [1, 2, 3],
          [4, 5, 6],
        ],
        old: 'anything',
      },
      expected: [],
    },
    { name: 'missing required feature', request: {}, expected: ['trips:SCHEMA_MISSING_COLUMN'] },
    { name: 'null is missing', request: { trips: null }, expected: ['trips:SCHEMA_MISSING_COLUMN'] },
    { name: 'min_count alone is dataset-level', request: { ...base, sometimes: null }, expected: [] },
    { name: 'unexpected feature', request: { ...base, extra: 1 }, expected: ['extra:SCHEMA_NEW_COLUMN'] },
    { name: 'label in serving', request: { ...base, tips: 1 }, expected: ['tips:SCHEMA_NEW_COLUMN'] },
    { name: 'int too small', request: { trips: -1 }, expected: ['trips:INT_TYPE_SMALL_INT'] },
    { name: 'int too big', request: { trips: 101 }, expected: ['trips:INT_TYPE_BIG_INT'] },
    { name: 'float too small', request: { ...base, fare: -0.5 }, expected: ['fare:FLOAT_TYPE_SMALL_FLOAT'] },
    { name: 'float too big', request: { ...base, fare: 501 }, expected: ['fare:FLOAT_TYPE_BIG_FLOAT'] },
    { name: 'NaN', request: { ...base, fare: Number.NaN }, expected: ['fare:FLOAT_TYPE_HAS_NAN'] },
    {
      name: 'Infinity',
      request: { ...base, fare: Number.POSITIVE_INFINITY },
      expected: ['fare:FLOAT_TYPE_BIG_FLOAT', 'fare:FLOAT_TYPE_HAS_INF'],
    },
    {
      name: 'string not in schema domain',
      request: { ...base, payment: 'Bitcoin' },
      expected: ['payment:ENUM_TYPE_UNEXPECTED_STRING_VALUES'],
    },
    {
      name: 'string not in inline domain',
      request: { ...base, company: ['A', 'C'] },
      expected: ['company:ENUM_TYPE_UNEXPECTED_STRING_VALUES'],
    },
    { name: 'too few values', request: { ...base, tags: [] }, expected: ['tags:FEATURE_TYPE_LOW_NUMBER_VALUES'] },
    {
      name: 'too many values',
      request: { ...base, tags: ['a', 'b', 'c', 'd'] },
      expected: ['tags:FEATURE_TYPE_HIGH_NUMBER_VALUES'],
    },
    { name: 'array for a scalar', request: { trips: [1, 2] }, expected: ['trips:FEATURE_TYPE_HIGH_NUMBER_VALUES'] },
    { name: 'number as string', request: { trips: '3' }, expected: ['trips:UNEXPECTED_DATA_TYPE'] },
    { name: 'float for int', request: { trips: 2.5 }, expected: ['trips:UNEXPECTED_DATA_TYPE'] },
    { name: 'number for bytes', request: { ...base, payment: 1 }, expected: ['payment:UNEXPECTED_DATA_TYPE'] },
    { name: 'object for int', request: { trips: { a: 1 } }, expected: ['trips:UNEXPECTED_DATA_TYPE'] },
    { name: 'int string not int', request: { ...base, zip: 'ABC' }, expected: ['zip:INT_TYPE_NOT_INT_STRING'] },
    { name: 'int string out of range', request: { ...base, zip: '123' }, expected: ['zip:INT_TYPE_SMALL_INT'] },
    {
      name: 'float string not float',
      request: { ...base, ratio: 'half' },
      expected: ['ratio:FLOAT_TYPE_STRING_NOT_FLOAT'],
    },
    { name: 'float string out of range', request: { ...base, ratio: '2' }, expected: ['ratio:FLOAT_TYPE_BIG_FLOAT'] },
    { name: 'bool int too big', request: { ...base, flag: 2 }, expected: ['flag:BOOL_TYPE_BIG_INT'] },
    { name: 'bool int too small', request: { ...base, flag: -1 }, expected: ['flag:BOOL_TYPE_SMALL_INT'] },
    { name: 'bool as JSON boolean', request: { ...base, flag: true, fflag: false }, expected: [] },
    { name: 'bool float', request: { ...base, fflag: 0.5 }, expected: ['fflag:BOOL_TYPE_UNEXPECTED_FLOAT'] },
    { name: 'bool string', request: { ...base, sflag: 'maybe' }, expected: ['sflag:BOOL_TYPE_UNEXPECTED_STRING'] },
    { name: 'nested too deep', request: { trips: [[3]] }, expected: ['trips:VALUE_NESTEDNESS_MISMATCH'] },
    {
      name: 'value_counts inner level',
      request: { ...base, grid: [[1, 2, 3]] },
      expected: ['grid:FEATURE_TYPE_HIGH_NUMBER_VALUES'],
    },
    {
      name: 'value_counts flat data',
      request: { ...base, grid: [1, 2] },
      expected: ['grid:VALUE_NESTEDNESS_MISMATCH'],
    },
    { name: 'mixed nesting', request: { ...base, grid: [[1, 2], 3] }, expected: ['grid:VALUE_NESTEDNESS_MISMATCH'] },
    { name: 'shape mismatch', request: { ...base, pixel: [1, 2, 3] }, expected: ['pixel:INVALID_FEATURE_SHAPE'] },
    { name: 'ragged shape', request: { ...base, pixel: [[1, 2, 3], [4]] }, expected: ['pixel:INVALID_FEATURE_SHAPE'] },
    { name: 'deprecated feature ignored', request: { ...base, old: 'x' }, expected: [] },
  ];

  it.each(table)('$name', ({ request, expected }) => {
    const anomalies = serving.validate(request);
    expect(codes(anomalies)).toEqual(expected);
    expect(serving.isValid(request)).toBe(expected.length === 0);
  });

  it('requires the label in TRAINING and allows it to be absent in SERVING', () => {
    expect(codes(training.validate(base))).toEqual(['tips:SCHEMA_MISSING_COLUMN']);
    expect(training.validate({ ...base, tips: 1.5 })).toEqual([]);
    expect(serving.validate(base)).toEqual([]);
  });

  it('uses TFDV texts and structured params', () => {
    const [small] = serving.validate({ trips: -7 });
    // The same finding (type, texts, typed params) the statistics check makes for the value -7.
    expect(small).toMatchObject({
      type: 'INT_TYPE_SMALL_INT',
      path: ['trips'],
      severity: 'ERROR',
      shortDescription: 'Out-of-range values',
      description: 'Unexpectedly small value: -7.',
      params: { observed: '-7' },
    });
    // `code` is the former name of `type`, kept for JSON clients.
    expect(small?.code).toBe(small?.type);
    const [enumValues] = serving.validate({ ...base, company: ['A', 'Z', 'Z', 'Q'] });
    // In byte order, as the statistics check lists them.
    expect(enumValues?.description).toBe('Examples contain values missing from the schema: Q (~25%), Z (~50%). ');
    expect(enumValues?.params).toMatchObject({ values: ['Q', 'Z'] });
    const [big] = serving.validate({ ...base, fare: 1234.5678 });
    expect(big?.description).toBe('Unexpectedly high value: 1234.57>500(upto six significant digits)');
    const [missing] = training.validate(base);
    expect(missing).toMatchObject({ shortDescription: 'Column dropped', description: 'Column is completely missing' });
    const [env] = serving.validate({ ...base, tips: 2 });
    expect(env?.description).toBe('New column tips found in data but not in the environment SERVING in the schema.');
    const [type] = serving.validate({ trips: '3' });
    expect(type).toMatchObject({
      description: 'Expected data of type: INT but got STRING',
      params: { expected: 'INT', actual: 'STRING', count: 1, example: '3', numericString: true },
    });
  });

  it('applies severity options', () => {
    const v = createRequestValidator(schema, {
      environment: 'SERVING',
      codegen,
      newFeaturesAreWarnings: true,
      severityOverrides: { INT_TYPE_BIG_INT: 'WARNING' },
    });
    expect(v.validate({ trips: 500, extra: 1 }).map((a) => a.severity)).toEqual(['WARNING', 'WARNING']);
  });

  it("'existence' presence makes min_count features required", () => {
    const v = createRequestValidator(schema, { environment: 'SERVING', codegen, presence: 'existence' });
    expect(codes(v.validate(base))).toEqual(['sometimes:SCHEMA_MISSING_COLUMN']);
  });
});

describe('bad input', () => {
  const v = createRequestValidator(schema, { environment: 'SERVING', maxKeys: 50, maxValuesPerFeature: 1000 });

  it.each([null, undefined, 1, 'x', true, [base], new Date(), new Map()])('non-object request %s', (request) => {
    const anomalies = v.validate(request);
    expect(anomalies.map((a) => a.type)).toEqual(['INVALID_REQUEST']);
    expect(anomalies[0]?.path).toEqual([]);
    expect(v.isValid(request)).toBe(false);
  });

  it('accepts null-prototype objects', () => {
    const request = Object.assign(Object.create(null) as Record<string, unknown>, base);
    expect(v.validate(request)).toEqual([]);
  });

  it('treats __proto__, constructor and prototype keys as data, never pollutes', () => {
    const request = JSON.parse('{"trips": 1, "__proto__": {"polluted": true}, "constructor": 1, "prototype": 2}');
    const anomalies = v.validate(request);
    expect(codes(anomalies).sort()).toEqual([
      '__proto__:SCHEMA_NEW_COLUMN',
      'constructor:SCHEMA_NEW_COLUMN',
      'prototype:SCHEMA_NEW_COLUMN',
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // A missing feature named like an Object.prototype member is not found on the prototype.
    const odd = createRequestValidator({ feature: [{ name: 'toString', type: 'INT', presence: { minFraction: 1 } }] });
    expect(codes(odd.validate({}))).toEqual(['toString:SCHEMA_MISSING_COLUMN']);
    expect(odd.validate({ toString: 4 })).toEqual([]);
    const proto = createRequestValidator({
      feature: [{ name: '__proto__', type: 'INT', presence: { minFraction: 1 } }],
    });
    expect(codes(proto.validate({}))).toEqual(['__proto__:SCHEMA_MISSING_COLUMN']);
    expect(proto.validate(JSON.parse('{"__proto__": 5}'))).toEqual([]);
  });

  it('bounds deeply nested values without recursion', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(codes(v.validate({ trips: deep }))).toEqual(['trips:VALUE_NESTEDNESS_MISMATCH']);
    const parsed = JSON.parse(`{"trips": ${'['.repeat(5000)}1${']'.repeat(5000)}}`);
    expect(codes(v.validate(parsed))).toEqual(['trips:VALUE_NESTEDNESS_MISMATCH']);
  });

  it('bounds huge arrays, many keys and huge strings', () => {
    const huge = new Array(5000).fill('a');
    expect(v.validate({ ...base, tags: huge }).map((a) => a.type)).toEqual(['INVALID_REQUEST']);
    const many: Record<string, unknown> = { ...base };
    for (let i = 0; i < 100; i++) many[`k${i}`] = i;
    const anomalies = v.validate(many);
    expect(anomalies.map((a) => a.type)).toEqual(['INVALID_REQUEST']);
    expect(anomalies[0]?.params).toMatchObject({ keys: 101, limit: 50 });
    const bigString = 'x'.repeat(5_000_000);
    const [enumAnomaly] = v.validate({ ...base, payment: bigString });
    expect(enumAnomaly?.type).toBe('ENUM_TYPE_UNEXPECTED_STRING_VALUES');
    expect(enumAnomaly?.description.length).toBeLessThan(200);
  });

  it('fast and full paths agree on generated values', () => {
    const values: unknown[] = [
      0,
      -1,
      1,
      2,
      2.5,
      1e30,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      '1',
      'Cash',
      'A',
      '',
      true,
      [],
      [1],
      [[1, 2]],
      {},
      null,
      10n,
    ];
    for (const feature of schema.feature as Feature[]) {
      for (const value of values) {
        const request = { ...base, [feature.name as string]: value };
        expect(v.isValid(request), `${feature.name}=${String(value)}`).toBe(v.validate(request).length === 0);
      }
    }
  });
});

describe('schema problems', () => {
  it('rejects an unknown environment', () => {
    expect(() => createRequestValidator(schema, { environment: 'STAGING' })).toThrow(UsageError);
  });

  it('reports schema issues at compile time and skips the affected checks', () => {
    const v = createRequestValidator({
      feature: [
        { name: 'a', type: 'INT', domain: 'nope' },
        { name: 'b', type: 'FLOAT', stringDomain: { value: ['x'] } },
        { name: 'c', domain: 'nope' },
        { type: 'INT' },
      ],
    });
    expect(v.schemaIssues.map((a) => `${a.feature}:${a.type}`)).toEqual([
      'a:DOMAIN_INVALID_FOR_TYPE',
      'b:DOMAIN_INVALID_FOR_TYPE',
      'c:FEATURE_MISSING_TYPE',
      'c:INVALID_DOMAIN_SPECIFICATION',
      ':FEATURE_MISSING_NAME',
    ]);
    expect(v.validate({ a: 1, b: 2.5, c: 'z' })).toEqual([]);
  });

  it('validates STRUCT children with their own paths', () => {
    const v = createRequestValidator({
      feature: [
        {
          name: 'trip',
          type: 'STRUCT',
          structDomain: {
            feature: [{ name: 'miles', type: 'FLOAT', presence: { minFraction: 1 }, floatDomain: { max: 100 } }],
          },
        },
      ],
    });
    expect(v.validate({ trip: { miles: 3 } })).toEqual([]);
    expect(codes(v.validate({ trip: [{ miles: 300 }, {}, { miles: 1, x: 1 }] }))).toEqual([
      'trip.miles:FLOAT_TYPE_BIG_FLOAT',
      'trip.miles:SCHEMA_MISSING_COLUMN',
      'trip.x:SCHEMA_NEW_COLUMN',
    ]);
    expect(codes(v.validate({ trip: 5 }))).toEqual(['trip:UNEXPECTED_DATA_TYPE']);
  });
});

describe('Chicago taxi serving requests', () => {
  const chicago = chicagoSchema();
  it('all 100 serving rows are valid in SERVING, and miss the label in TRAINING', () => {
    const requests = chicagoServingRequests(chicago);
    const serving = createRequestValidator(chicago, { environment: 'SERVING' });
    const training = createRequestValidator(chicago, { environment: 'TRAINING' });
    expect(requests).toHaveLength(100);
    expect(requests.filter((r) => !serving.isValid(r))).toEqual([]);
    expect(new Set(requests.flatMap((r) => codes(training.validate(r))))).toEqual(
      new Set(['tips:SCHEMA_MISSING_COLUMN']),
    );
  });
});
