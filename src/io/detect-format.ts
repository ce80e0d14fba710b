import { UsageError } from '../_util/errors.js';
import type { InputFormat } from './read-options.js';

const byExtension: ReadonlyArray<readonly [RegExp, InputFormat]> = [
  [/\.(csv|tsv|txt)$/i, 'csv'],
  [/\.(parquet|pq)$/i, 'parquet'],
  [/\.(arrow|feather|ipc|arrows)$/i, 'arrow'],
  [/\.(jsonl|ndjson|json)$/i, 'jsonl'],
  [/\.(tfrecord|tfrecords)(\.gz)?$/i, 'tfrecord'],
  // TFX ExampleGen names its shards `data_tfrecord-00000-of-00012.gz`.
  [/tfrecord[^/\\]*$/i, 'tfrecord'],
];

/** The format of a file from its name, or a UsageError telling the user to pass `--input-format`. */
export function detectFormat(path: string): InputFormat {
  for (const [pattern, format] of byExtension) if (pattern.test(path)) return format;
  throw new UsageError(`cannot tell the format of '${path}' from its name`, {
    hint: 'pass --input-format csv|parquet|arrow|jsonl|tfrecord',
  });
}
