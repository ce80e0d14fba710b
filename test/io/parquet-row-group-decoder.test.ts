import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RecordBatch, tableFromIPC } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/_util/errors.js';
import {
  type DecodeSlice,
  decodeParquetFiles,
  decodeSlices,
  type ParquetDecodeInput,
  ParquetFileDecoder,
  readRowGroupLayouts,
} from '../../src/io/parquet-row-group-decoder.js';
import { parquetWasm } from '../../src/io/parquet-wasm.js';
import { readThriftStruct, writeThriftStruct } from '../../src/io/thrift-compact.js';
import { writeRowGroupsFixture } from './helpers.js';

const root = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'datavet-parquet-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const arrowRs = join(dir, 'arrow-rs.parquet');
writeRowGroupsFixture(arrowRs, 5000, 700);

/** What parquet-wasm gives for row group `g` when handed the whole file, as the reader once did. */
function wholeFileDecode(path: string, g: number, rows: number): Uint8Array {
  return parquetWasm()
    .readParquet(new Uint8Array(readFileSync(path)), { rowGroups: [g], batchSize: Math.max(rows, 1) })
    .intoIPCStream();
}

async function decodeAll(path: string): Promise<{ cut: Uint8Array[]; whole: Uint8Array[]; separable: boolean[] }> {
  const layouts = await readRowGroupLayouts(path);
  // parquet-wasm on the cut-out groups (this project's decoder, tried first by default, has its own tests).
  const decoder = await ParquetFileDecoder.open(path, readFileSync(path).length, { js: false });
  try {
    const cut: Uint8Array[] = [];
    for (let g = 0; g < layouts.length; g++) cut.push(await decoder.decode(g));
    return {
      cut,
      whole: layouts.map((l, g) => wholeFileDecode(path, g, l.rows)),
      separable: layouts.map((l) => l.range !== undefined),
    };
  } finally {
    await decoder.close();
  }
}

describe('Parquet row groups decoded from their own bytes', () => {
  it.each([
    ['DuckDB, zstd, 3 row groups', join(root, 'test/fixtures/io/taxi-row-groups.parquet')],
    ['pandas/pyarrow', join(root, 'datasets/chicago_taxi_tfx/data.parquet')],
    ['nested lists and structs', join(root, 'test/fixtures/io/nested.parquet')],
    ['arrow-rs with page indexes, 8 row groups', arrowRs],
  ])('%s: the same Arrow data as decoding from the whole file', async (_, path) => {
    const { cut, whole, separable } = await decodeAll(path);
    expect(separable.every(Boolean)).toBe(true);
    expect(cut.length).toBeGreaterThan(0);
    for (let g = 0; g < cut.length; g++) expect(Buffer.from(cut[g]!).equals(Buffer.from(whole[g]!))).toBe(true);
  });

  it('lists each group with its rows, compressed bytes and the byte range of its chunks', async () => {
    const layouts = await readRowGroupLayouts(arrowRs);
    expect(layouts.map((l) => l.rows)).toEqual([700, 700, 700, 700, 700, 700, 700, 100]);
    const size = readFileSync(arrowRs).length;
    let previousEnd = 4;
    for (const l of layouts) {
      expect(l.range!.start).toBeGreaterThanOrEqual(previousEnd);
      expect(l.range!.end - l.range!.start).toBeGreaterThanOrEqual(l.compressedBytes);
      expect(l.range!.end).toBeLessThan(size);
      previousEnd = l.range!.end;
    }
  });

  it('falls back to the whole file for a group whose chunks it cannot cut out', async () => {
    // The same file with the first chunk's data page offset pointed into the footer: the group's
    // byte range is then not within the data, so it is decoded from the whole file's bytes, where
    // parquet-wasm reports the damage.
    const bytes = readFileSync(join(root, 'test/fixtures/io/taxi-row-groups.parquet'));
    const length = bytes.readUInt32LE(bytes.length - 8);
    const metaStart = bytes.length - 8 - length;
    const { struct } = readThriftStruct(new Uint8Array(bytes.subarray(metaStart, bytes.length - 8)));
    const group = struct.fields.find((f) => f.id === 4)!.value;
    if (group.type !== 'list' || group.items[0]?.type !== 'struct') throw new Error('unexpected footer');
    const chunks = group.items[0].value.fields.find((f) => f.id === 1)!.value;
    if (chunks.type !== 'list' || chunks.items[0]?.type !== 'struct') throw new Error('unexpected footer');
    const meta = chunks.items[0].value.fields.find((f) => f.id === 3)!.value;
    if (meta.type !== 'struct') throw new Error('unexpected footer');
    for (const f of meta.value.fields) {
      if (f.id === 9 || f.id === 11) f.value = { type: 'i64', value: BigInt(metaStart + 2) };
    }
    const footer = writeThriftStruct(struct);
    const tail = Buffer.alloc(8);
    tail.writeUInt32LE(footer.length, 0);
    tail.write('PAR1', 4, 'latin1');
    const damaged = join(dir, 'damaged.parquet');
    writeFileSync(damaged, Buffer.concat([bytes.subarray(0, metaStart), footer, tail]));
    const layouts = await readRowGroupLayouts(damaged);
    expect(layouts.map((l) => l.range !== undefined)).toEqual([false, true, true]);
    const decoder = await ParquetFileDecoder.open(damaged, readFileSync(damaged).length);
    try {
      expect(Buffer.from(await decoder.decode(1)).equals(Buffer.from(wholeFileDecode(damaged, 1, 4096)))).toBe(true);
      // A slice of a group read from the whole file: the same rows as slicing the decoded group.
      const whole = tableFromIPC(await decoder.decode(1)).batches[0]!;
      const slice = tableFromIPC(await decoder.decode(1, { offset: 1000, limit: 1500 })).batches;
      expect(slice.map((b) => b.numRows)).toEqual([1500]);
      expect(valuesOf(slice)).toBe(valuesOf([whole.slice(1000, 2500)]));
      const error = await decoder.decode(0).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).code).toBe('PARQUET_INVALID');
      expect((error as InputError).location?.file).toBe(damaged);
    } finally {
      await decoder.close();
    }
  });

  it('reports a footer that is not Thrift as PARQUET_INVALID with the file', async () => {
    const bytes = readFileSync(join(root, 'test/fixtures/io/taxi-row-groups.parquet'));
    const length = bytes.readUInt32LE(bytes.length - 8);
    const broken = Buffer.from(bytes);
    broken.fill(0xff, bytes.length - 8 - length, bytes.length - 8 - length + 16);
    const path = join(dir, 'bad-footer.parquet');
    writeFileSync(path, broken);
    const error = await readRowGroupLayouts(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).code).toBe('PARQUET_INVALID');
    expect((error as InputError).location?.file).toBe(path);
  });
});

/**
 * Batches as comparable text: types, null counts and every value per column. (Their IPC bytes may
 * differ where a batch sliced in JS keeps buffers that a separately decoded one has not.)
 */
function valuesOf(batches: readonly RecordBatch[]): string {
  const text = (value: unknown) => JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? `${v}n` : v));
  return batches
    .map((b) =>
      b.schema.fields
        .map((f, c) => `${f.name}: ${f.type} ${b.getChildAt(c)!.nullCount} ${text([...b.getChildAt(c)!])}`)
        .join('\n'),
    )
    .join('\n--\n');
}

/** The batches of `path` as the reader cuts them (`batchSize` rows within each decoded part). */
async function readSliced(path: string, batchSize: number, slicing?: ParquetDecodeInput['slicing']) {
  const batches: RecordBatch[] = [];
  let parts = 0;
  const input = { files: [{ path, size: readFileSync(path).length }], ...(slicing ? { slicing } : {}) };
  for await (const part of decodeParquetFiles(input)) {
    if (part.type !== 'group') continue;
    parts++;
    for (const batch of tableFromIPC(part.ipc).batches) {
      for (let offset = 0; offset < batch.numRows; offset += batchSize)
        batches.push(batch.slice(offset, offset + batchSize));
    }
  }
  return { parts, batches };
}

describe('large row groups decoded in slices of whole batches', () => {
  const group = (rows: number, uncompressedBytes: number) => ({ rows, compressedBytes: 1, uncompressedBytes });

  it('cuts a group past the byte budget at multiples of the batch size, and leaves small groups whole', () => {
    const groups = [group(122_880, 8_700_000), group(16_960, 1_900_000), group(0, 0), group(5000, 0)];
    const slices = decodeSlices(groups, 0, groups.length, { rowMultiple: 32_768, maxBytes: 4 * 1024 * 1024 });
    const of = (g: number) => slices.filter((s) => s.group === g).map((s) => [s.offset, s.limit, s.last]);
    expect(of(0)).toEqual([
      [0, 32_768, false],
      [32_768, 32_768, false],
      [65_536, 32_768, false],
      [98_304, 24_576, true],
    ]);
    expect(of(1)).toEqual([[0, 16_960, true]]);
    // Empty, and without a declared size: whole.
    expect(of(2)).toEqual([[0, 0, true]]);
    expect(of(3)).toEqual([[0, 5000, true]]);
    // Never less than one batch, however small the budget; whole groups without slicing.
    expect(decodeSlices(groups, 0, 1, { rowMultiple: 32_768, maxBytes: 1 }).length).toBe(4);
    expect(decodeSlices(groups, 1, 3, undefined)).toEqual<DecodeSlice[]>([
      { group: 1, offset: 0, limit: 16_960, last: true },
      { group: 2, offset: 0, limit: 0, last: true },
    ]);
  });

  it.each([
    ['DuckDB, zstd, 3 row groups', join(root, 'test/fixtures/io/taxi-row-groups.parquet'), 1000],
    ['pandas/pyarrow', join(root, 'datasets/chicago_taxi_tfx/data.parquet'), 3000],
    ['nested lists and structs', join(root, 'test/fixtures/io/nested.parquet'), 1],
    ['arrow-rs with page indexes, 8 row groups', arrowRs, 200],
  ])('%s: the same batches as decoding whole groups', async (_, path, batchSize) => {
    const whole = await readSliced(path, batchSize);
    const sliced = await readSliced(path, batchSize, { rowMultiple: batchSize, maxBytes: 1 });
    expect(sliced.parts).toBeGreaterThan(whole.parts);
    expect(sliced.batches.map((b) => b.numRows)).toEqual(whole.batches.map((b) => b.numRows));
    expect(valuesOf(sliced.batches)).toBe(valuesOf(whole.batches));
  });
});
