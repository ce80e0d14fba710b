import { join } from 'node:path';
import type { RecordBatch, Schema } from 'apache-arrow';
import { type ReadOptions, readBatches } from '../../src/index.js';

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
