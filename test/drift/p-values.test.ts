import { chiSquaredDistributionTable, cumulativeStdNormalProbability, errorFunction } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import {
  chiSquaredSurvival,
  erfc,
  kolmogorovSmirnovPValue,
  kolmogorovSurvival,
  logGamma,
  normalSurvival,
  normalTwoSidedPValue,
} from '../../src/drift/p-values.js';

describe('normal tail', () => {
  it('agrees with simple-statistics erf and its normal table', () => {
    for (let x = -3; x <= 3; x += 0.25) {
      expect(1 - erfc(x)).toBeCloseTo(errorFunction(x), 6);
      // simple-statistics' table is rounded to 4 decimals.
      expect(1 - normalSurvival(x)).toBeCloseTo(cumulativeStdNormalProbability(x), 4);
    }
  });

  it('keeps relative accuracy far in the tail (scipy 2*norm.sf values)', () => {
    const cases: [number, number][] = [
      [0.5, 0.6170750774519738],
      [1.96, 0.04999579029644087],
      [3.62, 0.0002946030158149447],
      [6, 1.973175290075389e-9],
      [10, 1.523970604832094e-23],
    ];
    for (const [z, p] of cases) {
      expect(Math.abs(normalTwoSidedPValue(z) - p) / p).toBeLessThan(2e-7);
      expect(normalTwoSidedPValue(-z)).toBe(normalTwoSidedPValue(z));
    }
  });
});

describe('chi-squared tail', () => {
  it('gives each significance level at the critical values of simple-statistics table', () => {
    for (const df of [1, 2, 3, 5, 10, 20, 30]) {
      const row = chiSquaredDistributionTable[df as keyof typeof chiSquaredDistributionTable] as unknown as Record<
        string,
        number
      >;
      for (const [alpha, critical] of Object.entries(row)) {
        // The table has 2-3 significant digits; its df=1 entries near 0 are rounded to 0.
        if (critical < 0.1) continue;
        expect(chiSquaredSurvival(critical, df)).toBeCloseTo(Number(alpha), 2);
      }
    }
  });

  it('matches scipy chi2.sf, including tails below 1e-40', () => {
    const cases: [number, number, number][] = [
      [3.84, 1, 0.05004352124870519],
      [9.1, 6, 0.16803175870873704],
      [63.66, 60, 0.34895152081034103],
      [0.5, 2, 0.7788007830714049],
      [200, 3, 4.218541107192018e-43],
      [1000, 10, 1.870290720915977e-208],
    ];
    for (const [x, df, p] of cases) expect(Math.abs(chiSquaredSurvival(x, df) - p) / p).toBeLessThan(1e-9);
  });

  it('has ln Γ exact at integers and half-integers', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    // ln(29!) = Σ ln k, k = 2..29
    expect(logGamma(30)).toBeCloseTo(
      Array.from({ length: 28 }, (_, i) => Math.log(i + 2)).reduce((s, v) => s + v, 0),
      9,
    );
  });
});

describe('Kolmogorov distribution', () => {
  it('matches scipy kstwobign.sf on both branches of the series', () => {
    const cases: [number, number][] = [
      [0.5, 0.9639452436648751],
      [0.8, 0.5441424115741981],
      [1.0, 0.26999967167735456],
      [1.2238, 0.10002342783567782],
      [1.3581, 0.0499996304316674],
      [1.6276, 0.010001537333060776],
      [2.0, 0.0006709252557796953],
      [3.0, 3.045995948942526e-8],
    ];
    for (const [lambda, p] of cases) expect(Math.abs(kolmogorovSurvival(lambda) - p) / p).toBeLessThan(1e-9);
  });

  it('is close to scipy exact two-sample p-values with Stephens correction (titanic age and fare by port)', () => {
    // scipy.stats.ks_2samp(a, b, method='exact') on test/fixtures/drift/titanic.csv, Southampton vs the rest.
    expect(kolmogorovSmirnovPValue(0.0607777727003, 554, 158)).toBeCloseTo(0.726898021555039, 1);
    const p = kolmogorovSmirnovPValue(0.193921916593, 644, 245);
    expect(Math.abs(p - 2.5371522117016724e-6) / 2.5371522117016724e-6).toBeLessThan(0.05);
  });

  it('gives p = 1 for identical samples', () => {
    expect(kolmogorovSmirnovPValue(0, 100, 100)).toBe(1);
  });
});
