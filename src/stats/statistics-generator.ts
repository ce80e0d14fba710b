import type { Data } from 'apache-arrow/data';
import type { RecordBatch } from 'apache-arrow/recordbatch';
import type { CustomStatistic } from '../tfmd/types.js';
import { isListType, isUnsigned, isValid, leafKind, numericValuesOf, offsetsOf, wideAt } from './arrow-column.js';

/**
 * The examples of one dataset (the unsliced one or a slice) in one record batch, as a user
 * statistics generator sees them.
 */
export interface ExampleBatch {
  readonly batch: RecordBatch;
  /** The batch's rows in this dataset, in order (null: every row). */
  readonly rows: Int32Array | null;
  /** Number of examples (rows selected). */
  readonly count: number;
  /** Example weights, aligned with the selected rows (null unless a weight feature is set). */
  readonly weights: Float64Array | null;
  /**
   * The first value of column `name` in each selected example as a number (booleans 0/1, 64-bit
   * integers exact up to 2^53); NaN where the example has none, or the column is absent or not
   * numeric.
   */
  numbers(name: string): Float64Array;
}

/** Custom statistics a generator writes for one feature of a dataset. */
export interface GeneratedStatistics {
  /** The feature's path (a top-level feature: its name). It must be a feature of the data. */
  readonly path: readonly string[];
  readonly customStats: readonly CustomStatistic[];
}

/**
 * A user statistics generator (TFDV's CombinerStatsGenerator; `StatisticsOptions.generators`):
 * a mergeable accumulator over record batches whose result goes into the statistics as custom
 * stats. datavet runs it once per dataset (the unsliced one and each slice), merges its states
 * across files, workers and `datavet merge`, and saves `toState` in the partial statistics, so
 * the state must be plain JSON data. The merge laws (test/stats/merge-law.ts) hold for it as for
 * the built-in statistics: `merge` must be associative and commutative with `init()` its identity.
 */
export interface StatisticsGenerator<State = unknown, Saved = unknown> {
  /** Unique among the generators of a run; partial statistics store the state under it. */
  readonly name: string;
  init(): State;
  /** Adds one batch's examples (may mutate and return `state`). */
  add(state: State, examples: ExampleBatch): State;
  /** Folds `b` into `a` (may mutate `a`, never `b`). */
  merge(a: State, b: State): State;
  finish(state: State): readonly GeneratedStatistics[];
  toState(state: State): Saved;
  fromState(saved: Saved): State;
}

/** The {@link ExampleBatch} of `rows` of `batch` (see {@link ExampleBatch.numbers}). */
export function exampleBatch(
  batch: RecordBatch,
  rows: Int32Array | null,
  count: number,
  weights: Float64Array | null,
): ExampleBatch {
  return {
    batch,
    rows,
    count,
    weights,
    numbers(name) {
      const out = new Float64Array(count).fill(Number.NaN);
      const i = batch.schema.fields.findIndex((f) => f.name === name);
      if (i >= 0) firstNumbers(batch.data.children[i]!, rows, count, out);
      return out;
    },
  };
}

function firstNumbers(data: Data, rows: Int32Array | null, count: number, out: Float64Array): void {
  const lists: Data[] = [];
  let leaf = data;
  while (isListType(leaf)) {
    lists.push(leaf);
    leaf = leaf.children[0]!;
  }
  const kind = leafKind(leaf);
  if (kind !== 'int' && kind !== 'float' && kind !== 'bool') return;
  const { values, wide } = numericValuesOf(leaf);
  const unsigned = isUnsigned(leaf);
  for (let k = 0; k < count; k++) {
    const r = rows === null ? k : rows[k]!;
    if (!isValid(data, r)) continue;
    let s = r;
    let e = r + 1;
    for (const list of lists) {
      const off = offsetsOf(list);
      s = off[s]!;
      e = off[e]!;
    }
    if (e <= s || !isValid(leaf, s)) continue;
    if (kind === 'bool') {
      const j = leaf.offset + s;
      out[k] = ((leaf.values as Uint8Array)[j >> 3]! >> (j & 7)) & 1;
    } else out[k] = wide ? wideAt(values, s, unsigned) : values[s]!;
  }
}
