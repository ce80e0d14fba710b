import { parentPort, workerData } from 'node:worker_threads';
import { packNumberArrays } from '../_util/number-array-transfer.js';
import { errorForPosting, type WorkerError } from '../_util/worker-thread.js';
import type { CheckAccumulatorState } from '../checks/check-accumulator.js';
import { useParquetWasmModule } from '../io/parquet-wasm.js';
import type { SealedStatistics, StatisticsAccumulator } from '../stats/statistics-accumulator.js';
import { accumulateUnits, type STATISTICS_WORKER_DATA, type StatisticsWorkerInput } from './accumulate-units.js';
import { type CsvTypeScan, scanPieces, withCsvTypes } from './csv-share-types.js';

/**
 * The entry of a data-parallel statistics worker (computeStatistics with files or row groups split
 * between threads). Only ever loaded as a worker's entry, so that its start-up code cannot run in
 * a thread that merely computes statistics.
 */

/**
 * A worker's work: its share, and, for CSV, the shared type scan it takes part in first (it posts
 * the types it found in the pieces it took, and reads with the merged ones it gets back).
 * Workers are started before the work is planned, so that their start-up (loading and compiling
 * the code) overlaps the planning and this thread's part of the type scan.
 */
export type StatisticsWorkerData = StatisticsWorkerInput & { readonly csvTypeScan?: CsvTypeScan };

/** The parent's messages to a worker: its work (first), then the CSV types of the whole input. */
export type StatisticsParentMessage =
  | { readonly type: 'start'; readonly data: StatisticsWorkerData }
  | { readonly type: 'csv-types'; readonly types: number[] };

/** Messages a worker posts: progress (rows and bytes so far), its share's CSV types, its serialised result, or an error. */
export type StatisticsWorkerMessage =
  | { readonly type: 'progress'; readonly rows: number; readonly bytes: number }
  | { readonly type: 'csv-types'; readonly types: number[] }
  | {
      readonly type: 'done';
      /**
       * The accumulator's state (`StatisticsAccumulator.toState`) with its arrays of numbers packed
       * (number-array-transfer.ts), or, when it was sealed, its finished statistics.
       */
      readonly state: { readonly packed: unknown } | { readonly sealed: SealedStatistics };
      readonly rows: number;
      readonly skippedRows: number;
      /** The custom checks' partial state, when the worker ran checks. */
      readonly checks?: CheckAccumulatorState;
    }
  | WorkerError;

/** The next message of the parent, of type `type`. */
function nextMessage<T extends StatisticsParentMessage['type']>(type: T) {
  return new Promise<Extract<StatisticsParentMessage, { type: T }>>((resolve) => {
    const port = parentPort!;
    const listener = (m: StatisticsParentMessage) => {
      if (m.type !== type) return;
      port.off('message', listener);
      resolve(m as Extract<StatisticsParentMessage, { type: T }>);
    };
    port.on('message', listener);
  });
}

/** What a worker posts of its accumulator, and the buffers the message transfers. */
function doneState(acc: StatisticsAccumulator): {
  state: Extract<StatisticsWorkerMessage, { type: 'done' }>['state'];
  transfer: ArrayBuffer[];
} {
  if (acc.sealed) return { state: { sealed: acc.sealedStatistics() }, transfer: [] };
  const { packed, transfer } = packNumberArrays(acc.toState());
  return { state: { packed }, transfer };
}

async function main(data: StatisticsWorkerData): Promise<void> {
  const port = parentPort!;
  if (data.parquetWasmModule) useParquetWasmModule(data.parquetWasmModule);
  try {
    let input: StatisticsWorkerInput = data;
    if (data.csvTypeScan) {
      const merged = nextMessage('csv-types');
      port.postMessage({
        type: 'csv-types',
        types: await scanPieces(data.csvTypeScan, data.readOptions),
      } satisfies StatisticsWorkerMessage);
      input = { ...data, units: withCsvTypes(data.units, (await merged).types) };
    }
    const { acc, checks, rows, skippedRows } = await accumulateUnits(input, (rows, bytes) =>
      port.postMessage({ type: 'progress', rows, bytes } satisfies StatisticsWorkerMessage),
    );
    const { state, transfer } = doneState(acc);
    port.postMessage(
      {
        type: 'done',
        state,
        rows,
        skippedRows,
        ...(checks ? { checks: checks.toState() } : {}),
      } satisfies StatisticsWorkerMessage,
      transfer,
    );
  } catch (error) {
    port.postMessage(errorForPosting(error) satisfies StatisticsWorkerMessage);
  }
}

if (parentPort && (workerData as Partial<typeof STATISTICS_WORKER_DATA> | undefined)?.statisticsWorker) {
  void nextMessage('start').then((m) => main(m.data));
}
