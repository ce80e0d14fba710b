import type { InputError } from '../_util/errors.js';
import type { ByteRange } from './chunked-file.js';
import type { InputFormat } from './input-formats.js';

export type { InputFormat } from './input-formats.js';

/**
 * A column type taken from a schema, overriding inference: `int` -> Int64, `float` -> Float64
 * (Float32 inside lists), `string` -> Utf8, `bytes` -> Binary.
 */
export type ColumnType = 'int' | 'float' | 'string' | 'bytes';

/** Progress of a read, reported after each chunk. `phase` is `scan` during a type-inference pass. */
export interface ReadProgress {
  readonly phase: 'scan' | 'read';
  readonly bytesRead: number;
  /** Sum of the input file sizes (compressed size for GZIP TFRecords); absent when unknown. */
  readonly totalBytes?: number;
  readonly rowsRead: number;
  readonly file: string;
}

/**
 * Options of {@link openDataset} / {@link readBatches}. Each maps to one CLI flag:
 * `--input-format`, `--batch-size`, `--null-values`, `--delimiter`, `--skip-malformed`.
 */
export interface ReadOptions {
  /** Overrides detection by extension. */
  readonly format?: InputFormat;
  /** Rows per record batch (default {@link DEFAULT_BATCH_SIZE}). Parquet row groups larger than this are split. */
  readonly batchSize?: number;
  /** CSV cells (after unquoting) read as missing. Default `['']`. */
  readonly nullValues?: readonly string[];
  /** CSV field delimiter, one byte (default `,`). `\t` for TSV. */
  readonly delimiter?: string;
  /** CSV quote character, one byte (default `"`); a quote inside a quoted field is doubled. */
  readonly quote?: string;
  /**
   * Types from a schema, overriding inference for CSV and JSON Lines columns; a CSV whose every
   * column is listed is read in one pass instead of two.
   */
  readonly columnTypes?: Readonly<Record<string, ColumnType>>;
  /** Count and skip malformed CSV/JSONL rows (ragged rows, unparsable lines) instead of failing. */
  readonly skipMalformedRows?: boolean;
  /**
   * Parquet only: read just the row groups [start, end) of each file (clamped to the file's row
   * groups), so several workers can share one large file. Default: every row group.
   */
  readonly parquetRowGroups?: { readonly start: number; readonly end: number };
  /**
   * Parquet only: read just the top-level columns [start, end) (by position) of each file, so
   * that two threads can share a file by columns (see `parquetSeparableColumns`). Default: all.
   */
  readonly parquetColumns?: { readonly start: number; readonly end: number };
  /**
   * Parquet only: decode the row groups in a worker thread, ahead of this thread, so that decoding
   * overlaps whatever consumes the batches (the statistics kernel, in `computeStatistics`). The
   * batches are the same; costs a thread and up to two more decoded row groups in memory.
   */
  readonly decodeInWorker?: boolean;
  /**
   * The caller is done with each batch before it asks for the next and keeps nothing of it (the
   * statistics kernel, which copies what it keeps): readers may then reuse a batch's memory for a
   * later batch instead of leaving it to the garbage collector, which lets tens of megabytes of
   * dead batches pile up before it runs. Used by Parquet files read with this project's decoder.
   */
  readonly recycleBatches?: boolean;
  /**
   * CSV only, used by `computeStatistics` to share one file between threads: read just the records
   * in bytes [start, end) of the (single) file, a range cut at record starts (csv-split.ts), with
   * `types` (the cell types of the whole file, from every range's scan) instead of a type scan.
   */
  readonly csvRange?: CsvRange;
  /** Called with each skipped row's error when `skipMalformedRows` is on. */
  readonly onMalformedRow?: (error: InputError) => void;
  readonly onProgress?: (progress: ReadProgress) => void;
}

/** Bytes [start, end) of a CSV file, cut at record starts, and the cell types of its columns over the whole file. */
export interface CsvRange extends ByteRange {
  /** Per column: 0 no value, 1 int, 2 float, 3 string (csv-value.ts); absent: scan the range. */
  readonly types?: readonly number[];
}

/**
 * Default rows per batch. Chosen by `npm run bench -- io` (docs/benchmarks.md, Ingestion): CSV
 * throughput is flat from 16k rows up, while memory per batch grows linearly.
 */
export const DEFAULT_BATCH_SIZE = 32_768;
