import { describe, expect, it } from 'vitest';
import { validateStatistics } from '../../src/anomalies/index.js';
import { createRequestFolder } from '../../src/serving/request-folder.js';
import { createRequestValidator } from '../../src/serving/request-validator.js';
import type { AnomalyType, Feature, Schema } from '../../src/tfmd/types.js';
import { rng } from '../helpers/rng.js';

/**
 * TFDV validates one example by validating the statistics of that example alone (its
 * validate_instance semantics), dropping the types that only make sense for a whole dataset. The
 * request validator promises the same without computing statistics: on random schemas and
 * requests, its anomalies (type and TFDV's texts, per feature) must equal validateStatistics on
 * the request's one-row statistics, minus those dataset-only types.
 */
const DATASET_ONLY = new Set<AnomalyType>([
  'FEATURE_TYPE_LOW_NUMBER_PRESENT',
  'FEATURE_TYPE_LOW_FRACTION_PRESENT',
  'FEATURE_TYPE_NOT_PRESENT',
  'FEATURE_TYPE_LOW_UNIQUE',
  'FEATURE_TYPE_HIGH_UNIQUE',
  'FEATURE_TYPE_NO_UNIQUE',
  'COMPARATOR_L_INFTY_HIGH',
  'COMPARATOR_JENSEN_SHANNON_DIVERGENCE_HIGH',
  'COMPARATOR_NORMALIZED_ABSOLUTE_DIFFERENCE_HIGH',
  'DATASET_LOW_NUM_EXAMPLES',
  'DATASET_HIGH_NUM_EXAMPLES',
]);

type Random = () => number;
const pick = <T>(r: Random, items: readonly T[]): T => items[Math.floor(r() * items.length)] as T;
const int = (r: Random, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

const WORDS = ['a', 'b', 'c', 'd', 'yes', 'no', '1', '-3', '2.5', '7', 'x'];

function randomFeature(r: Random, name: string, schema: Schema): Feature {
  const type = pick(r, ['INT', 'FLOAT', 'BYTES'] as const);
  const feature: Feature = { name, type };
  if (r() < 0.5) feature.presence = r() < 0.5 ? { minCount: 1 } : { minFraction: 1, minCount: 1 };
  if (r() < 0.4) {
    const min = int(r, 0, 2);
    feature.valueCount = { min, max: min + int(r, 0, 2) };
  }
  const lo = int(r, -5, 3);
  const range = { min: lo, max: lo + int(r, 0, 8) };
  const kind = r();
  // No bool_domain on INT and FLOAT features: TFDV computes categorical (string) statistics for
  // them, so validating statistics cannot see a value outside {0, 1} that the request validator
  // reports (docs/serving.md). BYTES features with a bool_domain are compared.
  if (type === 'INT') {
    if (kind < 0.5) feature.intDomain = range;
  } else if (type === 'FLOAT') {
    if (kind < 0.6) {
      feature.floatDomain = { ...range, ...(r() < 0.3 ? { disallowNan: true } : {}) };
      if (r() < 0.3) feature.floatDomain.disallowInf = true;
    }
  } else if (kind < 0.3) {
    feature.stringDomain = { value: WORDS.filter(() => r() < 0.5) };
    if (r() < 0.3) feature.distributionConstraints = { minDomainMass: 0.5 };
  } else if (kind < 0.45) {
    const domain = `${name}_values`;
    schema.stringDomain = [...(schema.stringDomain ?? []), { name: domain, value: WORDS.filter(() => r() < 0.5) }];
    feature.domain = domain;
  } else if (kind < 0.6) feature.intDomain = range;
  else if (kind < 0.7) feature.floatDomain = range;
  else if (kind < 0.8) feature.boolDomain = { trueValue: 'yes', falseValue: 'no' };
  return feature;
}

function randomValue(r: Random, feature: Feature): unknown {
  const one = (): unknown => {
    if (feature.type === 'BYTES') return pick(r, WORDS);
    if (feature.type === 'INT') return int(r, -8, 12);
    const x = r();
    if (x < 0.04) return Number.NaN;
    if (x < 0.08) return Number.POSITIVE_INFINITY;
    return Math.round((r() * 20 - 6) * 100) / 100;
  };
  const n = int(r, 0, 4);
  // Statistics of a numeric feature with no values, or only NaN, record min = max = 0 (TFDV's),
  // which a range check then reads as a value 0 the request does not have; the request validator
  // checks the values it has. So only BYTES features get an empty list, and NaN comes with a number.
  const empty = n === 0 && feature.type === 'BYTES' && r() < 0.2;
  const values = empty ? [] : n === 0 ? [one()] : Array.from({ length: n }, one);
  if (values.length > 0 && values.every((v) => Number.isNaN(v))) values.push(1.5);
  return n === 0 && values.length === 1 ? values[0] : values;
}

/** Per feature, the sorted `TYPE: description` lines. */
type Lines = Record<string, string[]>;

function add(lines: Lines, feature: string, line: string): void {
  const list = lines[feature] ?? [];
  list.push(line);
  list.sort();
  lines[feature] = list;
}

describe('a request validates like its one-row statistics (TFDV validate_instance)', () => {
  it('agrees on 400 random schemas and requests (seed 21)', () => {
    const r = rng(21);
    let compared = 0;
    let withAnomalies = 0;
    for (let trial = 0; trial < 400; trial++) {
      const schema: Schema = {};
      schema.feature = Array.from({ length: int(r, 1, 4) }, (_, i) => randomFeature(r, `f${i}`, schema));
      const request: Record<string, unknown> = {};
      for (const f of schema.feature) if (r() < 0.85) request[f.name as string] = randomValue(r, f);

      const validator = createRequestValidator(schema, { presence: 'existence' });
      const fromRequest: Lines = {};
      for (const a of validator.validate(request)) add(fromRequest, a.feature, `${a.type}: ${a.description}`);

      // The statistics of this request alone: features it lacks are not in them, as in TFDV's.
      const folder = createRequestFolder({ schema, features: Object.keys(request), batchSize: 1 });
      expect(folder.add(request)).toBe(true);
      const anomalies = validateStatistics(folder.statistics(), schema);
      const fromStatistics: Lines = {};
      for (const [key, info] of Object.entries(anomalies.anomalyInfo ?? {})) {
        for (const reason of info.reason ?? []) {
          if (!DATASET_ONLY.has(reason.type ?? 'UNKNOWN_TYPE'))
            add(fromStatistics, key, `${reason.type}: ${reason.description}`);
        }
      }
      // The message names the failing case: schema and request (NaN and Infinity as JSON null).
      expect(fromRequest, JSON.stringify({ schema, request })).toEqual(fromStatistics);
      compared++;
      if (Object.keys(fromRequest).length > 0) withAnomalies++;
    }
    expect(compared).toBe(400);
    // The generator exercises the checks: a good share of requests have anomalies.
    expect(withAnomalies).toBeGreaterThan(100);
  });
});
