import type { ColumnPlan } from './parquet-column-plan.js';

/**
 * The memory a column chunk decoder (parquet-page-decoder.ts) works in: the decompressed page, the
 * levels, indices and values of a page, the dictionary, and (when batches are recycled) the
 * arrays of the batches it writes. It grows to the largest page and batch seen and is reused from
 * page to page, and from chunk to chunk.
 *
 * A reader that keeps nothing of its batches (`recycleBatches`) also hands it, and the buffer of its
 * column chunk bytes, from one file to the next ({@link takeDecoderMemory}, {@link takeChunkBytes}): the statistics of a file split by
 * column read each column in a pass of its own (docs/ingestion.md), and each pass would otherwise
 * leave megabytes of page buffers and batch arrays to the garbage collector, which lets tens of
 * megabytes of them pile up before it runs.
 */
export class DecoderMemory {
  pageBuffer: Uint8Array = new Uint8Array(0);
  definitions = new Int32Array(0);
  indices = new Int32Array(0);
  /** Values of a page that could not be read where they lie (unaligned). */
  words = new Int32Array(0);
  /** Values of the current PLAIN page. */
  readonly plain: ValueTable = emptyTable();
  /** The current chunk's dictionary, copied out of its page (it outlives the page buffer). */
  readonly dictionary: ValueTable = emptyTable();
  /** Storage of the dictionary's byte-array values. */
  dictionaryBytes = new Uint8Array(0);
  /** With recycled batches, the arrays of the last {@link RECYCLED_BATCHES} batches, reused in turn. */
  readonly recycled: { arrays: OutputArrays | undefined; bytes: Uint8Array }[] = Array.from(
    { length: RECYCLED_BATCHES },
    () => ({ arrays: undefined, bytes: new Uint8Array(0) }),
  );
  /** A batch's string bytes when batches are not recycled (each batch then gets a copy). */
  bytes: Uint8Array = new Uint8Array(0);
}

/** Memories given back by readers that recycle their batches, for the next reader of this thread. */
const spare: DecoderMemory[] = [];
/** At most this many are kept: what the column-by-column passes reuse (one column at a time). */
const MAX_SPARE = 2;

/** A decoder memory: a spare one when there is, else a new one. */
export function takeDecoderMemory(): DecoderMemory {
  return spare.pop() ?? new DecoderMemory();
}

/**
 * Gives back the memory of a decoder that is done, whose batches nobody keeps (they were
 * recycled): the next reader reuses it.
 */
export function giveBackDecoderMemory(memory: DecoderMemory): void {
  if (spare.length < MAX_SPARE) spare.push(memory);
}

/** The buffer of a closed file's column chunk bytes (see ParquetJsFile), for the next reader of this thread. */
let spareChunkBytes: Uint8Array | undefined;

/** A buffer for a row group's column chunk bytes: the spare one when there is, else an empty one. */
export function takeChunkBytes(): Uint8Array {
  const bytes = spareChunkBytes ?? new Uint8Array(0);
  spareChunkBytes = undefined;
  return bytes;
}

/** Gives back the chunk buffer of a reader that is done and recycled its batches ({@link giveBackDecoderMemory}). */
export function giveBackChunkBytes(bytes: Uint8Array): void {
  spareChunkBytes ??= bytes;
}

/** Decoded values a page or dictionary holds, as the column's kind stores them. */
export interface ValueTable {
  /** 4- or 8-byte values as 32-bit words (aligned). */
  words: Int32Array;
  /** FLOAT: `words` seen as floats. */
  floats?: Float32Array;
  /** BOOLEAN: one byte 0/1 per value. */
  bools: Uint8Array;
  /** BYTE_ARRAY: start and length of each value in `data`. */
  starts: Int32Array;
  lengths: Int32Array;
  data: Uint8Array;
  count: number;
}

export function emptyTable(): ValueTable {
  return {
    words: new Int32Array(0),
    bools: new Uint8Array(0),
    starts: new Int32Array(0),
    lengths: new Int32Array(0),
    data: new Uint8Array(0),
    count: 0,
  };
}

/** Grows `array` (by a quarter over what is needed) when it is shorter than `n`. */
export function grown<T extends Uint8Array | Int32Array>(array: T, n: number, make: (n: number) => T): T {
  return array.length >= n ? array : make(Math.ceil(n * 1.25) + 16);
}

/** Batches whose arrays a recycling decoder keeps before reusing them (see ColumnChunkDecoder). */
export const RECYCLED_BATCHES = 2;

/** The memory of one column of a batch of up to `capacity` rows: values and validity bitmap. */
export interface OutputArrays {
  readonly capacity: number;
  readonly kind: ColumnPlan['kind'];
  /** 8 bytes per value (BigInt64Array or Float64Array), or one bit per value (booleans). */
  readonly values: BigInt64Array | Float64Array | Uint8Array | undefined;
  /** Byte-array offsets (`capacity + 1`). */
  readonly offsets: Int32Array | undefined;
  readonly bitmap: Uint8Array | undefined;
  /** Zeroes what a batch of `n` rows uses (bits are set by OR; null slots stay 0 as in fresh memory). */
  clear(n: number): void;
}

/** Whether `arrays` can hold a batch of `n` rows of the column `plan`. */
export function outputArraysFit(arrays: OutputArrays | undefined, plan: ColumnPlan, n: number): boolean {
  return (
    arrays !== undefined &&
    arrays.capacity >= n &&
    arrays.kind === plan.kind &&
    (arrays.bitmap !== undefined) === (plan.maxDefinition === 1)
  );
}

export function outputArrays(plan: ColumnPlan, capacity: number): OutputArrays {
  const bitBytes = (capacity + 7) >>> 3;
  let values: OutputArrays['values'];
  let offsets: Int32Array | undefined;
  switch (plan.kind) {
    case 'word64':
      values = new Float64Array(capacity);
      break;
    case 'int32':
      values = new BigInt64Array(capacity);
      break;
    case 'float32':
      values = new Float64Array(capacity);
      break;
    case 'bool':
      values = new Uint8Array(bitBytes);
      break;
    case 'bytes':
      offsets = new Int32Array(capacity + 1);
      break;
  }
  const bitmap = plan.maxDefinition === 1 ? new Uint8Array(bitBytes) : undefined;
  return {
    capacity,
    kind: plan.kind,
    values,
    offsets,
    bitmap,
    clear(n) {
      if (values instanceof BigInt64Array) values.fill(0n, 0, n);
      else if (values instanceof Float64Array) values.fill(0, 0, n);
      else values?.fill(0, 0, (n + 7) >>> 3);
      offsets?.fill(0, 0, n + 1);
      bitmap?.fill(0, 0, (n + 7) >>> 3);
    },
  };
}
