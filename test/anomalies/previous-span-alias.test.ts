import { describe, expect, it } from 'vitest';
import { validateStatistics } from '../../src/anomalies/index.js';
import type { DatasetFeatureStatisticsList, Schema } from '../../src/tfmd/types.js';

const schema: Schema = {
  feature: [{ name: 'c', type: 'BYTES', driftComparator: { infinityNorm: { threshold: 0.1 } } }],
};
const stats = (a: number, b: number): DatasetFeatureStatisticsList => ({
  datasets: [
    {
      numExamples: a + b,
      features: [
        {
          path: { step: ['c'] },
          type: 'STRING',
          stringStats: {
            commonStats: { numNonMissing: a + b, minNumValues: 1, maxNumValues: 1 },
            rankHistogram: {
              buckets: [
                { label: 'x', sampleCount: a },
                { label: 'y', sampleCount: b },
              ],
            },
          },
        },
      ],
    },
  ],
});

describe('previousSpanStatistics (TFDV validate_statistics_internal name)', () => {
  it('measures drift exactly as previousStatistics does', () => {
    const viaSpan = validateStatistics(stats(1, 3), schema, { previousSpanStatistics: stats(3, 1) });
    const viaPrevious = validateStatistics(stats(1, 3), schema, { previousStatistics: stats(3, 1) });
    expect(viaSpan).toEqual(viaPrevious);
    expect(viaSpan.driftSkewInfo?.[0]?.driftMeasurements?.[0]).toMatchObject({ type: 'L_INFTY', value: 0.5 });
  });

  it('names the argument the caller used in usage errors, and refuses both at once', () => {
    const bad = 'not statistics' as unknown as DatasetFeatureStatisticsList;
    expect(() => validateStatistics(stats(1, 1), schema, { previousSpanStatistics: bad })).toThrow(
      /^previous_span_statistics is of type/,
    );
    expect(() => validateStatistics(stats(1, 1), schema, { previousStatistics: bad })).toThrow(
      /^previous_statistics is of type/,
    );
    expect(() =>
      validateStatistics(stats(1, 1), schema, { previousStatistics: stats(1, 1), previousSpanStatistics: stats(1, 1) }),
    ).toThrow(/not both/);
  });
});
