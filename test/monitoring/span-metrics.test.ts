import { describe, expect, it } from 'vitest';
import { deriveSpanMetrics, metricValue } from '../../src/monitoring/span-metrics.js';
import type { DatasetFeatureStatistics, FeatureNameStatistics } from '../../src/tfmd/types.js';

function numeric(name: string, lo: number, hi: number, missing = 0): FeatureNameStatistics {
  const buckets = Array.from({ length: 10 }, (_, i) => ({
    lowValue: lo + ((hi - lo) * i) / 10,
    highValue: lo + ((hi - lo) * (i + 1)) / 10,
    sampleCount: 10,
  }));
  return {
    name,
    type: 'FLOAT',
    numStats: {
      commonStats: { numNonMissing: 100, numMissing: missing, totNumValues: 100 },
      mean: (lo + hi) / 2,
      stdDev: (hi - lo) / Math.sqrt(12),
      min: lo,
      max: hi,
      histograms: [
        { type: 'STANDARD', buckets },
        { type: 'QUANTILES', buckets },
      ],
    },
  };
}

function categorical(name: string, counts: Record<string, number>): FeatureNameStatistics {
  const total = Object.values(counts).reduce((s, c) => s + c, 0);
  return {
    name,
    type: 'STRING',
    stringStats: {
      commonStats: { numNonMissing: total, numMissing: 0, totNumValues: total },
      unique: Object.keys(counts).length,
      rankHistogram: { buckets: Object.entries(counts).map(([label, sampleCount]) => ({ label, sampleCount })) },
    },
  };
}

const dataset = (...features: FeatureNameStatistics[]): DatasetFeatureStatistics => ({ numExamples: 100, features });

describe('deriveSpanMetrics', () => {
  it('derives counts, moments, quantiles, shares and the distances to the previous and baseline spans', () => {
    const row = deriveSpanMetrics({
      span: 3,
      version: 1,
      statistics: dataset(numeric('x', 0, 10, 25), categorical('c', { a: 60, b: 30, z: 10 })),
      schema: {
        feature: [
          { name: 'x', type: 'FLOAT', floatDomain: { min: 0, max: 8 } },
          { name: 'c', type: 'BYTES', stringDomain: { value: ['a', 'b'] } },
        ],
      },
      previous: { span: 2, statistics: dataset(numeric('x', 0, 10), categorical('c', { a: 60, b: 30, z: 10 })) },
      baseline: { span: 1, statistics: dataset(numeric('x', 5, 15), categorical('c', { a: 20, b: 80 })) },
    });
    const v = (feature: string, metric: Parameters<typeof metricValue>[2]) =>
      metricValue({ ...row, findings: [] }, feature, metric);
    expect(row).toMatchObject({ span: 3, version: 1, numExamples: 100, previousSpan: 2, baselineSpan: 1 });
    expect(v('x', 'count')).toBe(100);
    expect(v('x', 'missing_fraction')).toBe(0.2);
    expect(v('x', 'mean')).toBe(5);
    expect(v('x', 'p25')).toBeCloseTo(2.5, 10);
    expect(v('x', 'p50')).toBeCloseTo(5, 10);
    expect(v('x', 'p75')).toBeCloseTo(7.5, 10);
    expect(v('x', 'out_of_domain_share')).toBeCloseTo(0.2, 10);
    expect(v('x', 'unique')).toBeNull();
    expect(v('x', 'jsd_previous')).toBeCloseTo(0, 10);
    expect(v('x', 'jsd_baseline') as number).toBeGreaterThan(0.3);
    expect(v('x', 'linf_previous')).toBeNull();
    expect(v('c', 'unique')).toBe(3);
    expect(v('c', 'top_share')).toBe(0.6);
    expect(v('c', 'out_of_domain_share')).toBe(0.1);
    expect(v('c', 'linf_previous')).toBe(0);
    // Baseline a 20 / b 80 / z 0 against a 60 / b 30 / z 10: the largest change is b's 0.5.
    expect(v('c', 'linf_baseline')).toBeCloseTo(0.5, 10);
    expect(v('c', 'mean')).toBeNull();
  });

  it('keeps metric columns as arrays: a feature named __proto__ is data, never a prototype', () => {
    const row = deriveSpanMetrics({ span: 1, version: 0, statistics: dataset(numeric('__proto__', 0, 1)) });
    expect(row.features.map((f) => f.name)).toEqual(['__proto__']);
    expect(metricValue({ ...row, findings: [] }, '__proto__', 'max')).toBe(1);
    expect(JSON.parse(JSON.stringify(row)).features[0].name).toBe('__proto__');
  });
});
