import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { columnValues, datasetsDir, readAll, typesOf } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'datavet-columnar-'));

describe('Parquet reader', () => {
  it('reads chicago_taxi_tfx/data.parquet: 10,000 rows with the file types', async () => {
    const { rows, schema, batches } = await readAll(join(datasetsDir, 'chicago_taxi_tfx', 'data.parquet'));
    expect(rows).toBe(10_000);
    expect(typesOf(schema)).toMatchObject({
      pickup_community_area: 'Int64',
      fare: 'Float64',
      trip_start_timestamp: 'Int64',
      payment_type: 'Utf8',
      company: 'Utf8',
      tips: 'Float64',
    });
    // The Parquet copy (written by pandas) holds the string 'nan' where the CSV has empty fields.
    expect(columnValues(batches, 'company').filter((v) => v === 'nan').length).toBe(3_462);
    expect(batches[0]!.getChild('company')!.nullCount).toBe(0);
    const csv = await readAll(join(datasetsDir, 'chicago_taxi_tfx', 'data.csv'));
    expect(columnValues(batches, 'fare')).toEqual(columnValues(csv.batches, 'fare'));
  });

  it('splits row groups into batches of batchSize', async () => {
    const { batches } = await readAll(join(datasetsDir, 'chicago_taxi_tfx', 'data.parquet'), { batchSize: 4096 });
    expect(batches.map((b) => b.numRows)).toEqual([4096, 4096, 1808]);
  });

  it('maps nested list and struct columns to Arrow List and Struct; narrow numbers widen', async () => {
    const { schema, batches } = await readAll(join(import.meta.dirname, '..', 'fixtures', 'io', 'nested.parquet'));
    const types = typesOf(schema);
    expect(types.i32).toBe('Int64');
    expect(types.f32).toBe('Float64');
    expect(types.ints).toMatch(/^List<Int64>$/);
    expect(types.point).toMatch(/^Struct<\{x:Int32, y:Utf8\}>$/);
    expect(types.flag).toBe('Bool');
    expect(columnValues(batches, 'i32')).toEqual([1n, null, 3n]);
    expect(columnValues(batches, 'f32')).toEqual([1.5, null, 2.25]);
    const ints = columnValues(batches, 'ints') as Array<{ toArray(): BigInt64Array } | null>;
    expect(ints.map((v) => (v ? [...v.toArray()] : null))).toEqual([[1n, 2n, 3n], [], null]);
    expect(batches[0]!.getChild('point')!.get(0)!.toJSON()).toEqual({ x: 1, y: 'a' });
  });
});

describe('Arrow IPC reader', () => {
  const table = tableFromArrays({
    x: Float64Array.from({ length: 2500 }, (_, i) => i / 2),
    s: Array.from({ length: 2500 }, (_, i) => `v${i % 7}`),
  });

  it.each(['file', 'stream'] as const)('reads the %s format batch by batch', async (kind) => {
    const path = join(dir, `data.${kind === 'file' ? 'arrow' : 'arrows'}`);
    writeFileSync(path, tableToIPC(table, kind));
    const { rows, schema, batches } = await readAll(path);
    expect(rows).toBe(2500);
    expect(typesOf(schema)).toEqual({ x: 'Float64', s: 'Dictionary<Int32, Utf8>' });
    expect(columnValues(batches, 'x').at(-1)).toBe(1249.5);
  });
});

describe('JSON Lines reader', () => {
  const write = (name: string, lines: unknown[]) => {
    const path = join(dir, name);
    writeFileSync(path, `${lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')}\n`);
    return path;
  };

  it('infers scalar and list columns over all lines; absent keys and null are missing', async () => {
    const path = write('requests.jsonl', [
      { id: 1, score: 1, name: 'a', tags: ['x', 'y'], ok: true },
      { id: 2, score: 0.5, tags: [], ok: false, vec: [1, 2] },
      '',
      { id: 3, score: null, name: 'c', tags: 'z', vec: [0.5] },
    ]);
    const { schema, batches, rows } = await readAll(path, { batchSize: 2 });
    expect(rows).toBe(3);
    expect(typesOf(schema)).toEqual({
      id: 'Int64',
      score: 'Float64',
      name: 'Utf8',
      tags: 'List<Binary>',
      ok: 'Int64',
      vec: 'List<Float32>',
    });
    expect(columnValues(batches, 'score')).toEqual([1, 0.5, null]);
    expect(columnValues(batches, 'name')).toEqual(['a', null, 'c']);
    expect(columnValues(batches, 'ok')).toEqual([1n, 0n, null]);
    const tags = columnValues(batches, 'tags') as Array<Iterable<Uint8Array> | null>;
    expect(tags.map((t) => (t ? [...t].map((b) => Buffer.from(b).toString()) : null))).toEqual([['x', 'y'], [], ['z']]);
    expect(columnValues(batches, 'vec').map((v) => (v ? [...(v as Float32Array)] : null))).toEqual([
      null,
      [1, 2],
      [0.5],
    ]);
  });

  it('takes types from columnTypes and skips malformed lines when asked', async () => {
    const path = write('typed.jsonl', [{ id: 1, code: 7 }, 'not json', { id: 2, code: 8 }]);
    const { schema, rows, batches } = await readAll(path, {
      columnTypes: { code: 'string', id: 'float' },
      skipMalformedRows: true,
    });
    expect(rows).toBe(2);
    expect(typesOf(schema)).toEqual({ id: 'Float64', code: 'Utf8' });
    expect(columnValues(batches, 'code')).toEqual(['7', '8']);
  });
});
