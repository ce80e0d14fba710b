/**
 * The input formats datavet reads, as one ordered table: each row is a format's name, the file names
 * it is detected by, and whether it can be read from a pipe. The `InputFormat` union, extension
 * detection, the `--input-format` choices and hint, and the pipeline config's list are derived from
 * it; the reader function of each format is the matching entry of `readers` in open-dataset.ts (the
 * type checker refuses a row without one). docs/extending.md: "Add a reader".
 */
export const INPUT_FORMAT_TABLE = [
  { format: 'csv', names: [/\.(csv|tsv|txt)$/i], sequential: true },
  { format: 'parquet', names: [/\.(parquet|pq)$/i], sequential: false },
  { format: 'arrow', names: [/\.(arrow|feather|ipc|arrows)$/i], sequential: false },
  { format: 'jsonl', names: [/\.(jsonl|ndjson|json)$/i], sequential: true },
  // TFX ExampleGen names its shards `data_tfrecord-00000-of-00012.gz`.
  { format: 'tfrecord', names: [/\.(tfrecord|tfrecords)(\.gz)?$/i, /tfrecord[^/\\]*$/i], sequential: true },
] as const satisfies readonly InputFormatRow[];

interface InputFormatRow {
  readonly format: string;
  /** File-name patterns that select this format when none is given (first matching row wins). */
  readonly names: readonly RegExp[];
  /**
   * Read from the start to the end, so a pipe copied to a temporary file can feed it (formats read
   * from their footer first need a seekable file).
   */
  readonly sequential: boolean;
}

/** Input formats datavet reads; picked from the file extension unless given. */
export type InputFormat = (typeof INPUT_FORMAT_TABLE)[number]['format'];

/** The formats in table order (CLI choices, the pipeline config's list, hints). */
export const INPUT_FORMATS: readonly InputFormat[] = INPUT_FORMAT_TABLE.map((row) => row.format);

/** True when the format is read front to back (see {@link InputFormatRow.sequential}). */
export function isSequentialFormat(format: InputFormat): boolean {
  return INPUT_FORMAT_TABLE.some((row) => row.format === format && row.sequential);
}

/** The format a file name selects, or undefined. */
export function formatOfName(path: string): InputFormat | undefined {
  for (const row of INPUT_FORMAT_TABLE) if (row.names.some((pattern) => pattern.test(path))) return row.format;
  return undefined;
}
