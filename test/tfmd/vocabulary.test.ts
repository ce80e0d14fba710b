import { describe, expect, it } from 'vitest';
import { tfmdRegistry, tfmdTypeName } from '../../src/tfmd/descriptors.js';
import {
  allowedTypesOf,
  DEFAULT_SLICE_NAME,
  DOMAIN_KEYS,
  domainFieldName,
  domainKind,
  featurePathText,
  INT64_MAX,
  INT64_MIN,
  isInt64,
  maxSeverity,
  SEVERITY_RANK,
  severityAtLeast,
  statisticsFeatureName,
  UINT64_MAX,
} from '../../src/tfmd/vocabulary.js';

describe('the TFDV vocabulary', () => {
  it('lists the domain_info oneof members of schema.proto, in field-number order', () => {
    const feature = tfmdRegistry.message(tfmdTypeName('Feature'));
    const members = [...(feature.oneofs.get('domain_info') ?? [])]
      .sort((a, b) => a.number - b.number)
      .map((f) => f.jsonName);
    expect([...DOMAIN_KEYS]).toEqual(members);
  });

  it('says which domain a feature has and which types it fits', () => {
    expect(domainKind({ name: 'a', intDomain: { min: 1 } })).toBe('intDomain');
    expect(domainKind({ name: 'a', domain: 'colors' })).toBe('domain');
    expect(domainKind({ name: 'a' })).toBeUndefined();
    expect(allowedTypesOf('intDomain')).toEqual(['INT', 'BYTES']);
    expect(allowedTypesOf('structDomain')).toEqual(['STRUCT']);
    expect(allowedTypesOf(undefined)).toEqual(['INT', 'FLOAT', 'BYTES', 'STRUCT']);
    expect(domainFieldName('naturalLanguageDomain')).toBe('natural_language_domain');
    expect(domainFieldName(undefined)).toBe('UNSET');
  });

  it('writes a feature path as text one way', () => {
    expect(featurePathText(['struct', 'leaf'])).toBe('struct.leaf');
    expect(featurePathText({ step: ['a', 'b.c'] })).toBe('a.b.c');
    expect(featurePathText('already.text')).toBe('already.text');
    expect(featurePathText(undefined)).toBe('');
    expect(statisticsFeatureName({ name: 'age' })).toBe('age');
    expect(statisticsFeatureName({ path: { step: ['s', 'x'] } })).toBe('s.x');
  });

  it('holds the int64 bounds exactly', () => {
    expect(INT64_MIN).toBe(-9223372036854775808n);
    expect(INT64_MAX).toBe(9223372036854775807n);
    expect(UINT64_MAX).toBe(18446744073709551615n);
    expect(isInt64(INT64_MAX)).toBe(true);
    expect(isInt64(INT64_MAX + 1n)).toBe(false);
    expect(isInt64(-(2 ** 63))).toBe(true);
    expect(isInt64(2 ** 63)).toBe(false);
    expect(isInt64(1.5)).toBe(false);
  });

  it('orders severities UNKNOWN < WARNING < ERROR', () => {
    expect(SEVERITY_RANK.UNKNOWN).toBeLessThan(SEVERITY_RANK.WARNING);
    expect(maxSeverity('WARNING', 'ERROR')).toBe('ERROR');
    expect(maxSeverity('WARNING', 'UNKNOWN')).toBe('WARNING');
    expect(severityAtLeast('WARNING', 'ERROR')).toBe(false);
    expect(severityAtLeast('ERROR', 'WARNING')).toBe(true);
    expect(DEFAULT_SLICE_NAME).toBe('All Examples');
  });
});
