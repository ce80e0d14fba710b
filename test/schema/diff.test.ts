import { describe, expect, it } from 'vitest';
import { checkCompatibility, checkCompatibilityTransitive, classifyChanges } from '../../src/schema/compatibility.js';
import { diffSchemas } from '../../src/schema/diff.js';
import type { Feature, Schema } from '../../src/tfmd/types.js';

const base: Feature = {
  name: 'payment_type',
  type: 'BYTES',
  presence: { minFraction: 1, minCount: 1 },
  stringDomain: { name: 'payment_type', value: ['Cash', 'Credit Card'] },
};
const fare: Feature = { name: 'fare', type: 'FLOAT', floatDomain: { min: 0, max: 100 }, presence: { minCount: 1 } };
const old: Schema = { defaultEnvironment: ['TRAINING', 'SERVING'], feature: [base, fare] };

function withFeature(name: string, change: (feature: Feature) => Feature, schema: Schema = old): Schema {
  return { ...schema, feature: (schema.feature ?? []).map((f) => (f.name === name ? change(f) : f)) };
}

describe('diffSchemas', () => {
  it('reports nothing for identical schemas (FULL)', () => {
    expect(diffSchemas(old, old)).toEqual([]);
    expect(checkCompatibility(old, old, 'full').class).toBe('FULL');
  });

  const cases: { name: string; next: Schema; kind: string; backward: boolean; forward: boolean }[] = [
    {
      name: 'domain value added',
      next: withFeature('payment_type', (f) => ({ ...f, stringDomain: { value: ['Cash', 'Credit Card', 'Prcard'] } })),
      kind: 'DOMAIN_VALUES_ADDED',
      backward: true,
      forward: false,
    },
    {
      name: 'domain value removed',
      next: withFeature('payment_type', (f) => ({ ...f, stringDomain: { value: ['Cash'] } })),
      kind: 'DOMAIN_VALUES_REMOVED',
      backward: false,
      forward: true,
    },
    {
      name: 'range widened',
      next: withFeature('fare', (f) => ({ ...f, floatDomain: { min: -1, max: 200 } })),
      kind: 'RANGE_WIDENED',
      backward: true,
      forward: false,
    },
    {
      name: 'range narrowed',
      next: withFeature('fare', (f) => ({ ...f, floatDomain: { min: 1, max: 50 } })),
      kind: 'RANGE_NARROWED',
      backward: false,
      forward: true,
    },
    {
      name: 'type changed',
      next: withFeature('fare', (f) => ({ ...f, type: 'INT', floatDomain: { min: 0, max: 100 } })),
      kind: 'TYPE_CHANGED',
      backward: false,
      forward: false,
    },
    {
      name: 'presence tightened',
      next: withFeature('fare', (f) => ({ ...f, presence: { minFraction: 1, minCount: 1 } })),
      kind: 'PRESENCE_TIGHTENED',
      backward: false,
      forward: true,
    },
    {
      name: 'presence relaxed',
      next: withFeature('payment_type', (f) => ({ ...f, presence: { minCount: 1 } })),
      kind: 'PRESENCE_RELAXED',
      backward: true,
      forward: false,
    },
    {
      name: 'deprecated',
      next: withFeature('fare', (f) => ({ ...f, lifecycleStage: 'DEPRECATED' })),
      kind: 'FEATURE_DEPRECATED',
      backward: true,
      forward: false,
    },
    {
      name: 'optional feature added',
      next: { ...old, feature: [...(old.feature ?? []), { name: 'tolls', type: 'FLOAT' }] },
      kind: 'FEATURE_ADDED',
      backward: true,
      forward: false,
    },
    {
      name: 'required feature added',
      next: { ...old, feature: [...(old.feature ?? []), { name: 'tolls', type: 'FLOAT', presence: { minCount: 1 } }] },
      kind: 'FEATURE_ADDED',
      backward: false,
      forward: false,
    },
    {
      name: 'feature removed',
      next: { ...old, feature: [base] },
      kind: 'FEATURE_REMOVED',
      backward: false,
      forward: false,
    },
    {
      name: 'left the SERVING environment',
      next: withFeature('fare', (f) => ({ ...f, notInEnvironment: ['SERVING'] })),
      kind: 'ENVIRONMENT_REMOVED',
      backward: false,
      forward: false,
    },
    {
      name: 'valency narrowed',
      next: withFeature('fare', (f) => ({ ...f, valueCount: { min: 1, max: 1 } })),
      kind: 'VALENCY_NARROWED',
      backward: false,
      forward: true,
    },
    {
      name: 'drift comparator tightened',
      next: withFeature(
        'payment_type',
        (f) => ({ ...f, driftComparator: { infinityNorm: { threshold: 0.01 } } }),
        withFeature('payment_type', (f) => ({ ...f, driftComparator: { infinityNorm: { threshold: 0.1 } } })),
      ),
      kind: 'COMPARATOR_TIGHTENED',
      backward: false,
      forward: true,
    },
  ];

  it.each(cases)('$name -> $kind', ({ next, kind, backward, forward }) => {
    const base =
      kind === 'COMPARATOR_TIGHTENED'
        ? withFeature('payment_type', (f) => ({ ...f, driftComparator: { infinityNorm: { threshold: 0.1 } } }))
        : old;
    const changes = diffSchemas(base, next);
    expect(changes.map((c) => c.kind)).toContain(kind);
    const change = changes.find((c) => c.kind === kind);
    expect({ backward: change?.backward, forward: change?.forward }).toEqual({ backward, forward });
  });

  it('walks struct children by dotted path', () => {
    const nested = (values: string[]): Schema => ({
      feature: [
        {
          name: 'trip',
          type: 'STRUCT',
          structDomain: { feature: [{ name: 'company', type: 'BYTES', stringDomain: { value: values } }] },
        },
      ],
    });
    const changes = diffSchemas(nested(['a', 'b']), nested(['a']));
    expect(changes).toMatchObject([{ kind: 'DOMAIN_VALUES_REMOVED', path: 'trip.company', before: ['b'] }]);
  });

  it('resolves schema-level string domains referenced by name', () => {
    const ref = (values: string[]): Schema => ({
      feature: [{ name: 'c', type: 'BYTES', domain: 'colors' }],
      stringDomain: [{ name: 'colors', value: values }],
    });
    expect(diffSchemas(ref(['red']), ref(['red', 'blue'])).map((c) => c.kind)).toEqual(['DOMAIN_VALUES_ADDED']);
  });
});

describe('compatibility classes', () => {
  it('classifies a mixed change list by the weakest guarantee', () => {
    const widened = withFeature('fare', (f) => ({ ...f, floatDomain: { min: -1, max: 200 } }));
    expect(checkCompatibility(old, widened, 'backward').compatible).toBe(true);
    expect(checkCompatibility(old, widened, 'forward').compatible).toBe(false);
    expect(checkCompatibility(old, widened, 'full').violations.map((v) => v.kind)).toEqual(['RANGE_WIDENED']);
    expect(classifyChanges([])).toBe('FULL');
  });

  it('checks the newest version against every earlier one (transitive)', () => {
    const v1 = old;
    const v2 = withFeature('fare', (f) => ({ ...f, floatDomain: { min: 0, max: 200 } }));
    // v3 narrows v2's range but still contains v1's: it breaks v2's data only.
    const v3 = withFeature('fare', (f) => ({ ...f, floatDomain: { min: 0, max: 150 } }));
    expect(checkCompatibility(v2, v3, 'backward').compatible).toBe(false);
    const transitive = checkCompatibilityTransitive([v1, v2, v3], 'backward');
    expect(transitive.compatible).toBe(false);
    expect(transitive.violations.map((v) => v.from)).toEqual([1]);
    const widening = checkCompatibilityTransitive([v1, v2], 'backward');
    expect(widening.compatible).toBe(true);
  });
});

describe('feature paths in diffs', () => {
  it('keys features by serialized path, so a dotted name does not collide with a struct child', () => {
    const schema = (dotted: string[], child: string[]): Schema => ({
      feature: [
        { name: 'a.b', type: 'BYTES', stringDomain: { value: dotted } },
        {
          name: 'a',
          type: 'STRUCT',
          structDomain: { feature: [{ name: 'b', type: 'BYTES', stringDomain: { value: child } }] },
        },
      ],
    });
    const changes = diffSchemas(schema(['x'], ['y']), schema(['x', 'x2'], ['y']));
    expect(changes).toMatchObject([{ kind: 'DOMAIN_VALUES_ADDED', path: "'a.b'", after: ['x2'] }]);
    expect(diffSchemas(schema(['x'], ['y']), schema(['x'], []))).toMatchObject([
      { kind: 'DOMAIN_VALUES_REMOVED', path: 'a.b', before: ['y'] },
    ]);
  });
});
