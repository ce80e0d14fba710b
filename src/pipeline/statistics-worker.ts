import { parentPort, workerData } from 'node:worker_threads';
import { errorForPosting, type WorkerError } from '../_util/worker-thread.js';
import type { CheckAccumulatorState } from '../checks/check-accumulator.js';
import { useParquetWasmModule } from '../io/parquet-wasm.js';
import { accumulateUnits, type StatisticsWorkerInput } from './accumulate-units.js';
import { scanShare, withCsvTypes } from './csv-share-types.js';

/**
 * The entry of a data-parallel statistics worker (computeStatistics with files or row groups split
 * between threads). Only ever loaded as a worker's entry, so that its start-up code cannot run in
 * a thread that merely computes statistics.
 */

/**
 * What a worker is started with: its share, and whether it first trades CSV types with the parent
 * (it posts the types its scan found in its share, and reads with the merged ones it gets back).
 */
export type StatisticsWorkerData = StatisticsWorkerInput & { readonly exchangeCsvTypes?: boolean };

/** The parent's message to a worker: the CSV types of the whole input. */
export type StatisticsParentMessage = { readonly type: 'csv-types'; readonly types: number[] };

/** Messages a worker posts: progress (rows and bytes so far), its share's CSV types, its serialised result, or an error. */
export type StatisticsWorkerMessage =
  | { readonly type: 'progress'; readonly rows: number; readonly bytes: number }
  | { readonly type: 'csv-types'; readonly types: number[] }
  | {
      readonly type: 'done';
      readonly state: string;
      readonly rows: number;
      readonly skippedRows: number;
      /** The custom checks' partial state, when the worker ran checks. */
      readonly checks?: CheckAccumulatorState;
    }
  | WorkerError;

async function main(data: StatisticsWorkerData): Promise<void> {
  const port = parentPort!;
  if (data.parquetWasmModule) useParquetWasmModule(data.parquetWasmModule);
  try {
    let input: StatisticsWorkerInput = data;
    if (data.exchangeCsvTypes) {
      const merged = new Promise<number[]>((resolve) =>
        port.once('message', (m: StatisticsParentMessage) => resolve(m.types)),
      );
      port.postMessage({
        type: 'csv-types',
        types: await scanShare(data.units, data.readOptions),
      } satisfies StatisticsWorkerMessage);
      input = { ...data, units: withCsvTypes(data.units, await merged) };
    }
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

if (parentPort && workerData) void main(workerData as StatisticsWorkerData);
