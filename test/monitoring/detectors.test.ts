import { describe, expect, it } from 'vitest';
import { detectSpan } from '../../src/monitoring/detect.js';
import { DETECTORS, type DetectorParams, type HistoryPoint } from '../../src/monitoring/detector-registry.js';
import { METRIC_NAMES } from '../../src/monitoring/metric-registry.js';
import type { SpanMetrics } from '../../src/monitoring/span-metrics.js';

const past = (values: readonly (number | null)[], flagged: readonly number[] = []): HistoryPoint[] =>
  values.map((value, i) => ({ span: i + 1, value, flagged: flagged.includes(i + 1) }));

function check(
  name: keyof typeof DETECTORS,
  values: readonly (number | null)[],
  current: number,
  params: DetectorParams,
) {
  const spec = DETECTORS[name];
  const defaults = Object.fromEntries(
    Object.entries(spec.params).flatMap(([k, p]) =>
      'default' in p && p.default !== undefined ? [[k, p.default]] : [],
    ),
  );
  return spec.check(past(values), current, { ...defaults, ...params });
}

describe('detectors', () => {
  it('bounds: outside [lower, upper] only', () => {
    expect(check('bounds', [], 5, { lower: 1, upper: 10 })?.anomalous).toBe(false);
    expect(check('bounds', [], 11, { upper: 10 })).toMatchObject({ anomalous: true, upper: 10 });
    expect(check('bounds', [], 0.5, { lower: 1 })).toMatchObject({ anomalous: true, lower: 1 });
  });

  it('absoluteChange: the order-th difference against maxDecrease/maxIncrease', () => {
    expect(check('absoluteChange', [10], 12, { maxIncrease: 1 })).toMatchObject({ anomalous: true, upper: 11 });
    expect(check('absoluteChange', [10], 5, { maxIncrease: 1 })?.anomalous).toBe(false);
    expect(check('absoluteChange', [10], 5, { maxDecrease: 2 })).toMatchObject({ anomalous: true, lower: 8 });
    // Second order: 1, 2, 3 is linear (difference 0); 1, 2, 5 accelerates by 2.
    expect(check('absoluteChange', [1, 2], 3, { maxIncrease: 0.5, order: 2 })?.anomalous).toBe(false);
    expect(check('absoluteChange', [1, 2], 5, { maxIncrease: 0.5, order: 2 })).toMatchObject({
      anomalous: true,
      upper: 3.5,
    });
    expect(check('absoluteChange', [], 5, { maxIncrease: 1 })).toBeUndefined();
  });

  it('relativeChange: the ratio to the value order spans back', () => {
    expect(check('relativeChange', [100], 115, { maxRatio: 1.1 })).toMatchObject({ anomalous: true });
    expect(check('relativeChange', [100], 105, { minRatio: 0.9, maxRatio: 1.1 })).toMatchObject({
      anomalous: false,
      lower: 90,
    });
    expect(check('relativeChange', [100, 50], 80, { minRatio: 0.9, order: 2 })).toMatchObject({ anomalous: true });
    expect(check('relativeChange', [0], 1, { maxRatio: 2 })).toBeUndefined();
  });

  it('rateOfChange: the average change per span over a window', () => {
    expect(check('rateOfChange', [0, 1, 2, 3, 4], 5, { maxRate: 0.5, window: 5 })).toMatchObject({ anomalous: true });
    expect(check('rateOfChange', [0, 0.1, 0.2, 0.3, 0.4], 0.5, { maxRate: 0.5, window: 5 })?.anomalous).toBe(false);
    expect(check('rateOfChange', [0, 1], 2, { maxRate: 0.5, window: 5 })).toBeUndefined();
  });

  it('onlineNormal: mean ± k std of the window, flagged spans left out', () => {
    const values = [10, 11, 9, 10, 11, 9, 10];
    const normal = check('onlineNormal', values, 10.5, { k: 3 });
    expect(normal?.anomalous).toBe(false);
    expect(check('onlineNormal', values, 14, { k: 3 })?.anomalous).toBe(true);
    expect(check('onlineNormal', values.slice(0, 3), 14, { k: 3 })).toBeUndefined();
    // A flagged outlier does not widen the range.
    const spec = DETECTORS.onlineNormal;
    const withOutlier = [...past(values), { span: 8, value: 100, flagged: true }];
    expect(spec.check(withOutlier, 14, { k: 3, window: 30, minHistory: 5, ignoreAnomalies: 1 })?.anomalous).toBe(true);
    expect(spec.check(withOutlier, 14, { k: 3, window: 30, minHistory: 5, ignoreAnomalies: 0 })?.anomalous).toBe(false);
  });

  it('seasonal: the same phase of past seasons', () => {
    const weekly = Array.from({ length: 28 }, (_, i) => (i % 7 === 5 ? 50 : 10) + ((i * 7) % 3) * 0.1);
    // Span 29 is a day-0 span: 10 is normal; 50 (a weekend value on a weekday) is not.
    expect(check('seasonal', weekly, 10.1, { period: 7 })?.anomalous).toBe(false);
    expect(check('seasonal', weekly, 50, { period: 7 })?.anomalous).toBe(true);
    // An online normal over the same series would accept 50 on a weekday (the weekly peaks widen it).
    expect(check('onlineNormal', weekly, 50, { k: 3 })?.anomalous).toBe(false);
  });
});

describe('detectSpan', () => {
  const row = (
    span: number,
    values: readonly [string, number | null][],
    findings: SpanMetrics['findings'] = [],
  ): SpanMetrics => ({
    format: 1,
    span,
    version: 0,
    numExamples: 100,
    metrics: METRIC_NAMES,
    features: values.map(([name, mean]) => ({
      name,
      values: METRIC_NAMES.map((m) =>
        m === 'mean' ? mean : m === 'jsd_previous' ? (name === 'a' ? 0.5 : 0.01) : null,
      ),
    })),
    findings,
  });

  it('runs every rule on its features (`*` = all), with stable codes, and the dataset drift verdict', () => {
    const history = Array.from({ length: 10 }, (_, i) =>
      row(i + 1, [
        ['a', 10 + (i % 2)],
        ['b', 5],
        ['__proto__', 1],
      ]),
    );
    const current = row(11, [
      ['a', 30],
      ['b', 5],
      ['__proto__', 1],
    ]);
    const { findings, drift } = detectSpan(
      {
        rules: [
          {
            feature: '*',
            metric: 'mean',
            detector: 'onlineNormal',
            params: { k: 3, window: 30, minHistory: 5, ignoreAnomalies: 1 },
            severity: 'ERROR',
          },
        ],
        datasetDrift: { method: 'jsd', against: 'previous', threshold: 0.1, share: 0.3, severity: 'WARNING' },
      },
      history,
      current,
    );
    expect(findings.map((f) => [f.code, f.feature, f.severity])).toEqual([
      ['METRIC_OUTSIDE_NORMAL_RANGE', 'a', 'ERROR'],
      ['DATASET_DRIFT_SHARE', '(dataset)', 'WARNING'],
    ]);
    expect(drift).toMatchObject({ measured: 3, driftedFeatures: ['a'], drifted: true });
    expect(findings[0]?.message).toContain("mean of 'a' in span 11 is 30");
    expect(Object.prototype).not.toHaveProperty('mean');
  });
});
