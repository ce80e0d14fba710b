import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import {
  Binary,
  Bool,
  type Data,
  Float32,
  Float64,
  Int8,
  Int16,
  Int32,
  Int64,
  makeVector,
  type RecordBatch,
  Table,
  tableFromIPC,
  tableToIPC,
  Uint8,
  Uint16,
  Uint32,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/_util/errors.js';
import { readBatches } from '../../src/index.js';
import { ParquetJsFile } from '../../src/io/parquet-js-file.js';
import { normalize } from '../../src/io/parquet-reader.js';
import { ParquetFileDecoder } from '../../src/io/parquet-row-group-decoder.js';
import { parquetWasm } from '../../src/io/parquet-wasm.js';
import { readThriftStruct, type ThriftStruct } from '../../src/io/thrift-compact.js';

type WriterPropertiesBuilder = InstanceType<ReturnType<typeof parquetWasm>['WriterPropertiesBuilder']>;
const wasm = parquetWasm;

import { datasetsDir, readAll } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'datavet-parquet-js-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixtures = join(import.meta.dirname, '..', 'fixtures');

/** Every value of a column as comparable text: nulls, float bits (NaN payloads), exact integers, bytes. */
function cells(data: Data): string[] {
  const vector = makeVector(data);
  const out: string[] = [];
  const view = new DataView(new ArrayBuffer(8));
  for (let i = 0; i < data.length; i++) {
    if (!data.getValid(i)) {
      out.push('null');
      continue;
    }
    const v = vector.get(i) as unknown;
    if (typeof v === 'number') {
      view.setFloat64(0, v);
      out.push(`n${view.getBigUint64(0).toString(16)}`);
    } else if (v instanceof Uint8Array) out.push(`b${Buffer.from(v).toString('hex')}`);
    else out.push(`${typeof v}:${String(v)}`);
  }
  return out;
}

function describeBatches(batches: readonly RecordBatch[]) {
  return batches.map((b) => ({
    rows: b.numRows,
    fields: b.schema.fields.map(
      (f) => `${f.name}: ${f.type}, nullable ${f.nullable}, ${JSON.stringify([...f.metadata])}`,
    ),
    metadata: [...b.schema.metadata],
    columns: b.data.children.map((c) => ({
      type: String(c.type),
      length: c.length,
      nulls: c.nullCount,
      cells: cells(c),
    })),
  }));
}

/** The file's batches from this project's decoder, `batchSize` rows at a time within each row group. */
async function viaJs(path: string, batchSize: number): Promise<RecordBatch[] | undefined> {
  const js = await ParquetJsFile.open(path, statSync(path).size);
  try {
    if (js.plan === undefined) return undefined;
    const batches: RecordBatch[] = [];
    for (let g = 0; g < js.footer.rowGroups.length; g++) {
      await js.startGroup(g);
      const rows = js.footer.rowGroups[g]!.rows;
      for (let at = 0; at < rows; at += batchSize) batches.push(js.readBatch(Math.min(batchSize, rows - at)));
    }
    return batches;
  } finally {
    await js.close();
  }
}

/** The same rows from parquet-wasm, as the reader widens them, sliced the same way. */
async function viaWasm(path: string, batchSize: number): Promise<RecordBatch[]> {
  const wasm = await ParquetFileDecoder.open(path, statSync(path).size, { js: false });
  try {
    const batches: RecordBatch[] = [];
    for (let g = 0; g < wasm.footer.rowGroups.length; g++) {
      for (const raw of tableFromIPC(await wasm.decode(g)).batches) {
        const whole = normalize(raw);
        for (let at = 0; at < whole.numRows; at += batchSize) batches.push(whole.slice(at, at + batchSize));
      }
    }
    return batches;
  } finally {
    await wasm.close();
  }
}

async function expectSameAsWasm(path: string, batchSize = 1000): Promise<void> {
  const js = await viaJs(path, batchSize);
  expect(js, `${path} should be read by the JS decoder`).toBeDefined();
  const wasm = await viaWasm(path, batchSize);
  expect(describeBatches(js!)).toEqual(describeBatches(wasm));
}

/** The data pages of the first row group's chunks: `type:encoding` of each, per column (what the test files must cover). */
async function pagesOf(path: string): Promise<string[][]> {
  const bytes = readFileSync(path);
  const js = await ParquetJsFile.open(path, bytes.length);
  await js.close();
  const { start, end } = js.footer.rowGroups[0]!.range!;
  const columns: string[][] = [];
  let pos = start;
  let current: string[] = [];
  while (pos < end) {
    const { struct, end: body } = readThriftStruct(bytes, pos);
    const int = (s: ThriftStruct, id: number) => {
      const v = s.fields.find((f) => f.id === id)?.value;
      return v?.type === 'i32' ? v.value : -1;
    };
    const sub = (id: number) => struct.fields.find((f) => f.id === id)?.value;
    const type = int(struct, 1);
    if (type === 2 && current.length > 0) {
      columns.push(current);
      current = [];
    }
    const header = sub(type === 0 ? 5 : type === 3 ? 8 : 7);
    const encoding = header?.type === 'struct' ? int(header.value, type === 3 ? 4 : 2) : -1;
    current.push(`${type}:${encoding}`);
    pos = body + int(struct, 3);
  }
  columns.push(current);
  return columns;
}

async function duckdb(sql: string): Promise<void> {
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  try {
    await connection.run('SELECT setseed(0.25)');
    await connection.run(sql);
  } finally {
    connection.closeSync();
  }
}

/** `columns` written with parquet-wasm's writer (arrow-rs), which embeds its Arrow schema. */
function writeWithArrowRs(
  path: string,
  table: Table,
  configure: (b: WriterPropertiesBuilder) => WriterPropertiesBuilder,
) {
  const wasm = parquetWasm();
  const props = configure(new wasm.WriterPropertiesBuilder()).build();
  writeFileSync(path, wasm.writeParquet(wasm.Table.fromIPCStream(tableToIPC(table, 'stream')), props));
}

const rows = 5000;
const pick = <T>(f: (i: number) => T, nullEvery = 0) =>
  Array.from({ length: rows }, (_, i) => (nullEvery > 0 && i % nullEvery === 3 ? null : f(i)));

/** Every type of the subset, with nulls, NaN, empty strings, an all-null column and a high-cardinality string. */
function arrowTable(): Table {
  return new Table({
    i32: vectorFromArray(
      pick((i) => ((i * 7919) % 100_003) - 50_000, 7),
      new Int32(),
    ),
    i8: vectorFromArray(
      pick((i) => (i % 256) - 128, 11),
      new Int8(),
    ),
    i16: vectorFromArray(
      pick((i) => ((i * 31) % 65_536) - 32_768),
      new Int16(),
    ),
    u8: vectorFromArray(
      pick((i) => i % 256, 13),
      new Uint8(),
    ),
    u16: vectorFromArray(
      pick((i) => (i * 17) % 65_536),
      new Uint16(),
    ),
    u32: vectorFromArray(
      pick((i) => (i * 2_654_435_761) % 4_294_967_296, 5),
      new Uint32(),
    ),
    i64: vectorFromArray(
      pick((i) => BigInt(i) * 1_000_000_007n - 9_007_199_254_740_993n, 9),
      new Int64(),
    ),
    f32: vectorFromArray(
      pick((i) => (i % 50 === 0 ? Number.NaN : i / 7), 6),
      new Float32(),
    ),
    f64: vectorFromArray(
      pick((i) => (i % 40 === 0 ? Number.NaN : Math.sin(i) * 1e6), 8),
      new Float64(),
    ),
    b: vectorFromArray(
      pick((i) => i % 3 === 0, 4),
      new Bool(),
    ),
    s: vectorFromArray(
      pick((i) => (i % 10 === 0 ? '' : `cat_${i % 17}`), 10),
      new Utf8(),
    ),
    wide: vectorFromArray(
      pick((i) => `value ${i} ${'é'.repeat(i % 5)}`, 12),
      new Utf8(),
    ),
    none: vectorFromArray(
      pick(() => null as string | null),
      new Utf8(),
    ),
    bin: vectorFromArray(
      pick((i) => Uint8Array.from([i % 256, 0, 255, i % 7]), 9),
      new Binary(),
    ),
  });
}

describe('Parquet JS decoder against parquet-wasm', () => {
  it('reads every Parquet file of datasets/ and test/fixtures/io exactly as parquet-wasm does, or leaves it to it', async () => {
    const files = [
      ...readdirSync(datasetsDir, { recursive: true, encoding: 'utf8' }).map((f) => join(datasetsDir, f)),
      ...readdirSync(join(fixtures, 'io')).map((f) => join(fixtures, 'io', f)),
    ].filter((f) => f.endsWith('.parquet'));
    const decoded: string[] = [];
    for (const path of files) {
      if ((await viaJs(path, 4096)) === undefined) expect((await readAll(path)).rows).toBeGreaterThan(0);
      else {
        await expectSameAsWasm(path, 4096);
        decoded.push(path);
      }
    }
    expect(decoded).toContain(join(datasetsDir, 'chicago_taxi_tfx', 'data.parquet'));
  });

  it('hands the rest of a row group to parquet-wasm at a page it does not take (here strings that are not UTF-8)', async () => {
    const path = join(dir, 'not-utf8.parquet');
    const strings = new Table({
      s: vectorFromArray(
        pick((i) => `row ${String(i).padStart(5, '0')}`),
        new Utf8(),
      ),
    });
    writeWithArrowRs(path, strings, (b) =>
      b.setCompression(wasm().Compression.UNCOMPRESSED).setDictionaryEnabled(false).setMaxRowGroupSize(rows),
    );
    const bytes = readFileSync(path);
    const at = bytes.indexOf('row 04000');
    bytes[at + 1] = 0xff;
    writeFileSync(path, bytes);
    const seen: number[] = [];
    let error: unknown;
    try {
      for await (const batch of readBatches(path, { batchSize: 1000 })) seen.push(batch.numRows);
    } catch (e) {
      error = e;
    }
    // The batches before the damaged one came from our decoder; parquet-wasm then refuses the string.
    expect(seen).toEqual([1000, 1000, 1000, 1000]);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).code).toBe('PARQUET_INVALID');
    expect((error as InputError).message).toMatch(/utf-?8/i);
  });

  it('reads DuckDB files (SNAPPY, GZIP, UNCOMPRESSED; row groups; pages; every flat type of the subset)', async () => {
    const select = `SELECT
        CASE WHEN random() < 0.02 THEN NULL WHEN random() < 0.01 THEN 'NaN'::DOUBLE ELSE round(random() * 3, 4) END AS f,
        CASE WHEN random() < 0.01 THEN NULL ELSE (random() * 1e11)::BIGINT END AS i64,
        (random() * 1e6)::INTEGER AS i32,
        CASE WHEN random() < 0.1 THEN NULL ELSE (random() * 200 - 100)::TINYINT END AS i8,
        (random() * 60000 - 30000)::SMALLINT AS i16,
        (random() * 250)::UTINYINT AS u8,
        (random() * 65000)::USMALLINT AS u16,
        (random() * 4e9)::UINTEGER AS u32,
        CASE WHEN random() < 0.05 THEN NULL ELSE random()::FLOAT END AS f32,
        CASE WHEN random() < 0.1 THEN NULL ELSE random() < 0.5 END AS b,
        CASE WHEN random() < 0.01 THEN NULL WHEN random() < 0.05 THEN '' ELSE 'cat_' || (floor(random() * 30))::INTEGER END AS s,
        CASE WHEN range < 60000 THEN 'c' || (range % 5) ELSE md5(range::VARCHAR) END AS drift,
        NULL::VARCHAR AS none_s,
        NULL::DOUBLE AS none_f,
        CASE WHEN random() < 0.1 THEN NULL ELSE md5(range::VARCHAR)::BLOB END AS bin
      FROM range(150000)`;
    for (const codec of ['snappy', 'gzip', 'uncompressed']) {
      const path = join(dir, `duck-${codec}.parquet`);
      await duckdb(`COPY (${select}) TO '${path}' (FORMAT parquet, COMPRESSION ${codec}, ROW_GROUP_SIZE 50000)`);
      await expectSameAsWasm(path, 4096);
    }
  }, 120_000);

  it('reads arrow-rs files: data page v1 and v2, dictionary falling back to plain mid-chunk, many pages, GZIP', async () => {
    const wasm = parquetWasm();
    const variants: [string, (b: WriterPropertiesBuilder) => WriterPropertiesBuilder][] = [
      ['v1-snappy', (b) => b.setCompression(wasm.Compression.SNAPPY)],
      [
        'v2-small-pages',
        (b) =>
          b
            .setWriterVersion(wasm.WriterVersion.V2)
            // Without PLAIN as the fallback, v2 writers fall back to DELTA encodings (outside the subset).
            .setEncoding(wasm.Encoding.PLAIN)
            .setCompression(wasm.Compression.SNAPPY)
            .setDataPageSizeLimit(2048)
            .setDictionaryPageSizeLimit(4096)
            .setWriteBatchSize(256)
            .setMaxRowGroupSize(2000),
      ],
      [
        'v2-gzip',
        (b) =>
          b
            .setWriterVersion(wasm.WriterVersion.V2)
            .setEncoding(wasm.Encoding.PLAIN)
            .setCompression(wasm.Compression.GZIP),
      ],
      ['v1-plain-uncompressed', (b) => b.setCompression(wasm.Compression.UNCOMPRESSED).setDictionaryEnabled(false)],
      [
        'v1-dictionary-fallback',
        (b) => b.setCompression(wasm.Compression.GZIP).setDictionaryPageSizeLimit(1024).setDataPageSizeLimit(4096),
      ],
    ];
    const covered: string[] = [];
    for (const [name, configure] of variants) {
      const path = join(dir, `arrow-rs-${name}.parquet`);
      writeWithArrowRs(path, arrowTable(), configure);
      await expectSameAsWasm(path, 700);
      covered.push(...(await pagesOf(path)).map((pages) => pages.join(' ')));
    }
    // Page types (0 v1, 2 dictionary, 3 v2) and encodings (0 PLAIN, 3 RLE, 8 RLE_DICTIONARY) the files hold.
    expect(covered.some((c) => /^2:0 (3:8 )+(3:0 ?)+$/.test(c))).toBe(true);
    expect(covered.some((c) => /^2:0 (0:8 )+(0:0 ?)+$/.test(c))).toBe(true);
    expect(covered.some((c) => /^(0:0 ){2,}0:0$/.test(c))).toBe(true);
    // v2 writers encode booleans as RLE (with the default encodings, which give DELTA for other types).
    const bools = join(dir, 'arrow-rs-v2-booleans.parquet');
    writeWithArrowRs(bools, new Table({ b: arrowTable().getChild('b')! }), (b) =>
      b.setWriterVersion(wasm.WriterVersion.V2).setDataPageSizeLimit(256),
    );
    await expectSameAsWasm(bools, 700);
    expect((await pagesOf(bools))[0]!.join(' ')).toMatch(/^(3:3 )+3:3$/);
  });

  it('leaves files outside the subset to parquet-wasm, and they still read (ZSTD, nested, dates, DELTA)', async () => {
    const zstd = join(fixtures, 'io', 'taxi-row-groups.parquet');
    const delta = join(dir, 'delta.parquet');
    writeWithArrowRs(delta, arrowTable(), (b) =>
      b.setWriterVersion(wasm().WriterVersion.V2).setDictionaryPageSizeLimit(256),
    );
    const dated = join(dir, 'dated.parquet');
    await duckdb(
      `COPY (SELECT range AS i, DATE '2024-01-01' + range::INTEGER AS d FROM range(100)) TO '${dated}' (FORMAT parquet)`,
    );
    for (const path of [zstd, join(fixtures, 'io', 'nested.parquet'), dated, delta]) {
      expect(await viaJs(path, 1000), path).toBeUndefined();
      const { rows } = await readAll(path);
      expect(rows).toBeGreaterThan(0);
    }
  });

  it('reads through the reader the same batches as parquet-wasm, without loading parquet-wasm', async () => {
    const path = join(dir, 'reader.parquet');
    writeWithArrowRs(path, arrowTable(), (b) => b.setMaxRowGroupSize(1500));
    const { batches } = await readAll(path, { batchSize: 600 });
    expect(batches.map((b) => b.numRows)).toEqual([600, 600, 300, 600, 600, 300, 600, 600, 300, 500]);
    expect(describeBatches(batches)).toEqual(describeBatches(await viaWasm(path, 600)));
    // The decode worker (2 jobs) is started only when a file needs parquet-wasm (here a ZSTD one);
    // it then decodes the files of the subset with this project's decoder: the same batches and progress.
    const zstd = join(dir, 'reader-zstd.parquet');
    writeWithArrowRs(zstd, arrowTable(), (b) => b.setMaxRowGroupSize(1500).setCompression(wasm().Compression.ZSTD));
    const progress = async (decodeInWorker: boolean) => {
      const seen: unknown[] = [];
      const read = await readAll([path, zstd], { batchSize: 600, decodeInWorker, onProgress: (p) => seen.push(p) });
      return { batches: describeBatches(read.batches), seen };
    };
    const inWorker = await progress(true);
    expect(inWorker.batches.length).toBe(20);
    expect(inWorker).toEqual(await progress(false));
    // A fresh process: reading a file of the subset never imports parquet-wasm.
    const script = `
      import { readBatches } from ${JSON.stringify(new URL('../../src/index.ts', import.meta.url).href)};
      let rows = 0;
      for await (const b of readBatches(${JSON.stringify(path)})) rows += b.numRows;
      const { parquetWasmLoaded } = await import(${JSON.stringify(new URL('../../src/io/parquet-wasm.ts', import.meta.url).href)});
      console.log(JSON.stringify({ rows, loaded: parquetWasmLoaded() }));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual({ rows: 5000, loaded: false });
  }, 60_000);
});

describe('Parquet JS decoder on damaged files', () => {
  async function firstGroupRange(path: string): Promise<{ start: number; end: number }> {
    const js = await ParquetJsFile.open(path, statSync(path).size);
    await js.close();
    expect(js.plan).toBeDefined();
    return js.footer.rowGroups[0]!.range!;
  }

  /** Reads `path` to the end: undefined, or the error. */
  async function failure(path: string): Promise<unknown> {
    try {
      await readAll(path);
      return undefined;
    } catch (error) {
      return error;
    }
  }

  it('reports a damaged page as PARQUET_INVALID naming the file, and damage anywhere never crashes or hangs', async () => {
    const good = join(dir, 'good.parquet');
    writeWithArrowRs(good, arrowTable(), (b) => b.setCompression(wasm().Compression.SNAPPY).setMaxRowGroupSize(2500));
    const bytes = readFileSync(good);
    const { start, end } = await firstGroupRange(good);
    // The first page header of the first chunk turned to garbage.
    const header = Buffer.from(bytes);
    header.fill(0xee, start, start + 12);
    const path = join(dir, 'bad-header.parquet');
    writeFileSync(path, header);
    const error = await failure(path);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).code).toBe('PARQUET_INVALID');
    expect((error as InputError).location?.file).toBe(path);
    expect((error as InputError).hint).toMatch(/re-writing/);
    // Bytes flipped at spread offsets through the data: each read ends, in rows or a clear error.
    let errors = 0;
    for (let k = 0; k < 60; k++) {
      const damaged = Buffer.from(bytes);
      const at = start + Math.floor(((end - start) * k) / 60);
      for (let i = 0; i < 6; i++) damaged[at + i] = (damaged[at + i]! * 31 + 17 + k) & 0xff;
      const flipped = join(dir, `flip-${k}.parquet`);
      writeFileSync(flipped, damaged);
      const e = await failure(flipped);
      if (e !== undefined) {
        expect(e, `damage at ${at}: ${String(e)}`).toBeInstanceOf(InputError);
        expect((e as InputError).code).toBe('PARQUET_INVALID');
        errors++;
      }
    }
    expect(errors).toBeGreaterThan(10);
  }, 60_000);

  it('bounds lengths read from the file: a page size past the chunk is an error, not a huge allocation', async () => {
    const path = join(dir, 'huge.parquet');
    writeWithArrowRs(path, arrowTable(), (b) => b.setCompression(wasm().Compression.UNCOMPRESSED));
    const bytes = readFileSync(path);
    const { start } = await firstGroupRange(path);
    // Page header: field 1 type (0x15 i32 zigzag), field 2 uncompressed size, field 3 compressed size, as varints.
    const damaged = Buffer.concat([
      bytes.subarray(0, start),
      Buffer.from([0x15, 0x00, 0x15, 0xfe, 0xff, 0xff, 0xff, 0x0f, 0x15, 0xfe, 0xff, 0xff, 0xff, 0x0f]),
      bytes.subarray(start + 14),
    ]);
    writeFileSync(path, damaged);
    const error = await failure(path);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).code).toBe('PARQUET_INVALID');
  });
});
