import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateStatistics } from '../../src/anomalies/validate.js';
import { readBatches } from '../../src/io/open-dataset.js';
import { createRequestFolder } from '../../src/serving/request-folder.js';
import { createRequestValidator } from '../../src/serving/request-validator.js';
import { generateStatistics } from '../../src/stats/generate-statistics.js';
import { decodeBinary, messagesDiff } from '../../src/tfmd/index.js';
import type {
  CommonStatistics,
  DatasetFeatureStatisticsList,
  FeatureNameStatistics,
  Schema,
} from '../../src/tfmd/types.js';

const fixtures = resolve(import.meta.dirname, '..', 'fixtures');
const servingCsv = join(fixtures, 'serving', 'chicago_taxi_serving.csv');
// The TFX schema of the Chicago taxi data with TFDV's tutorial environments (tips not in SERVING).
const schema = JSON.parse(readFileSync(join(fixtures, 'serving', 'chicago_taxi_schema.json'), 'utf8')) as Schema;
const validator = createRequestValidator(schema, { environment: 'SERVING' });
const servingFeatures = validator.features.map((f) => f.name);
const columnTypes = Object.fromEntries(
  (schema.feature ?? []).map((f) => [f.name!, f.type === 'INT' ? 'int' : f.type === 'FLOAT' ? 'float' : 'string']),
) as Record<string, 'int' | 'float' | 'string'>;

/** The 100 serving rows as requests; `empty` is what an empty CSV cell becomes. */
function servingRequests(empty: null | []): Record<string, unknown>[] {
  const [head = '', ...rows] = readFileSync(servingCsv, 'utf8').trim().split('\n');
  const names = head.split(',');
  return rows.map((row) => {
    const cells = row.split(',');
    return Object.fromEntries(
      names.map((name, i) => {
        const cell = cells[i] ?? '';
        return [name, cell === '' ? empty : columnTypes[name] === 'string' ? cell : Number(cell)];
      }),
    );
  });
}

/** datavet's statistics of the serving CSV, read by the io layer with the schema's types. */
function csvStatistics(): Promise<DatasetFeatureStatisticsList> {
  return generateStatistics(readBatches(servingCsv, { columnTypes }), { schema });
}

/** The statistics with the features of each dataset sorted by path. */
function byName(list: DatasetFeatureStatisticsList): DatasetFeatureStatisticsList {
  const key = (f: FeatureNameStatistics) => f.path?.step?.join('.') ?? f.name ?? '';
  return {
    datasets: (list.datasets ?? []).map((d) => ({
      ...d,
      features: [...(d.features ?? [])].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)),
    })),
  };
}

const common = (f: FeatureNameStatistics): CommonStatistics =>
  (f.numStats ?? f.stringStats ?? f.bytesStats)?.commonStats ?? {};
const features = (list: DatasetFeatureStatisticsList) =>
  new Map((list.datasets?.[0]?.features ?? []).map((f) => [f.path?.step?.join('.') ?? f.name ?? '', f]));

describe('createRequestFolder over the Chicago taxi serving rows', () => {
  it('folds requests into the statistics generateStatistics computes over the same rows', async () => {
    const requests = servingRequests(null);
    // A small batch size folds many batches, so the accumulator's cross-batch merging is exercised.
    const folder = createRequestFolder({ schema, features: servingFeatures, batchSize: 7 });
    for (const request of requests) expect(folder.add(request)).toBe(true);
    expect(folder.count).toBe(100);
    const folded = folder.statistics();
    const expected = await csvStatistics();
    // Feature order is first appearance (schema order here, column order in the CSV): compare by
    // name. Everything is equal; means and standard deviations merged over 15 batches differ from
    // the one-batch ones in the last bits only.
    expect(
      messagesDiff('DatasetFeatureStatisticsList', byName(folded), byName(expected), { floatTolerance: 1e-12 }),
    ).toEqual([]);
    expect(folded.datasets?.[0]?.numExamples).toBe(100);
    expect(features(folded).has('tips')).toBe(false);
  });

  it('reads [] as present with 0 values, as TFX writes an empty CSV cell', async () => {
    const folder = createRequestFolder({ schema, features: servingFeatures });
    for (const request of servingRequests([])) folder.add(request);
    const folded = features(folder.statistics());
    const csv = features(await csvStatistics());
    for (const [name, f] of csv) {
      const c = common(f);
      const mine = folded.get(name)!;
      // Every example has every feature; the values are the same, so are their statistics.
      expect(common(mine).numNonMissing, name).toBe(100);
      expect(common(mine).totNumValues ?? 0, name).toBe(c.totNumValues ?? 0);
      expect(common(mine).numMissing ?? 0).toBe(0);
      expect(mine.numStats?.mean).toBe(f.numStats?.mean);
      expect(mine.stringStats?.topValues).toEqual(f.stringStats?.topValues);
    }
    expect(common(folded.get('company')!).minNumValues ?? 0).toBe(0);
  });

  it('reports every N requests and skips requests whose values do not fit their type', () => {
    const reports: [number, number | undefined][] = [];
    const folder = createRequestFolder({
      schema,
      features: servingFeatures,
      batchSize: 16,
      reportEvery: 40,
      onReport: (stats, n) => reports.push([n, stats.datasets?.[0]?.numExamples as number | undefined]),
    });
    const requests = servingRequests(null);
    for (const request of requests) folder.add(request);
    expect(reports).toEqual([
      [40, 40],
      [80, 80],
    ]);
    const bad: unknown[] = [
      'not an object',
      [1, 2],
      null,
      { fare: '6.45' }, // a number in a string: the validator's UNEXPECTED_DATA_TYPE
      { trip_start_hour: 1.5 },
      { company: 5 },
      { fare: [[1]] },
      { fare: { value: 1 } },
    ];
    for (const request of bad) expect(folder.add(request), JSON.stringify(request)).toBe(false);
    // Unknown keys are ignored, the folded features still count.
    expect(folder.add({ fare: 1, other: 'x', __proto__: { fare: 2 } })).toBe(true);
    expect([folder.count, folder.skipped]).toEqual([101, bad.length]);
    const fare = features(folder.statistics()).get('fare')!;
    expect(common(fare).numNonMissing).toBe(101);
    expect(features(folder.statistics()).get('company')!.stringStats?.commonStats?.numMissing).toBeGreaterThan(1);
  });

  it('computes training/serving skew with the schema skew comparators, as validateStatistics does', () => {
    // TFDV's own statistics of the train split, and the TFDV tutorial's skew comparators.
    const training = decodeBinary(
      'DatasetFeatureStatisticsList',
      readFileSync(join(fixtures, 'tfx', 'statistics_gen', 'Split-train', 'FeatureStats.pb')),
    );
    const withComparators: Schema = {
      ...schema,
      feature: (schema.feature ?? []).map((f) =>
        f.name === 'payment_type'
          ? { ...f, skewComparator: { infinityNorm: { threshold: 0.01 } } }
          : f.name === 'company'
            ? { ...f, skewComparator: { infinityNorm: { threshold: 0.001 } } }
            : f,
      ),
    };
    const folder = createRequestFolder({ schema: withComparators, features: servingFeatures });
    for (const request of servingRequests([])) folder.add(request);
    const skew = folder.skew(training);
    const measured = (skew.driftSkewInfo ?? []).map((d) => [
      d.path?.step?.join('.'),
      d.skewMeasurements?.[0]?.type,
      d.skewMeasurements?.[0]?.threshold,
    ]);
    expect(measured).toEqual([
      ['company', 'L_INFTY', 0.001],
      ['payment_type', 'L_INFTY', 0.01],
    ]);
    // 100 serving rows against 10,000 training rows: company's distribution is off by more than 0.001.
    expect(Object.keys(skew.anomalyInfo ?? {})).toContain('company');
    expect(skew.anomalyInfo?.company?.reason?.map((r) => r.type)).toEqual(['COMPARATOR_L_INFTY_HIGH']);

    // The same comparisons from TFDV's validate_statistics(train, schema, serving_statistics=...).
    const full = validateStatistics(training, withComparators, { servingStatistics: folder.statistics() });
    expect(full.driftSkewInfo).toEqual(skew.driftSkewInfo);
    for (const [name, info] of Object.entries(skew.anomalyInfo ?? {})) {
      const skewReasons = (full.anomalyInfo?.[name]?.reason ?? []).filter((r) => r.type?.startsWith('COMPARATOR_'));
      expect(skewReasons, name).toEqual(info.reason);
    }
  });

  it('rejects bad batch sizes', () => {
    expect(() => createRequestFolder({ schema, batchSize: 0 })).toThrow(/positive/);
  });
});
