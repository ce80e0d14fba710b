import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/_util/errors.js';
import { openDataset } from '../../src/io/open-dataset.js';
import { parquetRowGroups } from '../../src/io/parquet-reader.js';
import { columnValues, readAll } from './helpers.js';

/** chicago_taxi/train.csv written by DuckDB with small row groups (test/fixtures/io/README.md). */
const file = join(import.meta.dirname, '..', 'fixtures', 'io', 'taxi-row-groups.parquet');

describe('Parquet row-group ranges', () => {
  it('lists the row groups from the footer', async () => {
    const groups = await parquetRowGroups(file);
    expect(groups.map((g) => g.rows)).toEqual([4096, 4096, 1808]);
    expect(groups.every((g) => g.compressedBytes > 0)).toBe(true);
  });

  it('reads only the row groups in range, and the ranges add up to the whole file', async () => {
    const whole = await readAll(file);
    const head = await readAll(file, { parquetRowGroups: { start: 0, end: 1 } });
    const tail = await readAll(file, { parquetRowGroups: { start: 1, end: 99 } });
    expect(head.rows).toBe(4096);
    expect(tail.rows).toBe(10000 - 4096);
    for (const column of ['fare', 'payment_type', 'trip_start_timestamp']) {
      expect([...columnValues(head.batches, column), ...columnValues(tail.batches, column)]).toEqual(
        columnValues(whole.batches, column),
      );
    }
  });

  it('gives an empty batch with the schema for an empty range, and progress for the groups read', async () => {
    const empty = await readAll(file, { parquetRowGroups: { start: 3, end: 3 } });
    expect(empty.rows).toBe(0);
    expect(empty.schema.fields.map((f) => f.name)).toContain('fare');
    let bytes = 0;
    const dataset = await openDataset(file, {
      parquetRowGroups: { start: 2, end: 3 },
      onProgress: (p) => {
        bytes = p.bytesRead;
      },
    });
    for await (const _ of dataset.batches());
    expect(bytes).toBe((await parquetRowGroups(file))[2]!.compressedBytes);
  });

  it('rejects a malformed range as a usage error', async () => {
    await expect(readAll(file, { parquetRowGroups: { start: -1, end: 2 } })).rejects.toBeInstanceOf(UsageError);
  });

  it('reads a file replaced at the same path afresh (footers are reused only for the same file unchanged)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'datavet-footer-'));
    try {
      const path = join(dir, 'data.parquet');
      copyFileSync(file, path);
      expect((await parquetRowGroups(path)).map((g) => g.rows)).toEqual([4096, 4096, 1808]);
      // Another file in its place: the TFX taxi data, one row group.
      copyFileSync(join(import.meta.dirname, '..', '..', 'datasets', 'chicago_taxi_tfx', 'data.parquet'), path);
      const replaced = await parquetRowGroups(path);
      expect(replaced.map((g) => g.rows)).not.toEqual([4096, 4096, 1808]);
      expect((await readAll(path)).rows).toBe(replaced.reduce((sum, g) => sum + g.rows, 0));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
