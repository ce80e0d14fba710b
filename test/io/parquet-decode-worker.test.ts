import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type RecordBatch, Table, tableToIPC } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/_util/errors.js';
import { errorFromWorker, startModuleWorker } from '../../src/_util/worker-thread.js';
import { openDataset } from '../../src/io/open-dataset.js';
import {
  DecodeShare,
  type ParquetDecodeWorkerInput,
  type ParquetDecodeWorkerMessage,
} from '../../src/io/parquet-decode-protocol.js';
import { ParquetFileDecoder } from '../../src/io/parquet-row-group-decoder.js';
import { parquetWasmModule } from '../../src/io/parquet-wasm.js';
import type { ReadOptions, ReadProgress } from '../../src/io/read-options.js';
import { writeRowGroupsFixture } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'datavet-decode-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const manyGroups = join(dir, 'many-groups.parquet');
writeRowGroupsFixture(manyGroups, 12_000, 400);
const corrupt = join(import.meta.dirname, '..', 'fixtures', 'bad-input', 'parquet-corrupt-pages.parquet');

/** Reads `path`, pausing after each batch so that a decode worker gets ahead; batches and progress. */
async function read(path: string | string[], options: ReadOptions) {
  const progress: ReadProgress[] = [];
  const dataset = await openDataset(path, { ...options, onProgress: (p) => progress.push(p) });
  const batches: RecordBatch[] = [];
  for await (const batch of dataset.batches()) {
    batches.push(batch);
    await sleep(5);
  }
  // (An empty read is one empty batch with the schema, which Arrow's IPC writer does not take.)
  const rows = batches.reduce((n, b) => n + b.numRows, 0);
  const bytes = Buffer.from(rows > 0 ? tableToIPC(new Table(batches)) : String(batches[0]?.schema));
  return { bytes, count: batches.length, progress };
}

/** Runs the decode worker alone over `path` with room to claim every task; its messages in order. */
async function runWorker(path: string): Promise<ParquetDecodeWorkerMessage[]> {
  const share = new Int32Array(new SharedArrayBuffer(DecodeShare.LENGTH * 4));
  share[DecodeShare.READING] = 1_000_000;
  const worker = startModuleWorker(
    new URL('../../src/io/parquet-reader.ts', import.meta.url).href,
    'parquet-decode-worker',
    {
      files: [{ path, size: readFileSync(path).length }],
      window: 2,
      wasmModule: parquetWasmModule(),
      share,
    } satisfies ParquetDecodeWorkerInput,
  );
  const messages: ParquetDecodeWorkerMessage[] = [];
  await new Promise<void>((resolve, reject) => {
    worker.on('message', (m: ParquetDecodeWorkerMessage) => {
      messages.push(m);
      if (m.type !== 'task') resolve();
    });
    worker.on('error', reject);
  });
  await worker.terminate();
  return messages;
}

describe('Parquet decoding in a worker thread (decodeInWorker)', () => {
  it('gives the same batches and progress as decoding in this thread', async () => {
    for (const batchSize of [150, 32_768]) {
      const here = await read(manyGroups, { batchSize });
      const there = await read(manyGroups, { batchSize, decodeInWorker: true });
      expect(there.count).toBe(here.count);
      expect(there.bytes.equals(here.bytes)).toBe(true);
      expect(there.progress).toEqual(here.progress);
    }
  });

  it('reads several files and row-group ranges in order', async () => {
    const other = join(dir, 'other.parquet');
    writeRowGroupsFixture(other, 2500, 1000);
    const ranges = [{}, { parquetRowGroups: { start: 1, end: 20 } }, { parquetRowGroups: { start: 40, end: 40 } }];
    for (const options of ranges) {
      const here = await read([manyGroups, other], options);
      const there = await read([manyGroups, other], { ...options, decodeInWorker: true });
      expect(there.bytes.equals(here.bytes)).toBe(true);
      expect(there.progress).toEqual(here.progress);
    }
  });

  it('posts every row group it claims, transferred, then the end', async () => {
    const messages = await runWorker(manyGroups);
    expect(messages.map((m) => m.type)).toEqual([...Array(30).fill('task'), 'end']);
    const decoder = await ParquetFileDecoder.open(manyGroups, readFileSync(manyGroups).length);
    try {
      for (const [g, m] of messages.slice(0, 30).entries()) {
        if (m.type !== 'task') throw new Error('expected a task');
        expect(m.task).toBe(g);
        expect(Buffer.from(m.ipc).equals(Buffer.from(await decoder.decode(g)))).toBe(true);
      }
    } finally {
      await decoder.close();
    }
  });

  it('reports a decode error at its task, as an InputError naming the file', async () => {
    const [message] = await runWorker(corrupt);
    expect(message?.type).toBe('error');
    if (message?.type !== 'error') return;
    expect(message.task).toBe(0);
    const error = errorFromWorker(message);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).code).toBe('PARQUET_INVALID');
    expect((error as InputError).location?.file).toBe(corrupt);
  });

  it('stops the worker when the reader stops early', async () => {
    const dataset = await openDataset(manyGroups, { batchSize: 100, decodeInWorker: true });
    let seen = 0;
    for await (const _ of dataset.batches()) {
      if (++seen === 3) break;
    }
    expect(seen).toBe(3);
    await expect(read(corrupt, { decodeInWorker: true })).rejects.toMatchObject({ code: 'PARQUET_INVALID' });
  });
});
