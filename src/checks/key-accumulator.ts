import type { ValueType } from './arrow-values.js';
import type { BatchColumns } from './compile-row.js';
import { DistinctSketch } from './distinct-sketch.js';

/** A value as examples show it. */
export type CellValue = string | number | boolean | null;

/** An example row: index into the accumulator's file table, 1-based row of that file, the values shown. */
export type ExampleEntry = [file: number, row: number, values: CellValue[]];

/** Plain state of a {@link KeyAccumulator}. */
export interface KeyAccumulatorState {
  readonly id: string;
  readonly rows: number;
  readonly duplicates: number;
  /** [key, file, row] of each distinct key's first row, while exact. */
  readonly exact: [string, number, number][] | null;
  readonly sketch: string | null;
  readonly examples: ExampleEntry[];
}

/** Rows of one file fit in 2^32, so (file, row) packs into one exact double. */
const FILE_STRIDE = 4294967296;

/**
 * The order of rows across files: by file path, then row. Examples are the first rows in this
 * order, and of rows sharing a key the first is the original and the others repeat it, so that
 * results do not depend on how the input was split between threads or partial states, nor on
 * the order their states merge in.
 */
export function entryOrder(files: readonly string[]): (a: ExampleEntry, b: ExampleEntry) => number {
  return (a, b) => (a[0] === b[0] ? a[1] - b[1] : files[a[0]]! < files[b[0]]! ? -1 : 1);
}

/**
 * Distinct keys of a column (or tuple of columns) and the rows repeating one, for `unique`
 * checks and the distinct / duplicate count metrics. Exact (each key with its first row) up to
 * `maxExact` keys; beyond, a HyperLogLog sketch estimates the distinct count, and the duplicate
 * count is rows minus that estimate. Rows with a missing key column are not counted.
 */
export class KeyAccumulator {
  rows = 0;
  duplicates = 0;
  exact: Map<string, number> | null = new Map();
  sketch: DistinctSketch | null = null;
  examples: ExampleEntry[] = [];

  constructor(
    readonly id: string,
    readonly columns: readonly string[],
    readonly types: readonly ValueType[],
    private readonly maxExamples: number,
    private readonly maxExact: number,
    /** The owner's file table (grows as files are added). */
    private readonly files: readonly string[],
  ) {}

  /** Whether (file a, row a) comes before (file b, row b) in {@link entryOrder}. */
  private before(fa: number, ra: number, fb: number, rb: number): boolean {
    return fa === fb ? ra < rb : this.files[fa]! < this.files[fb]!;
  }

  /** Records a repeat of `key` at (file, row), keeping the first rows in order. */
  private repeat(file: number, row: number, key: string): void {
    this.duplicates++;
    const examples = this.examples;
    if (examples.length < this.maxExamples) examples.push([file, row, this.valuesOf(key)]);
    else {
      const last = examples[examples.length - 1]!;
      if (!this.before(file, row, last[0], last[1])) return;
      examples[examples.length - 1] = [file, row, this.valuesOf(key)];
    }
    examples.sort(entryOrder(this.files));
  }

  /** A first row of `key` at (file, row): it becomes the key's original if it comes before the one held. */
  private occurrence(key: string, file: number, row: number): void {
    const exact = this.exact!;
    const held = exact.get(key);
    if (held === undefined) {
      exact.set(key, file * FILE_STRIDE + row);
      return;
    }
    const hf = Math.floor(held / FILE_STRIDE);
    const hr = held % FILE_STRIDE;
    if (this.before(file, row, hf, hr)) {
      exact.set(key, file * FILE_STRIDE + row);
      this.repeat(hf, hr, key);
    } else this.repeat(file, row, key);
  }

  add(b: BatchColumns, file: number, firstRow: number): void {
    const n = b.length;
    const cols = this.columns.map((c, i) =>
      this.types[i] === 'number' ? b.number(c) : this.types[i] === 'string' ? b.string(c) : b.bool(c),
    );
    const single = cols.length === 1;
    for (let i = 0; i < n; i++) {
      let key: string | undefined;
      if (single) key = keyPart(cols[0]!, i);
      else {
        const parts: CellValue[] = [];
        for (const col of cols) {
          const v = cellAt(col, i);
          if (v === null) {
            parts.length = 0;
            break;
          }
          parts.push(v);
        }
        key = parts.length === cols.length ? JSON.stringify(parts) : undefined;
      }
      if (key === undefined) continue;
      this.rows++;
      if (this.exact) {
        this.occurrence(key, file, firstRow + i);
        if (this.exact.size > this.maxExact) this.toSketch();
      } else this.sketch!.add(key);
    }
  }

  /** The values of a key, for an example. */
  private valuesOf(key: string): CellValue[] {
    if (this.columns.length > 1) return JSON.parse(key) as CellValue[];
    return [fromKeyPart(key)];
  }

  private toSketch(): void {
    const sketch = this.sketch ?? new DistinctSketch();
    for (const key of this.exact?.keys() ?? []) sketch.add(key);
    this.exact = null;
    this.sketch = sketch;
  }

  /**
   * Merges another share's accumulator (in any order); `fileMap` maps its file indexes to ours.
   * Of two first rows of a shared key, the later one is a repeat.
   */
  merge(other: KeyAccumulator, fileMap: readonly number[]): void {
    const remap = (e: ExampleEntry): ExampleEntry => [fileMap[e[0]]!, e[1], e[2]];
    const candidates = [...this.examples, ...other.examples.map(remap)];
    this.duplicates += other.duplicates;
    this.rows += other.rows;
    if (this.exact && other.exact) {
      // Repeats found here are recorded through `repeat`, on top of both example lists.
      this.examples = candidates.sort(entryOrder(this.files)).slice(0, this.maxExamples);
      for (const [key, loc] of other.exact)
        this.occurrence(key, fileMap[Math.floor(loc / FILE_STRIDE)]!, loc % FILE_STRIDE);
      if (this.exact.size > this.maxExact) this.toSketch();
      return;
    }
    this.toSketch();
    if (other.exact) for (const key of other.exact.keys()) this.sketch!.add(key);
    else this.sketch!.merge(other.sketch!);
    this.examples = candidates.sort(entryOrder(this.files)).slice(0, this.maxExamples);
  }

  /** Distinct keys (estimated past the exact bound) and repeated rows. */
  result(): { distinct: number; duplicates: number; estimated: boolean; relativeError?: number } {
    if (this.exact) return { distinct: this.exact.size, duplicates: this.duplicates, estimated: false };
    const distinct = Math.min(this.rows, Math.round(this.sketch!.estimate()));
    return {
      distinct,
      duplicates: this.rows - distinct,
      estimated: true,
      relativeError: DistinctSketch.RELATIVE_STANDARD_ERROR,
    };
  }

  toState(): KeyAccumulatorState {
    return {
      id: this.id,
      rows: this.rows,
      duplicates: this.duplicates,
      exact: this.exact
        ? [...this.exact].map(([k, loc]) => [k, Math.floor(loc / FILE_STRIDE), loc % FILE_STRIDE])
        : null,
      sketch: this.sketch ? this.sketch.toState() : null,
      examples: this.examples,
    };
  }

  loadState(state: KeyAccumulatorState): void {
    this.rows = state.rows;
    this.duplicates = state.duplicates;
    this.exact = state.exact ? new Map(state.exact.map(([k, f, r]) => [k, f * FILE_STRIDE + r])) : null;
    this.sketch = state.sketch !== null ? DistinctSketch.fromState(state.sketch) : null;
    this.examples = state.examples;
  }
}

type Column = { values: Float64Array; valid: Uint8Array | null } | (string | null)[] | Uint8Array;

/** The value at row i of a decoded column (null when missing). */
export function cellAt(col: Column, i: number): CellValue {
  if (Array.isArray(col)) return col[i] ?? null;
  if (col instanceof Uint8Array) return col[i] === 2 ? null : col[i] === 1;
  return col.valid && !col.valid[i] ? null : col.values[i]!;
}

/** A one-column key: the value with a type tag, so that 1 and '1' differ. */
function keyPart(col: Column, i: number): string | undefined {
  if (Array.isArray(col)) {
    const s = col[i];
    return s === null || s === undefined ? undefined : `s${s}`;
  }
  if (col instanceof Uint8Array) return col[i] === 2 ? undefined : `b${col[i]}`;
  return col.valid && !col.valid[i] ? undefined : `n${col.values[i]}`;
}

function fromKeyPart(key: string): CellValue {
  const tag = key[0];
  const rest = key.slice(1);
  if (tag === 'n') return Number(rest);
  if (tag === 'b') return rest === '1';
  return rest;
}
