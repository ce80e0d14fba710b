import { describe, expect, it } from 'vitest';
import {
  alignCategorical,
  alignNumeric,
  categoricalCounts,
  cdfAt,
  cdfBefore,
  numericCdf,
  OTHER_VALUES,
} from '../../src/drift/distributions.js';
import { chicagoTaxi } from './helpers/fixtures.js';
import { categoricalFeature, numbers } from './helpers/statistics-from-columns.js';

describe('numericCdf', () => {
  const { train } = chicagoTaxi();
  const values = numbers(train.columns.trip_miles!)
    .filter((v): v is number => v !== undefined)
    .sort((a, b) => a - b);
  const empirical = (x: number) => {
    let lo = 0;
    let hi = values.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (values[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo / values.length;
  };
  const cdf = numericCdf(train.features.trip_miles)!;

  it('is the data CDF at every knot (trip_miles, point mass at 0)', () => {
    expect(cdf.count).toBe(values.length);
    for (const x of new Set(cdf.xs)) expect(cdfAt(cdf, x)).toBeCloseTo(empirical(x), 12);
    // 0.0 miles is a large point mass: the CDF jumps there.
    expect(cdfBefore(cdf, 0)).toBe(0);
    expect(cdfAt(cdf, 0)).toBeCloseTo(empirical(0), 12);
    expect(cdfAt(cdf, 0)).toBeGreaterThan(0.2);
  });

  it('stays within its interpolation bound everywhere', () => {
    let worst = 0;
    for (const x of values.filter((_, i) => i % 7 === 0))
      worst = Math.max(worst, Math.abs(cdfAt(cdf, x) - empirical(x)));
    expect(worst).toBeLessThanOrEqual(cdf.supError + 1e-12);
    expect(cdf.supError).toBeLessThanOrEqual(0.1 + 1e-12);
  });

  it('puts reference-quantile bins with open ends around the other side', () => {
    const bins = alignNumeric(cdf, numericCdf(chicagoTaxi().eval.features.trip_miles)!);
    expect(bins.labels[0]).toMatch(/^\(-inf, /);
    expect(bins.labels.at(-1)).toMatch(/, \+inf\)$/);
    expect(bins.reference.reduce((s, v) => s + v, 0)).toBeCloseTo(values.length, 6);
  });
});

describe('categoricalCounts', () => {
  const { train, eval: current } = chicagoTaxi();

  it('reads the rank histogram and keeps unlisted values as one other bin', () => {
    const truncated = categoricalFeature('company', train.columns.company!, { rankBuckets: 5 });
    const counts = categoricalCounts(truncated)!;
    expect(counts.counts.size).toBe(5);
    expect(counts.total).toBe(train.columns.company!.filter((v) => v !== undefined).length);
    expect(counts.other).toBeGreaterThan(0);
    const aligned = alignCategorical(counts, categoricalCounts(current.features.company)!);
    expect(aligned.labels).toContain(OTHER_VALUES);
  });

  it('aligns the union of values, eval-only Prcard included', () => {
    const aligned = alignCategorical(
      categoricalCounts(train.features.payment_type)!,
      categoricalCounts(current.features.payment_type)!,
    );
    expect(aligned.labels[0]).toBe('Cash');
    const i = aligned.labels.indexOf('Prcard');
    expect(aligned.reference[i]).toBe(0);
    expect(aligned.current[i]).toBe(1);
  });
});
