import { UsageError } from '../_util/errors.js';
import type { DatasetFeatureStatisticsList } from '../tfmd/types.js';

/**
 * A small batch of requests in columns: for each feature, one entry per request (the request's
 * value, `null` when missing). Columns are Maps keyed by feature name, never objects.
 */
export interface RequestColumns {
  readonly numRows: number;
  readonly columns: ReadonlyMap<string, readonly unknown[]>;
}

/**
 * What the folder needs from a running statistics accumulator. The statistics layer's
 * accumulator (branch `stats`, not merged yet) consumes Arrow record batches; until it lands,
 * a caller adapts it (or any other sink) to this interface.
 */
export interface RequestStatisticsSink {
  add(batch: RequestColumns): void;
  result(): DatasetFeatureStatisticsList;
}

/** Options of {@link createRequestFolder}. */
export interface RequestFolderOptions {
  /** The features to collect (e.g. `validator.features.map((f) => f.name)`); other keys are dropped. */
  readonly features: readonly string[];
  readonly sink: RequestStatisticsSink;
  /** Requests per batch handed to the sink. Default 256. */
  readonly batchSize?: number;
  /** Report serving statistics every this many requests. Default 10,000. */
  readonly reportEvery?: number;
  /** Receives the sink's statistics and the number of requests folded so far. */
  readonly onReport?: (statistics: DatasetFeatureStatisticsList, requests: number) => void;
}

/** Folds requests into a running statistics sink in small column batches. */
export interface RequestFolder {
  add(request: unknown): void;
  /** Hands the buffered requests to the sink. */
  flush(): void;
  /** Flushes and returns the sink's statistics so far. */
  report(): DatasetFeatureStatisticsList;
  readonly count: number;
}

/**
 * Creates a folder that buffers requests into column batches and hands them to `sink`, so a
 * service can report serving statistics (and compare them with training) every N requests.
 * Only own properties of plain-object requests are read; other requests are skipped.
 */
export function createRequestFolder(options: RequestFolderOptions): RequestFolder {
  const batchSize = options.batchSize ?? 256;
  const reportEvery = options.reportEvery ?? 10_000;
  if (!(batchSize > 0) || !(reportEvery > 0)) throw new UsageError('batchSize and reportEvery must be positive');
  const names = [...options.features];
  let columns = new Map<string, unknown[]>(names.map((n) => [n, []]));
  let rows = 0;
  let count = 0;

  const flush = (): void => {
    if (rows === 0) return;
    options.sink.add({ numRows: rows, columns });
    columns = new Map(names.map((n) => [n, []]));
    rows = 0;
  };

  return {
    add(request) {
      if (typeof request !== 'object' || request === null || Array.isArray(request)) return;
      for (const name of names) {
        const value = Object.hasOwn(request, name) ? (request as Record<string, unknown>)[name] : undefined;
        columns.get(name)?.push(value ?? null);
      }
      rows++;
      count++;
      if (rows >= batchSize) flush();
      if (count % reportEvery === 0 && options.onReport) {
        flush();
        options.onReport(options.sink.result(), count);
      }
    },
    flush,
    report() {
      flush();
      return options.sink.result();
    },
    get count() {
      return count;
    },
  };
}
