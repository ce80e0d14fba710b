import { join } from 'node:path';
import type { RecordBatch } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { openDataset } from '../../src/io/open-dataset.js';
import { parquetSeparableColumns } from '../../src/io/parquet-reader.js';
import { StatisticsAccumulator } from '../../src/stats/statistics-accumulator.js';
import { datasetsDir } from './helpers.js';

/** train.csv as Parquet in row groups of 4096, 4096 and 1808 rows (test/fixtures/io/README.md). */
const taxiRowGroups = join(import.meta.dirname, '../fixtures/io/taxi-row-groups.parquet');

/** The TFX taxi data (SNAPPY, read by our own decoder), in batches of 1,000 rows. */
const file = join(datasetsDir, 'chicago_taxi_tfx', 'data.parquet');

async function statistics(recycleBatches: boolean): Promise<{ stats: unknown; buffers: ArrayBufferLike[] }> {
  const dataset = await openDataset(file, { batchSize: 1000 });
  const acc = new StatisticsAccumulator();
  const buffers: ArrayBufferLike[] = [];
  for await (const batch of dataset.batches({ recycleBatches })) {
    acc.add(batch);
    buffers.push(fareValues(batch).buffer);
  }
  return { stats: acc.finish(), buffers };
}

function fareValues(batch: RecordBatch): Float64Array {
  return batch.getChild('fare')!.data[0]!.values as Float64Array;
}

describe('Parquet batches with recycleBatches', () => {
  it('reuse the memory of the batch before last, and give the same statistics', async () => {
    const fresh = await statistics(false);
    const recycled = await statistics(true);
    expect(recycled.buffers.length).toBe(10);
    expect(new Set(fresh.buffers).size).toBe(10);
    // Two sets of arrays, used in turn.
    expect(new Set(recycled.buffers).size).toBe(2);
    expect(recycled.buffers[2]).toBe(recycled.buffers[0]);
    expect(recycled.stats).toEqual(fresh.stats);
  });

  it('leave each batch intact until the next one is read', async () => {
    const dataset = await openDataset(file, { batchSize: 1000 });
    const copies: number[][] = [];
    const seen: number[][] = [];
    let previous: RecordBatch | undefined;
    for await (const batch of dataset.batches({ recycleBatches: true })) {
      if (previous) seen.push([...fareValues(previous)]);
      copies.push([...fareValues(batch)]);
      previous = batch;
    }
    // Batch k is still as read when batch k + 1 has been read.
    expect(seen).toEqual(copies.slice(0, -1));
  });

  it('hand their memory from file to file, whatever the columns, with the same statistics', async () => {
    // One column after the other, each a read of its own (how a thread reads its share of a file
    // split by column): each read decodes in the memory the one before gave back, though the
    // columns hold strings, integers, floats and nulls.
    const perColumn = async (path: string, recycleBatches: boolean) => {
      const columns = (await parquetSeparableColumns(path))!.columns.length;
      const out: unknown[] = [];
      for (let c = 0; c < columns; c++) {
        const dataset = await openDataset(path, { batchSize: 1000, parquetColumns: { start: c, end: c + 1 } });
        const acc = new StatisticsAccumulator();
        for await (const batch of dataset.batches({ recycleBatches })) acc.add(batch);
        out.push(acc.finish());
      }
      return out;
    };
    for (const path of [file, taxiRowGroups]) {
      const fresh = await perColumn(path, false);
      expect(fresh.length).toBeGreaterThan(10);
      expect(await perColumn(path, true)).toEqual(fresh);
    }
  });
});
