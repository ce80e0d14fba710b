import { open } from 'node:fs/promises';
import { RecordBatchReader } from 'apache-arrow/ipc/reader';
import type { RecordBatch } from 'apache-arrow/recordbatch';
import type { Schema } from 'apache-arrow/schema';
import { IoErrorCode, inputError } from './io-error.js';
import type { ReaderContext } from './reader-context.js';
import type { DatasetFile } from './resolve-inputs.js';

/**
 * Reads Arrow IPC files (random access, `ARROW1` magic) and streams. Files are read through a
 * FileHandle one batch at a time (docs/dependencies.md, "Reading Arrow IPC": 150 MB RSS for 179 MB, against 405 MB for
 * the Node-stream reader). Batches pass through unchanged.
 */
export async function* readArrow(files: readonly DatasetFile[], ctx: ReaderContext): AsyncGenerator<RecordBatch> {
  let first: { file: string; schema: Schema } | undefined;
  let bytesDone = 0;
  let rowsRead = 0;
  for (const { path, size } of files) {
    const handle = await open(path, 'r');
    let index = 0;
    try {
      const reader = await guard(path, index, () => RecordBatchReader.from(handle));
      await guard(path, index, () => reader.open());
      const iterator = reader[Symbol.asyncIterator]();
      for (;;) {
        const next = await guard(path, index, () => iterator.next());
        if (next.done) break;
        const batch = next.value;
        const describe = (s: Schema) => s.fields.map((f) => `${f.name}: ${f.type}`).join(', ');
        if (!first) first = { file: path, schema: batch.schema };
        else if (describe(first.schema) !== describe(batch.schema)) {
          throw inputError(
            IoErrorCode.SCHEMA_MISMATCH,
            `columns differ from ${first.file}: [${describe(batch.schema)}] vs [${describe(first.schema)}]`,
            { file: path },
            'all files of one dataset must have the same columns and types',
          );
        }
        index++;
        rowsRead += batch.numRows;
        yield batch;
        ctx.progress({ phase: 'read', bytesRead: bytesDone, rowsRead, file: path });
      }
      if (index === 0 && reader.schema === undefined) {
        throw inputError(
          IoErrorCode.ARROW_INVALID,
          'not an Arrow IPC file or stream (no schema message)',
          { file: path, byteOffset: 0 },
          'check that the file is Arrow IPC (Feather v2); Feather v1 and Parquet are not',
        );
      }
    } finally {
      await handle.close();
    }
    bytesDone += size;
    ctx.progress({ phase: 'read', bytesRead: bytesDone, rowsRead, file: path });
  }
}

async function guard<T>(path: string, batchIndex: number, call: () => Promise<T> | T): Promise<T> {
  try {
    return await call();
  } catch (cause) {
    if (cause instanceof Error && 'code' in cause && typeof cause.code === 'string' && 'hint' in cause) throw cause;
    const text = cause instanceof Error ? cause.message : String(cause);
    throw inputError(
      IoErrorCode.ARROW_INVALID,
      `cannot read Arrow IPC (record batch ${batchIndex}): ${text}`,
      { file: path },
      'the file is damaged, truncated or not Arrow IPC',
    );
  }
}
