import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { unpackNumberArrays } from '../_util/number-array-transfer.js';
import type { WorkerError } from '../_util/worker-thread.js';
import type { CheckAccumulator, CheckAccumulatorState } from '../checks/check-accumulator.js';
import type { CheckPlan } from '../checks/check-plan.js';
import { csvDialectByte } from '../io/csv-reader.js';
import { csvRecordStarts } from '../io/csv-split.js';
import { type Dataset, openDataset } from '../io/open-dataset.js';
import type { WasmModule } from '../io/parquet-wasm.js';
import type { ReadOptions, ReadProgress } from '../io/read-options.js';
import { StatisticsAccumulator, type StatisticsAccumulatorState } from '../stats/statistics-accumulator.js';
import type { StatisticsOptions } from '../stats/statistics-options.js';
import {
  accumulateUnits,
  hasUserGenerators,
  STATISTICS_WORKER_DATA,
  type StatisticsWorkUnit,
} from './accumulate-units.js';
import { type CsvTypeScan, csvTypeScan, scanPieces, widestCsvTypes, withCsvTypes } from './csv-share-types.js';
import type { StatisticsParentMessage, StatisticsWorkerData, StatisticsWorkerMessage } from './statistics-worker.js';

/** Progress of {@link computeStatistics}, summed over workers. */
export interface StatisticsProgress {
  readonly rows: number;
  readonly bytes: number;
  readonly totalBytes: number;
}

/** Options of {@link computeStatistics}. */
export interface ComputeStatisticsOptions {
  readonly read?: Omit<
    ReadOptions,
    'onProgress' | 'onMalformedRow' | 'parquetRowGroups' | 'parquetColumns' | 'decodeInWorker'
  >;
  readonly stats?: StatisticsOptions;
  /**
   * Threads: this one plus `jobs - 1` workers; 1 runs in this thread only. Parquet with 2 jobs is a
   * pipeline: a worker decodes row groups ahead while this thread computes the statistics (same
   * batches, same result as 1 job). Otherwise files, and the row groups of Parquet files when there
   * are fewer files than threads, are split between the threads. Default: the available cores, but
   * at most one thread per {@link MIN_BYTES_PER_WORKER} of input; Parquet from
   * {@link MIN_PIPELINE_BYTES} on at least the 2-thread pipeline.
   */
  readonly jobs?: number;
  readonly onProgress?: (progress: StatisticsProgress) => void;
  /** Called once at the end with the number of malformed rows skipped (with `read.skipMalformedRows`). */
  readonly onSkippedRows?: (count: number) => void;
  /** Custom checks run over the same batches ({@link computeStatisticsAndChecks}). */
  readonly checks?: CheckPlan;
  /**
   * The caller will only `finish()` the statistics (not merge, add to or save them): features may
   * then be finished as soon as their data is read and their sketches released
   * (`StatisticsAccumulator.seal`). A Parquet file split between threads by column then holds one
   * column's sketches per thread at a time rather than all of them.
   */
  readonly finishedOnly?: boolean;
}

/** The statistics of a pass and, when checks were given, the checks' accumulator of the same batches. */
export interface StatisticsAndChecks {
  readonly statistics: StatisticsAccumulator;
  readonly checks?: CheckAccumulator;
}

/**
 * Input size per thread below which the default `jobs` uses fewer threads: a worker's start-up and
 * cold JIT and wasm cost about 1.3 CPU-s (docs/benchmarks.md, Statistics), the time of ~30 MB of
 * Parquet.
 */
export const MIN_BYTES_PER_WORKER = 64 * 1024 * 1024;

/**
 * Parquet input size from which the default `jobs` decodes in a worker (the pipeline of `jobs: 2`):
 * that worker only loads parquet-wasm (tens of milliseconds, on the other core) and this thread
 * decodes the first row group itself meanwhile, so it pays from a few row groups on.
 */
export const MIN_PIPELINE_BYTES = 4 * 1024 * 1024;

/** The default `jobs` for `dataset` on `cores` cores (see {@link ComputeStatisticsOptions.jobs}). */
export function defaultStatisticsJobs(
  dataset: Pick<Dataset, 'format' | 'totalBytes'>,
  cores = availableParallelism(),
): number {
  const bySize = Math.min(cores, Math.max(1, Math.floor(dataset.totalBytes / MIN_BYTES_PER_WORKER)));
  if (dataset.format === 'parquet' && cores >= 2 && dataset.totalBytes >= MIN_PIPELINE_BYTES)
    return Math.max(2, bySize);
  return bySize;
}

/**
 * Splits `units` (in input order) into at most `n` contiguous runs of about equal size. Keeping the
 * input order, and merging the runs' results in that order, keeps the merged statistics those of
 * one pass wherever they are exact.
 */
function partition(units: readonly StatisticsWorkUnit[], n: number): StatisticsWorkUnit[][] {
  const total = units.reduce((sum, u) => sum + u.bytes, 0);
  const groups: StatisticsWorkUnit[][] = [];
  let current: StatisticsWorkUnit[] = [];
  let done = 0;
  for (const unit of units) {
    // Close the run once it passes its share of the total (by the unit's midpoint).
    if (current.length > 0 && groups.length < n - 1 && done + unit.bytes / 2 > (total * (groups.length + 1)) / n) {
      groups.push(current);
      current = [];
    }
    current.push(unit);
    done += unit.bytes;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/**
 * The work units for `jobs` workers: whole files, except that with fewer files than workers each
 * Parquet file is cut into up to `jobs` runs of row groups of about equal compressed size, and,
 * with `csv`, each CSV file into up to `jobs` byte ranges of about equal size cut at record starts
 * (csv-split.ts). Every CSV unit then carries a range (a whole file is one), so that the threads can
 * share the types of the whole input (see {@link computeStatisticsAndChecks}).
 */
async function workUnits(dataset: Dataset, jobs: number, csv?: CsvSplitOptions): Promise<CsvWork> {
  const files = dataset.files.map((f) => ({ file: f.path, bytes: f.size }));
  if (dataset.format === 'csv' && csv) return csvUnits(dataset, jobs, csv);
  if (dataset.format !== 'parquet' || dataset.files.length >= jobs) return { units: files };
  const units: StatisticsWorkUnit[] = [];
  for (const f of files) {
    const groups = await (await import('../io/parquet-reader.js')).parquetRowGroups(f.file);
    if (groups.length < 2) {
      units.push(f);
      continue;
    }
    const total = groups.reduce((sum, g) => sum + g.compressedBytes, 0);
    const parts = Math.min(jobs, groups.length);
    let start = 0;
    let done = 0;
    for (let part = 1; part <= parts; part++) {
      // One group, then more while the part stays within its share of the bytes; the last part
      // takes the rest, and every later part is left at least one group.
      let end = start + 1;
      let bytes = groups[start]!.compressedBytes;
      const share = (total * part) / parts;
      while (
        end < groups.length - (parts - part) &&
        (part === parts || done + bytes + groups[end]!.compressedBytes / 2 <= share)
      ) {
        bytes += groups[end]!.compressedBytes;
        end++;
      }
      units.push({ file: f.file, bytes, rowGroups: { start, end } });
      done += bytes;
      start = end;
    }
  }
  return { units };
}

/** The CSV dialect the split needs to tell quoted line feeds from record ends. */
interface CsvSplitOptions {
  readonly delimiter?: string | undefined;
  readonly quote?: string | undefined;
}

/** Work units, and for CSV the pieces of the type scan the threads share (csv-share-types.ts). */
interface CsvWork {
  readonly units: StatisticsWorkUnit[];
  readonly scanPieces?: StatisticsWorkUnit[];
}

/**
 * Pieces of the shared type scan per range of a CSV file cut between threads: threads take pieces
 * until none is left, so that one that started late (a worker loading its code) scans less and
 * none waits long for the types; more pieces wait less but each opens the file and reads its
 * header. A power of two, so that the cuts between ranges are among the pieces' cut points (see
 * {@link csvUnits}).
 */
const SCAN_PIECES_PER_RANGE = 8;

/**
 * CSV work units: whole files, each with the byte range of the whole file, but with fewer files
 * than `jobs`, each file that is a regular file is cut into up to `jobs / files` ranges at record
 * starts. A stream (copied to a temporary file that only this thread knows) stays whole, and so
 * does a file the boundary scan cannot cut safely (its reader reports the quoting error).
 *
 * The type scan is cut finer, into {@link SCAN_PIECES_PER_RANGE} pieces per range, with the same
 * boundary scan: the k-th of `parts` cut points, at size·k/parts, is also the (8k)-th of
 * 8·parts (the same real number, rounded the same way), so each range's start is the first
 * piece start at or after its cut point, and the ranges are the ones a scan for them alone finds.
 */
async function csvUnits(dataset: Dataset, jobs: number, csv: CsvSplitOptions): Promise<CsvWork> {
  const delimiter = csvDialectByte(csv.delimiter ?? ',', 'delimiter');
  const quote = csvDialectByte(csv.quote ?? '"', 'quote');
  const parts = Math.max(1, Math.floor(jobs / dataset.files.length));
  const units: StatisticsWorkUnit[] = [];
  const pieces: StatisticsWorkUnit[] = [];
  const ranges = (path: string, bounds: number[]) =>
    bounds.slice(1).map((end, k) => ({ file: path, bytes: end - bounds[k]!, csvRange: { start: bounds[k]!, end } }));
  for (const f of dataset.files) {
    const whole = { file: f.path, bytes: f.size, csvRange: { start: 0, end: f.size } };
    if (parts < 2 || f.source !== undefined) {
      units.push(whole);
      pieces.push(whole);
      continue;
    }
    const cutPoints = (n: number) => Array.from({ length: n - 1 }, (_, k) => Math.floor((f.size * (k + 1)) / n));
    const pieceStarts = await csvRecordStarts(
      f.path,
      0,
      f.size,
      cutPoints(parts * SCAN_PIECES_PER_RANGE),
      delimiter,
      quote,
    );
    let starts: number[] | undefined;
    if (pieceStarts) {
      starts = [];
      for (const point of cutPoints(parts)) {
        const start = pieceStarts.find((s) => s >= point);
        if (start !== undefined && start !== starts[starts.length - 1]) starts.push(start);
      }
    } else {
      // The walk to the last piece met a quote it cannot cut past: cut the ranges alone, as a
      // boundary scan for them alone would (it may stop before that quote).
      starts = await csvRecordStarts(f.path, 0, f.size, cutPoints(parts), delimiter, quote);
    }
    if (!starts || starts.length === 0) {
      units.push(whole);
      pieces.push(whole);
      continue;
    }
    units.push(...ranges(f.path, [0, ...starts, f.size]));
    pieces.push(...ranges(f.path, [0, ...(pieceStarts ?? starts), f.size]));
  }
  return { units, scanPieces: pieces };
}

/**
 * How {@link computeStatistics} shares `dataset` between `jobs` workers: contiguous runs of work
 * units in input order, one per worker (a single run: no workers). With `csv` (the reader's
 * dialect), CSV files are cut into byte ranges too; without it (shards, computed on separate
 * machines that cannot share the types found by each one's scan) CSV files stay whole.
 */
export async function planStatisticsWork(
  dataset: Dataset,
  jobs: number,
  csv?: CsvSplitOptions,
): Promise<StatisticsWorkUnit[][]> {
  return (await planWork(dataset, jobs, csv)).groups;
}

/** {@link planStatisticsWork}, with the pieces of the shared CSV type scan. */
async function planWork(
  dataset: Dataset,
  jobs: number,
  csv?: CsvSplitOptions,
): Promise<{ groups: StatisticsWorkUnit[][]; scanPieces?: StatisticsWorkUnit[] }> {
  if (jobs <= 1) return { groups: [dataset.files.map((f) => ({ file: f.path, bytes: f.size }))] };
  const work = await workUnits(dataset, jobs, csv);
  return { groups: partition(work.units, jobs), ...(work.scanPieces ? { scanPieces: work.scanPieces } : {}) };
}

/** What a worker hands back: its statistics, its checks' share, and the malformed rows it skipped. */
type WorkerResult = { acc: StatisticsAccumulator; checks?: CheckAccumulator; skippedRows: number };

/**
 * A statistics worker started before its work is planned (it waits for a `start` message), with
 * its failure to start or early exit kept for {@link runWorker}.
 */
interface StartedWorker {
  readonly worker: Worker;
  readonly failed: Promise<never>;
  readonly errorFromWorker: (message: WorkerError) => Error;
}

async function startStatisticsWorker(): Promise<StartedWorker> {
  // Node's worker threads (and its CommonJS resolver) are loaded only by a pass that starts workers.
  const { errorFromWorker, startModuleWorker } = await import('../_util/worker-thread.js');
  const worker = startModuleWorker(import.meta.url, 'statistics-worker', STATISTICS_WORKER_DATA);
  const failed = new Promise<never>((_, reject) => {
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`statistics worker exited with code ${code}`)));
  });
  failed.catch(() => undefined);
  return { worker, failed, errorFromWorker };
}

/**
 * parquet-wasm's compiled module, handed to workers so that they share its compiled code, for
 * Parquet input that needs it (files outside the subset of this project's decoder); loaded only then.
 */
async function wasmModuleFor(dataset: Dataset): Promise<WasmModule | undefined> {
  if (dataset.format !== 'parquet') return undefined;
  if (!(await (await import('../io/parquet-reader.js')).outsideSubset(dataset.files))) return undefined;
  return (await import('../io/parquet-wasm.js')).parquetWasmModule();
}

function runWorker(
  { worker, failed, errorFromWorker }: StartedWorker,
  input: StatisticsWorkerData,
  onProgress: (rows: number, bytes: number) => void,
  checksFromState: ((state: CheckAccumulatorState) => CheckAccumulator) | undefined,
  types?: { exchange: TypeExchange; index: number },
) {
  return new Promise<WorkerResult>((resolvePromise, reject) => {
    let settled = false;
    types?.exchange.onFailure(() => {
      if (!settled) void worker.terminate();
    });
    worker.on('message', (m: StatisticsWorkerMessage) => {
      if (m.type === 'progress') onProgress(m.rows, m.bytes);
      else if (m.type === 'csv-types') {
        types?.exchange.put(types.index, m.types);
        types?.exchange.merged.then(
          (merged) => worker.postMessage({ type: 'csv-types', types: merged } satisfies StatisticsParentMessage),
          () => undefined,
        );
      } else if (m.type === 'done') {
        settled = true;
        resolvePromise({
          acc:
            'sealed' in m.state
              ? StatisticsAccumulator.fromSealed(m.state.sealed, input.statsOptions)
              : StatisticsAccumulator.fromState(unpackNumberArrays(m.state.packed) as StatisticsAccumulatorState),
          ...(m.checks && checksFromState ? { checks: checksFromState(m.checks) } : {}),
          skippedRows: m.skippedRows,
        });
        void worker.terminate();
      } else {
        settled = true;
        reject(errorFromWorker(m));
        void worker.terminate();
      }
    });
    failed.catch((error: unknown) => {
      if (!settled) reject(error);
    });
    worker.postMessage({ type: 'start', data: input } satisfies StatisticsParentMessage);
  }).catch((error: unknown) => {
    types?.exchange.fail(error);
    throw error;
  });
}

/**
 * The meeting point of the threads that share CSV input: each puts the types its scan found in its
 * share, and `merged` (the column-wise widest, the types one scan of the whole input finds)
 * resolves once all have, or rejects as soon as one thread fails, so that none waits forever.
 */
class TypeExchange {
  readonly merged: Promise<number[]>;
  private readonly shares: (number[] | undefined)[];
  private resolve!: (types: number[]) => void;
  private reject!: (error: unknown) => void;
  private readonly failureListeners: (() => void)[] = [];
  private failed = false;

  constructor(count: number) {
    this.shares = new Array(count).fill(undefined);
    this.merged = new Promise<number[]>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    this.merged.catch(() => undefined);
  }

  /** The types a thread found (empty if it scanned no piece). */
  put(index: number, types: number[]): void {
    this.shares[index] = types;
    if (this.shares.every((t) => t !== undefined)) this.resolve(widestCsvTypes(this.shares as number[][]));
  }

  fail(error: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.reject(error);
    for (const listener of this.failureListeners) listener();
  }

  /** Calls `listener` when a thread fails, or at once if one already has (a worker may start late). */
  onFailure(listener: () => void): void {
    if (this.failed) listener();
    else this.failureListeners.push(listener);
  }
}

/**
 * This thread's part of the work when two threads share a Parquet file by columns: a little more
 * than half, since the worker first starts, loads the code and warms it up.
 */
const THIS_THREAD_WORK = 0.55;

/**
 * Where two threads split Parquet `dataset`'s top-level columns (this thread takes [0, at), a
 * worker [at, n)), or undefined when they cannot: statistics of a column depend on that column
 * only, unless examples are weighted or sliced by another column. The cut balances the columns'
 * estimated work ({@link THIS_THREAD_WORK}); every file must have the same columns and be readable
 * by columns.
 */
async function columnSplit(dataset: Dataset, options: ComputeStatisticsOptions): Promise<ColumnSplit | undefined> {
  if (!columnsMayBeShared(options)) return undefined;
  const { parquetSeparableColumns } = await import('../io/parquet-reader.js');
  let columns: { readonly name: string }[] | undefined;
  let needsWasm = false;
  const work: number[] = [];
  for (const file of dataset.files) {
    const separable = await parquetSeparableColumns(file.path);
    if (separable === undefined) return undefined;
    const these = separable.columns;
    needsWasm ||= separable.needsWasm;
    if (columns !== undefined && these.map((c) => c.name).join('\u0000') !== columns.map((c) => c.name).join('\u0000'))
      return undefined;
    columns ??= these;
    these.forEach((c, i) => {
      work[i] = (work[i] ?? 0) + c.work;
    });
  }
  if (columns === undefined || columns.length < 2) return undefined;
  const total = work.reduce((sum, w) => sum + w, 0);
  let at = 1;
  let done = work[0]!;
  // Close this thread's share once the next column's midpoint passes its part of the work.
  while (at < columns.length - 1 && done + work[at]! / 2 <= total * THIS_THREAD_WORK) done += work[at++]!;
  return { at, count: columns.length, needsWasm };
}

/** Where {@link columnSplit} cuts the columns, and whether some file needs parquet-wasm. */
interface ColumnSplit {
  readonly at: number;
  readonly count: number;
  readonly needsWasm: boolean;
}

/** Whether the statistics of each column depend on that column only (see {@link columnSplit}). */
function columnsMayBeShared(options: ComputeStatisticsOptions): boolean {
  const stats = options.stats ?? {};
  if (options.checks) return false;
  return stats.weightFeature === undefined && (stats.sliceBy?.length ?? 0) === 0 && !hasUserGenerators(stats);
}

/**
 * The statistics of Parquet `dataset` computed by two threads, each decoding and summarising every
 * row of its own columns ({@link columnSplit}): this thread columns [0, `at`), a worker [`at`, `count`),
 * each one column at a time (and, with `finishedOnly`, sealing each column once read). The worker's
 * features are joined after this thread's, nothing is merged, so the result is one thread's exactly.
 * Progress is this thread's (both read the same rows). Without a worker, this thread reads every
 * column, one at a time.
 */
async function accumulateByColumns(
  dataset: Dataset,
  options: ComputeStatisticsOptions,
  { at, count, needsWasm }: ColumnSplit,
  worker: StartedWorker | undefined,
): Promise<StatisticsAccumulator> {
  // The planning read every footer already: parquet-wasm is compiled only if a file needs it.
  const wasmModule = needsWasm ? (await import('../io/parquet-wasm.js')).parquetWasmModule() : undefined;
  const totalBytes = dataset.totalBytes;
  const units = dataset.files.map((f) => ({ file: f.path, bytes: f.size }));
  const share = (parquetColumns: { start: number; end: number }): StatisticsWorkerData => ({
    units,
    readOptions: { ...(options.read ?? {}), format: dataset.format, parquetColumns },
    statsOptions: options.stats ?? {},
    ...(wasmModule ? { parquetWasmModule: wasmModule } : {}),
    // One column at a time: only its pages (and, sealed, its sketches) are held.
    byColumn: { seal: options.finishedOnly === true },
  });
  const progress = (rows: number, bytes: number) => options.onProgress?.({ rows, bytes, totalBytes });
  // One thread: every column here, one at a time.
  if (worker === undefined) return (await accumulateUnits(share({ start: 0, end: count }), progress)).acc;
  const [here, there] = await Promise.all([
    // Done first, this thread finishes its features while it waits for the worker.
    accumulateUnits(share({ start: 0, end: at }), progress).then((share) => {
      share.acc.finishAhead();
      return share;
    }),
    runWorker(worker, share({ start: at, end: count }), () => undefined, undefined),
  ]).finally(() => void worker.worker.terminate());
  return here.acc.joinColumns(there.acc);
}

/**
 * The statistics of `dataset` computed in this thread (its Parquet decoded ahead by a worker with
 * `decodeInWorker`), and with `options.checks` the checks' results of the same batches. Every pass
 * that ends up in one thread goes through here, so none can leave the checks out.
 */
async function inOneThread(
  dataset: Dataset,
  options: ComputeStatisticsOptions,
  decodeInWorker = false,
): Promise<StatisticsAndChecks> {
  if (options.checks) {
    // File by file, so that the checks know each batch's file and row numbers.
    const totalBytes = dataset.totalBytes;
    const one = await accumulateUnits(
      {
        units: dataset.files.map((f) => ({ file: f.path, bytes: f.size })),
        readOptions: { ...(options.read ?? {}), format: dataset.format, ...(decodeInWorker ? { decodeInWorker } : {}) },
        statsOptions: options.stats ?? {},
        checks: options.checks,
      },
      (rows, bytes) => options.onProgress?.({ rows, bytes, totalBytes }),
    );
    options.onSkippedRows?.(one.skippedRows);
    return { statistics: one.acc, ...(one.checks ? { checks: one.checks } : {}) };
  }
  const acc = new StatisticsAccumulator(options.stats);
  // The kernel keeps nothing of a batch (user generators may).
  const recycleBatches = !hasUserGenerators(options.stats);
  for await (const batch of dataset.batches({ decodeInWorker, recycleBatches })) acc.add(batch);
  options.onSkippedRows?.(dataset.skippedRows);
  return { statistics: acc };
}

/**
 * Statistics of the files at `paths` (any format the io layer reads), as a mergeable accumulator.
 * Parquet with 2 jobs (the default for Parquet of {@link MIN_PIPELINE_BYTES} or more on two cores)
 * is a pipeline: a worker decodes row groups ahead of this thread, which computes the statistics
 * of the same batches in the same order, so the result is one thread's exactly. Otherwise, with
 * `jobs` > 1, this thread and `jobs - 1` worker threads each compute the statistics of a contiguous
 * share of the input (files, or row groups of Parquet files), and the partial accumulators are
 * merged in input order through the same merge path as `datavet merge`.
 */
export async function computeStatistics(
  paths: string | readonly string[],
  options: ComputeStatisticsOptions = {},
): Promise<StatisticsAccumulator> {
  return (await computeStatisticsAndChecks(paths, options)).statistics;
}

/**
 * {@link computeStatistics}, with `options.checks` run over the same batches in the same pass:
 * each thread's check accumulator rides along its statistics accumulator, and the shares merge
 * in input order, as the statistics do.
 */
export async function computeStatisticsAndChecks(
  paths: string | readonly string[],
  options: ComputeStatisticsOptions = {},
): Promise<StatisticsAndChecks> {
  const read = options.read ?? {};
  const onRead = (p: ReadProgress) => options.onProgress?.({ rows: p.rowsRead, bytes: p.bytesRead, totalBytes });
  // Progress is reported only when this thread reads `dataset` itself (one share, below).
  const dataset = await openDataset(paths, { ...read, onProgress: onRead });
  const totalBytes = dataset.totalBytes;
  let wanted = options.jobs ?? defaultStatisticsJobs(dataset);
  // User generators are functions, which cannot cross to a worker: the data stays on this thread
  // (Parquet still decoded ahead by a worker).
  if (hasUserGenerators(options.stats)) wanted = Math.min(wanted, dataset.format === 'parquet' ? 2 : 1);
  const pipelined = wanted === 2 && dataset.format === 'parquet';
  // Checks number rows within each file, which a share of a CSV file cannot: CSV files stay whole then.
  const csvSplit = options.checks ? undefined : { delimiter: read.delimiter, quote: read.quote };
  // The workers start now, before the work is planned: loading and compiling their code (a few
  // hundred milliseconds of CPU) overlaps the planning and this thread's part of the type scan.
  // A worker left without work (fewer shares than threads) is ended unused.
  const early = earlyWorkerCount(dataset, options, wanted, pipelined);
  const workers = await Promise.all(Array.from({ length: early }, startStatisticsWorker));
  try {
    return await shareStatistics(dataset, options, wanted, pipelined, csvSplit, workers);
  } finally {
    for (const { worker } of workers) void worker.terminate();
  }
}

/** How many workers {@link computeStatisticsAndChecks} starts before it plans the work. */
function earlyWorkerCount(
  dataset: Dataset,
  options: ComputeStatisticsOptions,
  wanted: number,
  pipelined: boolean,
): number {
  // Parquet with 2 jobs: the worker that may share the columns, ended unused if the file cannot be.
  if (pipelined) return columnsMayBeShared(options) ? 1 : 0;
  // Custom checks keep a single CSV file whole: its workers would certainly be unused.
  if (options.checks && dataset.format === 'csv' && dataset.files.length < 2) return 0;
  return Math.max(0, wanted - 1);
}

async function shareStatistics(
  dataset: Dataset,
  options: ComputeStatisticsOptions,
  wanted: number,
  pipelined: boolean,
  csvSplit: CsvSplitOptions | undefined,
  workers: StartedWorker[],
): Promise<StatisticsAndChecks> {
  const read = options.read ?? {};
  const totalBytes = dataset.totalBytes;
  const { groups, scanPieces: pieces } = pipelined
    ? { groups: [], scanPieces: undefined }
    : await planWork(dataset, wanted, csvSplit);
  if (pipelined) {
    // Two threads that each decode and summarise half of the columns, when the file allows it
    // (never with checks); else the pipeline: the same batches in the same order as one thread,
    // decoded ahead by a worker.
    const split = await columnSplit(dataset, options);
    if (split !== undefined) {
      const worker = workers[0] ?? (await startStatisticsWorker());
      return { statistics: await accumulateByColumns(dataset, options, split, worker) };
    }
    return inOneThread(dataset, options, true);
  }
  if (groups.length <= 1) {
    // One thread over a Parquet file whose statistics are only finished: its columns one at a time,
    // each sealed once read, so that one column's pages and sketches are held at a time.
    const split =
      dataset.format === 'parquet' && options.finishedOnly ? await columnSplit(dataset, options) : undefined;
    if (split !== undefined) return { statistics: await accumulateByColumns(dataset, options, split, undefined) };
    return inOneThread(dataset, options);
  }
  const progress = groups.map(() => ({ rows: 0, bytes: 0 }));
  const report = (i: number) => (rows: number, bytes: number) => {
    progress[i] = { rows, bytes };
    options.onProgress?.({
      rows: progress.reduce((s, p) => s + p.rows, 0),
      bytes: progress.reduce((s, p) => s + p.bytes, 0),
      totalBytes,
    });
  };
  // CSV shares agree on the column types first: the threads share the type scan of the input
  // (csv-share-types.ts), the widest types of all its pieces (what one scan of the whole input
  // finds) go back to every thread, which then reads its share with them. Without this a thread
  // would type a column by its share alone.
  // (Only CSV work has scan pieces, and then every unit carries a range: see csvUnits.)
  const scan: CsvTypeScan | undefined = pieces ? csvTypeScan(pieces) : undefined;
  const exchange = scan ? new TypeExchange(groups.length) : undefined;
  // Loaded only for what this pass needs: parquet-wasm's compiled module for Parquet shares, the
  // checks' accumulator for the workers' check results.
  const wasmModule = await wasmModuleFor(dataset);
  const checkModule = options.checks ? await import('../checks/check-accumulator.js') : undefined;
  const checksFromState =
    checkModule && ((state: CheckAccumulatorState) => checkModule.CheckAccumulator.fromState(state));
  const input = (units: StatisticsWorkUnit[]): StatisticsWorkerData => ({
    units,
    readOptions: { ...read, format: dataset.format },
    statsOptions: options.stats ?? {},
    ...(wasmModule ? { parquetWasmModule: wasmModule } : {}),
    ...(options.checks ? { checks: options.checks } : {}),
    ...(scan ? { csvTypeScan: scan } : {}),
  });
  const here = async (units: StatisticsWorkUnit[]) => {
    if (!exchange || !scan) return accumulateUnits(input(units), report(0));
    try {
      exchange.put(0, await scanPieces(scan, input(units).readOptions));
    } catch (error) {
      exchange.fail(error);
      throw error;
    }
    const typed = withCsvTypes(units, await exchange.merged);
    const { csvTypeScan: _, ...share } = input(typed);
    return accumulateUnits(share, report(0));
  };
  // This thread computes the first share itself while the workers compute the others: one
  // worker fewer to start (and to warm up). A worker not started early is started now (and
  // ended with the others).
  const started = workers.map((w) => Promise.resolve(w));
  const workerFor = (k: number): Promise<StartedWorker> => {
    while (started.length <= k) {
      started.push(
        startStatisticsWorker().then((w) => {
          workers.push(w);
          return w;
        }),
      );
    }
    return started[k]!;
  };
  let results: WorkerResult[];
  try {
    results = await Promise.all(
      groups.map((group, i) =>
        i === 0
          ? here(group)
          : workerFor(i - 1).then((worker) =>
              runWorker(worker, input(group), report(i), checksFromState, exchange && { exchange, index: i }),
            ),
      ),
    );
  } catch (error) {
    exchange?.fail(error);
    // A CSV file read in ranges: errors are reported by one thread reading it from the start,
    // which knows every line and row number (a later range does not). That read may also succeed
    // (a worker failed for a reason of its own, e.g. out of memory): its result is then the
    // pass's. Checks keep CSV files whole (csvSplit), so none reach here; were they cut, this
    // read would run the checks too (inOneThread).
    if (groups.some((g) => g.some((u) => u.csvRange && u.csvRange.start > 0))) {
      return await inOneThread(dataset, options);
    }
    throw error;
  }
  const [first, ...rest] = results;
  for (const r of rest) {
    first!.acc.merge(r.acc);
    if (first!.checks && r.checks) first!.checks.merge(r.checks);
  }
  options.onSkippedRows?.(results.reduce((sum, r) => sum + r.skippedRows, 0));
  return { statistics: first!.acc, ...(first!.checks ? { checks: first!.checks } : {}) };
}
