import { type Data, Type } from 'apache-arrow';
import { InputError } from '../_util/errors.js';
import type {
  CommonStatistics,
  FeatureNameStatistics,
  PresenceAndValencyStatistics,
  StatisticsFeatureType,
  WeightedCommonStatistics,
} from '../tfmd/types.js';
import {
  isListType,
  isUnsigned,
  isValid,
  type LeafKind,
  leafKind,
  numericValuesOf,
  offsetsOf,
  validityOf,
  wideAt,
} from './arrow-column.js';
import { quantilesHistogram } from './histograms.js';
import { NumericAccumulator, type NumericAccumulatorState } from './numeric-accumulator.js';
import { QuantileSketch, type QuantileSketchState } from './quantile-sketch.js';
import type { ResolvedStatisticsOptions } from './statistics-options.js';
import { StringAccumulator, type StringAccumulatorState } from './string-accumulator.js';

/**
 * Rows of a batch to add: all rows (`index` null) or the listed ones (a slice), with optional
 * per-row example weights (aligned with the selection order).
 */
export interface RowSelection {
  readonly index: Int32Array | null;
  readonly count: number;
  readonly weights: Float64Array | null;
}

/** Presence and valency counters of one nest level. */
interface LevelStats {
  nonMissing: number;
  min: number;
  max: number;
  tot: number;
  weightedNonMissing: number;
  weightedTot: number;
}

/** Serialised state of a {@link FeatureAccumulator}. */
export interface FeatureAccumulatorState {
  path: string[];
  kind: LeafKind | null;
  slots: number;
  weightedSlots: number;
  nonMissing: number;
  minNumValues: number | null;
  maxNumValues: number | null;
  totNumValues: number;
  weightedNonMissing: number;
  weightedTot: number;
  levels: LevelStats[];
  numValues: QuantileSketchState;
  numeric: NumericAccumulatorState | null;
  strings: StringAccumulatorState | null;
  children: FeatureAccumulatorState[];
}

/** Python's `str(float)` (what TFDV's categorical FLOAT stats count as the value's text). */
export function pythonFloatText(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (v === Number.POSITIVE_INFINITY) return 'inf';
  if (v === Number.NEGATIVE_INFINITY) return '-inf';
  const abs = Math.abs(v);
  if (abs !== 0 && (abs >= 1e16 || abs < 1e-4)) {
    const [mantissa, exponent] = v.toExponential().split('e') as [string, string];
    const exp = Number(exponent);
    return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return Number.isInteger(v) ? `${v.toFixed(1)}` : String(v);
}

/**
 * Everything datavet computes for one feature path: presence/valency per nest level, the
 * per-example value-count sketch, and the numeric or string leaf statistics; struct features own
 * one accumulator per child. `add` dispatches on the Arrow type once per column chunk.
 */
export class FeatureAccumulator {
  kind: LeafKind | null = null;
  /** Rows (or parent struct elements, for children) offered to this feature. */
  slots = 0;
  weightedSlots = 0;
  nonMissing = 0;
  minNumValues = Number.POSITIVE_INFINITY;
  maxNumValues = Number.NEGATIVE_INFINITY;
  totNumValues = 0;
  weightedNonMissing = 0;
  weightedTot = 0;
  /** Per nest level, only kept for nested lists (nest level > 1). */
  levels: LevelStats[] = [];
  numValues: QuantileSketch;
  numeric: NumericAccumulator | null = null;
  strings: StringAccumulator | null = null;
  readonly children = new Map<string, FeatureAccumulator>();

  constructor(
    readonly path: readonly string[],
    private readonly options: ResolvedStatisticsOptions,
    private readonly weighted: boolean,
  ) {
    this.numValues = new QuantileSketch(options.epsilon, false);
  }

  private schemaFeature() {
    if (this.path.length !== 1) return undefined;
    return this.options.schema?.feature?.find((f) => f.name === this.path[0]);
  }

  /** INT/FLOAT features the schema declares categorical get string statistics (TFDV §3.1.2). */
  private isCategoricalNumber(): boolean {
    const f = this.schemaFeature();
    if (!f) return false;
    if (this.kind === 'int' || this.kind === 'bool') {
      return f.intDomain?.isCategorical === true || f.boolDomain !== undefined || f.naturalLanguageDomain !== undefined;
    }
    if (this.kind === 'float') return f.floatDomain?.isCategorical === true;
    return false;
  }

  /** Features the schema declares as images are BYTES. */
  private isDeclaredBytes(): boolean {
    return this.schemaFeature()?.imageDomain !== undefined;
  }

  private setKind(kind: LeafKind): void {
    if (kind === 'null' || kind === 'unsupported') return;
    const k = kind === 'bool' ? 'int' : kind;
    if (this.kind === null || this.kind === k) {
      this.kind = k;
      return;
    }
    const numeric = (x: LeafKind) => x === 'int' || x === 'float';
    if (numeric(this.kind) && numeric(k)) {
      this.kind = 'float';
      return;
    }
    throw new InputError(
      'STATS_TYPE_MISMATCH',
      `feature '${this.path.join('.')}' has ${this.kind} values in one batch and ${k} values in another`,
      { location: { feature: this.path.join('.') }, hint: 'give the column one type in every file and batch' },
    );
  }

  /** Adds one column chunk for the selected rows. */
  add(data: Data, sel: RowSelection): void {
    this.slots += sel.count;
    if (sel.weights !== null) for (let k = 0; k < sel.count; k++) this.weightedSlots += sel.weights[k]!;
    const lists: Data[] = [];
    let leaf = data;
    while (isListType(leaf)) {
      lists.push(leaf);
      leaf = leaf.children[0]!;
    }
    const kind = leafKind(leaf);
    if (!(kind === 'null' && lists.length === 0)) this.setKind(kind);
    if (lists.length === 0) this.addFlat(data, leaf, kind, sel);
    else this.addLists(lists, leaf, kind, sel);
  }

  /** A non-list column: a valid row is an example with one value. */
  private addFlat(data: Data, leaf: Data, kind: LeafKind, sel: RowSelection): void {
    if (kind === 'null') return;
    const validity = validityOf(data);
    let present = 0;
    let weightedPresent = 0;
    if (sel.index === null && sel.weights === null) {
      // Every row: the valid ones are the non-null ones, no need to test the bitmap.
      present = sel.count - (validity === null ? 0 : data.nullCount);
    } else if (sel.index === null && validity === null) {
      present = sel.count;
      for (let k = 0; k < sel.count; k++) weightedPresent += sel.weights![k]!;
    } else {
      for (let k = 0; k < sel.count; k++) {
        const r = sel.index === null ? k : sel.index[k]!;
        if (validity === null || isValid(data, r)) {
          present++;
          if (sel.weights !== null) weightedPresent += sel.weights[k]!;
        }
      }
    }
    this.nonMissing += present;
    this.totNumValues += present;
    this.weightedNonMissing += weightedPresent;
    this.weightedTot += weightedPresent;
    if (present > 0) {
      this.minNumValues = Math.min(this.minNumValues, 1);
      this.maxNumValues = Math.max(this.maxNumValues, 1);
      this.numValues.add(1, present);
    }
    if (sel.index === null && sel.weights === null) {
      this.addLeaf(leaf, kind, 0, data.length, 1, sel);
    } else {
      for (let k = 0; k < sel.count; k++) {
        const r = sel.index === null ? k : sel.index[k]!;
        this.addLeaf(leaf, kind, r, r + 1, sel.weights === null ? 1 : sel.weights[k]!, null);
      }
    }
  }

  /** List columns (one or more nest levels): TFDV's presence and valency per level. */
  private addLists(lists: Data[], leaf: Data, kind: LeafKind, sel: RowSelection): void {
    const offsets = lists.map((l) => offsetsOf(l));
    const top = lists[0]!;
    const topValidity = validityOf(top);
    const nested = lists.length > 1;
    if (nested && this.levels.length === 0) {
      for (let i = 0; i < lists.length; i++) {
        this.levels.push({
          nonMissing: 0,
          min: Number.POSITIVE_INFINITY,
          max: Number.NEGATIVE_INFINITY,
          tot: 0,
          weightedNonMissing: 0,
          weightedTot: 0,
        });
      }
    }
    const smallCounts = new Float64Array(64);
    let bigCounts: Map<number, number> | null = null;
    let present = 0;
    let weightedPresent = 0;
    let tot = 0;
    let weightedTot = 0;
    let min = this.minNumValues;
    let max = this.maxNumValues;
    const single = sel.index === null && sel.weights === null;
    for (let k = 0; k < sel.count; k++) {
      const r = sel.index === null ? k : sel.index[k]!;
      if (topValidity !== null && !isValid(top, r)) continue;
      const w = sel.weights === null ? 1 : sel.weights[k]!;
      let s = r;
      let e = r + 1;
      for (let level = 0; level < offsets.length; level++) {
        const off = offsets[level]!;
        if (nested) this.addLevel(level, lists[level]!, off, s, e, w, sel.weights !== null);
        s = off[s]!;
        e = off[e]!;
      }
      const n = e - s;
      present++;
      tot += n;
      weightedPresent += w;
      weightedTot += w * n;
      if (n < min) min = n;
      if (n > max) max = n;
      if (n < 64) smallCounts[n]!++;
      else {
        bigCounts ??= new Map();
        bigCounts.set(n, (bigCounts.get(n) ?? 0) + 1);
      }
      if (!single) this.addLeaf(leaf, kind, s, e, w, null);
    }
    if (single && sel.count > 0) {
      let s = 0;
      let e = sel.count;
      for (const off of offsets) {
        s = off[s]!;
        e = off[e]!;
      }
      this.addLeaf(leaf, kind, s, e, 1, { index: null, count: e - s, weights: null });
    }
    this.nonMissing += present;
    this.totNumValues += tot;
    this.weightedNonMissing += weightedPresent;
    this.weightedTot += weightedTot;
    this.minNumValues = min;
    this.maxNumValues = max;
    for (let n = 0; n < 64; n++) if (smallCounts[n]! > 0) this.numValues.add(n, smallCounts[n]!);
    if (bigCounts !== null) for (const [n, c] of bigCounts) this.numValues.add(n, c);
  }

  /** Presence/valency of level `level` for the elements [s, e) of that level's list array. */
  private addLevel(
    level: number,
    list: Data,
    off: ArrayLike<number>,
    s: number,
    e: number,
    w: number,
    weighted: boolean,
  ) {
    const stats = this.levels[level]!;
    const validity = validityOf(list);
    for (let j = s; j < e; j++) {
      if (validity !== null && !isValid(list, j)) continue;
      const n = off[j + 1]! - off[j]!;
      stats.nonMissing++;
      stats.tot += n;
      if (n < stats.min) stats.min = n;
      if (n > stats.max) stats.max = n;
      if (weighted) {
        stats.weightedNonMissing += w;
        stats.weightedTot += w * n;
      }
    }
  }

  /**
   * Leaf values [start, end) of one example (or of every selected example at once when
   * `all` describes them): numeric, string, or struct children.
   */
  private addLeaf(leaf: Data, kind: LeafKind, start: number, end: number, weight: number, all: RowSelection | null) {
    if (end <= start) return;
    switch (kind) {
      case 'int':
      case 'float':
      case 'bool':
        this.addNumericLeaf(leaf, kind, start, end, weight, all !== null);
        return;
      case 'string':
        this.addStringLeaf(leaf, start, end, weight);
        return;
      case 'struct':
        this.addStructLeaf(leaf, start, end, weight, all);
        return;
      default:
        return;
    }
  }

  /** Leaf values as numbers, converted once per column chunk (64-bit ints, bit-packed booleans). */
  private numericArray(leaf: Data, kind: LeafKind, once: boolean): ArrayLike<number> {
    const cached = numericCache.get(leaf);
    if (cached) return cached;
    let out: ArrayLike<number>;
    if (once && kind !== 'bool' && numericValuesOf(leaf).wide) {
      // Read once (every row of an unsliced batch): converted into shared scratch, not a fresh
      // array per batch and column kept alive by the cache (that garbage was ~5% of the kernel).
      if (wideScratch.length < leaf.length)
        wideScratch = new Float64Array(Math.max(leaf.length, 2 * wideScratch.length));
      convertWide(leaf, wideScratch);
      return wideScratch;
    }
    if (kind === 'bool') {
      const bits = leaf.values as Uint8Array;
      const values = new Float64Array(leaf.length);
      for (let i = 0; i < leaf.length; i++) {
        const j = leaf.offset + i;
        values[i] = (bits[j >> 3]! >> (j & 7)) & 1;
      }
      out = values;
    } else {
      const { values, wide } = numericValuesOf(leaf);
      if (!wide) return values;
      out = convertWide(leaf, new Float64Array(leaf.length));
    }
    numericCache.set(leaf, out);
    return out;
  }

  private addNumericLeaf(leaf: Data, kind: LeafKind, start: number, end: number, weight: number, once: boolean): void {
    const values = this.numericArray(leaf, kind, once);
    const validity = validityOf(leaf);
    if (this.isCategoricalNumber()) {
      this.strings ??= new StringAccumulator(this.options);
      for (let i = start; i < end; i++) {
        if (validity !== null && !isValid(leaf, i)) continue;
        const v = values[i]!;
        this.strings.addText(this.kind === 'float' ? pythonFloatText(v) : String(v), weight);
      }
      return;
    }
    this.numeric ??= new NumericAccumulator(this.options, this.weighted);
    this.numeric.addRange(
      values,
      start,
      end,
      validity?.bitmap ?? null,
      validity?.offset ?? 0,
      this.weighted ? weight : 0,
    );
  }

  private addStringLeaf(leaf: Data, start: number, end: number, weight: number): void {
    this.strings ??= new StringAccumulator(this.options);
    const validity = validityOf(leaf);
    const bitmap = validity?.bitmap ?? null;
    const bitOffset = validity?.offset ?? 0;
    const w = this.weighted ? weight : 0;
    if (leaf.dictionary !== undefined) {
      const dict = leaf.dictionary.data[0]!;
      const checkUtf8 = !isUtf8Type(dict);
      this.strings.addDictionaryRange(
        leaf.values as ArrayLike<number>,
        start,
        end,
        bitmap,
        bitOffset,
        dict.values as Uint8Array,
        offsetsOf(dict),
        dict.length,
        w,
        checkUtf8,
      );
      return;
    }
    this.strings.addRange(
      leaf.values as Uint8Array,
      offsetsOf(leaf),
      start,
      end,
      bitmap,
      bitOffset,
      w,
      !isUtf8Type(leaf),
    );
  }

  /** Struct elements [start, end) become the "rows" of the child features. */
  private addStructLeaf(leaf: Data, start: number, end: number, weight: number, all: RowSelection | null): void {
    const fields = (leaf.type as { children: { name: string }[] }).children;
    const validity = validityOf(leaf);
    const index: number[] = [];
    for (let i = start; i < end; i++) if (validity === null || isValid(leaf, i)) index.push(i);
    const sel: RowSelection =
      all !== null && validity === null && start === 0 && end === leaf.length
        ? { index: null, count: end, weights: null }
        : {
            index: Int32Array.from(index),
            count: index.length,
            weights: this.weighted ? new Float64Array(index.length).fill(weight) : null,
          };
    fields.forEach((field, i) => {
      let child = this.children.get(field.name);
      if (!child) {
        child = new FeatureAccumulator([...this.path, field.name], this.options, this.weighted);
        this.children.set(field.name, child);
      }
      child.add(leaf.children[i]!, sel);
      // Invalid parent elements are offered too: the child is missing there.
      child.slots += end - start - index.length;
      if (this.weighted) child.weightedSlots += (end - start - index.length) * weight;
    });
  }

  /** Folds `other` (same path) in; `other` is left unchanged. */
  merge(other: FeatureAccumulator): this {
    if (other.kind !== null) this.setKind(other.kind);
    this.slots += other.slots;
    this.weightedSlots += other.weightedSlots;
    this.nonMissing += other.nonMissing;
    this.minNumValues = Math.min(this.minNumValues, other.minNumValues);
    this.maxNumValues = Math.max(this.maxNumValues, other.maxNumValues);
    this.totNumValues += other.totNumValues;
    this.weightedNonMissing += other.weightedNonMissing;
    this.weightedTot += other.weightedTot;
    if (other.levels.length > 0) {
      if (this.levels.length === 0) this.levels = other.levels.map((l) => ({ ...l }));
      else {
        other.levels.forEach((l, i) => {
          const t = this.levels[i];
          if (!t) {
            this.levels.push({ ...l });
            return;
          }
          t.nonMissing += l.nonMissing;
          t.min = Math.min(t.min, l.min);
          t.max = Math.max(t.max, l.max);
          t.tot += l.tot;
          t.weightedNonMissing += l.weightedNonMissing;
          t.weightedTot += l.weightedTot;
        });
      }
    }
    this.numValues.merge(other.numValues);
    if (other.numeric !== null) {
      this.numeric ??= new NumericAccumulator(this.options, this.weighted);
      this.numeric.merge(other.numeric);
    }
    if (other.strings !== null) {
      this.strings ??= new StringAccumulator(this.options);
      this.strings.merge(other.strings);
    }
    for (const [name, child] of other.children) {
      let mine = this.children.get(name);
      if (!mine) {
        mine = new FeatureAccumulator(child.path, this.options, this.weighted);
        this.children.set(name, mine);
      }
      mine.merge(child);
    }
    return this;
  }

  /** Statistics type as TFDV reports it (never-seen values: BYTES if declared so, else STRING). */
  statisticsType(): StatisticsFeatureType {
    switch (this.kind) {
      case 'int':
        return 'INT';
      case 'float':
        return 'FLOAT';
      case 'struct':
        return 'STRUCT';
      default:
        return this.isDeclaredBytes() ? 'BYTES' : 'STRING';
    }
  }

  private commonStats(examples: number, weightedExamples: number): CommonStatistics {
    const common: CommonStatistics = {};
    const missing = examples - this.nonMissing;
    if (this.nonMissing !== 0) common.numNonMissing = this.nonMissing;
    if (missing !== 0) common.numMissing = missing;
    if (this.nonMissing > 0) {
      if (this.minNumValues !== 0) common.minNumValues = this.minNumValues;
      if (this.maxNumValues !== 0) common.maxNumValues = this.maxNumValues;
      const avg = this.totNumValues / this.nonMissing;
      if (avg !== 0) common.avgNumValues = avg;
      common.numValuesHistogram = quantilesHistogram(this.numValues.summary(), this.options.numValuesHistogramBuckets);
    }
    if (this.totNumValues !== 0) common.totNumValues = this.totNumValues;
    if (this.weighted) {
      const w: WeightedCommonStatistics = {};
      const wMissing = weightedExamples - this.weightedNonMissing;
      if (this.weightedNonMissing !== 0) w.numNonMissing = this.weightedNonMissing;
      if (wMissing !== 0) w.numMissing = wMissing;
      if (this.weightedNonMissing > 0 && this.weightedTot !== 0)
        w.avgNumValues = this.weightedTot / this.weightedNonMissing;
      if (this.weightedTot !== 0) w.totNumValues = this.weightedTot;
      common.weightedCommonStats = w;
    }
    if (this.levels.length > 1) {
      let parentTot = examples;
      let parentWeighted = weightedExamples;
      common.presenceAndValencyStats = this.levels.map((l) => {
        const p: PresenceAndValencyStatistics = {};
        if (l.nonMissing) p.numNonMissing = l.nonMissing;
        if (parentTot - l.nonMissing) p.numMissing = parentTot - l.nonMissing;
        if (l.nonMissing > 0) {
          if (l.min) p.minNumValues = l.min;
          if (l.max) p.maxNumValues = l.max;
        }
        if (l.tot) p.totNumValues = l.tot;
        parentTot = l.tot;
        return p;
      });
      if (this.weighted) {
        common.weightedPresenceAndValencyStats = this.levels.map((l) => {
          const p: WeightedCommonStatistics = {
            numNonMissing: l.weightedNonMissing,
            numMissing: parentWeighted - l.weightedNonMissing,
            totNumValues: l.weightedTot,
          };
          if (l.weightedNonMissing > 0) p.avgNumValues = l.weightedTot / l.weightedNonMissing;
          parentWeighted = l.weightedTot;
          return p;
        });
      }
    }
    return common;
  }

  /**
   * The feature's statistics (and its struct children's, after it). `examples` is the number of
   * examples (or parent elements) the feature could have been present in.
   */
  finish(examples?: number, weightedExamples?: number): FeatureNameStatistics[] {
    const total = examples ?? this.slots;
    const weightedTotal = weightedExamples ?? this.weightedSlots;
    const commonStats = this.commonStats(total, weightedTotal);
    const type = this.statisticsType();
    const out: FeatureNameStatistics = { path: { step: [...this.path] }, type };
    if (type === 'STRUCT') {
      out.structStats = { commonStats };
    } else if ((type === 'INT' || type === 'FLOAT') && !this.isCategoricalNumber()) {
      out.numStats = { commonStats, ...(this.numeric?.finish() ?? {}) };
    } else if (type === 'BYTES') {
      out.bytesStats = { commonStats, ...(this.strings?.finishBytes() ?? {}) };
    } else {
      const topK = this.schemaFeature()?.stringDomain?.isCategorical !== 'CATEGORICAL_NO';
      out.stringStats = { commonStats, ...(this.strings?.finishString(topK, this.weighted) ?? {}) };
    }
    const result = [out];
    for (const child of this.children.values()) result.push(...child.finish());
    return result;
  }

  toState(): FeatureAccumulatorState {
    return {
      path: [...this.path],
      kind: this.kind,
      slots: this.slots,
      weightedSlots: this.weightedSlots,
      nonMissing: this.nonMissing,
      minNumValues: Number.isFinite(this.minNumValues) ? this.minNumValues : null,
      maxNumValues: Number.isFinite(this.maxNumValues) ? this.maxNumValues : null,
      totNumValues: this.totNumValues,
      weightedNonMissing: this.weightedNonMissing,
      weightedTot: this.weightedTot,
      levels: this.levels.map((l) => ({ ...l })),
      numValues: this.numValues.toState(),
      numeric: this.numeric?.toState() ?? null,
      strings: this.strings?.toState() ?? null,
      children: [...this.children.values()].map((c) => c.toState()),
    };
  }

  static fromState(state: FeatureAccumulatorState, options: ResolvedStatisticsOptions, weighted: boolean) {
    const acc = new FeatureAccumulator(state.path, options, weighted);
    acc.kind = state.kind;
    acc.slots = state.slots;
    acc.weightedSlots = state.weightedSlots;
    acc.nonMissing = state.nonMissing;
    acc.minNumValues = state.minNumValues ?? Number.POSITIVE_INFINITY;
    acc.maxNumValues = state.maxNumValues ?? Number.NEGATIVE_INFINITY;
    acc.totNumValues = state.totNumValues;
    acc.weightedNonMissing = state.weightedNonMissing;
    acc.weightedTot = state.weightedTot;
    acc.levels = state.levels.map((l) => ({
      ...l,
      min: l.min ?? Number.POSITIVE_INFINITY,
      max: l.max ?? Number.NEGATIVE_INFINITY,
    }));
    acc.numValues = QuantileSketch.fromState(state.numValues);
    if (state.numeric) acc.numeric = NumericAccumulator.fromState(state.numeric, options);
    if (state.strings) acc.strings = StringAccumulator.fromState(state.strings, options);
    for (const child of state.children) {
      acc.children.set(child.path[child.path.length - 1]!, FeatureAccumulator.fromState(child, options, weighted));
    }
    return acc;
  }
}

/** Converted numeric leaves, shared by the slices of one batch. */
const numericCache = new WeakMap<Data, ArrayLike<number>>();
/** Converted 64-bit integers of a leaf read once (see numericArray). */
let wideScratch = new Float64Array(0);

/** A 64-bit integer leaf's values as numbers (exact up to 2^53) into `out`. */
function convertWide(leaf: Data, out: Float64Array): Float64Array {
  const { values } = numericValuesOf(leaf);
  const unsigned = isUnsigned(leaf);
  for (let i = 0; i < leaf.length; i++) out[i] = wideAt(values, i, unsigned);
  return out;
}

function isUtf8Type(data: Data): boolean {
  return data.typeId === Type.Utf8 || data.typeId === Type.LargeUtf8;
}
