import type {
  DatasetFeatureStatistics,
  DatasetFeatureStatisticsList,
  FeatureNameStatistics,
  HistogramBucket,
} from '../../src/tfmd/types.js';

/** Deterministic pseudo-random numbers so fixtures are the same on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A numeric feature's statistics as TFDV writes them: 10 standard buckets and 10 quantile buckets. */
export function numericFeature(
  name: string,
  options: { n: number; missing?: number; mean: number; std: number; type?: 'INT' | 'FLOAT'; seed?: number },
): FeatureNameStatistics {
  const random = rng(options.seed ?? name.length * 7919);
  const min = options.mean - 2.5 * options.std;
  const max = options.mean + 3 * options.std;
  const width = (max - min) / 10;
  const weights = Array.from({ length: 10 }, (_, i) => {
    const mid = min + (i + 0.5) * width;
    return Math.exp(-(((mid - options.mean) / options.std) ** 2) / 2) * (0.8 + 0.4 * random());
  });
  const total = weights.reduce((a, b) => a + b, 0);
  const standard: HistogramBucket[] = weights.map((w, i) => ({
    lowValue: min + i * width,
    highValue: min + (i + 1) * width,
    sampleCount: (w / total) * options.n,
  }));
  const quantiles: HistogramBucket[] = Array.from({ length: 10 }, (_, i) => ({
    lowValue: options.mean + options.std * (-2 + (i * 4.6) / 10) ** 1,
    highValue: options.mean + options.std * (-2 + ((i + 1) * 4.6) / 10),
    sampleCount: options.n / 10,
  }));
  return {
    name,
    type: options.type ?? 'FLOAT',
    numStats: {
      commonStats: {
        numNonMissing: options.n,
        numMissing: options.missing ?? 0,
        minNumValues: 1,
        maxNumValues: 1,
        avgNumValues: 1,
        totNumValues: options.n,
      },
      mean: options.mean,
      stdDev: options.std,
      numZeros: Math.round(options.n * 0.02),
      min,
      median: options.mean,
      max,
      histograms: [
        { buckets: standard, type: 'STANDARD' },
        { buckets: quantiles, type: 'QUANTILES' },
      ],
    },
  };
}

/** A string feature's statistics: top values with frequencies and the matching rank histogram. */
export function stringFeature(
  name: string,
  options: { n: number; missing?: number; values: [string, number][] },
): FeatureNameStatistics {
  return {
    name,
    type: 'STRING',
    stringStats: {
      commonStats: {
        numNonMissing: options.n,
        numMissing: options.missing ?? 0,
        minNumValues: 1,
        maxNumValues: 1,
        avgNumValues: 1,
        totNumValues: options.n,
      },
      unique: options.values.length,
      topValues: options.values.map(([value, frequency]) => ({ value, frequency })),
      avgLength: options.values.reduce((a, [v]) => a + v.length, 0) / Math.max(1, options.values.length),
      rankHistogram: {
        buckets: options.values.map(([label, sampleCount], i) => ({ lowRank: i, highRank: i, label, sampleCount })),
      },
    },
  };
}

export function statisticsList(name: string, numExamples: number, features: FeatureNameStatistics[]) {
  const dataset: DatasetFeatureStatistics = { name, numExamples, features };
  return { datasets: [dataset] } satisfies DatasetFeatureStatisticsList;
}

/** Chicago-taxi-like train statistics: numbers, strings, and the `tips` label. */
export function taxiTrain(): DatasetFeatureStatisticsList {
  return statisticsList('train', 10000, [
    numericFeature('trip_miles', { n: 10000, mean: 2.9, std: 4.1, seed: 1 }),
    numericFeature('fare', { n: 10000, mean: 11.6, std: 9.8, seed: 2 }),
    numericFeature('trip_start_hour', { n: 10000, mean: 13.6, std: 6.4, type: 'INT', seed: 3 }),
    numericFeature('pickup_latitude', { n: 10000, mean: 41.9, std: 0.04, seed: 4 }),
    numericFeature('dropoff_latitude', { n: 9700, missing: 300, mean: 41.9, std: 0.04, seed: 5 }),
    stringFeature('payment_type', {
      n: 10000,
      values: [
        ['Cash', 5400],
        ['Credit Card', 4300],
        ['No Charge', 200],
        ['Dispute', 100],
      ],
    }),
    stringFeature('company', {
      n: 6600,
      missing: 3400,
      values: [
        ['Taxi Affiliation Services', 2200],
        ['Dispatch Taxi Affiliation', 1300],
        ['Blue Ribbon Taxi Association Inc.', 700],
        ['Choice Taxi Association', 600],
        ['Northwest Management LLC', 400],
      ],
    }),
    numericFeature('tips', { n: 10000, mean: 1.1, std: 2.1, seed: 6 }),
  ]);
}

/** Serving statistics: no `tips`, a shifted fare, a new payment type. */
export function taxiServing(): DatasetFeatureStatisticsList {
  return statisticsList('serving', 100, [
    numericFeature('trip_miles', { n: 100, mean: 3.4, std: 4.4, seed: 11 }),
    numericFeature('fare', { n: 100, mean: 14.8, std: 10.5, seed: 12 }),
    numericFeature('trip_start_hour', { n: 100, mean: 12.9, std: 6.1, type: 'INT', seed: 13 }),
    numericFeature('pickup_latitude', { n: 100, mean: 41.9, std: 0.05, seed: 14 }),
    numericFeature('dropoff_latitude', { n: 96, missing: 4, mean: 41.9, std: 0.05, seed: 15 }),
    stringFeature('payment_type', {
      n: 100,
      values: [
        ['Cash', 50],
        ['Credit Card', 44],
        ['Prcard', 6],
      ],
    }),
    stringFeature('company', {
      n: 70,
      missing: 30,
      values: [
        ['Taxi Affiliation Services', 25],
        ['Dispatch Taxi Affiliation', 12],
        ['Blue Ribbon Taxi Association Inc.', 8],
      ],
    }),
  ]);
}

/** Many features, to check size and lazy rendering. */
export function wideStatistics(name: string, count: number, seed: number): DatasetFeatureStatisticsList {
  const features: FeatureNameStatistics[] = [];
  for (let i = 0; i < count; i++) {
    const id = `feature_${String(i).padStart(3, '0')}`;
    if (i % 3 === 2) {
      features.push(
        stringFeature(id, {
          n: 5000,
          missing: i % 7,
          values: Array.from({ length: 20 }, (_, k): [string, number] => [`value_${k}_of_${id}`, 400 - k * 15]),
        }),
      );
    } else {
      features.push(numericFeature(id, { n: 5000, missing: i % 5, mean: i + seed, std: 1 + (i % 4), seed: i + seed }));
    }
  }
  return statisticsList(name, 5000, features);
}
