import { join } from 'node:path';
import type { RecordBatch } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { crc32c, maskedCrc32c } from '../../src/io/crc32c.js';
import { datasetsDir, readAll, typesOf } from './helpers.js';

const tfx = join(datasetsDir, 'tfx_artifacts');
const columns =
  'pickup_community_area,fare,trip_start_month,trip_start_hour,trip_start_day,trip_start_timestamp,pickup_latitude,pickup_longitude,dropoff_latitude,dropoff_longitude,trip_miles,pickup_census_tract,dropoff_census_tract,payment_type,company,trip_seconds,dropoff_community_area,tips'.split(
    ',',
  );

/** One cell as text at float32 precision: TFX wrote floats as float32, the CSV has doubles. */
function cell(value: unknown): string {
  let v = value;
  if (v !== null && typeof v === 'object' && !(v instanceof Uint8Array) && 'length' in v) {
    const list = v as { length: number; get(i: number): unknown };
    v = list.length === 0 ? null : list.get(0);
  }
  if (v === null || v === undefined) return '';
  if (v instanceof Uint8Array) return Buffer.from(v).toString('utf8');
  if (typeof v === 'string') return v;
  return String(Math.fround(Number(v)));
}

function rowKeys(batches: readonly RecordBatch[]): string[] {
  return batches.flatMap((b) =>
    Array.from({ length: b.numRows }, (_, i) => columns.map((c) => cell(b.getChild(c)?.get(i))).join('|')),
  );
}

describe('CRC-32C', () => {
  it('matches the standard check value and TFRecord masking', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(maskedCrc32c(Buffer.from('123456789'))).toBe(
      ((((0xe3069283 >>> 15) | (0xe3069283 << 17)) >>> 0) + 0xa282ead8) >>> 0,
    );
  });
});

describe('TFRecord reader on TFX artifacts', () => {
  it('reads all 12 GZIP shards of each split, and together they hold the rows of chicago_taxi_tfx/data.csv', async () => {
    const train = await readAll(join(tfx, 'csv_example_gen', 'Split-train', '*'), { format: 'tfrecord' });
    const evalSplit = await readAll(join(tfx, 'csv_example_gen', 'Split-eval', '*'), { format: 'tfrecord' });
    expect(train.rows).toBe(9_909);
    expect(evalSplit.rows).toBe(5_091);
    expect(typesOf(train.schema)).toMatchObject({
      company: 'List<Binary>',
      fare: 'List<Float32>',
      trip_start_timestamp: 'List<Int64>',
      tips: 'List<Float32>',
    });
    // The 15,000 examples are data.csv (10,000 rows) + data2.csv (5,000, not bundled), split
    // by hash (datasets/chicago_taxi_tfx/PROVENANCE.md). Every data.csv row is in exactly one split.
    const csv = rowKeys((await readAll(join(datasetsDir, 'chicago_taxi_tfx', 'data.csv'))).batches);
    const trainKeys = new Set(rowKeys(train.batches));
    const evalKeys = new Set(rowKeys(evalSplit.batches));
    expect(csv.filter((k) => trainKeys.has(k)).length).toBe(6_605);
    expect(csv.filter((k) => evalKeys.has(k)).length).toBe(3_395);
    // ExampleGen writes an empty CSV cell as a Feature with no kind: present with 0 values (an
    // empty list, as TFDV reads it), never a null list (test/io/tfrecord-presence.test.ts).
    const company = train.batches.reduce((n, b) => n + b.getChild('company')!.nullCount, 0);
    expect(company).toBe(0);
  });

  it('reads the external tf.Example shards (15,000 rows) and the penguin splits', async () => {
    expect((await readAll(join(tfx, 'external', 'tfrecord', '*.gz'), { format: 'tfrecord' })).rows).toBe(15_000);
    const penguin = await readAll(join(tfx, 'penguin', 'data', 'Split-*', '*.gz'), { format: 'tfrecord' });
    expect(penguin.rows).toBeGreaterThan(300);
    expect(Object.keys(typesOf(penguin.schema))).toContain('species');
  });

  it('reads tf.SequenceExample: context features as lists, feature lists as lists of lists', async () => {
    const { rows, schema, batches } = await readAll(join(tfx, 'external', 'tfrecord_sequence', '*.gz'), {
      format: 'tfrecord',
      batchSize: 4096,
    });
    expect(rows).toBe(15_000);
    expect(typesOf(schema)).toEqual({ f: 'List<Float32>', i: 'List<Int64>', s: 'List<List<Binary>>' });
    const s = batches[0]!.getChild('s')!.get(0) as { length: number; get(i: number): { length: number } };
    expect(s.length).toBeGreaterThan(0);
    expect(batches.map((b) => b.numRows)).toEqual([4096, 4096, 4096, 2712]);
  });
});
