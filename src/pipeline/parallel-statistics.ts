import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InputError, UsageError } from '../_util/errors.js';
import { openDataset } from '../io/open-dataset.js';
import type { ReadOptions } from '../io/read-options.js';
import { StatisticsAccumulator } from '../stats/statistics-accumulator.js';
import type { StatisticsOptions } from '../stats/statistics-options.js';
import type { StatisticsWorkerInput, StatisticsWorkerMessage } from './statistics-worker.js';

/** Progress of {@link computeStatistics}, summed over workers. */
export interface StatisticsProgress {
  readonly rows: number;
  readonly bytes: number;
  readonly totalBytes: number;
}

/** Options of {@link computeStatistics}. */
export interface ComputeStatisticsOptions {
  readonly read?: Omit<ReadOptions, 'onProgress' | 'onMalformedRow'>;
  readonly stats?: StatisticsOptions;
  /** Worker threads (default: available cores; 1 runs in this thread). Files are split between them. */
  readonly jobs?: number;
  readonly onProgress?: (progress: StatisticsProgress) => void;
}

/** Splits files into `n` groups of about equal total size (largest first, into the lightest group). */
function partition<T extends { size: number }>(files: readonly T[], n: number): T[][] {
  const groups = Array.from({ length: n }, () => ({ size: 0, files: [] as T[] }));
  for (const file of [...files].sort((a, b) => b.size - a.size)) {
    const lightest = groups.reduce((a, b) => (b.size < a.size ? b : a));
    lightest.files.push(file);
    lightest.size += file.size;
  }
  return groups.filter((g) => g.files.length > 0).map((g) => g.files);
}

/**
 * Starts the worker module next to this one: the .js file when built; under tsx/vitest (running the
 * .ts sources) a bootstrap registers tsx's loader in the worker first, since workers do not
 * inherit the loader hooks of the main thread.
 */
function startWorker(workerData: StatisticsWorkerInput): Worker {
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL('./statistics-worker.js', import.meta.url), { workerData });
  const tsx = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const worker = new URL('./statistics-worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(worker)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}

function runWorker(input: StatisticsWorkerInput, onProgress: (rows: number, bytes: number) => void) {
  return new Promise<StatisticsAccumulator>((resolvePromise, reject) => {
    const worker = startWorker(input);
    let settled = false;
    worker.on('message', (m: StatisticsWorkerMessage) => {
      if (m.type === 'progress') onProgress(m.rows, m.bytes);
      else if (m.type === 'done') {
        settled = true;
        resolvePromise(StatisticsAccumulator.deserialize(m.state));
        void worker.terminate();
      } else {
        settled = true;
        const options = {
          ...(m.hint !== undefined ? { hint: m.hint } : {}),
          ...(m.location !== undefined ? { location: m.location as never } : {}),
        };
        if (m.name === 'UsageError') reject(new UsageError(m.message, options));
        else if (m.code !== undefined) reject(new InputError(m.code, m.message, options));
        else reject(new Error(m.message));
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
}

/**
 * Statistics of the files at `paths` (any format the io layer reads), as a mergeable accumulator.
 * With several files and `jobs` > 1, worker threads each compute the statistics of a share of the
 * files, and the partial accumulators are merged through the same merge path as `datavet merge`.
 */
export async function computeStatistics(
  paths: string | readonly string[],
  options: ComputeStatisticsOptions = {},
): Promise<StatisticsAccumulator> {
  const read = options.read ?? {};
  const dataset = await openDataset(paths, read);
  const jobs = Math.max(1, Math.min(options.jobs ?? availableParallelism(), dataset.files.length));
  const totalBytes = dataset.totalBytes;
  if (jobs === 1) {
    const acc = new StatisticsAccumulator(options.stats);
    const tracked = await openDataset(
      dataset.files.map((f) => f.path),
      {
        ...read,
        ...(read.format ? {} : { format: dataset.format }),
        onProgress: (p) => options.onProgress?.({ rows: p.rowsRead, bytes: p.bytesRead, totalBytes }),
      },
    );
    for await (const batch of tracked.batches()) acc.add(batch);
    return acc;
  }
  const groups = partition(dataset.files, jobs);
  const progress = groups.map(() => ({ rows: 0, bytes: 0 }));
  const results = await Promise.all(
    groups.map((files, i) =>
      runWorker(
        {
          files: files.map((f) => f.path),
          readOptions: { ...read, format: dataset.format },
          statsOptions: options.stats ?? {},
        },
        (rows, bytes) => {
          progress[i] = { rows, bytes };
          options.onProgress?.({
            rows: progress.reduce((s, p) => s + p.rows, 0),
            bytes: progress.reduce((s, p) => s + p.bytes, 0),
            totalBytes,
          });
        },
      ),
    ),
  );
  const [first, ...rest] = results;
  for (const r of rest) first!.merge(r);
  return first!;
}
