import type { CheckAccumulator } from '../checks/check-accumulator.js';
import type { CheckPlan } from '../checks/check-plan.js';
import { openDataset } from '../io/open-dataset.js';
import type { WasmModule } from '../io/parquet-wasm.js';
import type { CsvRange, ReadOptions } from '../io/read-options.js';
import { StatisticsAccumulator } from '../stats/statistics-accumulator.js';
import type { StatisticsOptions } from '../stats/statistics-options.js';

/** A share of the input: a file, a range of a Parquet file's row groups, or a byte range of a CSV file. */
export interface StatisticsWorkUnit {
  readonly file: string;
  readonly bytes: number;
  readonly rowGroups?: { readonly start: number; readonly end: number };
  readonly csvRange?: CsvRange;
}

/** What {@link computeStatistics} hands each worker: its share of the input, in input order. */
export interface StatisticsWorkerInput {
  readonly units: readonly StatisticsWorkUnit[];
  readonly readOptions: Omit<ReadOptions, 'onProgress' | 'onMalformedRow' | 'parquetRowGroups'>;
  readonly statsOptions: StatisticsOptions;
  /** The parent's compiled parquet-wasm, for Parquet input: V8 then shares its compiled code. */
  readonly parquetWasmModule?: WasmModule;
  /** Custom checks computed over the same batches (docs/checks.md). */
  readonly checks?: CheckPlan;
  /**
   * Read the Parquet columns of `readOptions.parquetColumns` one at a time (a wide file a few at a
   * time: `columnPasses`), each over every unit, and join their statistics (docs/ingestion.md):
   * only one column's pages are held at a time. With `seal`, each column's statistics are sealed
   * once read (`StatisticsAccumulator.seal`): the caller will only finish them, so one column's
   * sketches are held at a time. Only where every column's statistics depend on that column alone
   * (no weights, slices, checks or user generators).
   */
  readonly byColumn?: { readonly seal: boolean };
}

/**
 * What a statistics worker (statistics-worker.ts) is started with (`workerData`): only a mark, its
 * work comes in a `start` message. Declared here rather than in the worker's entry, which is
 * imported for its types only, so that its start-up code is bundled into no other thread.
 */
export const STATISTICS_WORKER_DATA = { statisticsWorker: true } as const;

/**
 * Whether `stats` runs user generators: functions, which cannot cross to a worker and may keep
 * what a batch holds (the kernel copies what it keeps, so without them batches may be recycled).
 */
export function hasUserGenerators(stats: StatisticsOptions | undefined): boolean {
  return (stats?.generators?.length ?? 0) > 0;
}

/**
 * The statistics of a share of the input, in its order: what a worker computes, and what the
 * calling thread computes for the first share meanwhile.
 */
export async function accumulateUnits(
  input: StatisticsWorkerInput,
  onProgress: (rows: number, bytes: number) => void,
): Promise<UnitsResult> {
  const columns = input.readOptions.parquetColumns;
  if (input.byColumn === undefined || columns === undefined) return accumulateUnitsOnce(input, onProgress);
  const passes = columnPasses(columns);
  const count = passes.length;
  const shareBytes = input.units.reduce((sum, u) => sum + u.bytes, 0);
  let joined: UnitsResult | undefined;
  for (let k = 0; k < count; k++) {
    // Progress over the whole share: each pass reads every row and (as the reader counts them)
    // every byte of the share, so a pass is 1/count of the work.
    const rowsBefore = k * (joined?.rows ?? 0);
    const one = await accumulateUnitsOnce(
      { ...input, readOptions: { ...input.readOptions, parquetColumns: passes[k]! } },
      (rows, bytes) =>
        onProgress(Math.floor((rowsBefore + rows) / count), Math.floor((k * shareBytes + bytes) / count)),
    );
    if (input.byColumn.seal) one.acc.seal();
    if (joined === undefined) joined = one;
    else joined.acc.joinColumns(one.acc);
  }
  return joined!;
}

/** The statistics of a share (and its checks), with the rows it read and the malformed rows it skipped. */
export interface UnitsResult {
  acc: StatisticsAccumulator;
  checks?: CheckAccumulator;
  rows: number;
  skippedRows: number;
}

/**
 * Passes a thread takes over `columns` when it reads them column by column: one column each, or,
 * for a wide file, runs of about equal width, at most {@link MAX_COLUMN_PASSES}: each pass opens the
 * file and reads every row group's chunks of its columns one by one, which over hundreds of columns
 * cost more than the memory of a few columns' pages saves.
 */
export function columnPasses(columns: { readonly start: number; readonly end: number }): {
  start: number;
  end: number;
}[] {
  const width = columns.end - columns.start;
  const count = Math.min(width, MAX_COLUMN_PASSES);
  return Array.from({ length: count }, (_, k) => ({
    start: columns.start + Math.floor((k * width) / count),
    end: columns.start + Math.floor(((k + 1) * width) / count),
  }));
}

/** At most this many passes per thread (see {@link columnPasses}). */
const MAX_COLUMN_PASSES = 16;

async function accumulateUnitsOnce(
  input: StatisticsWorkerInput,
  onProgress: (rows: number, bytes: number) => void,
): Promise<UnitsResult> {
  const acc = new StatisticsAccumulator(input.statsOptions);
  // The checks layer (and the Parquet reader, for row numbers) are loaded only when checks run.
  const checks = input.checks
    ? new (await import('../checks/check-accumulator.js')).CheckAccumulator(input.checks)
    : undefined;
  // Rows and bytes of the units already read: the reader's progress counts from 0 per unit.
  let rows = 0;
  let bytes = 0;
  // Malformed rows skipped (only with skipMalformedRows), summed over the units.
  let skippedRows = 0;
  for (const unit of input.units) {
    const dataset = await openDataset(unit.file, {
      ...input.readOptions,
      ...(unit.rowGroups ? { parquetRowGroups: unit.rowGroups } : {}),
      ...(unit.csvRange ? { csvRange: unit.csvRange } : {}),
      // The kernel keeps nothing of a batch; checks and user generators may.
      ...(checks === undefined && !hasUserGenerators(input.statsOptions) ? { recycleBatches: true } : {}),
      onProgress: (p) => onProgress(rows + p.rowsRead, bytes + p.bytesRead),
    });
    if (checks) {
      // Row numbers in the file: a share of a Parquet file's row groups starts after the groups before it.
      let row = unit.rowGroups
        ? (await (await import('../io/parquet-reader.js')).parquetRowGroups(unit.file))
            .slice(0, unit.rowGroups.start)
            .reduce((sum, g) => sum + g.rows, 0) + 1
        : 1;
      for await (const batch of dataset.batches()) {
        acc.add(batch);
        checks.add(batch, { file: unit.file, firstRow: row });
        row += batch.numRows;
      }
    } else for await (const batch of dataset.batches()) acc.add(batch);
    rows += dataset.rowsRead;
    bytes += unit.bytes;
    skippedRows += dataset.skippedRows;
  }
  return { acc, ...(checks ? { checks } : {}), rows, skippedRows };
}
