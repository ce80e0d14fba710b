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
