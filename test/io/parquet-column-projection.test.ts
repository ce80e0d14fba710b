import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/_util/errors.js';
import { parquetSeparableColumns } from '../../src/io/parquet-reader.js';
import { columnValues, datasetsDir, readAll, typesOf, writeRowGroupsFixture } from './helpers.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'io');
const dir = mkdtempSync(join(tmpdir(), 'datavet-parquet-columns-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Arrow values (lists as vectors, structs as rows) as plain data, to compare what they hold. */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') {
    const v = value as { toArray?: () => unknown; toJSON?: () => unknown; [Symbol.iterator]?: unknown };
    if (typeof v.toArray === 'function' && typeof v[Symbol.iterator] === 'function') {
      return [...(value as Iterable<unknown>)].map(plain);
    }
    if (typeof v.toJSON === 'function') return plain(v.toJSON());
    return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, plain(x)]));
  }
  return value;
}

describe("reading a run of a Parquet file's top-level columns", () => {
  it.each([
    ['DuckDB, three row groups (ZSTD)', join(fixtures, 'taxi-row-groups.parquet')],
    ['the bundled TFX taxi data', join(datasetsDir, 'chicago_taxi_tfx', 'data.parquet')],
    ['list and struct columns between flat ones', join(fixtures, 'nested.parquet')],
  ])('%s: every run reads as those columns of the whole file', async (_, file) => {
    const columns = (await parquetSeparableColumns(file))?.columns;
    expect(columns).toBeDefined();
    const whole = await readAll(file);
    const names = whole.schema.fields.map((f) => f.name);
    expect(columns!.map((c) => c.name)).toEqual(names);
    expect(columns!.every((c) => c.work > 0)).toBe(true);
    const n = names.length;
    const runs = [
      { start: 0, end: 1 },
      { start: n - 1, end: n },
      { start: 0, end: Math.ceil(n / 2) },
      { start: Math.ceil(n / 2), end: n },
      { start: 1, end: n - 1 },
    ];
    const wholeTypes = typesOf(whole.schema);
    for (const run of runs) {
      const part = await readAll(file, { parquetColumns: run });
      const kept = names.slice(run.start, run.end);
      expect(part.rows).toBe(whole.rows);
      expect(part.batches.map((b) => b.numRows)).toEqual(whole.batches.map((b) => b.numRows));
      expect(typesOf(part.schema)).toEqual(Object.fromEntries(kept.map((k) => [k, wholeTypes[k]])));
      for (const name of kept) {
        expect(plain(columnValues(part.batches, name))).toEqual(plain(columnValues(whole.batches, name)));
      }
    }
  });

  it('keeps a file whose footer carries an Arrow schema whole, and says so when asked for columns', async () => {
    // parquet-wasm (arrow-rs) stores the Arrow schema in the footer, and types columns by it.
    const file = join(dir, 'arrow-written.parquet');
    writeRowGroupsFixture(file, 3000, 1000);
    expect(await parquetSeparableColumns(file)).toBeUndefined();
    await expect(readAll(file, { parquetColumns: { start: 0, end: 1 } })).rejects.toThrow(/cannot be read by columns/);
  });

  it.each([
    { start: 0, end: 0 },
    { start: -1, end: 2 },
    { start: 2, end: 99 },
    { start: 0.5, end: 2 },
  ])('rejects the column range $start to $end as a usage error', async (range) => {
    const file = join(fixtures, 'taxi-row-groups.parquet');
    await expect(readAll(file, { parquetColumns: range })).rejects.toBeInstanceOf(UsageError);
  });
});
