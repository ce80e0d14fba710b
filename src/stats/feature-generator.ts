import type { FeatureNameStatistics } from '../tfmd/types.js';
import type { ResolvedStatisticsOptions } from './statistics-options.js';

/** What a feature generator knows about the feature it runs on. */
export interface FeatureContext {
  readonly path: readonly string[];
  readonly options: ResolvedStatisticsOptions;
  readonly weighted: boolean;
}

/**
 * Which leaf values a feature generator reads: `numbers` are the values of INT and FLOAT features
 * (booleans as 0/1) that the schema does not declare categorical; `strings` are the values of
 * STRING and BYTES features, and the decimal text of categorical INT and FLOAT values.
 */
export type LeafValues = 'numbers' | 'strings';

/** What {@link FeatureGenerator.finish} writes into, besides the feature's output entry. */
export interface FeatureOutput {
  /** The entry, with its type's block (`numStats`, `stringStats`, `bytesStats`) holding commonStats. */
  readonly stats: FeatureNameStatistics;
  /** False for STRING features TFDV runs no top-k on (string_domain.is_categorical CATEGORICAL_NO). */
  readonly topK: boolean;
}

/**
 * A per-feature statistic, as the feature driver ({@link FeatureAccumulator}) composes them:
 * init / add / merge / finish / toState / fromState over a state `S` that is serialised as `Saved`
 * (plain JSON) in the partial statistics. The driver walks Arrow's lists and nulls and hands a
 * generator ranges of leaf values as typed arrays (never per-row objects); the add methods are the
 * hot loops. A state is created on the first values the generator reads, so a feature that never
 * has them carries none (and its partial state says `null`).
 */
export interface FeatureGenerator<S = unknown, Saved = unknown> {
  /** The state's key in a feature's partial state: stable, partial files carry it. */
  readonly name: string;
  readonly reads: LeafValues;
  init(context: FeatureContext): S;
  /**
   * `numbers` generators: values[start, end), `bitmap` (bit `bitOffset + i`) null when all are
   * valid; `weight` is the example weight of the range, 0 when unweighted.
   */
  addNumbers?(
    state: S,
    values: ArrayLike<number>,
    start: number,
    end: number,
    bitmap: Uint8Array | null,
    bitOffset: number,
    weight: number,
  ): void;
  /** `strings` generators: values [start, end) of a Utf8/Binary column (`checkUtf8` false for Utf8). */
  addStrings?(
    state: S,
    bytes: Uint8Array,
    offsets: ArrayLike<number>,
    start: number,
    end: number,
    bitmap: Uint8Array | null,
    bitOffset: number,
    weight: number,
    checkUtf8: boolean,
  ): void;
  /** `strings` generators: a dictionary-encoded range (indices into the dictionary's values). */
  addDictionary?(
    state: S,
    indices: ArrayLike<number>,
    start: number,
    end: number,
    bitmap: Uint8Array | null,
    bitOffset: number,
    dictBytes: Uint8Array,
    dictOffsets: ArrayLike<number>,
    dictSize: number,
    weight: number,
    checkUtf8: boolean,
  ): void;
  /** `strings` generators: one value given as text (the categorical numbers). */
  addText?(state: S, text: string, weight: number): void;
  /** Folds `b` into `a` (may mutate `a`, never `b`). */
  merge(a: S, b: S): S;
  /** Writes the statistic into the feature's output entry. */
  finish(state: S, output: FeatureOutput): void;
  toState(state: S): Saved;
  fromState(saved: Saved, context: FeatureContext): S;
}
