import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Field,
  Float64,
  Int32,
  List,
  type RecordBatch,
  type Schema,
  Table,
  tableToIPC,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import { type ReadOptions, readBatches } from '../../src/index.js';
import { loadParquetWasm, parquetWasm } from '../../src/io/parquet-wasm.js';

// The fixtures below write Parquet with parquet-wasm, which the library loads on first use.
await loadParquetWasm();

export const datasetsDir = join(import.meta.dirname, '..', '..', 'datasets');

/** Reads a whole dataset: its batches, schema, row count. */
export async function readAll(
  paths: string | string[],
  options: ReadOptions = {},
): Promise<{ batches: RecordBatch[]; schema: Schema; rows: number }> {
  const batches: RecordBatch[] = [];
  for await (const batch of readBatches(paths, options)) batches.push(batch);
  return { batches, schema: batches[0]!.schema, rows: batches.reduce((n, b) => n + b.numRows, 0) };
}

/** `name: Type` per column, e.g. `fare: Float64`. */
export function typesOf(schema: Schema): Record<string, string> {
  return Object.fromEntries(schema.fields.map((f) => [f.name, String(f.type)]));
}

/** All values of one column across batches (Arrow's JS values). */
export function columnValues(batches: readonly RecordBatch[], name: string): unknown[] {
  return batches.flatMap((b) => [...(b.getChild(name) ?? [])]);
}

/**
 * Writes `rows` rows in row groups of `groupRows` to `path` with parquet-wasm's writer (arrow-rs):
 * floats with and without nulls, a 32-bit int, a dictionary-encoded string and a list column, with
 * page-level statistics, so the file has page indexes after its row groups.
 */
export function writeRowGroupsFixture(path: string, rows: number, groupRows: number): void {
  const wasm = parquetWasm();
  const table = new Table({
    f: vectorFromArray(Float64Array.from({ length: rows }, (_, i) => i * 0.5)),
    i: vectorFromArray(Int32Array.from({ length: rows }, (_, i) => (i * 7919) % 1000)),
    s: vectorFromArray(
      Array.from({ length: rows }, (_, i) => `v${i % 13}`),
      new Utf8(),
    ),
    n: vectorFromArray(
      Array.from({ length: rows }, (_, i) => (i % 5 === 0 ? null : i)),
      new Float64(),
    ),
    l: vectorFromArray(
      Array.from({ length: rows }, (_, i) => Array.from({ length: i % 3 }, (_, k) => i + k)),
      new List(new Field('item', new Int32(), true)),
    ),
  });
  const properties = new wasm.WriterPropertiesBuilder()
    .setMaxRowGroupSize(groupRows)
    .setStatisticsEnabled(wasm.EnabledStatistics.Page)
    .setCompression(wasm.Compression.SNAPPY)
    .build();
  writeFileSync(path, wasm.writeParquet(wasm.Table.fromIPCStream(tableToIPC(table, 'stream')), properties));
}
