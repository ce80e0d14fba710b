import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/_util/errors.js';
import { isFeatureDeprecated } from '../../src/environments/index.js';
import {
  deprecateFeature,
  getDomain,
  getFeature,
  parsePath,
  serializePath,
  setDomain,
  setFeatureEnvironments,
} from '../../src/schema/index.js';
import type { Schema } from '../../src/tfmd/types.js';

const schema = (): Schema => ({
  feature: [
    { name: 'city', type: 'BYTES', domain: 'cities' },
    { name: 'age', type: 'INT', intDomain: { min: 0 } },
    { name: 'user', type: 'STRUCT', structDomain: { feature: [{ name: 'id.v2', type: 'INT' }] } },
  ],
  stringDomain: [{ name: 'cities', value: ['Paris'] }],
});

describe('serialized paths (anomaly keys)', () => {
  it.each([
    [['foo'], 'foo'],
    [['struct', 'foo'], 'struct.foo'],
    [['struct', 'bar.baz'], "struct.'bar.baz'"],
    [['slice(s2)::foo'], "'slice(s2)::foo'"],
    [['(s2)'], '(s2)'],
    [["it's"], "'it''s'"],
    [[''], "''"],
  ])('%j <-> %s', (steps, text) => {
    expect(serializePath(steps)).toBe(text);
    expect(parsePath(text)).toEqual(steps);
  });
});

describe('schema editing helpers', () => {
  it('getFeature finds nested features by steps or serialized path', () => {
    const s = schema();
    expect(getFeature(s, ['user', 'id.v2'])?.type).toBe('INT');
    expect(getFeature(s, "user.'id.v2'")?.type).toBe('INT');
    expect(getFeature(s, 'missing')).toBeUndefined();
  });

  it('getDomain resolves a schema-level string domain reference', () => {
    expect(getDomain(schema(), 'city')).toEqual({ name: 'cities', value: ['Paris'] });
    expect(getDomain(schema(), 'age')).toEqual({ intDomain: { min: 0 } });
  });

  it('setDomain replaces the domain oneof, by message or by string-domain name', () => {
    const s = schema();
    setDomain(s, 'age', { floatDomain: { min: 0, max: 1 } });
    expect(getFeature(s, 'age')).toEqual({ name: 'age', type: 'INT', floatDomain: { min: 0, max: 1 } });
    setDomain(s, 'age', 'cities');
    expect(getFeature(s, 'age')?.domain).toBe('cities');
    expect(getFeature(s, 'age')?.floatDomain).toBeUndefined();
    expect(() => setDomain(s, 'age', 'nope')).toThrow(UsageError);
    expect(() => setDomain(s, 'nope', { intDomain: {} })).toThrow(/Feature nope not found/);
  });

  it('setFeatureEnvironments sets the lists and registers the environments', () => {
    const s = schema();
    setFeatureEnvironments(s, 'age', { notInEnvironment: ['SERVING'] });
    expect(getFeature(s, 'age')?.notInEnvironment).toEqual(['SERVING']);
    expect(s.defaultEnvironment).toEqual(['SERVING']);
    setFeatureEnvironments(s, 'age', { notInEnvironment: [] });
    expect(getFeature(s, 'age')?.notInEnvironment).toBeUndefined();
  });

  it('deprecateFeature marks the lifecycle stage', () => {
    const s = schema();
    deprecateFeature(s, 'city');
    expect(isFeatureDeprecated(getFeature(s, 'city') ?? {})).toBe(true);
  });
});
