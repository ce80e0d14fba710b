import { availableParallelism } from 'node:os';
import type { CheckAccumulator, CheckAccumulatorState } from '../checks/check-accumulator.js';
import type { CheckPlan } from '../checks/check-plan.js';
import { widerCsvTypes } from '../io/csv-reader.js';
import { csvRecordStarts } from '../io/csv-split.js';
import { type Dataset, openDataset } from '../io/open-dataset.js';
import type { ReadOptions, ReadProgress } from '../io/read-options.js';
import { StatisticsAccumulator } from '../stats/statistics-accumulator.js';
import type { StatisticsOptions } from '../stats/statistics-options.js';
import { accumulateUnits, type StatisticsWorkUnit } from './accumulate-units.js';
import { scanShare, withCsvTypes } from './csv-share-types.js';
import type { StatisticsParentMessage, StatisticsWorkerData, StatisticsWorkerMessage } from './statistics-worker.js';

/** Progress of {@link computeStatistics}, summed over workers. */
export interface StatisticsProgress {
  readonly rows: number;
  readonly bytes: number;
  readonly totalBytes: number;
}

/** Options of {@link computeStatistics}. */
export interface ComputeStatisticsOptions {
  readonly read?: Omit<ReadOptions, 'onProgress' | 'onMalformedRow' | 'parquetRowGroups' | 'decodeInWorker'>;
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
async function workUnits(dataset: Dataset, jobs: number, csv?: CsvSplitOptions): Promise<StatisticsWorkUnit[]> {
  const files = dataset.files.map((f) => ({ file: f.path, bytes: f.size }));
  if (dataset.format === 'csv' && csv) return csvUnits(dataset, jobs, csv);
  if (dataset.format !== 'parquet' || dataset.files.length >= jobs) return files;
  const units: StatisticsWorkUnit[] = [];
  const { parquetRowGroups } = await import('../io/parquet-reader.js');
  for (const f of files) {
    const groups = await parquetRowGroups(f.file);
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
  return units;
}

/** The CSV dialect the split needs to tell quoted line feeds from record ends. */
interface CsvSplitOptions {
  readonly delimiter?: string | undefined;
  readonly quote?: string | undefined;
}

/**
 * CSV work units: whole files, each with the byte range of the whole file, but with fewer files
 * than `jobs`, each file that is a regular file is cut into up to `jobs / files` ranges at record
 * starts. A stream (copied to a temporary file that only this thread knows) stays whole, and so
 * does a file the boundary scan cannot cut safely (its reader reports the quoting error).
 */
async function csvUnits(dataset: Dataset, jobs: number, csv: CsvSplitOptions): Promise<StatisticsWorkUnit[]> {
  const byte = (text: string | undefined, fallback: number) =>
    text === undefined ? fallback : Buffer.from(text === '\\t' ? '\t' : text, 'utf8')[0]!;
  const delimiter = byte(csv.delimiter, 44);
  const quote = byte(csv.quote, 34);
  const parts = Math.max(1, Math.floor(jobs / dataset.files.length));
  const units: StatisticsWorkUnit[] = [];
  for (const f of dataset.files) {
    const whole = { file: f.path, bytes: f.size, csvRange: { start: 0, end: f.size } };
    if (parts < 2 || f.source !== undefined) {
      units.push(whole);
      continue;
    }
    const guesses = Array.from({ length: parts - 1 }, (_, k) => Math.floor((f.size * (k + 1)) / parts));
    const starts = await csvRecordStarts(f.path, 0, f.size, guesses, delimiter, quote);
    if (!starts || starts.length === 0) {
      units.push(whole);
      continue;
    }
    const bounds = [0, ...starts, f.size];
    for (let k = 0; k + 1 < bounds.length; k++) {
      const start = bounds[k]!;
      const end = bounds[k + 1]!;
      units.push({ file: f.path, bytes: end - start, csvRange: { start, end } });
    }
  }
  return units;
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
  if (jobs <= 1) return [dataset.files.map((f) => ({ file: f.path, bytes: f.size }))];
  return partition(await workUnits(dataset, jobs, csv), jobs);
}

/** What a worker hands back: its statistics, its checks' share, and the malformed rows it skipped. */
type WorkerResult = { acc: StatisticsAccumulator; checks?: CheckAccumulator; skippedRows: number };

async function runWorker(
  input: StatisticsWorkerData,
  onProgress: (rows: number, bytes: number) => void,
  checksFromState: ((state: CheckAccumulatorState) => CheckAccumulator) | undefined,
  types?: { exchange: TypeExchange; index: number },
): Promise<WorkerResult> {
  try {
    // Node's worker threads (and its CommonJS resolver) are loaded only by a pass that starts workers.
    const { errorFromWorker, startModuleWorker } = await import('../_util/worker-thread.js');
    return await new Promise<WorkerResult>((resolvePromise, reject) => {
      const worker = startModuleWorker(import.meta.url, 'statistics-worker', input);
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
            acc: StatisticsAccumulator.deserialize(m.state),
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
      worker.on('error', (e) => {
        if (!settled) reject(e);
      });
      worker.on('exit', (code) => {
        if (!settled) reject(new Error(`statistics worker exited with code ${code}`));
      });
    });
  } catch (error) {
    types?.exchange.fail(error);
    throw error;
  }
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

  put(index: number, types: number[]): void {
    this.shares[index] = types;
    if (this.shares.every((t) => t !== undefined)) {
      this.resolve(this.shares.reduce((a, b) => widerCsvTypes(a!, b!))!);
    }
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

/** The statistics of `dataset` computed in this thread (its Parquet decoded ahead by a worker with `decodeInWorker`). */
async function accumulate(
  dataset: Dataset,
  options: ComputeStatisticsOptions,
  decodeInWorker = false,
): Promise<StatisticsAccumulator> {
  const acc = new StatisticsAccumulator(options.stats);
  for await (const batch of dataset.batches({ decodeInWorker })) acc.add(batch);
  options.onSkippedRows?.(dataset.skippedRows);
  return acc;
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
  if ((options.stats?.generators?.length ?? 0) > 0) wanted = Math.min(wanted, dataset.format === 'parquet' ? 2 : 1);
  const pipelined = wanted === 2 && dataset.format === 'parquet';
  // Checks number rows within each file, which a share of a CSV file cannot: CSV files stay whole then.
  const csvSplit = options.checks ? undefined : { delimiter: read.delimiter, quote: read.quote };
  const groups = pipelined ? [] : await planStatisticsWork(dataset, wanted, csvSplit);
  if (options.checks && (pipelined || groups.length <= 1)) {
    // One thread, file by file, so that the checks know each batch's file and row numbers.
    const units = dataset.files.map((f) => ({ file: f.path, bytes: f.size }));
    const one = await accumulateUnits(
      {
        units,
        readOptions: { ...read, format: dataset.format, ...(pipelined ? { decodeInWorker: true } : {}) },
        statsOptions: options.stats ?? {},
        checks: options.checks,
      },
      (rows, bytes) => options.onProgress?.({ rows, bytes, totalBytes }),
    );
    options.onSkippedRows?.(one.skippedRows);
    return { statistics: one.acc, ...(one.checks ? { checks: one.checks } : {}) };
  }
  if (pipelined) {
    // The pipeline: the same batches in the same order as one thread, decoded ahead by a worker.
    return { statistics: await accumulate(dataset, options, true) };
  }
  if (groups.length <= 1) return { statistics: await accumulate(dataset, options) };
  const progress = groups.map(() => ({ rows: 0, bytes: 0 }));
  const report = (i: number) => (rows: number, bytes: number) => {
    progress[i] = { rows, bytes };
    options.onProgress?.({
      rows: progress.reduce((s, p) => s + p.rows, 0),
      bytes: progress.reduce((s, p) => s + p.bytes, 0),
      totalBytes,
    });
  };
  // CSV shares agree on the column types first: each thread scans its share, the widest types of
  // all shares (what one scan of the whole input finds) go back to every thread, which then reads
  // its share with them. Without this a thread would type a column by its share alone.
  const csvTypes = dataset.format === 'csv' && groups.some((g) => g.some((u) => u.csvRange));
  const exchange = csvTypes ? new TypeExchange(groups.length) : undefined;
  // Loaded only for what this pass needs: parquet-wasm's compiled module for Parquet shares, the
  // checks' accumulator for the workers' check results.
  const wasmModule =
    dataset.format === 'parquet' ? (await import('../io/parquet-wasm.js')).parquetWasmModule() : undefined;
  const checkModule = options.checks ? await import('../checks/check-accumulator.js') : undefined;
  const checksFromState =
    checkModule && ((state: CheckAccumulatorState) => checkModule.CheckAccumulator.fromState(state));
  const input = (units: StatisticsWorkUnit[]): StatisticsWorkerData => ({
    units,
    readOptions: { ...read, format: dataset.format },
    statsOptions: options.stats ?? {},
    ...(wasmModule ? { parquetWasmModule: wasmModule } : {}),
    ...(options.checks ? { checks: options.checks } : {}),
    ...(csvTypes ? { exchangeCsvTypes: true } : {}),
  });
  const here = async (units: StatisticsWorkUnit[]) => {
    if (!exchange) return accumulateUnits(input(units), report(0));
    try {
      exchange.put(0, await scanShare(units, input(units).readOptions));
    } catch (error) {
      exchange.fail(error);
      throw error;
    }
    const typed = withCsvTypes(units, await exchange.merged);
    const { exchangeCsvTypes: _, ...share } = input(typed);
    return accumulateUnits(share, report(0));
  };
  // This thread computes the first share itself while the workers compute the others: one
  // worker fewer to start (and to warm up).
  let results: WorkerResult[];
  try {
    results = await Promise.all(
      groups.map((group, i) =>
        i === 0 ? here(group) : runWorker(input(group), report(i), checksFromState, exchange && { exchange, index: i }),
      ),
    );
  } catch (error) {
    exchange?.fail(error);
    // A CSV file read in ranges: errors are reported by one thread reading it from the start,
    // which knows every line and row number (a later range does not).
    if (groups.some((g) => g.some((u) => u.csvRange && u.csvRange.start > 0))) {
      return { statistics: await accumulate(dataset, options) };
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
