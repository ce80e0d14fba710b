import type { WorkerError } from '../_util/worker-thread.js';
import type { ParquetDecodeInput } from './parquet-row-group-decoder.js';
import type { WasmModule } from './parquet-wasm.js';

/**
 * How a reading thread and a Parquet decode worker (parquet-decode-worker.ts) share the decoding of
 * a read. The decode tasks (row groups, or slices of large ones) are numbered in file and group
 * order; the worker claims the next task by compare-and-swap on `NEXT` and decodes it, at most
 * `window` tasks beyond the one the reader is on (`READING`), which bounds the memory held. The
 * reader decodes nothing itself: it waits for the worker's bytes of each task in turn, so that only
 * one thread holds parquet-wasm's memory.
 */

/** Indexes into the shared Int32Array. */
export const DecodeShare = {
  /** The next task nobody has claimed. */
  NEXT: 0,
  /** The task the reader is on (it is done with every task before it). */
  READING: 1,
  /** Set by the reader when it stops early, so that a waiting worker ends. */
  STOP: 2,
  LENGTH: 3,
} as const;

export interface ParquetDecodeWorkerInput extends ParquetDecodeInput {
  /** Tasks this worker may claim beyond the one the reader is on: the memory bound. */
  readonly window: number;
  /**
   * The parent's compiled parquet-wasm (parquetWasmModule), so that compiled code is shared (a
   * worker is started only for reads with a file that needs parquet-wasm).
   */
  readonly wasmModule: WasmModule;
  /** {@link DecodeShare} slots, over a SharedArrayBuffer. */
  readonly share: Int32Array;
}

/** What the worker posts: a decoded task, the end (no task left), or an error at a task. */
export type ParquetDecodeWorkerMessage =
  | { readonly type: 'task'; readonly task: number; readonly ipc: Uint8Array }
  | { readonly type: 'end' }
  | (WorkerError & { readonly task: number });
