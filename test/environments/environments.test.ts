import { describe, expect, it } from 'vitest';
import {
  assertKnownEnvironment,
  isFeatureDeprecated,
  isFeatureInEnvironment,
  isPresenceRequired,
  knownEnvironments,
} from '../../src/environments/index.js';
import type { Feature, Schema } from '../../src/tfmd/types.js';

const schema: Schema = { defaultEnvironment: ['TRAINING', 'SERVING'] };

describe('isFeatureInEnvironment', () => {
  const table: { feature: Feature; env: string | undefined; expected: boolean }[] = [
    { feature: {}, env: undefined, expected: true },
    { feature: {}, env: 'TRAINING', expected: true },
    { feature: {}, env: 'OTHER', expected: false },
    { feature: { notInEnvironment: ['SERVING'] }, env: 'SERVING', expected: false },
    { feature: { notInEnvironment: ['SERVING'] }, env: 'TRAINING', expected: true },
    { feature: { notInEnvironment: ['SERVING'] }, env: undefined, expected: true },
    { feature: { inEnvironment: ['OTHER'] }, env: 'OTHER', expected: true },
    // in_environment wins over not_in_environment
    { feature: { inEnvironment: ['SERVING'], notInEnvironment: ['SERVING'] }, env: 'SERVING', expected: true },
  ];
  it.each(table)('$feature in $env -> $expected', ({ feature, env, expected }) => {
    expect(isFeatureInEnvironment(feature, schema, env)).toBe(expected);
  });
});

describe('isPresenceRequired', () => {
  it('needs a positive constraint, no deprecation and membership', () => {
    const label: Feature = { name: 'tips', presence: { minFraction: 1 }, notInEnvironment: ['SERVING'] };
    expect(isPresenceRequired(label, schema, 'TRAINING')).toBe(true);
    expect(isPresenceRequired(label, schema, 'SERVING')).toBe(false);
    expect(isPresenceRequired({ ...label, presence: { minCount: 0 } }, schema, 'TRAINING')).toBe(false);
    expect(isPresenceRequired({ ...label, lifecycleStage: 'DEPRECATED' }, schema, 'TRAINING')).toBe(false);
    expect(isPresenceRequired({ presence: { minCount: 1 } }, schema)).toBe(true);
  });

  it('treats PLANNED, ALPHA, DEBUG_ONLY and DISABLED as deprecated, BETA and PRODUCTION not', () => {
    for (const stage of ['PLANNED', 'ALPHA', 'DEPRECATED', 'DEBUG_ONLY', 'DISABLED'] as const) {
      expect(isFeatureDeprecated({ lifecycleStage: stage })).toBe(true);
    }
    for (const stage of ['BETA', 'PRODUCTION', 'UNKNOWN_STAGE'] as const) {
      expect(isFeatureDeprecated({ lifecycleStage: stage })).toBe(false);
    }
    expect(isFeatureDeprecated({ deprecated: true })).toBe(true);
  });
});

describe('environment names', () => {
  it('rejects an unknown environment, listing the known ones', () => {
    expect(() => assertKnownEnvironment(schema, 'STAGING')).toThrow(/Environment STAGING not found in the schema/);
    try {
      assertKnownEnvironment(schema, 'STAGING');
    } catch (error) {
      expect((error as { hint?: string }).hint).toContain('TRAINING, SERVING');
    }
    expect(() => assertKnownEnvironment(schema, 'SERVING')).not.toThrow();
  });

  it('collects names from the schema and its features', () => {
    expect(knownEnvironments({ ...schema, feature: [{ name: 'x', inEnvironment: ['EVAL'] }] })).toEqual([
      'TRAINING',
      'SERVING',
      'EVAL',
    ]);
  });
});
