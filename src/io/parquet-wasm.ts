import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** parquet-wasm's functions (the ESM build: it is instantiated from a module we compile ourselves). */
export type ParquetWasm = typeof import('parquet-wasm/esm');

/**
 * A compiled WebAssembly.Module (opaque here: this project's TypeScript libs do not declare the
 * WebAssembly global). Structured clone shares it with worker threads.
 */
export type WasmModule = { readonly __wasmModule?: never } & object;

const { WebAssembly: wasmGlobal } = globalThis as unknown as {
  WebAssembly: { Module: new (bytes: Uint8Array) => WasmModule };
};

let compiled: WasmModule | undefined;
let instantiated = false;

/**
 * parquet-wasm's WebAssembly module, compiled once per process on first use (~40 ms). Threads that
 * instantiate the same Module share V8's compiled code, optimized code included: a decode worker
 * given it starts at full speed once any thread has decoded with it, where one compiling its own
 * copy pays ~0.4 CPU-s of compiling and slow first row groups (docs/benchmarks.md, Statistics).
 * parquet-wasm's default Node entry compiles its own copy on import, hence the ESM build here.
 */
export function parquetWasmModule(): WasmModule {
  compiled ??= new wasmGlobal.Module(
    readFileSync(createRequire(import.meta.url).resolve('parquet-wasm/esm/parquet_wasm_bg.wasm')),
  );
  return compiled;
}

/**
 * Makes this thread instantiate parquet-wasm from `module` (compiled by another thread's
 * {@link parquetWasmModule}) rather than compile its own; a worker calls it first thing.
 */
export function useParquetWasmModule(module: WasmModule): void {
  compiled ??= module;
}

let api: ParquetWasm | undefined;

/**
 * Loads parquet-wasm's JavaScript (about 100 kB) in this thread. Deferred to the first Parquet
 * file so that commands reading CSV or JSON Lines never parse it; {@link parquetWasm} needs it.
 */
export async function loadParquetWasm(): Promise<void> {
  api ??= await import('parquet-wasm/esm');
}

/** Whether this thread has loaded parquet-wasm's JavaScript (files of the JS decoder's subset never do). */
export function parquetWasmLoaded(): boolean {
  return api !== undefined;
}

/** parquet-wasm, instantiated in this thread on first use from {@link parquetWasmModule}. */
export function parquetWasm(): ParquetWasm {
  if (api === undefined) throw new Error('internal error: parquet-wasm used before loadParquetWasm()');
  if (!instantiated) {
    api.initSync({ module: parquetWasmModule() as never });
    instantiated = true;
  }
  return api;
}
