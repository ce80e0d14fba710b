import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InputError, UsageError } from './errors.js';

/**
 * Starts the worker module `name` (without extension) next to the module at `from` (its
 * `import.meta.url`): the .js file when built; under tsx/vitest, which run the .ts sources, a
 * bootstrap registers tsx's loader in the worker first, since workers do not inherit the loader
 * hooks of the main thread.
 */
export function startModuleWorker(from: string, name: string, workerData: unknown): Worker {
  const resourceLimits = { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB };
  if (!from.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, from), { workerData, resourceLimits });
  const tsx = pathToFileURL(
    createRequire(from)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const worker = new URL(`./${name}.ts`, from).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(worker)}); });`;
  return new Worker(bootstrap, { eval: true, workerData, resourceLimits });
}

/**
 * The young generation of a worker's heap, in MB. V8 grows it to tens of megabytes under the
 * allocation rate of a statistics pass, and the process keeps them; at 4 MB the peak memory of
 * `datavet stats` fell by ~10 MB on Parquet and ~20 MB on CSV, in the same time
 * (docs/benchmarks.md, Parquet memory). The main thread's cannot be set from inside the process.
 */
const WORKER_YOUNG_GENERATION_MB = 4;

/** An error as a worker posts it: what {@link errorFromWorker} needs to throw the same kind of error. */
export interface WorkerError {
  readonly type: 'error';
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly hint?: string;
  readonly location?: unknown;
}

/** The structured-clone-safe form of an error thrown in a worker. */
export function errorForPosting(error: unknown): WorkerError {
  const e = (error instanceof Error ? error : new Error(String(error))) as Error & {
    code?: unknown;
    hint?: unknown;
    location?: unknown;
  };
  return {
    type: 'error',
    name: e.name,
    message: e.message,
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
    ...(typeof e.hint === 'string' ? { hint: e.hint } : {}),
    ...(e.location !== undefined ? { location: e.location } : {}),
  };
}

/** The error a worker posted, rebuilt in this thread: usage and input errors keep code, hint and location. */
export function errorFromWorker(m: WorkerError): Error {
  const options = {
    ...(m.hint !== undefined ? { hint: m.hint } : {}),
    ...(m.location !== undefined ? { location: m.location as never } : {}),
  };
  if (m.name === 'UsageError') return new UsageError(m.message, options);
  if (m.code !== undefined) return new InputError(m.code, m.message, options);
  return new Error(m.message);
}
