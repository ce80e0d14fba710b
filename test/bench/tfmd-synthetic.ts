import type { DatasetFeatureStatisticsList, FeatureNameStatistics } from '../../src/tfmd/index.js';

/** A statistics list shaped like TFDV's output, with `features` features (half numeric, half string). */
export function syntheticStatistics(features: number): DatasetFeatureStatisticsList {
  const list: FeatureNameStatistics[] = [];
  for (let i = 0; i < features; i++) {
    const common = {
      numNonMissing: 100000 - i,
      numMissing: i,
      minNumValues: 1,
      maxNumValues: 1,
      avgNumValues: 1,
      totNumValues: 100000 - i,
      numValuesHistogram: {
        buckets: Array.from({ length: 10 }, () => ({ lowValue: 1, highValue: 1, sampleCount: 10000 - i / 10 })),
        type: 'QUANTILES' as const,
      },
    };
    if (i % 2 === 0) {
      const buckets = (n: number) =>
        Array.from({ length: n }, (_, b) => ({
          lowValue: b * 1.5,
          highValue: (b + 1) * 1.5,
          sampleCount: 1000 + b / 3,
        }));
      list.push({
        path: { step: [`numeric_feature_${i}`] },
        type: 'FLOAT',
        numStats: {
          commonStats: common,
          mean: 12.345 + i,
          stdDev: 3.21,
          numZeros: 17,
          min: -1.5,
          median: 11.25,
          max: 99.75,
          histograms: [{ buckets: buckets(10) }, { buckets: buckets(10), type: 'QUANTILES' }],
        },
      });
    } else {
      list.push({
        path: { step: [`string_feature_${i}`] },
        type: 'STRING',
        stringStats: {
          commonStats: common,
          unique: 250,
          topValues: Array.from({ length: 10 }, (_, v) => ({ value: `value_${v}`, frequency: 5000 - v })),
          avgLength: 7.5,
          rankHistogram: {
            buckets: Array.from({ length: 100 }, (_, r) => ({
              lowRank: r,
              highRank: r,
              label: `value_${r}`,
              sampleCount: 5000 - r,
            })),
          },
        },
      });
    }
  }
  return { datasets: [{ name: 'All Examples', numExamples: 100000, features: list }] };
}
