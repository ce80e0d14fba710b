import type { RecordBatch } from 'apache-arrow/recordbatch';
import { type InputError, UsageError } from '../_util/errors.js';
import { detectFormat } from './detect-format.js';
import { isSequentialFormat } from './input-formats.js';
import { IoErrorCode, inputError } from './io-error.js';
import { DEFAULT_BATCH_SIZE, type InputFormat, type ReadOptions, type ReadProgress } from './read-options.js';
import type { ReaderContext } from './reader-context.js';
import { type DatasetFile, resolveInputs } from './resolve-inputs.js';
import { isStream, spoolStream } from './spool-stream.js';

/** Files forming one dataset, ready to be streamed as Arrow record batches. */
export interface Dataset {
  readonly format: InputFormat;
  readonly files: readonly DatasetFile[];
  /** Sum of the file sizes on disk. */
  readonly totalBytes: number;
  /**
   * Streams the record batches; every call reads the files again. All batches share one schema.
   * `how` changes how this call reads (not what it yields): e.g. Parquet decoded in a worker.
   */
  batches(how?: Pick<ReadOptions, 'decodeInWorker' | 'recycleBatches'>): AsyncGenerator<RecordBatch>;
  /** Rows read by the last completed or running `batches()` call. */
  readonly rowsRead: number;
  /** Malformed rows skipped (only with `skipMalformedRows`) by the last `batches()` call. */
  readonly skippedRows: number;
}

type Reader = (files: readonly DatasetFile[], ctx: ReaderContext) => AsyncGenerator<RecordBatch>;

// The reader of each format of input-formats.ts (a format without one does not compile), each module
// imported when its format is first read: reading CSV loads neither the Parquet, Arrow IPC, JSON Lines
// nor TFRecord reader, nor what they import (Arrow's IPC code, zlib, the decode worker's set-up).
const readers: Record<InputFormat, () => Promise<Reader>> = {
  csv: async () => (await import('./csv-reader.js')).readCsv,
  parquet: async () => (await import('./parquet-reader.js')).readParquet,
  arrow: async () => (await import('./arrow-reader.js')).readArrow,
  jsonl: async () => (await import('./jsonl-reader.js')).readJsonl,
  tfrecord: async () => (await import('./tfrecord-reader.js')).readTfRecords,
};

/**
 * Resolves paths and globs to files of one format (from the extension, or `options.format`),
 * checking that they exist, without reading them yet.
 */
export async function openDataset(paths: string | readonly string[], options: ReadOptions = {}): Promise<Dataset> {
  const list = typeof paths === 'string' ? [paths] : paths;
  if (list.length === 0) throw new UsageError('no input files given', { hint: 'pass at least one file or glob' });
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new UsageError(`batch size must be a positive integer, got ${batchSize}`);
  }
  const resolved = await resolveInputs(list);
  const format = options.format ?? detectFormat(resolved[0]!.path);
  const files = await copyStreams(resolved, format);
  if (!options.format) {
    for (const file of files) {
      const other = detectFormat(file.path);
      if (other !== format) {
        throw inputError(
          IoErrorCode.MIXED_FORMATS,
          `${file.path} looks like ${other} but ${files[0]!.path} like ${format}`,
          { file: file.path },
          'one dataset has one format; read them separately or pass --input-format',
        );
      }
    }
  }
  const totalBytes = files.reduce((sum, f) => sum + f.size, 0);
  let rowsRead = 0;
  let skippedRows = 0;
  return {
    format,
    files,
    totalBytes,
    get rowsRead() {
      return rowsRead;
    },
    get skippedRows() {
      return skippedRows;
    },
    async *batches(how = {}) {
      rowsRead = 0;
      skippedRows = 0;
      const ctx: ReaderContext = {
        options: { ...options, ...how },
        batchSize,
        columnTypes: new Map(Object.entries(options.columnTypes ?? {})),
        progress(progress: ReadProgress) {
          options.onProgress?.({ ...progress, totalBytes });
        },
        malformed(error: InputError) {
          skippedRows++;
          options.onMalformedRow?.(error);
        },
      };
      const read = await readers[format]();
      for await (const batch of read(files, ctx)) {
        rowsRead += batch.numRows;
        yield batch;
      }
    },
  };
}

/** Shorthand for `(await openDataset(paths, options)).batches()`. */
export async function* readBatches(
  paths: string | readonly string[],
  options: ReadOptions = {},
): AsyncGenerator<RecordBatch> {
  yield* (await openDataset(paths, options)).batches();
}

/**
 * Copies each input that is a pipe, FIFO or `/dev/stdin` into a temporary file (spool-stream.ts).
 * Parquet and Arrow files are read from their footer first, so they must be real files.
 */
async function copyStreams(files: readonly DatasetFile[], format: InputFormat): Promise<DatasetFile[]> {
  const out: DatasetFile[] = [];
  for (const file of files) {
    if (!(await isStream(file.path))) {
      out.push(file);
      continue;
    }
    if (!isSequentialFormat(format)) {
      throw inputError(
        IoErrorCode.NEEDS_SEEKABLE_FILE,
        `${file.path} is a pipe or device, but ${format} is read from its end first and needs a seekable file`,
        { file: file.path },
        'save the stream to a file and pass that file',
      );
    }
    out.push({ path: file.path, ...(await spoolStream(file.path)) });
  }
  return out;
}
