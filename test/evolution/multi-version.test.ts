import { describe, expect, it } from 'vitest';
import { validateStatisticsAgainstVersions } from '../../src/anomalies/validate-versions.js';
import { createMultiVersionValidator } from '../../src/serving/multi-version-validator.js';
import type { Schema } from '../../src/tfmd/types.js';
import { paymentStatistics } from './payment-statistics.js';

const v1: Schema = {
  defaultEnvironment: ['TRAINING', 'SERVING'],
  feature: [
    {
      name: 'payment_type',
      type: 'BYTES',
      stringDomain: { value: ['Cash', 'Credit Card'] },
      presence: { minFraction: 1 },
    },
    { name: 'fare', type: 'FLOAT', floatDomain: { min: 0 }, presence: { minFraction: 1 } },
  ],
};
// v2 accepts a new payment type and an optional tip feature.
const v2: Schema = {
  ...v1,
  feature: [
    { ...(v1.feature?.[0] ?? {}), stringDomain: { value: ['Cash', 'Credit Card', 'Prcard'] } },
    v1.feature?.[1] ?? {},
    { name: 'tips', type: 'FLOAT', notInEnvironment: ['SERVING'] },
  ],
};
// v3 drops the SERVING environment altogether.
const v3: Schema = { ...v2, defaultEnvironment: ['TRAINING'] };

const stats = (payments: Record<string, number>) => paymentStatistics(payments, { min: 2.5, max: 40 });

const versions = [
  { label: 'v1', schema: v1 },
  { label: 'v2', schema: v2 },
  { label: 'v3', schema: v3 },
];

describe('validateStatisticsAgainstVersions', () => {
  it('reports which versions accept the data', () => {
    const old = validateStatisticsAgainstVersions(stats({ Cash: 5, 'Credit Card': 3 }), versions);
    expect(old.accepting).toEqual(['v1', 'v2', 'v3']);
    const next = validateStatisticsAgainstVersions(stats({ Cash: 5, Prcard: 1 }), versions);
    expect(next.accepting).toEqual(['v2', 'v3']);
    expect(next.results[0]).toMatchObject({ label: 'v1', accepted: false, anomalousFeatures: ['payment_type'] });
    expect(Object.values(next.results[0]?.anomalies.anomalyInfo ?? {})[0]?.reason?.[0]?.type).toBe(
      'ENUM_TYPE_UNEXPECTED_STRING_VALUES',
    );
  });

  it('rejects with an error, not an exception, when a version lacks the environment', () => {
    const result = validateStatisticsAgainstVersions(stats({ Cash: 2 }), versions, { environment: 'SERVING' });
    expect(result.accepting).toEqual(['v1', 'v2']);
    expect(result.results[2]?.error).toMatch(/Environment SERVING not found/);
  });

  it('lets warnings pass with failOn ERROR', () => {
    const warned = validateStatisticsAgainstVersions(stats({ Prcard: 1 }), [{ label: 'v1', schema: v1 }], {
      validationOptions: { severityOverrides: [{ type: 'ENUM_TYPE_UNEXPECTED_STRING_VALUES', severity: 'WARNING' }] },
    });
    expect(warned.accepting).toEqual([]);
    const lenient = validateStatisticsAgainstVersions(stats({ Prcard: 1 }), [{ label: 'v1', schema: v1 }], {
      failOn: 'ERROR',
      validationOptions: { severityOverrides: [{ type: 'ENUM_TYPE_UNEXPECTED_STRING_VALUES', severity: 'WARNING' }] },
    });
    expect(lenient.accepting).toEqual(['v1']);
  });
});

describe('createMultiVersionValidator (serving)', () => {
  const validator = createMultiVersionValidator(
    [
      { label: 'v1', schema: v1 },
      { label: 'v2', schema: v2 },
    ],
    { environment: 'SERVING' },
  );

  it('keeps accepting requests from clients built against the previous schema', () => {
    const oldClient = { payment_type: 'Cash', fare: 12.5 };
    expect(validator.accepting(oldClient)).toEqual(['v1', 'v2']);
    expect(validator.acceptedByAll(oldClient)).toBe(true);
  });

  it('names the versions a new request breaks, with their anomalies', () => {
    const newClient = { payment_type: 'Prcard', fare: 3 };
    const verdict = validator.validate(newClient);
    expect(verdict.accepting).toEqual(['v2']);
    expect(verdict.anomalies.v1?.map((a) => a.code)).toEqual(['ENUM_TYPE_UNEXPECTED_STRING_VALUES']);
    expect(verdict.anomalies.v2).toEqual([]);
    expect(validator.acceptedByAll(newClient)).toBe(false);
  });

  it('refuses duplicate labels', () => {
    expect(() =>
      createMultiVersionValidator([
        { label: 'a', schema: v1 },
        { label: 'a', schema: v2 },
      ]),
    ).toThrow(/duplicate/);
  });
});
