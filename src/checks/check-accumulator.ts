import type { RecordBatch } from 'apache-arrow/recordbatch';
import { arrowTypeName, columnsOf, type ValueType, valueTypeOf } from './arrow-values.js';
import { CheckError } from './check-error.js';
import { type CheckPlan, checkSetOf, planFingerprint } from './check-plan.js';
import { type ColumnTypes, type CompiledChecks, columnTypesFromBatch, compileChecks } from './compile-checks.js';
import { BatchColumns } from './compile-row.js';
import {
  type CellValue,
  cellAt,
  type ExampleEntry,
  entryOrder,
  KeyAccumulator,
  type KeyAccumulatorState,
} from './key-accumulator.js';

export const PARTIAL_CHECKS_FORMAT = 'datavet.partial-checks';
export const PARTIAL_CHECKS_VERSION = 1;

/** Plain, JSON-serialisable state of a {@link CheckAccumulator} (carried in partial statistics files). */
export interface CheckAccumulatorState {
  readonly format: typeof PARTIAL_CHECKS_FORMAT;
  readonly version: number;
  readonly plan: CheckPlan;
  readonly rows: number;
  readonly files: readonly string[];
  readonly row: readonly {
    readonly name: string;
    readonly evaluated: number;
    readonly failing: number;
    readonly examples: ExampleEntry[];
  }[];
  readonly keys: readonly KeyAccumulatorState[];
  readonly maxStrings: readonly { readonly column: string; readonly value: string | null }[];
}

/** Where a batch comes from: its file, and the 1-based row number of its first row in that file. */
export interface BatchOrigin {
  readonly file: string;
  readonly firstRow: number;
}

/** A row check's measurement over the data. */
export interface RowMeasurement {
  readonly name: string;
  /** Rows the check applied to (its `when` held) and whose condition was not unknown. */
  readonly evaluated: number;
  readonly failing: number;
  readonly examples: readonly ExampleRow[];
  /** The columns shown in examples. */
  readonly columns: readonly string[];
}

/** A row shown as an example of a failure. */
export interface ExampleRow {
  readonly file: string;
  /** 1-based data row of the file (a CSV's header is not a row). */
  readonly row: number;
  readonly values: Readonly<Record<string, CellValue>>;
}

/** What the pass measured for the checks: per row check, per key column list, the greatest strings. */
export interface CheckMeasurements {
  readonly rows: number;
  readonly types: ColumnTypes;
  readonly row: readonly RowMeasurement[];
  readonly keys: ReadonlyMap<
    string,
    {
      readonly rows: number;
      readonly distinct: number;
      readonly duplicates: number;
      readonly estimated: boolean;
      readonly relativeError?: number;
      readonly columns: readonly string[];
      readonly examples: readonly ExampleRow[];
    }
  >;
  readonly maxStrings: ReadonlyMap<string, string | null>;
}

interface RowState {
  evaluated: number;
  failing: number;
  examples: ExampleEntry[];
}

/**
 * The checks' share of a statistics pass: it consumes the same record batches as the statistics
 * accumulator (row checks as vectorised masks, key accumulators, greatest strings), merges with
 * the accumulator of the input that follows, and serialises to plain state, so that `--jobs`,
 * partial states and `merge` give the result of one pass.
 */
export class CheckAccumulator {
  private compiled: CompiledChecks | undefined;
  private types: ColumnTypes | undefined;
  private rows = 0;
  private readonly files: string[] = [];
  private readonly fileIndex = new Map<string, number>();
  private readonly rowStates = new Map<string, RowState>();
  private readonly keyAccs = new Map<string, KeyAccumulator>();
  private readonly maxStrings = new Map<string, string | null>();
  private checkedTypes = false;

  constructor(readonly plan: CheckPlan) {
    if (plan.types) this.prepare(new Map(plan.types));
  }

  private prepare(types: ColumnTypes): CompiledChecks {
    this.types = types;
    const compiled = compileChecks(checkSetOf(this.plan), types);
    this.compiled = compiled;
    for (const c of compiled.row) this.rowStates.set(c.definition.name, { evaluated: 0, failing: 0, examples: [] });
    for (const key of compiled.keys) {
      this.keyAccs.set(
        key.id,
        new KeyAccumulator(
          key.id,
          key.columns,
          key.columns.map((c) => types.get(c)!),
          this.plan.maxExamples,
          this.plan.maxExactKeys,
          this.files,
        ),
      );
    }
    for (const column of compiled.maxStrings) this.maxStrings.set(column, null);
    return compiled;
  }

  private file(path: string): number {
    let i = this.fileIndex.get(path);
    if (i === undefined) {
      i = this.files.length;
      this.files.push(path);
      this.fileIndex.set(path, i);
    }
    return i;
  }

  /** Consumes one record batch of `origin`. */
  add(batch: RecordBatch, origin: BatchOrigin): void {
    const compiled = this.compiled ?? this.prepare(columnTypesFromBatch(batch));
    const columns = columnsOf(batch);
    if (!this.checkedTypes) {
      this.assertTypes(columns);
      this.checkedTypes = true;
    }
    const n = batch.numRows;
    const b = new BatchColumns(columns, n);
    const file = this.file(origin.file);
    this.rows += n;
    const maxExamples = this.plan.maxExamples;
    for (const check of compiled.row) {
      const state = this.rowStates.get(check.definition.name)!;
      const truth = check.predicate(b);
      const when = check.when?.(b);
      let evaluated = 0;
      let failing = 0;
      if (when) {
        for (let i = 0; i < n; i++) {
          if (when[i] !== 1) continue;
          const t = truth[i]!;
          if (t !== 2) evaluated++;
          if (t === 0) failing++;
        }
      } else {
        for (let i = 0; i < n; i++) {
          const t = truth[i]!;
          if (t !== 2) evaluated++;
          if (t === 0) failing++;
        }
      }
      state.evaluated += evaluated;
      state.failing += failing;
      // Examples are the first failing rows by (file path, row): this batch's rows are wanted
      // while there is room, or when its file sorts before the last example's.
      const last = state.examples[maxExamples - 1];
      if (failing > 0 && maxExamples > 0 && (!last || this.files[file]! < this.files[last[0]]!)) {
        const cols = check.columns.map((c) => this.column(b, c));
        let taken = 0;
        for (let i = 0; i < n && taken < maxExamples; i++) {
          if (truth[i] === 0 && (!when || when[i] === 1)) {
            state.examples.push([file, origin.firstRow + i, cols.map((col) => cellAt(col, i))]);
            taken++;
          }
        }
        state.examples = state.examples.sort(entryOrder(this.files)).slice(0, maxExamples);
      }
    }
    for (const acc of this.keyAccs.values()) acc.add(b, file, origin.firstRow);
    for (const [column, current] of this.maxStrings) {
      let best = current;
      for (const s of b.string(column)) if (s !== null && (best === null || s > best)) best = s;
      this.maxStrings.set(column, best);
    }
  }

  private column(b: BatchColumns, name: string) {
    const t = this.types!.get(name);
    return t === 'number' ? b.number(name) : t === 'string' ? b.string(name) : b.bool(name);
  }

  /** The data's columns must read as the types the checks were compiled against (a string column cannot be a number). */
  private assertTypes(columns: ReadonlyMap<string, import('apache-arrow').Data>): void {
    const compiled = this.compiled!;
    const read = new Set([
      ...compiled.row.flatMap((c) => c.columns),
      ...compiled.keys.flatMap((k) => k.columns),
      ...compiled.maxStrings,
    ]);
    for (const name of read) {
      const expected = this.types!.get(name)!;
      const data = columns.get(name);
      // An absent or all-missing column reads as missing whatever its type.
      if (!data || data.nullCount === data.length) continue;
      const actual: ValueType | undefined = valueTypeOf(data);
      if (actual === expected || expected === 'string') continue;
      throw new CheckError(
        'CHECK_TYPE',
        `column '${name}' is ${arrowTypeName(data)} in the data, but the checks read it as a ${expected} (from the schema)`,
        {
          location: { feature: name },
          hint: 'fix the schema, or read the column with the intended type (e.g. --null-values for placeholder strings)',
        },
      );
    }
  }

  /** Merges the accumulator of another share of the input (any share, in any order: the result is the same). */
  merge(other: CheckAccumulator): this {
    if (planFingerprint(other.plan) !== planFingerprint(this.plan)) {
      throw new CheckError('CHECK_PARTIAL_MISMATCH', 'the partial states were computed with different checks', {
        hint: 'compute every partial state with the same checks file',
      });
    }
    if (!other.compiled) return this;
    if (!this.compiled) this.prepare(other.types!);
    const fileMap = other.files.map((f) => this.file(f));
    const remap = (e: ExampleEntry): ExampleEntry => [fileMap[e[0]]!, e[1], e[2]];
    this.rows += other.rows;
    for (const [name, s] of other.rowStates) {
      const mine = this.rowStates.get(name)!;
      mine.evaluated += s.evaluated;
      mine.failing += s.failing;
      mine.examples = [...mine.examples, ...s.examples.map(remap)]
        .sort(entryOrder(this.files))
        .slice(0, this.plan.maxExamples);
    }
    for (const [id, acc] of other.keyAccs) this.keyAccs.get(id)!.merge(acc, fileMap);
    for (const [column, value] of other.maxStrings) {
      const mine = this.maxStrings.get(column) ?? null;
      if (value !== null && (mine === null || value > mine)) this.maxStrings.set(column, value);
    }
    return this;
  }

  toState(): CheckAccumulatorState {
    const plan = this.types && !this.plan.types ? { ...this.plan, types: [...this.types] } : this.plan;
    return {
      format: PARTIAL_CHECKS_FORMAT,
      version: PARTIAL_CHECKS_VERSION,
      plan,
      rows: this.rows,
      files: this.files,
      row: [...this.rowStates].map(([name, s]) => ({ name, ...s })),
      keys: [...this.keyAccs.values()].map((k) => k.toState()),
      maxStrings: [...this.maxStrings].map(([column, value]) => ({ column, value })),
    };
  }

  static fromState(state: CheckAccumulatorState): CheckAccumulator {
    if (state?.format !== PARTIAL_CHECKS_FORMAT) {
      throw new CheckError('CHECK_PARTIAL_FORMAT', 'not a datavet partial check state');
    }
    if (state.version !== PARTIAL_CHECKS_VERSION) {
      throw new CheckError('CHECK_PARTIAL_FORMAT', `unsupported partial check state version ${state.version}`);
    }
    const { types, ...rest } = state.plan;
    const acc = new CheckAccumulator(rest);
    if (types) {
      // The plan without types (computed from the first batch) keeps its fingerprint; the types come back.
      acc.prepare(new Map(types));
      acc.checkedTypes = true;
    }
    acc.rows = state.rows;
    for (const f of state.files) acc.file(f);
    for (const r of state.row) {
      const s = acc.rowStates.get(r.name);
      if (s) Object.assign(s, { evaluated: r.evaluated, failing: r.failing, examples: r.examples });
    }
    for (const k of state.keys) acc.keyAccs.get(k.id)?.loadState(k);
    for (const m of state.maxStrings) acc.maxStrings.set(m.column, m.value);
    return acc;
  }

  /** What the pass measured, with example rows resolved to file names and column values. */
  finish(): CheckMeasurements {
    const compiled = this.compiled;
    const example =
      (columns: readonly string[]) =>
      ([f, row, values]: ExampleEntry): ExampleRow => {
        const out: Record<string, CellValue> = Object.create(null);
        columns.forEach((c, i) => {
          out[c] = values[i] ?? null;
        });
        return { file: this.files[f]!, row, values: out };
      };
    const row: RowMeasurement[] = (compiled?.row ?? []).map((c) => {
      const s = this.rowStates.get(c.definition.name)!;
      return {
        name: c.definition.name,
        evaluated: s.evaluated,
        failing: s.failing,
        columns: c.columns,
        examples: s.examples.map(example(c.columns)),
      };
    });
    const keys = new Map(
      [...this.keyAccs].map(([id, acc]) => [
        id,
        { rows: acc.rows, columns: acc.columns, ...acc.result(), examples: acc.examples.map(example(acc.columns)) },
      ]),
    );
    return { rows: this.rows, types: this.types ?? new Map(), row, keys, maxStrings: new Map(this.maxStrings) };
  }
}
