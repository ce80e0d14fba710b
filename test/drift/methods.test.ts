/**
 * Each method on real data against an independent computation: SciPy/NumPy on the raw columns
 * (values quoted with the script that produced them) or the method's definition worked by hand.
 */
import { describe, expect, it } from 'vitest';
import type { AlignedBins } from '../../src/drift/distributions.js';
import { chiSquared, chiSquaredOfBins } from '../../src/drift/methods/chi-squared.js';
import { hellinger, hellingerOfBins } from '../../src/drift/methods/hellinger.js';
import { kl, klOfBins } from '../../src/drift/methods/kl.js';
import { ks } from '../../src/drift/methods/ks.js';
import { psi, psiOfBins } from '../../src/drift/methods/psi.js';
import { wasserstein } from '../../src/drift/methods/wasserstein.js';
import { zTest } from '../../src/drift/methods/z-test.js';
import { chicagoTaxi, titanicByPort } from './helpers/fixtures.js';

const { train, eval: current } = chicagoTaxi();
const port = titanicByPort();

/*
 * Categorical reference values, Chicago taxi train vs eval (test/fixtures/drift), from:
 *   A, B = value counts over the union of labels; r, q = A/A.sum(), B/B.sum()
 *   scipy.stats.chi2_contingency([A, B], correction=False)
 *   eps = min(nonzero r, q)/1e6 if that <= 1e-4 else 1e-4; rs, qs = r, q with zeros -> eps
 *   psi = sum((rs-qs)*log(rs/qs)); kl = sum(rs*log(rs/qs)); hellinger = sqrt(1 - sum(sqrt(r*q)))
 */
const categorical = {
  payment_type: {
    chi2: 9.10025329455,
    p: 0.168017906043,
    df: 6,
    psi: 0.00510261019999,
    kl: 0.00122278975662,
    hellinger: 0.0191674042383,
  },
  company: {
    chi2: 63.6610071609,
    p: 0.348918847777,
    df: 60,
    psi: 0.0145403428052,
    kl: 0.0060786486119,
    hellinger: 0.0718797957312,
  },
} as const;

describe('categorical methods on Chicago taxi train vs eval', () => {
  for (const name of ['payment_type', 'company'] as const) {
    const a = train.features[name];
    const b = current.features[name];
    const want = categorical[name];

    it(`${name}: chi-squared equals scipy chi2_contingency`, () => {
      const r = chiSquared(a, b);
      expect(r.details.statistic).toBeCloseTo(want.chi2, 8);
      expect(r.details.df).toBe(want.df);
      expect(r.value).toBeCloseTo(want.p, 9);
      expect(r.kind).toBe('p_value');
      expect(r.drifted).toBe(false);
    });

    it(`${name}: PSI, KL and Hellinger equal their NumPy definitions`, () => {
      expect(psi(a, b).value).toBeCloseTo(want.psi, 10);
      expect(kl(a, b).value).toBeCloseTo(want.kl, 10);
      expect(hellinger(a, b).value).toBeCloseTo(want.hellinger, 10);
    });
  }

  it('names the values behind the number: Prcard (new in eval) leads the payment_type PSI', () => {
    const r = psi(train.features.payment_type, current.features.payment_type);
    expect(r.contributions[0]!.bin).toBe('Prcard');
    expect(r.contributions[0]!.reference).toBe(0);
    expect(r.contributions[0]!.current).toBeCloseTo(1 / 5000, 12);
    expect(r.contributions.length).toBeLessThanOrEqual(5);
    const shares = psiOfBins({
      labels: ['x', 'y'],
      reference: [1, 1],
      current: [1, 3],
      referenceTotal: 2,
      currentTotal: 4,
    }).contributions.reduce((s, c) => s + c.weight, 0);
    expect(shares).toBeCloseTo(1, 12);
  });
});

describe('z-test on titanic passengers by port (Southampton vs others)', () => {
  // p1 = A0/nA, p2 = B0/nB, pooled p; z = (p1-p2)/sqrt(p(1-p)(1/nA+1/nB)); 2*scipy.stats.norm.sf(|z|);
  // the p-value equals scipy chi2_contingency(correction=False) on the 2x2 table.
  it('sex: z = -3.6198, p = 0.000295, drift', () => {
    const r = zTest(port.southampton.sex!, port.others.sex!);
    expect(Math.abs(r.details.statistic as number)).toBeCloseTo(3.61981650903, 9);
    expect(r.value).toBeCloseTo(0.000294812000611, 9);
    expect(r.drifted).toBe(true);
    expect(chiSquared(port.southampton.sex!, port.others.sex!).value).toBeCloseTo(r.value, 9);
  });

  it('alone: z = -0.8343, p = 0.404, no drift', () => {
    const r = zTest(port.southampton.alone!, port.others.alone!);
    expect(Math.abs(r.details.statistic as number)).toBeCloseTo(0.834300434933, 9);
    expect(r.value).toBeCloseTo(0.404111706825, 11);
    expect(r.drifted).toBe(false);
  });

  it('refuses a feature with more than two values', () => {
    const three = { ...port.southampton.sex!, stringStats: { ...port.southampton.sex!.stringStats } };
    three.stringStats.rankHistogram = {
      buckets: [...(three.stringStats.rankHistogram?.buckets ?? []), { label: 'other', sampleCount: 3 }],
    };
    expect(() => zTest(three, port.others.sex!)).toThrow(/two values/);
  });
});

/*
 * Numeric reference values from the raw columns (scipy.stats.ks_2samp(a, b, method='asymp').statistic,
 * scipy.stats.wasserstein_distance(a, b) / numpy.std(a)). Ours come from the histograms only: the
 * raw-data value must lie between the proven value (our verdict) and the upper bound we report.
 */
const within = (x: number, low: number, high: number) => {
  expect(x).toBeGreaterThanOrEqual(low - 1e-12);
  expect(x).toBeLessThanOrEqual(high + 1e-12);
};
const numeric = [
  { name: 'fare', d: 0.0166, wn: 0.020979021446 },
  { name: 'trip_miles', d: 0.0201, wn: 0.0700840423288 },
  { name: 'trip_start_hour', d: 0.0075, wn: 0.0111958897058 },
] as const;

describe('numeric methods from histograms on Chicago taxi train vs eval', () => {
  for (const { name, d, wn } of numeric) {
    it(`${name}: scipy's KS statistic lies within our bounds`, () => {
      const r = ks(train.features[name], current.features[name]);
      within(d, r.details.statistic as number, r.details.statisticUpperBound as number);
      expect(r.drifted).toBe(false);
    });

    it(`${name}: scipy's normalized Wasserstein lies within our bounds`, () => {
      const r = wasserstein(train.features[name], current.features[name]);
      within(wn, r.value, r.details.upperBound as number);
      expect(r.drifted).toBe(false);
    });
  }

  it('titanic fare by port: KS finds the real difference (scipy D = 0.1939, p = 2.5e-6)', () => {
    const r = ks(port.southampton.fare!, port.others.fare!);
    within(0.193921916593, r.details.statistic as number, r.details.statisticUpperBound as number);
    expect(r.drifted).toBe(true);
    expect(r.contributions[0]!.weight).toBeCloseTo(r.details.statistic as number, 12);
  });

  it('titanic fare by port: Wasserstein 0.514 reference std (scipy) within our bounds', () => {
    const r = wasserstein(port.southampton.fare!, port.others.fare!);
    within(0.514141870091, r.value, r.details.upperBound as number);
    expect(r.drifted).toBe(true);
    expect(r.contributions.reduce((s, c) => s + c.weight, 0)).toBeLessThanOrEqual(1 + 1e-9);
  });

  it('refuses KS and Wasserstein on a categorical feature', () => {
    expect(() => ks(train.features.company, current.features.company)).toThrow(/numeric/);
    expect(() => wasserstein(train.features.company, current.features.company)).toThrow(/numeric/);
  });
});

describe('worked examples from the definitions', () => {
  const bins: AlignedBins = {
    labels: ['a', 'b', 'c'],
    reference: [50, 30, 20],
    current: [30, 30, 40],
    referenceTotal: 100,
    currentTotal: 100,
  };
  it('PSI = Σ (r−c) ln(r/c)', () => {
    const want = 0.2 * Math.log(0.5 / 0.3) + 0 + -0.2 * Math.log(0.2 / 0.4);
    expect(psiOfBins(bins).value).toBeCloseTo(want, 14);
    expect(psiOfBins(bins).drifted).toBe(true);
  });
  it('KL = Σ r ln(r/c)', () => {
    expect(klOfBins(bins).value).toBeCloseTo(0.5 * Math.log(5 / 3) + 0.2 * Math.log(0.5), 14);
  });
  it('Hellinger = √(1 − Σ √(rc))', () => {
    const want = Math.sqrt(1 - (Math.sqrt(0.15) + 0.3 + Math.sqrt(0.08)));
    expect(hellingerOfBins(bins).value).toBeCloseTo(want, 14);
  });
  it('chi-squared on the 2×3 table: expected 40/30/30 per row', () => {
    const want = 2 * (10 ** 2 / 40 + 0 + 10 ** 2 / 30);
    const r = chiSquaredOfBins(bins);
    expect(r.details.statistic).toBeCloseTo(want, 12);
    expect(r.details.df).toBe(2);
    expect(r.value).toBeCloseTo(Math.exp(-want / 2), 12); // df = 2: the survival function is e^(−x/2)
  });
  it('an empty bin is smoothed to 1e-4 for PSI and KL', () => {
    const r = psiOfBins({
      labels: ['a', 'b'],
      reference: [10, 0],
      current: [9, 1],
      referenceTotal: 10,
      currentTotal: 10,
    });
    expect(r.details.epsilon).toBe(1e-4);
    expect(r.value).toBeCloseTo(0.1 * Math.log(1 / 0.9) + (1e-4 - 0.1) * Math.log(1e-4 / 0.1), 12);
  });
});

describe('a feature compared with itself', () => {
  const methods = { psi, kl, hellinger, chiSquared, ks, wasserstein };
  for (const [label, method] of Object.entries(methods)) {
    it(`${label}: no drift on every real feature`, () => {
      for (const f of Object.values(train.features)) {
        if ((label === 'ks' || label === 'wasserstein') && f.stringStats) continue;
        const r = method(f, f);
        expect(r.drifted).toBe(false);
        if (r.kind === 'distance') expect(r.value).toBeCloseTo(0, 12);
        else expect(r.value).toBe(1);
      }
    });
  }
  it('ztest: no drift', () => {
    const r = zTest(port.others.sex!, port.others.sex!);
    expect(r.value).toBe(1);
    expect(r.drifted).toBe(false);
  });
});
