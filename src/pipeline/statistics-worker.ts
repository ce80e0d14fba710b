import { parentPort, workerData } from 'node:worker_threads';
import { openDataset } from '../io/open-dataset.js';
import type { ReadOptions } from '../io/read-options.js';
import { StatisticsAccumulator } from '../stats/statistics-accumulator.js';
import type { StatisticsOptions } from '../stats/statistics-options.js';

/** What {@link computeStatistics} hands each worker. */
export interface StatisticsWorkerInput {
  readonly files: readonly string[];
  readonly readOptions: Omit<ReadOptions, 'onProgress' | 'onMalformedRow'>;
  readonly statsOptions: StatisticsOptions;
}

/** Messages a worker posts: progress (rows and bytes so far), its serialised result, or an error. */
export type StatisticsWorkerMessage =
  | { readonly type: 'progress'; readonly rows: number; readonly bytes: number }
  | { readonly type: 'done'; readonly state: string; readonly rows: number }
  | {
      readonly type: 'error';
      readonly name: string;
      readonly message: string;
      readonly code?: string;
      readonly hint?: string;
      readonly location?: unknown;
    };

async function main(input: StatisticsWorkerInput): Promise<void> {
  const port = parentPort!;
  try {
    const dataset = await openDataset(input.files, {
      ...input.readOptions,
      onProgress: (p) => port.postMessage({ type: 'progress', rows: p.rowsRead, bytes: p.bytesRead }),
    });
    const acc = new StatisticsAccumulator(input.statsOptions);
    for await (const batch of dataset.batches()) acc.add(batch);
    port.postMessage({
      type: 'done',
      state: acc.serialize(),
      rows: dataset.rowsRead,
    } satisfies StatisticsWorkerMessage);
  } catch (error) {
    const e = error as Error & { code?: string; hint?: string; location?: unknown };
    port.postMessage({
      type: 'error',
      name: e.name,
      message: e.message,
      ...(e.code !== undefined ? { code: e.code } : {}),
      ...(e.hint !== undefined ? { hint: e.hint } : {}),
      ...(e.location !== undefined ? { location: e.location } : {}),
    } satisfies StatisticsWorkerMessage);
  }
}

if (parentPort && workerData) void main(workerData as StatisticsWorkerInput);
