import type { InputError } from '../_util/errors.js';
import type { ColumnType, ReadOptions, ReadProgress } from './read-options.js';

/** What every format reader gets: the options plus the dataset-level progress and skip sinks. */
export interface ReaderContext {
  readonly options: ReadOptions;
  readonly batchSize: number;
  /**
   * `options.columnTypes` as a Map: column names are user text, and a plain object would answer
   * `constructor` or `__proto__` from `Object.prototype`.
   */
  readonly columnTypes: ReadonlyMap<string, ColumnType>;
  /** Reports progress; `bytesRead` is per dataset, `totalBytes` is filled in by the caller. */
  progress(progress: ReadProgress): void;
  /** Counts (and forwards) a skipped malformed row. */
  malformed(error: InputError): void;
}

/**
 * Cells a row-building reader (CSV, JSON Lines, TFRecord) holds per batch at most: its builder
 * preallocates every column for a whole batch, so a wide file gets fewer rows per batch instead of ~300 KB per column (32,768 rows of 8-byte values,
 * validity and string offsets) before it has read a row. 20 columns keep the full default batch.
 */
export const MAX_BATCH_CELLS = 1 << 20;

/** Rows per batch for `columns` columns: `batchSize`, or fewer for wide files (at least 64). */
export function rowsPerBatch(batchSize: number, columns: number): number {
  return Math.min(batchSize, Math.max(64, Math.floor(MAX_BATCH_CELLS / Math.max(1, columns))));
}
