import type { DatasetFeatureStatistics } from '../tfmd/types.js';

/** What an accumulator over key columns measures: distinct and repeated keys (for `unique`, distinct_count, duplicate_count). */
export interface KeySpec {
  /** The columns, joined: one accumulator per column list. */
  readonly id: string;
  readonly columns: readonly string[];
}

export function keySpec(columns: readonly string[]): KeySpec {
  return { id: JSON.stringify(columns), columns };
}

/** What a dataset condition reads: the current statistics, the previous ones, the data metrics of the pass, and now. */
export interface DatasetContext {
  readonly statistics: DatasetFeatureStatistics;
  readonly previous?: DatasetFeatureStatistics;
  /** Distinct and duplicate counts by key id; the greatest string by column. */
  readonly keys?: ReadonlyMap<
    string,
    { readonly distinct: number; readonly duplicates: number; readonly estimated: boolean }
  >;
  readonly maxStrings?: ReadonlyMap<string, string | null>;
  /** Seconds since the epoch (freshness). */
  readonly now: number;
}
