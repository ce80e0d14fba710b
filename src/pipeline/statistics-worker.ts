import { parentPort, workerData } from 'node:worker_threads';
import { errorForPosting, type WorkerError } from '../_util/worker-thread.js';
import type { CheckAccumulatorState } from '../checks/check-accumulator.js';
import { useParquetWasmModule } from '../io/parquet-wasm.js';
import { accumulateUnits, type StatisticsWorkerInput } from './accumulate-units.js';

/**
 * The entry of a data-parallel statistics worker (computeStatistics with files or row groups split
 * between threads). Only ever loaded as a worker's entry, so that its start-up code cannot run in
 * a thread that merely computes statistics.
 */

/** Messages a worker posts: progress (rows and bytes so far), its serialised result, or an error. */
export type StatisticsWorkerMessage =
  | { readonly type: 'progress'; readonly rows: number; readonly bytes: number }
  | {
      readonly type: 'done';
      readonly state: string;
      readonly rows: number;
      readonly skippedRows: number;
      /** The custom checks' partial state, when the worker ran checks. */
      readonly checks?: CheckAccumulatorState;
    }
  | WorkerError;

async function main(input: StatisticsWorkerInput): Promise<void> {
  const port = parentPort!;
  if (input.parquetWasmModule) useParquetWasmModule(input.parquetWasmModule);
  try {
    const { acc, checks, rows, skippedRows } = await accumulateUnits(input, (rows, bytes) =>
      port.postMessage({ type: 'progress', rows, bytes } satisfies StatisticsWorkerMessage),
    );
    port.postMessage({
      type: 'done',
      state: acc.serialize(),
      rows,
      skippedRows,
      ...(checks ? { checks: checks.toState() } : {}),
    } satisfies StatisticsWorkerMessage);
  } catch (error) {
    port.postMessage(errorForPosting(error) satisfies StatisticsWorkerMessage);
  }
}

if (parentPort && workerData) void main(workerData as StatisticsWorkerInput);
