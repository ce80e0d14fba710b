import { parentPort, workerData } from 'node:worker_threads';
import { errorForPosting } from '../_util/worker-thread.js';
import {
  DecodeShare,
  type ParquetDecodeWorkerInput,
  type ParquetDecodeWorkerMessage,
} from './parquet-decode-protocol.js';
import { ParquetTaskCursor } from './parquet-row-group-decoder.js';
import { useParquetWasmModule } from './parquet-wasm.js';

/**
 * The entry of a worker that only decodes Parquet row groups and posts them as Arrow IPC bytes, transferred (not
 * copied) to the reading thread, so that decoding overlaps whatever the reading thread does with
 * the batches (readParquet's `decodeInWorker`, used when some file of the read needs parquet-wasm).
 * Files in the subset of this project's decoder are decoded with it (parquet-js-file.ts); it loads
 * nothing of the statistics.
 *
 * How the two threads share the row groups: parquet-decode-protocol.ts.
 */

async function main(input: ParquetDecodeWorkerInput): Promise<void> {
  const port = parentPort!;
  const { share } = input;
  useParquetWasmModule(input.wasmModule);
  const cursor = new ParquetTaskCursor(input);
  let task = -1;
  try {
    for (;;) {
      task = Atomics.load(share, DecodeShare.NEXT);
      const reading = Atomics.load(share, DecodeShare.READING);
      if (Atomics.load(share, DecodeShare.STOP) !== 0) break;
      if (task > reading + input.window) {
        // Far enough ahead: sleep until the reader moves on (the timeout only guards a missed wake).
        Atomics.wait(share, DecodeShare.READING, reading, 1000);
        continue;
      }
      if (Atomics.compareExchange(share, DecodeShare.NEXT, task, task + 1) !== task) continue;
      const ipc = await cursor.decode(task);
      if (ipc === undefined) break;
      port.postMessage({ type: 'task', task, ipc } satisfies ParquetDecodeWorkerMessage, [ipc.buffer as ArrayBuffer]);
    }
    port.postMessage({ type: 'end' } satisfies ParquetDecodeWorkerMessage);
  } catch (error) {
    port.postMessage({ ...errorForPosting(error), task } satisfies ParquetDecodeWorkerMessage);
  } finally {
    await cursor.close();
  }
}

if (parentPort && workerData) void main(workerData as ParquetDecodeWorkerInput);
