import { describe, expect, it } from 'vitest';
import { validateStatistics } from '../../src/anomalies/index.js';
import { diffSchemas, type SchemaChangeKind } from '../../src/schema/diff.js';
import type { DatasetFeatureStatisticsList, Feature, Schema } from '../../src/tfmd/types.js';
import { rng } from '../helpers/rng.js';
import { randomStatistics, reweighted } from './helpers/random-statistics.js';

/**
 * The classifier must agree with validation: for each change kind, statistics valid under the
 * source schema (random, filtered by validateStatistics) are all valid under the target when the
 * classifier says the direction is compatible, and some are not when it says it is not.
 */

const ENVS = ['TRAINING', 'SERVING'];
const schema = (...feature: Feature[]): Schema => ({ defaultEnvironment: ENVS, feature });
const i: Feature = { name: 'i', type: 'INT', intDomain: { min: 0, max: 10 }, presence: { minCount: 1 } };
const f: Feature = { name: 'f', type: 'FLOAT', floatDomain: { min: 0, max: 5 } };
const s: Feature = { name: 's', type: 'BYTES', stringDomain: { value: ['a', 'b'] }, presence: { minFraction: 0.5 } };
const o: Feature = { name: 'o', type: 'INT' };
/** A copy of the feature without the given fields. */
function without(feature: Feature, ...keys: (keyof Feature)[]): Feature {
  const copy: Feature = { ...feature };
  for (const key of keys) delete copy[key];
  return copy;
}
const v: Feature = { name: 'v', type: 'INT', valueCount: { min: 1, max: 2 } };

interface Case {
  readonly name: string;
  readonly old: Schema;
  readonly new: Schema;
  readonly kind: SchemaChangeKind;
}

const drift = (threshold: number): Feature => ({ ...s, driftComparator: { infinityNorm: { threshold } } });

const cases: Case[] = [
  { name: 'optional feature added', old: schema(i), new: schema(i, o), kind: 'FEATURE_ADDED' },
  {
    name: 'required feature added',
    old: schema(i),
    new: schema(i, { ...o, presence: { minCount: 1 } }),
    kind: 'FEATURE_ADDED',
  },
  { name: 'optional feature removed', old: schema(i, o), new: schema(i), kind: 'FEATURE_REMOVED' },
  { name: 'required feature removed', old: schema(i, o), new: schema(o), kind: 'FEATURE_REMOVED' },
  {
    name: 'deprecated feature removed',
    old: schema(i, { ...o, lifecycleStage: 'DEPRECATED' }),
    new: schema(i),
    kind: 'FEATURE_REMOVED',
  },
  {
    name: 'deprecated',
    old: schema(i),
    new: schema({ ...i, lifecycleStage: 'DEPRECATED' }),
    kind: 'FEATURE_DEPRECATED',
  },
  { name: 'undeprecated', old: schema({ ...i, deprecated: true }), new: schema(i), kind: 'FEATURE_UNDEPRECATED' },
  { name: 'type changed', old: schema(o), new: schema({ ...o, type: 'FLOAT' }), kind: 'TYPE_CHANGED' },
  {
    name: 'presence tightened (min_count)',
    old: schema(o),
    new: schema({ ...o, presence: { minCount: 3 } }),
    kind: 'PRESENCE_TIGHTENED',
  },
  {
    name: 'presence tightened (min_fraction 1)',
    old: schema(s),
    new: schema({ ...s, presence: { minFraction: 1 } }),
    kind: 'PRESENCE_TIGHTENED',
  },
  {
    name: 'presence relaxed',
    old: schema(s),
    new: schema({ ...s, presence: { minFraction: 0.2 } }),
    kind: 'PRESENCE_RELAXED',
  },
  {
    name: 'presence changed both ways',
    old: schema({ ...o, presence: { minCount: 2 } }),
    new: schema({ ...o, presence: { minCount: 1, minFraction: 1 } }),
    kind: 'PRESENCE_CHANGED',
  },
  {
    name: 'string values added',
    old: schema(s),
    new: schema({ ...s, stringDomain: { value: ['a', 'b', 'c'] } }),
    kind: 'DOMAIN_VALUES_ADDED',
  },
  {
    name: 'string values removed',
    old: schema(s),
    new: schema({ ...s, stringDomain: { value: ['a'] } }),
    kind: 'DOMAIN_VALUES_REMOVED',
  },
  {
    name: 'schema-level string domain values removed',
    old: {
      ...schema({ ...without(s, 'stringDomain'), domain: 'ab' }),
      stringDomain: [{ name: 'ab', value: ['a', 'b'] }],
    },
    new: { ...schema({ ...without(s, 'stringDomain'), domain: 'ab' }), stringDomain: [{ name: 'ab', value: ['a'] }] },
    kind: 'DOMAIN_VALUES_REMOVED',
  },
  {
    name: 'min_domain_mass lowered',
    old: schema(s),
    new: schema({ ...s, distributionConstraints: { minDomainMass: 0.5 } }),
    kind: 'DISTRIBUTION_CONSTRAINT_RELAXED',
  },
  {
    name: 'min_domain_mass raised',
    old: schema({ ...s, distributionConstraints: { minDomainMass: 0.5 } }),
    new: schema(s),
    kind: 'DISTRIBUTION_CONSTRAINT_TIGHTENED',
  },
  {
    name: 'bounded int domain added',
    old: schema(o),
    new: schema({ ...o, intDomain: { min: 0 } }),
    kind: 'DOMAIN_ADDED',
  },
  { name: 'unbounded int domain added', old: schema(o), new: schema({ ...o, intDomain: {} }), kind: 'DOMAIN_ADDED' },
  { name: 'string domain added', old: schema(without(s, 'stringDomain')), new: schema(s), kind: 'DOMAIN_ADDED' },
  { name: 'int domain removed', old: schema(i), new: schema(without(i, 'intDomain')), kind: 'DOMAIN_REMOVED' },
  {
    name: 'string domain replaced by a bool domain',
    old: schema(s),
    new: schema({ ...without(s, 'stringDomain'), boolDomain: { trueValue: 'a', falseValue: 'c' } }),
    kind: 'DOMAIN_KIND_CHANGED',
  },
  {
    name: 'bool values changed',
    old: schema({ ...without(s, 'stringDomain'), boolDomain: { trueValue: 'a', falseValue: 'b' } }),
    new: schema({ ...without(s, 'stringDomain'), boolDomain: { trueValue: 'a', falseValue: 'c' } }),
    kind: 'DOMAIN_VALUES_REMOVED',
  },
  {
    name: 'int range widened',
    old: schema(i),
    new: schema({ ...i, intDomain: { min: -1, max: 11 } }),
    kind: 'RANGE_WIDENED',
  },
  {
    name: 'int range narrowed',
    old: schema(i),
    new: schema({ ...i, intDomain: { min: 1, max: 10 } }),
    kind: 'RANGE_NARROWED',
  },
  {
    name: 'int range shifted',
    old: schema(i),
    new: schema({ ...i, intDomain: { min: 2, max: 12 } }),
    kind: 'RANGE_SHIFTED',
  },
  {
    name: 'float range widened',
    old: schema(f),
    new: schema({ ...f, floatDomain: { max: 6 } }),
    kind: 'RANGE_WIDENED',
  },
  {
    name: 'float range narrowed',
    old: schema(f),
    new: schema({ ...f, floatDomain: { min: 0, max: 4 } }),
    kind: 'RANGE_NARROWED',
  },
  {
    name: 'NaN disallowed',
    old: schema({ ...f, floatDomain: {} }),
    new: schema({ ...f, floatDomain: { disallowNan: true } }),
    kind: 'RANGE_NARROWED',
  },
  {
    name: 'infinity allowed again',
    old: schema({ ...f, floatDomain: { disallowInf: true } }),
    new: schema({ ...f, floatDomain: {} }),
    kind: 'RANGE_WIDENED',
  },
  {
    name: 'valency widened',
    old: schema(v),
    new: schema({ ...v, valueCount: { min: 1, max: 3 } }),
    kind: 'VALENCY_WIDENED',
  },
  {
    name: 'valency narrowed',
    old: schema(v),
    new: schema({ ...v, valueCount: { min: 1, max: 1 } }),
    kind: 'VALENCY_NARROWED',
  },
  {
    name: 'valency shifted',
    old: schema(v),
    new: schema({ ...v, valueCount: { min: 2, max: 3 } }),
    kind: 'VALENCY_SHIFTED',
  },
  {
    name: 'fixed shape replaces value_count',
    old: schema({ ...v, valueCount: { min: 1, max: 1 } }),
    new: schema({ ...without(v, 'valueCount'), shape: { dim: [{ size: 1 }] } }),
    kind: 'VALENCY_NARROWED',
  },
  {
    name: 'left the SERVING environment',
    old: schema(o),
    new: schema({ ...o, notInEnvironment: ['SERVING'] }),
    kind: 'ENVIRONMENT_REMOVED',
  },
  {
    name: 'required feature joins SERVING',
    old: schema({ ...i, notInEnvironment: ['SERVING'] }),
    new: schema(i),
    kind: 'ENVIRONMENT_ADDED',
  },
  {
    name: 'optional feature joins SERVING',
    old: schema({ ...o, notInEnvironment: ['SERVING'] }),
    new: schema(o),
    kind: 'ENVIRONMENT_ADDED',
  },
  { name: 'drift comparator added', old: schema(s), new: schema(drift(0.3)), kind: 'COMPARATOR_ADDED' },
  { name: 'drift comparator removed', old: schema(drift(0.3)), new: schema(s), kind: 'COMPARATOR_REMOVED' },
  {
    name: 'drift comparator tightened',
    old: schema(drift(0.6)),
    new: schema(drift(0.3)),
    kind: 'COMPARATOR_TIGHTENED',
  },
  { name: 'drift comparator relaxed', old: schema(drift(0.3)), new: schema(drift(0.6)), kind: 'COMPARATOR_RELAXED' },
  {
    name: 'min examples raised',
    old: { ...schema(o), datasetConstraints: { minExamplesCount: 5 } },
    new: { ...schema(o), datasetConstraints: { minExamplesCount: 10 } },
    kind: 'DATASET_CONSTRAINT_TIGHTENED',
  },
  {
    name: 'max examples raised',
    old: { ...schema(o), datasetConstraints: { minExamplesCount: 1, maxExamplesCount: 5 } },
    new: { ...schema(o), datasetConstraints: { minExamplesCount: 1, maxExamplesCount: 10 } },
    kind: 'DATASET_CONSTRAINT_RELAXED',
  },
  {
    name: 'a lone max examples count (ignored by validation)',
    old: schema(o),
    new: { ...schema(o), datasetConstraints: { maxExamplesCount: 5 } },
    kind: 'UNENFORCED_CONSTRAINT_CHANGED',
  },
  {
    name: 'default environment dropped',
    old: schema(o),
    new: { ...schema(o), defaultEnvironment: ['TRAINING'] },
    kind: 'DEFAULT_ENVIRONMENTS_CHANGED',
  },
];

const SAMPLES = 400;

function accepts(
  stats: DatasetFeatureStatisticsList,
  target: Schema,
  previous: DatasetFeatureStatisticsList,
  env?: string,
) {
  try {
    const anomalies = validateStatistics(stats, target, {
      previousStatistics: previous,
      ...(env !== undefined ? { environment: env } : {}),
    });
    return (
      Object.keys(anomalies.anomalyInfo ?? {}).length === 0 && !anomalies.datasetAnomalyInfo && !anomalies.dataMissing
    );
  } catch {
    // Validating in an environment the schema does not declare is a usage error: not accepted.
    return false;
  }
}

/** Samples valid under `source`; how many of them `target` rejects. */
function check(source: Schema, target: Schema, seed: number): { valid: number; rejected: number } {
  const random = rng(seed);
  let valid = 0;
  let rejected = 0;
  const envs = [undefined, ...new Set([...(source.defaultEnvironment ?? []), ...(target.defaultEnvironment ?? [])])];
  for (let n = 0; n < SAMPLES; n++) {
    const stats = randomStatistics(random, [source, target]);
    // Half the time the previous span is this one with other value counts, so drift measures
    // land on both sides of the comparator thresholds.
    const previous = random() < 0.5 ? reweighted(random, stats) : randomStatistics(random, [source, target]);
    const env = envs[Math.floor(random() * envs.length)];
    if (!accepts(stats, source, previous, env)) continue;
    valid++;
    if (!accepts(stats, target, previous, env)) rejected++;
  }
  return { valid, rejected };
}

it('reports nothing for equivalent constraints', () => {
  // value_count.min 0 and an unset min demand the same; so do an unbounded int domain and none.
  expect(
    diffSchemas(schema({ ...v, valueCount: { min: 0, max: 2 } }), schema({ ...v, valueCount: { max: 2 } })),
  ).toEqual([]);
  expect(diffSchemas(schema(o), schema({ ...o, intDomain: {} })).every((c) => c.backward && c.forward)).toBe(true);
});

describe('compatibility classes agree with validation (seeded property test)', () => {
  it.each(cases.map((c, index) => ({ ...c, index })))('$name', ({ old, new: next, kind, index }) => {
    const changes = diffSchemas(old, next);
    expect(changes.map((c) => c.kind)).toContain(kind);
    const backward = changes.every((c) => c.backward);
    const forward = changes.every((c) => c.forward);
    const b = check(old, next, 1000 + index);
    const fw = check(next, old, 2000 + index);
    expect(b.valid, 'samples valid under the old schema').toBeGreaterThanOrEqual(10);
    expect(fw.valid, 'samples valid under the new schema').toBeGreaterThanOrEqual(10);
    expect({ backward: b.rejected === 0, forward: fw.rejected === 0 }).toEqual({ backward, forward });
  });
});

/** Random edits of a schema: each returns a new schema (or the same one when it does not apply). */
const mutations: ((schema: Schema, random: () => number) => Schema)[] = [
  (x, r) =>
    mapFeature(x, r, (f) =>
      f.intDomain ? { ...f, intDomain: { ...f.intDomain, max: Number(f.intDomain.max ?? 10) + pm(r) } } : f,
    ),
  (x, r) =>
    mapFeature(x, r, (f) =>
      f.intDomain ? { ...f, intDomain: { ...f.intDomain, min: Number(f.intDomain.min ?? 0) + pm(r) } } : f,
    ),
  (x, r) =>
    mapFeature(x, r, (f) =>
      f.floatDomain ? { ...f, floatDomain: { ...f.floatDomain, max: (f.floatDomain.max ?? 5) + pm(r) / 2 } } : f,
    ),
  (x, r) =>
    mapFeature(x, r, (f) => (f.floatDomain ? { ...f, floatDomain: { ...f.floatDomain, disallowNan: r() < 0.5 } } : f)),
  (x, r) =>
    mapFeature(x, r, (f) => {
      if (!f.stringDomain) return f;
      const values = f.stringDomain.value ?? [];
      return { ...f, stringDomain: { value: r() < 0.5 ? values.slice(1) : [...values, `n${Math.floor(r() * 3)}`] } };
    }),
  (x, r) =>
    mapFeature(x, r, (f) => ({
      ...f,
      presence: { minCount: Math.floor(r() * 3), ...(r() < 0.3 ? { minFraction: r() < 0.5 ? 1 : 0.5 } : {}) },
    })),
  (x, r) =>
    mapFeature(x, r, (f) => ({ ...f, valueCount: { min: Math.floor(r() * 2) + 1, max: Math.floor(r() * 2) + 2 } })),
  (x, r) =>
    mapFeature(x, r, (f) =>
      r() < 0.5 ? { ...f, lifecycleStage: 'DEPRECATED' } : without(f, 'lifecycleStage', 'deprecated'),
    ),
  (x, r) =>
    mapFeature(x, r, (f) => (r() < 0.5 ? { ...f, notInEnvironment: ['SERVING'] } : without(f, 'notInEnvironment'))),
  (x, r) => mapFeature(x, r, (f) => ({ ...f, type: r() < 0.5 ? 'INT' : 'FLOAT' })),
  (x, r) => ({ ...x, feature: (x.feature ?? []).filter(() => r() < 0.8) }),
  (x, r) => ({
    ...x,
    feature: [
      ...(x.feature ?? []),
      { name: `n${Math.floor(r() * 2)}`, type: 'INT', ...(r() < 0.5 ? { presence: { minCount: 1 } } : {}) },
    ],
  }),
  (x, r) => ({
    ...x,
    datasetConstraints: {
      minExamplesCount: 1 + Math.floor(r() * 10),
      ...(r() < 0.5 ? { maxExamplesCount: 10 + Math.floor(r() * 10) } : {}),
    },
  }),
];

const pm = (r: () => number) => (r() < 0.5 ? -1 : 1) * (1 + Math.floor(r() * 2));

function mapFeature(schema: Schema, random: () => number, edit: (f: Feature) => Feature): Schema {
  const features = schema.feature ?? [];
  if (features.length === 0) return schema;
  const at = Math.floor(random() * features.length);
  return { ...schema, feature: features.map((f, k) => (k === at ? edit(f) : f)) };
}

describe('random edits: a compatible classification is never contradicted by validation', () => {
  const base = schema(i, f, s, o, v);
  it.each(Array.from({ length: 20 }, (_, seed) => ({ seed })))('seed $seed', ({ seed }) => {
    const random = rng(7000 + seed);
    let next = base;
    const edits = 1 + Math.floor(random() * 3);
    for (let k = 0; k < edits; k++)
      next = (mutations[Math.floor(random() * mutations.length)] as (typeof mutations)[number])(next, random);
    const changes = diffSchemas(base, next);
    const b = check(base, next, 3000 + seed);
    const fw = check(next, base, 4000 + seed);
    if (changes.every((c) => c.backward)) expect(b.rejected, 'backward').toBe(0);
    if (changes.every((c) => c.forward)) expect(fw.rejected, 'forward').toBe(0);
  });
});
