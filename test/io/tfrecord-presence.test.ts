import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readBatches } from '../../src/io/open-dataset.js';
import { generateStatistics } from '../../src/stats/generate-statistics.js';
import { decodeBinary } from '../../src/tfmd/index.js';
import type { CommonStatistics, DatasetFeatureStatisticsList, FeatureNameStatistics } from '../../src/tfmd/types.js';
import { type ExampleFeature, listFeature, serializeExample, tfRecordFile } from '../helpers/tf-example.js';
import { columnValues, datasetsDir, readAll, typesOf } from './helpers.js';

const common = (f: FeatureNameStatistics): CommonStatistics =>
  (f.numStats ?? f.stringStats ?? f.bytesStats)?.commonStats ?? {};
const byName = (list: DatasetFeatureStatisticsList) =>
  new Map((list.datasets?.[0]?.features ?? []).map((f) => [f.path?.step?.join('.') ?? f.name ?? '', f]));

const dir = mkdtempSync(join(tmpdir(), 'datavet-tfrecord-presence-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tf.Example feature presence (TFDV semantics)', () => {
  // a: values, then a Feature with no kind (ExampleGen's empty CSV cell), then a map entry with no value.
  // b: values, then a kind with an empty list, then absent. c: values, absent, empty list.
  // d: only ever present without a kind, so its column has no value type.
  const path = join(dir, 'presence.tfrecord');
  const noList = (name: string): ExampleFeature => ({ name, kind: 0 });
  const noFeature = (name: string): ExampleFeature => ({ name, kind: null });
  const examples: ExampleFeature[][] = [
    [listFeature('a', 3, [1, 2]), listFeature('b', 1, ['x']), listFeature('c', 2, [1.5])],
    [noList('a'), listFeature('b', 1, [])],
    [noFeature('a'), listFeature('c', 2, [])],
    [noList('d')],
  ];
  writeFileSync(path, tfRecordFile(examples.map(serializeExample)));

  it('reads a present Feature with no value list as an empty list, and only an absent name as null', async () => {
    const { batches, schema } = await readAll(path, { format: 'tfrecord' });
    expect(typesOf(schema)).toEqual({ a: 'List<Int64>', b: 'List<Binary>', c: 'List<Float32>', d: 'List<Null>' });
    const lists = (name: string) =>
      columnValues(batches, name).map((v) =>
        v === null
          ? null
          : [...(v as Iterable<unknown>)].map((x) => (x instanceof Uint8Array ? Buffer.from(x).toString() : String(x))),
      );
    expect(lists('a')).toEqual([['1', '2'], [], [], null]);
    expect(lists('b')).toEqual([['x'], [], null, null]);
    expect(lists('c')).toEqual([['1.5'], null, [], null]);
    expect(lists('d')).toEqual([null, null, null, []]);
  });

  it('counts such features as present with 0 values in the statistics', async () => {
    const stats = byName(await generateStatistics(readBatches(path, { format: 'tfrecord' })));
    const counts = (name: string) => {
      const c = common(stats.get(name)!);
      return [c.numNonMissing ?? 0, c.numMissing ?? 0, c.minNumValues ?? 0, c.maxNumValues ?? 0, c.totNumValues ?? 0];
    };
    expect(counts('a')).toEqual([3, 1, 0, 2, 2]);
    expect(counts('b')).toEqual([2, 2, 0, 1, 1]);
    expect(counts('c')).toEqual([2, 2, 0, 1, 1]);
    expect(counts('d')).toEqual([1, 3, 0, 0, 0]);
  });
});

describe('tf.Example presence on the TFX Chicago taxi train split', () => {
  const tfx = join(datasetsDir, 'tfx_artifacts');

  it('reads `company` as present in every example, as TFDV counted it', async () => {
    // TFDV's StatisticsGen output for this pipeline: `company` present in every example (no
    // num_missing), 0 or 1 values each. The bundled TFRecords are split differently from the
    // examples those statistics were computed on (test/acceptance/tfdv-agreement.test.ts rebuilds
    // that split), so totals differ; per-example presence must not.
    const tfdv = byName(
      decodeBinary(
        'DatasetFeatureStatisticsList',
        readFileSync(join(tfx, 'statistics_gen/Split-train/FeatureStats.pb')),
      ) as DatasetFeatureStatisticsList,
    );
    const theirs = common(tfdv.get('company')!);
    expect(theirs.numMissing ?? 0).toBe(0);
    expect(theirs.minNumValues ?? 0).toBe(0);
    expect(theirs.maxNumValues).toBe(1);

    const train = await readAll(join(tfx, 'csv_example_gen', 'Split-train', '*.gz'), { format: 'tfrecord' });
    const company = columnValues(train.batches, 'company') as Array<{ length: number } | null>;
    expect(company.filter((v) => v === null)).toHaveLength(0);
    const withValue = company.filter((v) => v !== null && v.length === 1).length;
    const empty = company.filter((v) => v !== null && v.length === 0).length;
    expect(withValue + empty).toBe(train.rows);
    expect(empty).toBeGreaterThan(0); // empty CSV cells exist in this split

    const ours = common(
      byName(await generateStatistics(readBatches(join(tfx, 'csv_example_gen', 'Split-train', '*.gz')))).get(
        'company',
      )!,
    );
    expect(ours.numNonMissing).toBe(train.rows);
    expect(ours.numMissing ?? 0).toBe(theirs.numMissing ?? 0);
    expect(ours.minNumValues ?? 0).toBe(theirs.minNumValues ?? 0);
    expect(ours.maxNumValues).toBe(theirs.maxNumValues);
    expect(ours.totNumValues).toBe(withValue);
    // The share of examples with a company name is a property of the data, not of the split.
    expect(ours.avgNumValues!).toBeCloseTo(theirs.avgNumValues!, 2);
  });
});
