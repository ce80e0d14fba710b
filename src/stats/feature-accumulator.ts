import type { Data } from 'apache-arrow/data';
import { Type } from 'apache-arrow/enum';
import { InputError } from '../_util/errors.js';
import type { Feature, FeatureNameStatistics, IntegerTimeFormat, StatisticsFeatureType } from '../tfmd/types.js';
import { featurePathText } from '../tfmd/vocabulary.js';
import {
  isListType,
  isUnsigned,
  isValid,
  type LeafKind,
  leafKind,
  numericValuesOf,
  offsetsOf,
  timeFormatOf,
  validityOf,
  wideAt,
} from './arrow-column.js';
import type { FeatureContext, FeatureGenerator } from './feature-generator.js';
import { FEATURE_GENERATORS } from './feature-generators.js';
import { emptyLevel, PresenceCounts, type PresenceCountsState } from './presence-counts.js';
import type { ResolvedStatisticsOptions } from './statistics-options.js';

/**
 * Rows of a batch to add: all rows (`index` null) or the listed ones (a slice), with optional
 * per-row example weights (aligned with the selection order).
 */
export interface RowSelection {
  readonly index: Int32Array | null;
  readonly count: number;
  readonly weights: Float64Array | null;
}

/**
 * Serialised state of a {@link FeatureAccumulator}: the presence counters at the top level, one
 * key per feature generator (its name: `numeric`, `strings`, ...; null when it never ran) and the
 * struct children.
 */
export interface FeatureAccumulatorState extends PresenceCountsState {
  path: string[];
  kind: LeafKind | null;
  /** Set when the values are timestamps or dates (absent in states written before it existed). */
  timeFormat?: IntegerTimeFormat | null;
  children: FeatureAccumulatorState[];
  [generator: string]: unknown;
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

/** The generators of {@link FEATURE_GENERATORS} that read numbers, and those that read strings. */
const NUMBER_GENERATORS = FEATURE_GENERATORS.filter((g) => g.reads === 'numbers');
const STRING_GENERATORS = FEATURE_GENERATORS.filter((g) => g.reads === 'strings');

/**
 * The feature driver: everything datavet computes for one feature path. It walks the Arrow column
 * (lists per nest level, nulls, struct children, example weights and row selections), counts
 * presence and valency itself ({@link PresenceCounts}) and hands ranges of leaf values to the
 * feature generators of {@link FEATURE_GENERATORS}, whose states it creates on their first values,
 * merges, finishes into the output entry and saves in the partial state under their names. Struct
 * features own one driver per child. `add` dispatches on the Arrow type once per column chunk.
 */
export class FeatureAccumulator {
  kind: LeafKind | null = null;
  /**
   * The unit of timestamp or date values (Arrow Timestamp, Date): written as TFDV's `domain_info`
   * custom statistic, so schema inference gives the feature a `time_domain` and reports show dates.
   * FORMAT_UNKNOWN once two chunks disagree (then nothing is written).
   */
  timeFormat: IntegerTimeFormat | null = null;
  presence: PresenceCounts;
  /** Per generator of {@link FEATURE_GENERATORS} (same index), its state once it has read values. */
  readonly states: unknown[] = FEATURE_GENERATORS.map(() => null);
  readonly children = new Map<string, FeatureAccumulator>();
  private readonly context: FeatureContext;
  private schemaEntry: Feature | undefined | null = null;

  constructor(
    readonly path: readonly string[],
    private readonly options: ResolvedStatisticsOptions,
    private readonly weighted: boolean,
  ) {
    this.presence = new PresenceCounts(options.epsilon);
    this.context = { path, options, weighted };
  }

  /** Sets the state of `generator` (e.g. built from aggregates instead of values). */
  setState<S, Saved>(generator: FeatureGenerator<S, Saved>, state: S): void {
    this.states[FEATURE_GENERATORS.indexOf(generator as FeatureGenerator)] = state;
  }

  /** The state of `generator` (created now if it has none yet). */
  private state(generator: FeatureGenerator): unknown {
    const i = FEATURE_GENERATORS.indexOf(generator);
    let s = this.states[i];
    if (s === null) {
      s = generator.init(this.context);
      this.states[i] = s;
    }
    return s;
  }

  /** The schema's entry for this (top-level) feature, looked up once (a wide schema is long). */
  private schemaFeature() {
    if (this.schemaEntry === null) {
      this.schemaEntry =
        this.path.length === 1 ? this.options.schema?.feature?.find((f) => f.name === this.path[0]) : undefined;
    }
    return this.schemaEntry;
  }

  /** INT/FLOAT features the schema declares categorical get string statistics (as TFDV does). */
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
      `feature '${featurePathText(this.path)}' has ${this.kind} values in one batch and ${k} values in another`,
      { location: { feature: featurePathText(this.path) }, hint: 'give the column one type in every file and batch' },
    );
  }

  /** Adds one column chunk for the selected rows. */
  add(data: Data, sel: RowSelection): void {
    const p = this.presence;
    p.slots += sel.count;
    if (sel.weights !== null) for (let k = 0; k < sel.count; k++) p.weightedSlots += sel.weights[k]!;
    const lists: Data[] = [];
    let leaf = data;
    while (isListType(leaf)) {
      lists.push(leaf);
      leaf = leaf.children[0]!;
    }
    const kind = leafKind(leaf);
    if (!(kind === 'null' && lists.length === 0)) this.setKind(kind);
    const timeFormat = kind === 'int' ? timeFormatOf(leaf) : undefined;
    if (timeFormat !== undefined) this.setTimeFormat(timeFormat);
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
    const p = this.presence;
    p.nonMissing += present;
    p.totNumValues += present;
    p.weightedNonMissing += weightedPresent;
    p.weightedTot += weightedPresent;
    if (present > 0) {
      p.minNumValues = Math.min(p.minNumValues, 1);
      p.maxNumValues = Math.max(p.maxNumValues, 1);
      p.numValues.add(1, present);
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
    const p = this.presence;
    const offsets = lists.map((l) => offsetsOf(l));
    const top = lists[0]!;
    const topValidity = validityOf(top);
    const nested = lists.length > 1;
    if (nested && p.levels.length === 0) for (let i = 0; i < lists.length; i++) p.levels.push(emptyLevel());
    const smallCounts = new Float64Array(64);
    let bigCounts: Map<number, number> | null = null;
    let present = 0;
    let weightedPresent = 0;
    let tot = 0;
    let weightedTot = 0;
    let min = p.minNumValues;
    let max = p.maxNumValues;
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
    p.nonMissing += present;
    p.totNumValues += tot;
    p.weightedNonMissing += weightedPresent;
    p.weightedTot += weightedTot;
    p.minNumValues = min;
    p.maxNumValues = max;
    for (let n = 0; n < 64; n++) if (smallCounts[n]! > 0) p.numValues.add(n, smallCounts[n]!);
    if (bigCounts !== null) for (const [n, c] of bigCounts) p.numValues.add(n, c);
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
    const stats = this.presence.levels[level]!;
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
      const float = this.kind === 'float';
      for (const g of STRING_GENERATORS) {
        if (!g.addText) continue;
        const state = this.state(g);
        for (let i = start; i < end; i++) {
          if (validity !== null && !isValid(leaf, i)) continue;
          const v = values[i]!;
          g.addText(state, float ? pythonFloatText(v) : String(v), weight);
        }
      }
      return;
    }
    const bitmap = validity?.bitmap ?? null;
    const bitOffset = validity?.offset ?? 0;
    const w = this.weighted ? weight : 0;
    for (const g of NUMBER_GENERATORS) g.addNumbers?.(this.state(g), values, start, end, bitmap, bitOffset, w);
  }

  private addStringLeaf(leaf: Data, start: number, end: number, weight: number): void {
    const validity = validityOf(leaf);
    const bitmap = validity?.bitmap ?? null;
    const bitOffset = validity?.offset ?? 0;
    const w = this.weighted ? weight : 0;
    if (leaf.dictionary !== undefined) {
      const dict = leaf.dictionary.data[0]!;
      const checkUtf8 = !isUtf8Type(dict);
      const indices = leaf.values as ArrayLike<number>;
      const bytes = dict.values as Uint8Array;
      const offsets = offsetsOf(dict);
      for (const g of STRING_GENERATORS) {
        g.addDictionary?.(
          this.state(g),
          indices,
          start,
          end,
          bitmap,
          bitOffset,
          bytes,
          offsets,
          dict.length,
          w,
          checkUtf8,
        );
      }
      return;
    }
    const bytes = leaf.values as Uint8Array;
    const offsets = offsetsOf(leaf);
    const checkUtf8 = !isUtf8Type(leaf);
    for (const g of STRING_GENERATORS) {
      g.addStrings?.(this.state(g), bytes, offsets, start, end, bitmap, bitOffset, w, checkUtf8);
    }
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
      child.presence.slots += end - start - index.length;
      if (this.weighted) child.presence.weightedSlots += (end - start - index.length) * weight;
    });
  }

  private setTimeFormat(format: IntegerTimeFormat): void {
    if (this.timeFormat === null) this.timeFormat = format;
    else if (this.timeFormat !== format) this.timeFormat = 'FORMAT_UNKNOWN';
  }

  /** Folds `other` (same path) in; `other` is left unchanged. */
  merge(other: FeatureAccumulator): this {
    if (other.kind !== null) this.setKind(other.kind);
    if (other.timeFormat !== null) this.setTimeFormat(other.timeFormat);
    this.presence.merge(other.presence);
    FEATURE_GENERATORS.forEach((g, i) => {
      const theirs = other.states[i];
      if (theirs === null) return;
      this.states[i] = g.merge(this.state(g), theirs);
    });
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

  /**
   * The feature's statistics (and its struct children's, after it). `examples` is the number of
   * examples (or parent elements) the feature could have been present in.
   */
  finish(examples?: number, weightedExamples?: number): FeatureNameStatistics[] {
    const p = this.presence;
    const commonStats = p.finish(examples ?? p.slots, weightedExamples ?? p.weightedSlots, this.options, this.weighted);
    const type = this.statisticsType();
    const stats: FeatureNameStatistics = { path: { step: [...this.path] }, type };
    if (type === 'STRUCT') stats.structStats = { commonStats };
    else if ((type === 'INT' || type === 'FLOAT') && !this.isCategoricalNumber()) stats.numStats = { commonStats };
    else if (type === 'BYTES') stats.bytesStats = { commonStats };
    else stats.stringStats = { commonStats };
    if (type !== 'STRUCT') {
      const topK = this.schemaFeature()?.stringDomain?.isCategorical !== 'CATEGORICAL_NO';
      FEATURE_GENERATORS.forEach((g, i) => {
        const state = this.states[i];
        if (state !== null) g.finish(state, { stats, topK });
      });
    }
    if (type === 'INT' && this.timeFormat !== null && this.timeFormat !== 'FORMAT_UNKNOWN') {
      const domainInfo = { name: 'domain_info', str: `time_domain { integer_format: ${this.timeFormat} }` };
      stats.customStats = [...(stats.customStats ?? []), domainInfo];
    }
    const result = [stats];
    for (const child of this.children.values()) result.push(...child.finish());
    return result;
  }

  toState(): FeatureAccumulatorState {
    const state: FeatureAccumulatorState = {
      path: [...this.path],
      kind: this.kind,
      ...(this.timeFormat !== null ? { timeFormat: this.timeFormat } : {}),
      ...this.presence.toState(),
      children: [],
    };
    FEATURE_GENERATORS.forEach((g, i) => {
      const s = this.states[i];
      state[g.name] = s === null ? null : g.toState(s);
    });
    state.children = [...this.children.values()].map((c) => c.toState());
    return state;
  }

  static fromState(state: FeatureAccumulatorState, options: ResolvedStatisticsOptions, weighted: boolean) {
    const acc = new FeatureAccumulator(state.path, options, weighted);
    acc.kind = state.kind;
    acc.timeFormat = state.timeFormat ?? null;
    acc.presence = PresenceCounts.fromState(state, options.epsilon);
    FEATURE_GENERATORS.forEach((g, i) => {
      const saved = state[g.name];
      if (saved !== null && saved !== undefined) acc.states[i] = g.fromState(saved, acc.context);
    });
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
  const n = leaf.length;
  if (n <= WIDE_CAPACITY && values instanceof Int32Array) {
    out.set(wideConverter.convert(values, n, unsigned));
    return out;
  }
  for (let i = 0; i < n; i++) out[i] = wideAt(values, i, unsigned);
  return out;
}

/** Leaves of up to this many 64-bit integers are converted in the {@link wideConverter}'s arrays. */
const WIDE_CAPACITY = 1 << 17;

/**
 * Converts 64-bit integers given as Int32 word pairs to numbers with {@link wideAt}'s arithmetic.
 * The words are copied into arrays bound with `const` in a function run once and converted
 * there: Node 20's optimising compiler makes that loop several times faster than one over arrays
 * passed as arguments (sort-float64.ts explains the closure).
 */
const wideConverter = createWideConverter();

function createWideConverter(): {
  /** The numbers of the first n pairs of `words` (n at most {@link WIDE_CAPACITY}), valid until the next call. */
  convert(words: Int32Array, n: number, unsigned: boolean): Float64Array;
} {
  // Allocated zeroed and untouched: pages are only committed as far as leaves reach.
  const words = new Int32Array(2 * WIDE_CAPACITY);
  const numbers = new Float64Array(WIDE_CAPACITY);

  function convertSigned(n: number): void {
    for (let i = 0; i < n; i++) numbers[i] = words[2 * i + 1]! * 4294967296 + (words[2 * i]! >>> 0);
  }

  function convertUnsigned(n: number): void {
    for (let i = 0; i < n; i++) numbers[i] = (words[2 * i + 1]! >>> 0) * 4294967296 + (words[2 * i]! >>> 0);
  }

  function convert(source: Int32Array, n: number, unsigned: boolean): Float64Array {
    words.set(source.subarray(0, 2 * n));
    if (unsigned) convertUnsigned(n);
    else convertSigned(n);
    return numbers.subarray(0, n);
  }

  return { convert };
}

function isUtf8Type(data: Data): boolean {
  return data.typeId === Type.Utf8 || data.typeId === Type.LargeUtf8;
}
