import { UsageError } from '../_util/errors.js';
import { type FindSkewOptions, findSkew } from '../anomalies/find-skew.js';
import { type PlainColumn, type PlainColumnType, plainValueFits } from '../stats/plain-columns.js';
import { StatisticsAccumulator } from '../stats/statistics-accumulator.js';
import type { StatisticsOptions } from '../stats/statistics-options.js';
import type { Anomalies, DatasetFeatureStatisticsList, Feature, Schema } from '../tfmd/types.js';

/** Options of {@link createRequestFolder}. */
export interface RequestFolderOptions {
  /** The schema of the requests: gives each folded feature its type and steers the statistics. */
  readonly schema: Schema;
  /**
   * The features to fold (e.g. `validator.features.map((f) => f.name)`); default every
   * non-deprecated INT, FLOAT or BYTES top-level feature of the schema. Other keys are ignored.
   */
  readonly features?: readonly string[];
  /** Statistics options besides the schema (top-k sizes, histogram buckets, slicing...). */
  readonly statisticsOptions?: Omit<StatisticsOptions, 'schema'>;
  /** Requests per batch handed to the accumulator. Default 256. */
  readonly batchSize?: number;
  /** Call `onReport` every this many folded requests. Default 10,000. */
  readonly reportEvery?: number;
  /** Receives the serving statistics so far and the number of requests folded. */
  readonly onReport?: (statistics: DatasetFeatureStatisticsList, requests: number) => void;
}

/** Folds requests into running serving statistics. */
export interface RequestFolder {
  /**
   * Folds one request; false (and counted in `skipped`) when it is not a plain object or one of
   * its folded features has a value that does not fit the feature's type (e.g. a string for an
   * INT feature, an object, nested arrays), since such a value has no place in the statistics.
   */
  add(request: unknown): boolean;
  /** Hands the buffered requests to the accumulator. */
  flush(): void;
  /** The serving statistics of every request folded so far (TFDV's DatasetFeatureStatisticsList). */
  statistics(): DatasetFeatureStatisticsList;
  /**
   * Training/serving skew: the schema's `skew_comparator`s between `training` and the serving
   * statistics so far, as TFDV's skew anomalies (see {@link findSkew}).
   */
  skew(training: DatasetFeatureStatisticsList, options?: FindSkewOptions): Anomalies;
  /** The underlying accumulator (mergeable and serialisable, e.g. across workers). */
  readonly accumulator: StatisticsAccumulator;
  /** Requests folded. */
  readonly count: number;
  /** Requests not folded. */
  readonly skipped: number;
}

const TYPES: Partial<Record<NonNullable<Feature['type']>, PlainColumnType>> = {
  INT: 'int',
  FLOAT: 'float',
  BYTES: 'bytes',
};

function foldedFeatures(schema: Schema, names: readonly string[] | undefined): Map<string, PlainColumnType> {
  const typed = new Map<string, PlainColumnType>();
  for (const f of schema.feature ?? []) {
    const type = TYPES[f.type ?? 'TYPE_UNKNOWN'];
    if (f.name === undefined || type === undefined) continue;
    if (names === undefined && (f.deprecated === true || f.lifecycleStage === 'DEPRECATED')) continue;
    typed.set(f.name, type);
  }
  if (names === undefined) return typed;
  // In schema order; a STRUCT feature (or one the schema lacks) has no flat values to fold.
  const wanted = new Set(names);
  return new Map([...typed].filter(([name]) => wanted.has(name)));
}

/**
 * Creates a folder that buffers requests (plain objects: feature name -> scalar, flat array or
 * null, as the request validator reads them) and adds them in small batches to a statistics
 * accumulator, so a service can report serving statistics, and skew against training, every N
 * requests. The statistics are those `generateStatistics` computes over the same examples: an
 * absent key or `null` is a missing feature, `[]` a present feature with no values. Only own
 * properties of the request are read.
 */
export function createRequestFolder(options: RequestFolderOptions): RequestFolder {
  const batchSize = options.batchSize ?? 256;
  const reportEvery = options.reportEvery ?? 10_000;
  if (!(Number.isInteger(batchSize) && batchSize > 0) || !(Number.isInteger(reportEvery) && reportEvery > 0)) {
    throw new UsageError('batchSize and reportEvery must be positive integers');
  }
  const schema = options.schema;
  const accumulator = new StatisticsAccumulator({ ...options.statisticsOptions, schema });
  const features = foldedFeatures(schema, options.features);
  const names = [...features.keys()];
  const types = [...features.values()];
  // One row per buffered request: the value of each folded feature (undefined when absent).
  let rows: unknown[][] = [];
  let count = 0;
  let skipped = 0;

  const flush = (): void => {
    if (rows.length === 0) return;
    const columns: PlainColumn[] = [];
    names.forEach((name, i) => {
      // Only features some request in the batch has become columns; the rest are missing
      // (TFDV's batches likewise carry only the features seen in them).
      if (!rows.some((row) => row[i] !== undefined)) return;
      columns.push({ name, type: types[i]!, values: rows.map((row) => row[i] ?? null) });
    });
    const numRows = rows.length;
    rows = [];
    accumulator.addPlainColumns(columns, numRows);
  };

  const statistics = (): DatasetFeatureStatisticsList => {
    flush();
    return accumulator.finish();
  };

  return {
    add(request) {
      if (typeof request !== 'object' || request === null || Array.isArray(request)) {
        skipped++;
        return false;
      }
      const row = new Array<unknown>(names.length);
      for (let i = 0; i < names.length; i++) {
        const name = names[i]!;
        if (!Object.hasOwn(request, name)) continue;
        const value = (request as Record<string, unknown>)[name];
        if (!plainValueFits(value, types[i]!)) {
          skipped++;
          return false;
        }
        row[i] = value;
      }
      rows.push(row);
      count++;
      if (rows.length >= batchSize) flush();
      if (count % reportEvery === 0 && options.onReport) options.onReport(statistics(), count);
      return true;
    },
    flush,
    statistics,
    skew(training, skewOptions = {}) {
      return findSkew(training, statistics(), schema, skewOptions);
    },
    accumulator,
    get count() {
      return count;
    },
    get skipped() {
      return skipped;
    },
  };
}
