import type { CommonStatistics, PresenceAndValencyStatistics, WeightedCommonStatistics } from '../tfmd/types.js';
import { quantilesHistogram } from './histograms.js';
import { QuantileSketch, type QuantileSketchState } from './quantile-sketch.js';
import type { ResolvedStatisticsOptions } from './statistics-options.js';

/** Presence and valency counters of one nest level. */
export interface LevelStats {
  nonMissing: number;
  min: number;
  max: number;
  tot: number;
  weightedNonMissing: number;
  weightedTot: number;
}

/** Serialised state of {@link PresenceCounts} (the top-level fields of a feature's partial state). */
export interface PresenceCountsState {
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
}

/** An empty level (the feature driver fills it in while walking nested lists). */
export function emptyLevel(): LevelStats {
  return {
    nonMissing: 0,
    min: Number.POSITIVE_INFINITY,
    max: Number.NEGATIVE_INFINITY,
    tot: 0,
    weightedNonMissing: 0,
    weightedTot: 0,
  };
}

/**
 * TFDV's common statistics of one feature: presence, values per example (with the value-count
 * sketch behind num_values_histogram) and presence/valency per nest level. The feature driver
 * walks the Arrow lists and updates these counters in its loops; merging, output and the partial
 * state live here.
 */
export class PresenceCounts {
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

  constructor(epsilon: number) {
    this.numValues = new QuantileSketch(epsilon, false);
  }

  /** Folds `other` in (left unchanged). */
  merge(other: PresenceCounts): this {
    this.slots += other.slots;
    this.weightedSlots += other.weightedSlots;
    this.nonMissing += other.nonMissing;
    this.minNumValues = Math.min(this.minNumValues, other.minNumValues);
    this.maxNumValues = Math.max(this.maxNumValues, other.maxNumValues);
    this.totNumValues += other.totNumValues;
    this.weightedNonMissing += other.weightedNonMissing;
    this.weightedTot += other.weightedTot;
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
    this.numValues.merge(other.numValues);
    return this;
  }

  /** TFDV's CommonStatistics for `examples` (weighted: `weightedExamples`) possible occurrences. */
  finish(
    examples: number,
    weightedExamples: number,
    options: ResolvedStatisticsOptions,
    weighted: boolean,
  ): CommonStatistics {
    const common: CommonStatistics = {};
    const missing = examples - this.nonMissing;
    if (this.nonMissing !== 0) common.numNonMissing = this.nonMissing;
    if (missing !== 0) common.numMissing = missing;
    if (this.nonMissing > 0) {
      if (this.minNumValues !== 0) common.minNumValues = this.minNumValues;
      if (this.maxNumValues !== 0) common.maxNumValues = this.maxNumValues;
      const avg = this.totNumValues / this.nonMissing;
      if (avg !== 0) common.avgNumValues = avg;
      common.numValuesHistogram = this.numValues.withSummary((s) =>
        quantilesHistogram(s, options.numValuesHistogramBuckets),
      );
    }
    if (this.totNumValues !== 0) common.totNumValues = this.totNumValues;
    if (weighted) {
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
      if (weighted) {
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

  toState(): PresenceCountsState {
    return {
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
    };
  }

  static fromState(state: PresenceCountsState, epsilon: number): PresenceCounts {
    const p = new PresenceCounts(epsilon);
    p.slots = state.slots;
    p.weightedSlots = state.weightedSlots;
    p.nonMissing = state.nonMissing;
    p.minNumValues = state.minNumValues ?? Number.POSITIVE_INFINITY;
    p.maxNumValues = state.maxNumValues ?? Number.NEGATIVE_INFINITY;
    p.totNumValues = state.totNumValues;
    p.weightedNonMissing = state.weightedNonMissing;
    p.weightedTot = state.weightedTot;
    // JSON writes infinities as null.
    p.levels = state.levels.map((l) => ({
      ...l,
      min: l.min ?? Number.POSITIVE_INFINITY,
      max: l.max ?? Number.NEGATIVE_INFINITY,
    }));
    p.numValues = QuantileSketch.fromState(state.numValues);
    return p;
  }
}
