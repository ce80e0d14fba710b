import { describe, expect, it } from 'vitest';
import { featureSchemaChange } from '../../src/tfmd/feature-schema-change.js';
import { parseTextFormat } from '../../src/tfmd/index.js';
import type { Schema } from '../../src/tfmd/types.js';

const schema = (text: string): Schema => parseTextFormat('Schema', text);

const base = schema(`
  feature { name: "hour" type: INT int_domain { min: 3 max: 12 } }
  feature { name: "payment" type: BYTES domain: "payment" }
  feature { name: "s" type: STRUCT struct_domain { feature { name: "leaf" type: FLOAT } } }
  string_domain { name: "payment" value: "Cash" }
`);

describe('featureSchemaChange', () => {
  it('is undefined when the entry and its string domain are unchanged', () => {
    expect(featureSchemaChange(base, structuredClone(base), ['hour'])).toBeUndefined();
    expect(featureSchemaChange(base, structuredClone(base), ['payment'])).toBeUndefined();
    expect(featureSchemaChange(base, structuredClone(base), ['absent'])).toBeUndefined();
  });

  it('gives the entry before and after, as copies', () => {
    const fixed = structuredClone(base);
    const hour = fixed.feature?.[0];
    if (hour) hour.intDomain = { min: 0, max: 23 };
    const change = featureSchemaChange(base, fixed, ['hour']);
    expect(change).toEqual({ path: ['hour'], before: base.feature?.[0], after: hour });
    expect(change?.before).not.toBe(base.feature?.[0]);
    expect(change?.after).not.toBe(hour);
  });

  it('follows struct domains to a nested feature', () => {
    const fixed = structuredClone(base);
    const leaf = fixed.feature?.[2]?.structDomain?.feature?.[0];
    if (leaf) leaf.floatDomain = { min: 0 };
    expect(featureSchemaChange(base, fixed, ['s', 'leaf'])?.after).toEqual(leaf);
  });

  it('adds a feature the first schema lacks and removes one the second lacks', () => {
    const added = featureSchemaChange(undefined, base, ['hour']);
    expect(added).toEqual({ path: ['hour'], after: base.feature?.[0] });
    const removed = featureSchemaChange(base, { ...base, feature: base.feature?.slice(1) ?? [] }, ['hour']);
    expect(removed).toEqual({ path: ['hour'], before: base.feature?.[0] });
  });

  it('carries the referenced string domain when only it changes', () => {
    const fixed = structuredClone(base);
    fixed.stringDomain?.[0]?.value?.push('Prcard');
    const entry = base.feature?.[1];
    expect(featureSchemaChange(base, fixed, ['payment'])).toEqual({
      path: ['payment'],
      before: entry,
      after: entry,
      stringDomain: {
        name: 'payment',
        before: { name: 'payment', value: ['Cash'] },
        after: { name: 'payment', value: ['Cash', 'Prcard'] },
      },
    });
  });

  it('compares entries as the schema file holds them', () => {
    const a = schema('feature { name: "x" type: FLOAT float_domain { min: 1 } }');
    // A double the float field stores as the same float32, and an unset field spelled undefined:
    // different data, the same file.
    const b = schema('feature { name: "x" type: FLOAT float_domain { min: 1 } }');
    const x = b.feature?.[0];
    if (x?.floatDomain) x.floatDomain.min = 0.99999999;
    if (x) (x as Record<string, unknown>).intDomain = undefined;
    expect(featureSchemaChange(a, b, ['x'])).toBeUndefined();
    if (x?.floatDomain) x.floatDomain.min = 0.5;
    expect(featureSchemaChange(a, b, ['x'])?.after?.floatDomain).toEqual({ min: 0.5 });
  });
});
