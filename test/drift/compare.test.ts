import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { chooseMethod } from '../../src/drift/auto.js';
import { compareNumExamples, compareStatistics } from '../../src/drift/compare.js';
import { prepareFeaturePair } from '../../src/drift/feature-pair.js';
import { DRIFT_METHOD_NAMES } from '../../src/drift/method-registry.js';
import { comparatorsFromSchema } from '../../src/drift/schema-comparators.js';
import { decodeBinary } from '../../src/tfmd/index.js';
import type { FeatureNameStatistics } from '../../src/tfmd/types.js';
import { chicagoTaxi, titanicByPort } from './helpers/fixtures.js';
import { numbers, numericFeature, statisticsList } from './helpers/statistics-from-columns.js';

const { train, eval: current } = chicagoTaxi();
const tfx = (split: string) =>
  decodeBinary(
    'DatasetFeatureStatisticsList',
    readFileSync(
      fileURLToPath(new URL(`../fixtures/tfx/statistics_gen/Split-${split}/FeatureStats.pb`, import.meta.url)),
    ),
  );

const choice = (a: FeatureNameStatistics, b: FeatureNameStatistics) => {
  const pair = prepareFeaturePair(a, b);
  if ('skip' in pair) throw new Error(pair.skip);
  return chooseMethod(pair).method;
};

describe('auto choice (Evidently rule)', () => {
  it('picks tests at n ≤ 1000: titanic by port', () => {
    const { southampton: s, others: o } = titanicByPort();
    expect(choice(s.sex!, o.sex!)).toBe('ztest');
    expect(choice(s.pclass!, o.pclass!)).toBe('chi2'); // numeric with 3 values
    expect(choice(s.age!, o.age!)).toBe('ks');
    const r = compareStatistics(statisticsList(644, Object.values(s)), statisticsList(245, Object.values(o)));
    expect(r.driftedFeatures).toEqual(['sex', 'pclass', 'fare']);
  });

  it('picks distances at n > 1000: Chicago taxi train vs eval shows no drift', () => {
    const r = compareStatistics(train.list, current.list);
    const methods = Object.fromEntries(r.features.map((f) => [f.feature, f.results[0]!.method]));
    expect(methods).toEqual({
      fare: 'wasserstein',
      trip_miles: 'wasserstein',
      trip_start_hour: 'wasserstein',
      payment_type: 'hellinger',
      company: 'hellinger',
    });
    expect(r.drifted).toBe(false);
    expect(r.features.find((f) => f.feature === 'payment_type')!.newValues).toEqual(['Prcard']);
  });

  it('does not fire on a trivial shift at large n, where a p-value test does', () => {
    // 100,000 real fares against the same fares plus 25 cents (0.02 standard deviations).
    const fares = numbers(train.columns.fare!).filter((v): v is number => v !== undefined);
    const many = Array.from({ length: 10 }, () => fares).flat();
    const a = statisticsList(many.length, [numericFeature('fare', many)]);
    const b = statisticsList(many.length, [
      numericFeature(
        'fare',
        many.map((v) => v + 0.25),
      ),
    ]);
    const auto = compareStatistics(a, b);
    expect(auto.features[0]!.results[0]!.method).toBe('wasserstein');
    expect(auto.drifted).toBe(false);
    expect(compareStatistics(a, b, { method: 'ks' }).drifted).toBe(true);
  });
});

describe('compareStatistics', () => {
  it('finds no drift comparing a dataset with itself under every method', () => {
    for (const list of [train.list, tfx('train')]) {
      for (const method of ['auto', ...DRIFT_METHOD_NAMES] as const) {
        const r = compareStatistics(list, list, { method });
        expect(r.driftedFeatures, method).toEqual([]);
        expect(r.drifted).toBe(false);
      }
    }
  });

  it('compares real TFDV statistics (TFX StatisticsGen train vs eval) without drift under auto', () => {
    const r = compareStatistics(tfx('train'), tfx('eval'));
    expect(r.numExamples).toMatchObject({ reference: 10036, current: 4966 });
    expect(r.features.filter((f) => f.results.length).length).toBe(17);
    expect(r.features.find((f) => f.feature === 'pickup_census_tract')!.skipped).toMatch(/no histogram/);
    expect(r.drifted).toBe(false);
  });

  it('uses schema comparators: L-infinity on payment_type reports the distance and Prcard', () => {
    const options = comparatorsFromSchema({
      feature: [{ name: 'payment_type', driftComparator: { infinityNorm: { threshold: 0.001 } } }],
      datasetConstraints: { numExamplesDriftComparator: { minFractionThreshold: 0.8, maxFractionThreshold: 1.2 } },
    });
    const r = compareStatistics(train.list, current.list, options);
    const f = r.features.find((x) => x.feature === 'payment_type')!;
    expect(f.results[0]!.method).toBe('linf');
    // Cash: 6590/10000 vs 3319/5000.
    expect(f.results[0]!.value).toBeCloseTo(Math.abs(0.659 - 0.6638), 12);
    expect(f.results[0]!.details.valueWithMaximumDifference).toBe('Cash');
    expect(f.drifted).toBe(true);
    expect(f.newValues).toEqual(['Prcard']);
    expect(r.numExamples).toMatchObject({ ratio: 0.5, drifted: true });
  });

  it('reports missing features and filters by name', () => {
    const fewer = statisticsList(5000, [current.features.fare]);
    const r = compareStatistics(train.list, fewer, { features: ['fare', 'company'] });
    expect(r.features.map((f) => [f.feature, f.skipped ?? 'ok'])).toEqual([
      ['fare', 'ok'],
      ['company', 'missing in the current statistics'],
    ]);
    expect(() => compareStatistics(train.list, fewer, { features: ['nope'] })).toThrow(/no feature named 'nope'/);
  });

  it('applies num_examples bounds TFDV-style', () => {
    expect(compareNumExamples(100, 50, { minFraction: 0.6 }).drifted).toBe(true);
    expect(compareNumExamples(100, 150, { maxFraction: 1.2 }).drifted).toBe(true);
    expect(compareNumExamples(100, 110, { minFraction: 0.9, maxFraction: 1.2 }).drifted).toBe(false);
    expect(compareNumExamples(0, 10, { maxFraction: 2 }).drifted).toBe(true);
    expect(compareNumExamples(100, 10).drifted).toBe(false);
  });
});
