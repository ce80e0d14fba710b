import type { Data } from 'apache-arrow/data';
import type { RecordBatch } from 'apache-arrow/recordbatch';
import { InputError, UsageError } from '../_util/errors.js';
import type { DatasetFeatureStatistics, DatasetFeatureStatisticsList, FeatureNameStatistics } from '../tfmd/types.js';
import { DEFAULT_SLICE_NAME, featurePathText } from '../tfmd/vocabulary.js';
import { isListType, isValid, leafKind, numericValuesOf, offsetsOf, wideAt } from './arrow-column.js';
import {
  FeatureAccumulator,
  type FeatureAccumulatorState,
  pythonFloatText,
  type RowSelection,
} from './feature-accumulator.js';
import { type PlainColumn, recordBatchFromPlainColumns } from './plain-columns.js';
import { exampleBatch } from './statistics-generator.js';
import {
  assertMergeableOptions,
  loadStatisticsOptions,
  type ResolvedStatisticsOptions,
  resolveStatisticsOptions,
  type SavedStatisticsOptions,
  type StatisticsOptions,
  saveStatisticsOptions,
} from './statistics-options.js';

/** Name of the unsliced dataset, as TFDV writes it (kept for the stats API). */
export const ALL_EXAMPLES = DEFAULT_SLICE_NAME;

/**
 * A sealed accumulator ({@link StatisticsAccumulator.seal}) as it crosses to another thread: the
 * example counts and each feature's finished statistics, plain data.
 */
export interface SealedStatistics {
  readonly datasets: {
    readonly name: string;
    readonly numExamples: number;
    readonly weightedNumExamples: number;
    readonly features: readonly (readonly [string, FeatureNameStatistics[]])[];
  }[];
}

/** Format tag and version of serialised partial statistics. */
export const PARTIAL_STATISTICS_FORMAT = 'datavet.partial-statistics';
export const PARTIAL_STATISTICS_VERSION = 1;

interface DatasetAccumulator {
  numExamples: number;
  weightedNumExamples: number;
  features: Map<string, FeatureAccumulator>;
  /** Once sealed ({@link StatisticsAccumulator.seal}): each feature's finished statistics, in feature order. */
  finished?: Map<string, FeatureNameStatistics[]>;
  /** The state of each user generator (options.generators, same order). */
  generators: unknown[];
}

/** Serialised accumulator: what `datavet stats --partial` writes and `datavet merge` reads. */
export interface StatisticsAccumulatorState {
  readonly format: typeof PARTIAL_STATISTICS_FORMAT;
  readonly version: number;
  readonly options: SavedStatisticsOptions;
  readonly datasets: {
    name: string;
    numExamples: number;
    weightedNumExamples: number;
    features: FeatureAccumulatorState[];
    /** Each user generator's state by its name (absent in files written without generators). */
    generators?: Record<string, unknown>;
  }[];
}

const utf8 = new TextDecoder();

/** The distinct values of a slicing feature in row `r`, as slice-key text. */
function sliceValues(data: Data, r: number): string[] {
  let s = r;
  let e = r + 1;
  let leaf = data;
  while (isListType(leaf)) {
    if (!isValid(leaf, s) && e === s + 1 && leaf === data) return [];
    const off = offsetsOf(leaf);
    s = off[s]!;
    e = off[e]!;
    leaf = leaf.children[0]!;
  }
  const kind = leafKind(leaf);
  const out = new Set<string>();
  for (let i = s; i < e; i++) {
    if (!isValid(leaf, i)) continue;
    if (kind === 'string') {
      if (leaf.dictionary !== undefined) {
        const dict = leaf.dictionary.data[0]!;
        const idx = (leaf.values as ArrayLike<number>)[i]!;
        const off = offsetsOf(dict);
        out.add(utf8.decode((dict.values as Uint8Array).subarray(off[idx]!, off[idx + 1]!)));
      } else {
        const off = offsetsOf(leaf);
        out.add(utf8.decode((leaf.values as Uint8Array).subarray(off[i]!, off[i + 1]!)));
      }
    } else if (kind === 'int' || kind === 'float') {
      const { values, wide } = numericValuesOf(leaf);
      const v = wide ? wideAt(values, i, false) : values[i]!;
      out.add(kind === 'float' ? pythonFloatText(v) : String(v));
    } else if (kind === 'bool') {
      const j = leaf.offset + i;
      out.add(String(((leaf.values as Uint8Array)[j >> 3]! >> (j & 7)) & 1));
    }
  }
  return [...out];
}

/** One number per example from the weight column; TFDV requires exactly one value. */
function exampleWeights(batch: RecordBatch, name: string): Float64Array {
  const index = batch.schema.fields.findIndex((f) => f.name === name);
  if (index < 0) {
    throw new InputError('STATS_WEIGHT_MISSING', `weight feature '${name}' is not a column of the data`, {
      location: { feature: name },
      hint: 'check --weight against the column names',
    });
  }
  const data = batch.data.children[index]!;
  const weights = new Float64Array(batch.numRows);
  let leaf = data;
  const levels: Data[] = [];
  while (isListType(leaf)) {
    levels.push(leaf);
    leaf = leaf.children[0]!;
  }
  const kind = leafKind(leaf);
  if (kind !== 'int' && kind !== 'float') {
    throw new InputError('STATS_WEIGHT_NOT_NUMERIC', `weight feature '${name}' must be numeric`, {
      location: { feature: name },
    });
  }
  const { values, wide } = numericValuesOf(leaf);
  for (let r = 0; r < batch.numRows; r++) {
    let s = r;
    let e = r + 1;
    let ok = isValid(data, r);
    for (const level of levels) {
      const off = offsetsOf(level);
      s = off[s]!;
      e = off[e]!;
    }
    ok = ok && e - s === 1 && isValid(leaf, s);
    if (!ok) {
      throw new InputError(
        'STATS_WEIGHT_INVALID',
        `weight feature '${name}' must have exactly one value in every example`,
        {
          location: { feature: name, row: r },
        },
      );
    }
    weights[r] = wide ? wideAt(values, s, false) : values[s]!;
  }
  return weights;
}

/**
 * The statistics accumulator: every feature of every slice, mergeable and serialisable
 *. `add` takes Arrow record batches; `finish` gives TFDV's
 * DatasetFeatureStatisticsList (the unsliced "All Examples" first, then slices by name).
 */
export class StatisticsAccumulator {
  readonly options: ResolvedStatisticsOptions;
  private readonly datasets = new Map<string, DatasetAccumulator>();
  /**
   * Features finished by {@link finishAhead}. Every method that adds or merges clears it
   * ({@link changing}), so an entry always holds the statistics of the feature and example counts
   * as they are now.
   */
  private readonly ahead = new Map<FeatureAccumulator, FeatureNameStatistics[]>();

  /** `resolved` (already checked options) wins over `options` when given. */
  constructor(options: StatisticsOptions = {}, resolved?: ResolvedStatisticsOptions) {
    this.options = resolved ?? resolveStatisticsOptions(options);
    this.dataset(ALL_EXAMPLES);
  }

  private get weighted(): boolean {
    return this.options.weightFeature !== undefined;
  }

  /** Whether the features were finished and their sketches released ({@link seal}). */
  get sealed(): boolean {
    return this.dataset(ALL_EXAMPLES).finished !== undefined;
  }

  /** Refuses `what` on a sealed accumulator: it holds finished statistics, not sketches. */
  private mutable(what: string): void {
    if (this.sealed) {
      throw new UsageError(`sealed statistics cannot be ${what}: their features are finished and their sketches gone`, {
        hint: 'seal an accumulator only when nothing but finish() follows',
      });
    }
  }

  /**
   * Before adding or merging: refuses it when sealed ({@link mutable}) and drops what
   * {@link finishAhead} finished, which the change makes stale.
   */
  private changing(what: string): void {
    this.mutable(what);
    this.ahead.clear();
  }

  /**
   * Finishes every feature now and keeps only the results, releasing the sketches (megabytes per
   * numeric feature): for a caller that will only {@link finish}, such as one thread reading a
   * Parquet file a column at a time, which then holds one column's sketches at a time rather than
   * all of them. A sealed accumulator can still be joined by columns with another sealed one and
   * finished; adding, merging and saving its state are refused.
   */
  seal(): this {
    if (this.sealed) return this;
    if (this.options.generators.length > 0) throw new UsageError('statistics with user generators cannot be sealed');
    for (const d of this.datasets.values()) {
      d.finished = new Map([...d.features].map(([name, f]) => [name, this.finishFeature(f, d)]));
      d.features.clear();
    }
    this.ahead.clear();
    return this;
  }

  /** A sealed accumulator as plain data, for another thread ({@link fromSealed}). */
  sealedStatistics(): SealedStatistics {
    if (!this.sealed) throw new UsageError('only sealed statistics can be sent as finished statistics');
    return {
      datasets: [...this.datasets].map(([name, d]) => ({
        name,
        numExamples: d.numExamples,
        weightedNumExamples: d.weightedNumExamples,
        features: [...d.finished!],
      })),
    };
  }

  /** The sealed accumulator that {@link sealedStatistics} describes, with `options` (no user generators). */
  static fromSealed(sealed: SealedStatistics, options: StatisticsOptions): StatisticsAccumulator {
    const acc = new StatisticsAccumulator(options);
    if (acc.options.generators.length > 0) throw new UsageError('sealed statistics cannot carry user generators');
    for (const d of sealed.datasets) {
      const target = acc.dataset(d.name);
      target.numExamples = d.numExamples;
      target.weightedNumExamples = d.weightedNumExamples;
      target.finished = new Map(d.features);
    }
    return acc;
  }

  private dataset(name: string): DatasetAccumulator {
    let d = this.datasets.get(name);
    if (!d) {
      d = {
        numExamples: 0,
        weightedNumExamples: 0,
        features: new Map(),
        generators: this.options.generators.map((g) => g.init()),
      };
      this.datasets.set(name, d);
    }
    return d;
  }

  private addToDataset(d: DatasetAccumulator, batch: RecordBatch, sel: RowSelection): void {
    d.numExamples += sel.count;
    if (sel.weights !== null) for (let k = 0; k < sel.count; k++) d.weightedNumExamples += sel.weights[k]!;
    const allow = this.options.featureAllowlist;
    batch.schema.fields.forEach((field, i) => {
      if (allow && !allow.includes(field.name)) return;
      let feature = d.features.get(field.name);
      if (!feature) {
        feature = new FeatureAccumulator([field.name], this.options, this.weighted);
        d.features.set(field.name, feature);
      }
      feature.add(batch.data.children[i]!, sel);
    });
    const generators = this.options.generators;
    if (generators.length > 0) {
      const examples = exampleBatch(batch, sel.index, sel.count, sel.weights);
      generators.forEach((g, i) => {
        d.generators[i] = g.add(d.generators[i], examples);
      });
    }
  }

  /** Adds a record batch (mutates and returns this accumulator). */
  add(batch: RecordBatch): this {
    this.changing('added to');
    const n = batch.numRows;
    const weights = this.options.weightFeature === undefined ? null : exampleWeights(batch, this.options.weightFeature);
    this.addToDataset(this.dataset(ALL_EXAMPLES), batch, { index: null, count: n, weights });
    if (this.options.sliceBy.length > 0) {
      for (const [key, rows] of this.sliceRows(batch)) {
        const index = Int32Array.from(rows);
        const w = weights === null ? null : Float64Array.from(rows, (r) => weights[r]!);
        this.addToDataset(this.dataset(key), batch, { index, count: index.length, weights: w });
      }
    }
    return this;
  }

  /**
   * Adds `numRows` examples given as plain JS columns (see {@link recordBatchFromPlainColumns}),
   * for callers without Arrow, e.g. serving requests. Features absent from `columns` are missing
   * in these examples.
   */
  addPlainColumns(columns: readonly PlainColumn[], numRows: number): this {
    return this.add(recordBatchFromPlainColumns(columns, numRows));
  }

  /** TFDV's feature-value slicer: an example joins one slice per combination of its values. */
  private sliceRows(batch: RecordBatch): Map<string, number[]> {
    const columns = this.options.sliceBy.map((name) => {
      const i = batch.schema.fields.findIndex((f) => f.name === name);
      if (i < 0) {
        throw new InputError('STATS_SLICE_MISSING', `slice feature '${name}' is not a column of the data`, {
          location: { feature: name },
          hint: 'check --slice-by against the column names',
        });
      }
      return batch.data.children[i]!;
    });
    const slices = new Map<string, number[]>();
    for (let r = 0; r < batch.numRows; r++) {
      let keys = [''];
      this.options.sliceBy.forEach((name, c) => {
        const values = sliceValues(columns[c]!, r);
        const next: string[] = [];
        for (const prefix of keys)
          for (const v of values) next.push(prefix === '' ? `${name}_${v}` : `${prefix}_${name}_${v}`);
        keys = next;
      });
      for (const key of keys) {
        if (key === '') continue;
        const rows = slices.get(key);
        if (rows) rows.push(r);
        else slices.set(key, [r]);
      }
    }
    return slices;
  }

  /**
   * Merges `numExamples` more examples of dataset `name` whose features' accumulators were built
   * elsewhere (see statisticsFromAggregates).
   */
  addFeatureAccumulators(name: string, numExamples: number, features: readonly FeatureAccumulator[]): this {
    this.changing('added to');
    const d = this.dataset(name);
    d.numExamples += numExamples;
    for (const f of features) {
      const key = f.path[0]!;
      const mine = d.features.get(key);
      if (mine) mine.merge(f);
      else d.features.set(key, f);
    }
    return this;
  }

  /** Folds `other` in (left unchanged). Both must have been created with the same options. */
  merge(other: StatisticsAccumulator): this {
    assertMergeableOptions(this.options, other.options);
    this.changing('merged');
    other.mutable('merged');
    for (const [name, od] of other.datasets) {
      const d = this.dataset(name);
      d.numExamples += od.numExamples;
      d.weightedNumExamples += od.weightedNumExamples;
      this.options.generators.forEach((g, i) => {
        d.generators[i] = g.merge(d.generators[i], od.generators[i]);
      });
      for (const [feature, acc] of od.features) {
        let mine = d.features.get(feature);
        if (!mine) {
          mine = new FeatureAccumulator(acc.path, this.options, this.weighted);
          d.features.set(feature, mine);
        }
        mine.merge(acc);
      }
    }
    return this;
  }

  /**
   * Adds the features of `other` (left unchanged), computed over the same examples as this one
   * but for other columns: what two threads that share a dataset by columns each hold. Nothing is
   * merged, so the result is what one accumulator given all the columns holds, with `other`'s
   * features after this one's. Both must have the same options, the same datasets with the same
   * example counts, no features in common and no user generators.
   */
  joinColumns(other: StatisticsAccumulator): this {
    assertMergeableOptions(this.options, other.options);
    if (this.options.generators.length > 0) {
      throw new UsageError('statistics with user generators cannot be joined by columns');
    }
    if (this.sealed !== other.sealed)
      throw new UsageError('statistics joined by columns must both be sealed or neither');
    const names = (a: StatisticsAccumulator) => [...a.datasets.keys()].sort().join('\u0000');
    if (names(this) !== names(other)) {
      throw new UsageError('statistics joined by columns must have the same datasets (slices)');
    }
    for (const [name, od] of other.datasets) {
      const d = this.dataset(name);
      if (d.numExamples !== od.numExamples || d.weightedNumExamples !== od.weightedNumExamples) {
        throw new UsageError(
          `statistics joined by columns must count the same examples: ${d.numExamples} and ${od.numExamples} in '${name}'`,
        );
      }
      const mine: Map<string, unknown> = d.finished ?? d.features;
      const theirs: Map<string, FeatureAccumulator | FeatureNameStatistics[]> = od.finished ?? od.features;
      for (const feature of theirs.keys()) {
        if (mine.has(feature)) throw new UsageError(`statistics joined by columns both have feature '${feature}'`);
      }
      if (d.finished) for (const [feature, results] of od.finished!) d.finished.set(feature, results);
      else for (const [feature, acc] of od.features) d.features.set(feature, acc);
    }
    return this;
  }

  /**
   * Finishes the features held now, ahead of {@link finish}, which then takes these results (once)
   * for the features unchanged since: a thread that waits for another can do its part of the
   * finishing meanwhile. Adding or merging anything drops them.
   */
  finishAhead(): this {
    if (this.sealed) return this;
    for (const d of this.datasets.values()) {
      const { numExamples, weightedNumExamples } = d;
      for (const f of d.features.values()) {
        this.ahead.set(f, f.finish(numExamples, weightedNumExamples));
      }
    }
    return this;
  }

  /** `f` finished for dataset `d`: taken from {@link finishAhead} if it was finished there. */
  private finishFeature(f: FeatureAccumulator, d: DatasetAccumulator): FeatureNameStatistics[] {
    const early = this.ahead.get(f);
    if (early === undefined) return f.finish(d.numExamples, d.weightedNumExamples);
    this.ahead.delete(f);
    return early;
  }

  /**
   * TFDV's DatasetFeatureStatisticsList for everything added so far. As in TFDV, datasets are
   * named only when slicing is on ("All Examples" and the slice keys); unsliced statistics have
   * one dataset without a name, as TFX's StatisticsGen writes them.
   */
  finish(): DatasetFeatureStatisticsList {
    const sliced = this.options.sliceBy.length > 0;
    const names = [...this.datasets.keys()].filter((n) => n !== ALL_EXAMPLES).sort();
    const datasets = [ALL_EXAMPLES, ...names].map((name) => {
      const d = this.datasets.get(name)!;
      const out: DatasetFeatureStatistics = { ...(sliced ? { name } : {}), numExamples: d.numExamples };
      if (this.weighted) out.weightedNumExamples = d.weightedNumExamples;
      out.features = d.finished
        ? [...d.finished.values()].flat()
        : [...d.features.values()].flatMap((f) => this.finishFeature(f, d));
      this.addGenerated(d, out.features);
      return out;
    });
    return { datasets };
  }

  /** The user generators' custom stats, appended to the features they name. */
  private addGenerated(d: DatasetAccumulator, features: FeatureNameStatistics[]): void {
    const generators = this.options.generators;
    if (generators.length === 0) return;
    const byPath = new Map(features.map((f) => [(f.path?.step ?? []).join('\u0000'), f]));
    generators.forEach((g, i) => {
      for (const { path, customStats } of g.finish(d.generators[i])) {
        const feature = byPath.get(path.join('\u0000'));
        if (!feature) {
          throw new UsageError(
            `statistics generator '${g.name}' wrote statistics for '${featurePathText(path)}', which is not a feature of the data`,
            { hint: 'a generator attaches custom stats to features the data has' },
          );
        }
        feature.customStats = [...(feature.customStats ?? []), ...customStats];
      }
    });
  }

  /** Plain, JSON-serialisable state (sketches and user generators' states included). */
  toState(): StatisticsAccumulatorState {
    this.mutable('saved as partial statistics');
    const generators = this.options.generators;
    return {
      format: PARTIAL_STATISTICS_FORMAT,
      version: PARTIAL_STATISTICS_VERSION,
      options: saveStatisticsOptions(this.options),
      datasets: [...this.datasets].map(([name, d]) => ({
        name,
        numExamples: d.numExamples,
        weightedNumExamples: d.weightedNumExamples,
        features: [...d.features.values()].map((f) => f.toState()),
        ...(generators.length > 0
          ? { generators: Object.fromEntries(generators.map((g, i) => [g.name, g.toState(d.generators[i])])) }
          : {}),
      })),
    };
  }

  /** Serialised state as JSON text (the partial statistics file). */
  serialize(): string {
    return JSON.stringify(this.toState());
  }

  /**
   * Rebuilds an accumulator from {@link toState}. `local` gives what the file cannot hold: the
   * user generators whose states it carries (the same ones, by name).
   */
  static fromState(
    state: StatisticsAccumulatorState,
    local: Pick<StatisticsOptions, 'generators'> = {},
  ): StatisticsAccumulator {
    if (state?.format !== PARTIAL_STATISTICS_FORMAT) {
      throw new InputError('STATS_PARTIAL_FORMAT', 'not a datavet partial statistics file', {
        hint: "write one with 'datavet stats --partial'",
      });
    }
    if (state.version !== PARTIAL_STATISTICS_VERSION) {
      throw new InputError('STATS_PARTIAL_VERSION', `unsupported partial statistics version ${state.version}`);
    }
    if (typeof state.options !== 'object' || state.options === null) {
      throw new InputError('STATS_PARTIAL_FORMAT', 'partial statistics file has no options object', {
        hint: "the file was edited or damaged: write it again with 'datavet stats --partial'",
      });
    }
    const options = loadStatisticsOptions(state.options, local);
    const acc = new StatisticsAccumulator({}, options);
    for (const d of state.datasets) {
      const target = acc.dataset(d.name);
      target.numExamples = d.numExamples;
      target.weightedNumExamples = d.weightedNumExamples;
      target.generators = savedGeneratorStates(options, d.generators ?? {});
      for (const f of d.features) {
        target.features.set(f.path[0]!, FeatureAccumulator.fromState(f, options, options.weightFeature !== undefined));
      }
    }
    return acc;
  }

  /** Parses {@link serialize} output (`local` as in {@link fromState}). */
  static deserialize(text: string, local: Pick<StatisticsOptions, 'generators'> = {}): StatisticsAccumulator {
    let state: StatisticsAccumulatorState;
    try {
      state = JSON.parse(text) as StatisticsAccumulatorState;
    } catch (error) {
      throw new InputError('STATS_PARTIAL_FORMAT', 'partial statistics file is not valid JSON', { cause: error });
    }
    return StatisticsAccumulator.fromState(state, local);
  }
}

/** The user generators' states read back from a dataset's saved `generators` (same names, both ways). */
function savedGeneratorStates(options: ResolvedStatisticsOptions, saved: Record<string, unknown>): unknown[] {
  const known = new Set(options.generators.map((g) => g.name));
  for (const name of Object.keys(saved)) {
    if (!known.has(name)) {
      throw new InputError(
        'STATS_PARTIAL_GENERATOR',
        `partial statistics carry the state of statistics generator '${name}'`,
        {
          hint: `pass the generator '${name}' (StatisticsOptions.generators) to read them`,
        },
      );
    }
  }
  return options.generators.map((g) => {
    if (!Object.hasOwn(saved, g.name)) {
      throw new InputError(
        'STATS_PARTIAL_GENERATOR',
        `partial statistics were computed without statistics generator '${g.name}'`,
        {
          hint: 'merge partial statistics computed with the same generators',
        },
      );
    }
    return g.fromState(saved[g.name]);
  });
}

/** Creates an empty statistics accumulator (its init). */
export function createStatisticsAccumulator(options: StatisticsOptions = {}): StatisticsAccumulator {
  return new StatisticsAccumulator(options);
}
