import type { DatasetFeatureStatisticsList } from '../../src/tfmd/types.js';

/**
 * Statistics of a dataset with one string feature, `payment_type`, whose values occur as counted in
 * `payments`, and one float feature, `fare`, over `fareRange`; every example has one value of each.
 */
export function paymentStatistics(
  payments: Record<string, number>,
  fareRange: { min: number; max: number },
): DatasetFeatureStatisticsList {
  const n = Object.values(payments).reduce((a, b) => a + b, 0);
  const common = {
    numNonMissing: n,
    numMissing: 0,
    minNumValues: 1,
    maxNumValues: 1,
    avgNumValues: 1,
    totNumValues: n,
  };
  const buckets = Object.entries(payments).map(([label, sampleCount]) => ({ label, sampleCount }));
  return {
    datasets: [
      {
        numExamples: n,
        features: [
          {
            name: 'payment_type',
            type: 'STRING',
            stringStats: { commonStats: common, unique: buckets.length, rankHistogram: { buckets } },
          },
          { name: 'fare', type: 'FLOAT', numStats: { commonStats: common, ...fareRange } },
        ],
      },
    ],
  };
}
