import { isUtf8 } from 'node:buffer';
import { gunzipSync } from 'node:zlib';
import { type Data, makeData } from 'apache-arrow/data';
import { Codec, type ColumnPlan } from './parquet-column-plan.js';
import {
  DecoderMemory,
  grown,
  type OutputArrays,
  outputArrays,
  outputArraysFit,
  RECYCLED_BATCHES,
  type ValueTable,
} from './parquet-decoder-memory.js';
import { HybridReader, ParquetRleError } from './parquet-rle.js';
import {
  DataPageHeader,
  DataPageHeaderV2,
  DictionaryPageHeader,
  Encoding,
  PageHeader,
  PageType,
} from './parquet-thrift-ids.js';
import { SnappyError, snappyDecompress } from './snappy.js';
import { readThriftStruct, ThriftDecodeError, type ThriftStruct, thriftInt, thriftStruct } from './thrift-compact.js';

/**
 * Decodes one flat column chunk of a Parquet row group, page by page, straight into the Arrow
 * arrays of the batches the reader yields (docs/ingestion.md, Parquet reader design). A page is
 * decompressed into a scratch buffer kept for the next page; its definition levels and dictionary
 * indices go to scratch arrays too; only the returned batches' arrays are new memory.
 */

/** The file is valid Parquet but uses something this decoder does not read: parquet-wasm reads it instead. */
export class ParquetUnsupported extends Error {
  override readonly name = 'ParquetUnsupported';
}

/** The bytes are not valid Parquet (what a damaged or truncated file gives). */
export class ParquetCorrupt extends Error {
  override readonly name = 'ParquetCorrupt';
}

/** Values of one page this decoder takes (scratch of ~5 bytes a value); writers' pages hold far fewer. */
const MAX_PAGE_ROWS = 1 << 26;
/** GZIP does not compress better than ~1032:1; a larger declared size is corrupt. */
const MAX_GZIP_RATIO = 1100;

function need(value: number | undefined, what: string): number {
  if (value === undefined || !Number.isSafeInteger(value) || value < 0)
    throw new ParquetCorrupt(`page header has no valid ${what}`);
  return value;
}

export class ColumnChunkDecoder {
  private chunk: Uint8Array = new Uint8Array(0);
  private pos = 0;
  private codec = 0;
  /** Rows of the chunk not yet in a loaded page. */
  private rowsLeft = 0;
  /** Whether the chunk's dictionary (in `memory.dictionary`) was loaded. */
  private hasDictionary = false;
  // The current page.
  private pageRows = 0;
  private pageRow = 0;
  /** Non-null values of the current page consumed so far. */
  private valueAt = 0;
  /** The page has nulls: its definition levels are read batch by batch from `levels`. */
  private hasNulls = false;
  private readonly levels = new HybridReader();
  /** The page is dictionary-encoded: its indices are read batch by batch from `indexReader`. */
  private dictionaryPage = false;
  private readonly indexReader = new HybridReader();
  private turn = 0;

  /**
   * `recycle`: the caller is done with a batch's arrays once it has read {@link RECYCLED_BATCHES}
   * more (a consumer that never keeps batches); their memory is then reused rather than left to
   * the garbage collector, which lets tens of megabytes of dead batches pile up first. `memory` is
   * what the decoder works in (parquet-decoder-memory.ts).
   */
  constructor(
    private readonly plan: ColumnPlan,
    private readonly recycle = false,
    readonly memory = new DecoderMemory(),
  ) {}

  /** Starts on a new chunk: its bytes, codec and row count. */
  reset(chunk: Uint8Array, codec: number, rows: number): void {
    this.chunk = chunk;
    this.pos = 0;
    this.codec = codec;
    this.rowsLeft = rows;
    this.hasDictionary = false;
    this.pageRows = 0;
    this.pageRow = 0;
  }

  /** The next `n` rows of the chunk as an Arrow column. */
  read(n: number): Data {
    const plan = this.plan;
    const memory = this.memory;
    let arrays: OutputArrays;
    let slot: DecoderMemory['recycled'][number] | undefined;
    if (this.recycle) {
      slot = memory.recycled[this.turn]!;
      this.turn = (this.turn + 1) % RECYCLED_BATCHES;
      if (!outputArraysFit(slot.arrays, plan, n)) slot.arrays = outputArrays(plan, n);
      arrays = slot.arrays!;
      arrays.clear(n);
      memory.bytes = slot.bytes;
    } else arrays = outputArrays(plan, n);
    const bitmap = arrays.bitmap?.subarray(0, (n + 7) >>> 3);
    let nulls = 0;
    const out = new Output(plan.kind, n, arrays);
    for (let i = 0; i < n; ) {
      if (this.pageRow >= this.pageRows) this.nextPage();
      const m = Math.min(n - i, this.pageRows - this.pageRow);
      nulls += this.copy(out, i, m, bitmap);
      this.pageRow += m;
      i += m;
    }
    if (slot !== undefined) slot.bytes = memory.bytes;
    return out.finish(plan, n, nulls, nulls > 0 ? bitmap : undefined, memory.bytes, this.recycle);
  }

  /** Copies `m` rows of the page from `pageRow` to `out` at row `at`; returns the nulls among them. */
  private copy(out: Output, at: number, m: number, bitmap: Uint8Array | undefined): number {
    const memory = this.memory;
    let defs: Int32Array | undefined;
    let nulls = 0;
    if (this.hasNulls) {
      memory.definitions = grown(memory.definitions, m, (k) => new Int32Array(k));
      defs = memory.definitions;
      this.readRle(this.levels, m, defs, 'definition levels');
      nulls = markValid(defs, m, bitmap!, at);
    } else if (bitmap) setBits(bitmap, at, m);
    let indices: Int32Array | undefined;
    let table = memory.plain;
    let k = this.valueAt;
    if (this.dictionaryPage) {
      const count = m - nulls;
      memory.indices = grown(memory.indices, count, (n) => new Int32Array(n));
      indices = memory.indices;
      this.readRle(this.indexReader, count, indices, 'dictionary indices');
      checkIndices(indices, count, memory.dictionary.count);
      table = memory.dictionary;
      k = 0;
    }
    // One function per kind, each loop with its own type feedback: in one function, the first
    // column of a new kind deoptimised the loops of all the others (docs/ingestion.md).
    switch (this.plan.kind) {
      case 'word64':
        k = copyWords64(table.words, out.words!, defs, indices, at, m, k);
        break;
      case 'int32':
        k = copyInt32(table.words, out.words!, defs, indices, at, m, k, this.plan);
        break;
      case 'float32':
        k = copyFloat32(table.floats!, out.floats!, defs, indices, at, m, k);
        break;
      case 'bool':
        k = copyBools(table.bools, out.bits!, defs, indices, at, m, k);
        break;
      case 'bytes':
        memory.bytes = copyBytes(table, out.offsets!, out.dataLength, memory.bytes, defs, indices, at, m, k);
        out.dataLength = out.offsets![at + m]!;
        k += m - nulls;
        break;
    }
    if (!this.dictionaryPage) this.valueAt = k;
    return nulls;
  }

  private readRle(reader: HybridReader, count: number, out: Int32Array, what: string): void {
    try {
      reader.read(count, out);
    } catch (error) {
      if (error instanceof ParquetRleError) throw new ParquetCorrupt(`${what}: ${error.message}`);
      throw error;
    }
  }

  /** Reads page headers until a data page is loaded (dictionary pages load the dictionary). */
  private nextPage(): void {
    for (;;) {
      if (this.rowsLeft <= 0) throw new ParquetCorrupt('column chunk has fewer values than its row group has rows');
      if (this.pos >= this.chunk.length) throw new ParquetCorrupt('column chunk ends before its last page');
      let header: ThriftStruct;
      let start: number;
      try {
        const read = readThriftStruct(this.chunk, this.pos);
        header = read.struct;
        start = read.end;
      } catch (error) {
        if (error instanceof ThriftDecodeError) throw new ParquetCorrupt(`bad page header: ${error.message}`);
        throw error;
      }
      const type = need(thriftInt(header, PageHeader.TYPE), 'type');
      const compressed = need(thriftInt(header, PageHeader.COMPRESSED_PAGE_SIZE), 'compressed size');
      const uncompressed = need(thriftInt(header, PageHeader.UNCOMPRESSED_PAGE_SIZE), 'uncompressed size');
      const end = start + compressed;
      if (end > this.chunk.length) throw new ParquetCorrupt('page runs past the end of its column chunk');
      this.pos = end;
      if (type === PageType.DICTIONARY_PAGE) {
        this.loadDictionary(header, this.chunk.subarray(start, end), uncompressed);
        continue;
      }
      if (type === PageType.INDEX_PAGE) continue;
      if (type === PageType.DATA_PAGE) {
        this.loadV1(header, this.chunk.subarray(start, end), uncompressed);
        return;
      }
      if (type === PageType.DATA_PAGE_V2) {
        this.loadV2(header, this.chunk.subarray(start, end), uncompressed);
        return;
      }
      throw new ParquetUnsupported(`page type ${type}`);
    }
  }

  /** `src` decompressed with the chunk's codec into exactly `size` bytes (the scratch page buffer, or `src` itself). */
  private decompress(src: Uint8Array, size: number): Uint8Array {
    if (this.codec === Codec.UNCOMPRESSED) {
      if (size !== src.length) throw new ParquetCorrupt('uncompressed page sizes disagree');
      return src;
    }
    if (this.codec === Codec.SNAPPY) {
      // Snappy expands at most ~32:1 (a 2-byte copy of 64 bytes).
      if (size > src.length * 32 + 64) throw new ParquetCorrupt(`page declares ${size} bytes from ${src.length}`);
      this.memory.pageBuffer = grown(this.memory.pageBuffer, size, (k) => new Uint8Array(k));
      const dst = this.memory.pageBuffer.subarray(0, size);
      try {
        snappyDecompress(src, dst);
      } catch (error) {
        if (error instanceof SnappyError) throw new ParquetCorrupt(error.message);
        throw error;
      }
      return dst;
    }
    if (size > src.length * MAX_GZIP_RATIO + 1024)
      throw new ParquetCorrupt(`page declares ${size} bytes from ${src.length}`);
    let out: Uint8Array;
    try {
      out = gunzipSync(src, { maxOutputLength: Math.max(size, 1) });
    } catch (error) {
      throw new ParquetCorrupt(`GZIP page: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (out.length !== size) throw new ParquetCorrupt(`GZIP page holds ${out.length} bytes, expected ${size}`);
    return out;
  }

  private loadDictionary(header: ThriftStruct, src: Uint8Array, uncompressed: number): void {
    const dict = thriftStruct(header, PageHeader.DICTIONARY_PAGE_HEADER);
    if (dict === undefined) throw new ParquetCorrupt('dictionary page without its header');
    const count = need(thriftInt(dict, DictionaryPageHeader.NUM_VALUES), 'dictionary size');
    const encoding = thriftInt(dict, DictionaryPageHeader.ENCODING) ?? Encoding.PLAIN;
    if (encoding !== Encoding.PLAIN && encoding !== Encoding.PLAIN_DICTIONARY)
      throw new ParquetUnsupported(`dictionary encoding ${encoding}`);
    const bytes = this.decompress(src, uncompressed);
    // The dictionary outlives the page buffer: its values are copied to storage of their own.
    this.decodePlain(bytes, 0, count, this.memory.dictionary, true);
    this.hasDictionary = true;
  }

  private loadV1(header: ThriftStruct, src: Uint8Array, uncompressed: number): void {
    const data = thriftStruct(header, PageHeader.DATA_PAGE_HEADER);
    if (data === undefined) throw new ParquetCorrupt('data page without its header');
    const rows = this.pageSize(need(thriftInt(data, DataPageHeader.NUM_VALUES), 'value count'));
    const encoding = need(thriftInt(data, DataPageHeader.ENCODING), 'encoding');
    const bytes = this.decompress(src, uncompressed);
    let pos = 0;
    let valid = rows;
    if (this.plan.maxDefinition === 1) {
      if ((thriftInt(data, DataPageHeader.DEFINITION_LEVEL_ENCODING) ?? Encoding.RLE) !== Encoding.RLE)
        throw new ParquetUnsupported(
          `definition level encoding ${thriftInt(data, DataPageHeader.DEFINITION_LEVEL_ENCODING)}`,
        );
      if (bytes.length < 4) throw new ParquetCorrupt('data page ends before its definition levels');
      const length = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
      if (4 + length > bytes.length) throw new ParquetCorrupt('definition levels run past the page');
      valid = this.decodeDefinitions(bytes, 4, 4 + length, rows);
      pos = 4 + length;
    }
    this.loadValues(encoding, bytes, pos, valid);
  }

  private loadV2(header: ThriftStruct, src: Uint8Array, uncompressed: number): void {
    const data = thriftStruct(header, PageHeader.DATA_PAGE_HEADER_V2);
    if (data === undefined) throw new ParquetCorrupt('data page v2 without its header');
    const rows = this.pageSize(need(thriftInt(data, DataPageHeaderV2.NUM_VALUES), 'value count'));
    const nullCount = need(thriftInt(data, DataPageHeaderV2.NUM_NULLS), 'null count');
    const encoding = need(thriftInt(data, DataPageHeaderV2.ENCODING), 'encoding');
    const defLength = need(thriftInt(data, DataPageHeaderV2.DEFINITION_LEVELS_BYTE_LENGTH), 'definition levels length');
    const repLength = need(thriftInt(data, DataPageHeaderV2.REPETITION_LEVELS_BYTE_LENGTH), 'repetition levels length');
    const flag = data.fields.find((f) => f.id === 7)?.value;
    const compressed = flag?.type === 'bool' ? flag.value : true;
    if (repLength !== 0) throw new ParquetCorrupt('repetition levels in a flat column');
    if (defLength > src.length || defLength > uncompressed)
      throw new ParquetCorrupt('definition levels run past the page');
    if (nullCount > rows) throw new ParquetCorrupt('page has more nulls than values');
    let valid = rows;
    if (this.plan.maxDefinition === 1) {
      valid = this.decodeDefinitions(src, 0, defLength, rows);
      if (rows - valid !== nullCount) throw new ParquetCorrupt('page null count disagrees with its levels');
    } else if (nullCount !== 0) throw new ParquetCorrupt('nulls in a required column');
    const values = src.subarray(defLength);
    const size = uncompressed - defLength;
    const bytes =
      compressed && this.codec !== Codec.UNCOMPRESSED
        ? this.decompress(values, size)
        : values.length === size
          ? values
          : (() => {
              throw new ParquetCorrupt('uncompressed page sizes disagree');
            })();
    this.loadValues(encoding, bytes, 0, valid);
  }

  /** Checks a page's row count against the rows left in the chunk; starts the page. */
  private pageSize(rows: number): number {
    // Levels of an all-null page take a few bytes for any count: the scratch arrays a page needs
    // are bounded here rather than by the page's bytes (parquet-wasm reads such a page, if valid).
    if (rows > MAX_PAGE_ROWS) throw new ParquetUnsupported(`a page of ${rows} values`);
    if (rows > this.rowsLeft) throw new ParquetCorrupt('column chunk has more values than its row group has rows');
    this.rowsLeft -= rows;
    this.pageRows = rows;
    this.pageRow = 0;
    this.valueAt = 0;
    this.hasNulls = false;
    this.dictionaryPage = false;
    return rows;
  }

  /** Starts the page's `rows` definition levels in `bytes[pos, end)`; returns how many are non-null. */
  private decodeDefinitions(bytes: Uint8Array, pos: number, end: number, rows: number): number {
    let valid: number;
    try {
      this.levels.reset(bytes, pos, end, 1);
      valid = this.levels.countOnes(rows);
    } catch (error) {
      if (error instanceof ParquetRleError) throw new ParquetCorrupt(`definition levels: ${error.message}`);
      throw error;
    }
    if (valid < rows) {
      this.hasNulls = true;
      this.levels.reset(bytes, pos, end, 1);
    }
    return valid;
  }

  private loadValues(encoding: number, bytes: Uint8Array, pos: number, count: number): void {
    if (encoding === Encoding.PLAIN) {
      this.decodePlain(bytes, pos, count, this.memory.plain, false);
      return;
    }
    if (encoding === Encoding.PLAIN_DICTIONARY || encoding === Encoding.RLE_DICTIONARY) {
      if (!this.hasDictionary) throw new ParquetCorrupt('dictionary-encoded page without a dictionary');
      this.dictionaryPage = true;
      if (count === 0) return;
      if (pos >= bytes.length) throw new ParquetCorrupt('dictionary indices missing');
      try {
        this.indexReader.reset(bytes, pos + 1, bytes.length, bytes[pos]!);
      } catch (error) {
        if (error instanceof ParquetRleError) throw new ParquetCorrupt(`dictionary indices: ${error.message}`);
        throw error;
      }
      return;
    }
    if (encoding === Encoding.RLE && this.plan.kind === 'bool') {
      if (pos + 4 > bytes.length) throw new ParquetCorrupt('boolean Encoding.RLE data ends early');
      const length = new DataView(bytes.buffer, bytes.byteOffset + pos, 4).getUint32(0, true);
      if (pos + 4 + length > bytes.length) throw new ParquetCorrupt('boolean Encoding.RLE data runs past the page');
      const table = this.memory.plain;
      table.bools = grown(table.bools, count, (k) => new Uint8Array(k));
      const reader = new HybridReader();
      reader.reset(bytes, pos + 4, pos + 4 + length, 1);
      // Read as 32-bit values like levels and indices (one array type keeps the reader's loop fast).
      const bits = new Int32Array(count);
      this.readRle(reader, count, bits, 'boolean values');
      table.bools.set(bits);
      table.count = count;
      return;
    }
    throw new ParquetUnsupported(`encoding ${encoding}`);
  }

  /**
   * Encoding.PLAIN values `bytes[pos...]` into `table`; `own` copies them out of the page buffer
   * (a dictionary: `table` then owns its arrays, which are reused for the next dictionary).
   */
  private decodePlain(bytes: Uint8Array, pos: number, count: number, table: ValueTable, own: boolean): void {
    const available = bytes.length - pos;
    table.count = count;
    switch (this.plan.kind) {
      case 'word64':
      case 'int32':
      case 'float32': {
        const width = this.plan.kind === 'word64' ? 8 : 4;
        if (count * width > available) throw new ParquetCorrupt(`page holds fewer than its ${count} values`);
        const words = (count * width) / 4;
        const at = bytes.byteOffset + pos;
        if (!own && at % 4 === 0) {
          table.words = new Int32Array(bytes.buffer, at, words);
        } else {
          if (own) table.words = grown(table.words, words, (k) => new Int32Array(k));
          else this.memory.words = table.words = grown(this.memory.words, words, (k) => new Int32Array(k));
          new Uint8Array(table.words.buffer, table.words.byteOffset, words * 4).set(
            bytes.subarray(pos, pos + words * 4),
          );
        }
        if (this.plan.kind === 'float32')
          table.floats = new Float32Array(table.words.buffer, table.words.byteOffset, words);
        return;
      }
      case 'bool': {
        if (Math.ceil(count / 8) > available) throw new ParquetCorrupt(`page holds fewer than its ${count} values`);
        table.bools = grown(table.bools, count, (k) => new Uint8Array(k));
        for (let i = 0; i < count; i++) table.bools[i] = (bytes[pos + (i >>> 3)]! >>> (i & 7)) & 1;
        return;
      }
      case 'bytes': {
        // Every value takes at least its 4-byte length.
        if (count * 4 > available) throw new ParquetCorrupt(`page holds fewer than its ${count} values`);
        table.starts = grown(table.starts, count, (k) => new Int32Array(k));
        table.lengths = grown(table.lengths, count, (k) => new Int32Array(k));
        const end = bytes.length;
        let at = pos;
        for (let i = 0; i < count; i++) {
          if (at + 4 > end) throw new ParquetCorrupt('byte array length runs past the page');
          const length = (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
          at += 4;
          if (length > end - at) throw new ParquetCorrupt('byte array runs past the page');
          table.starts[i] = at - pos;
          table.lengths[i] = length;
          at += length;
        }
        if (own) {
          this.memory.dictionaryBytes = grown(this.memory.dictionaryBytes, at - pos, (k) => new Uint8Array(k));
          this.memory.dictionaryBytes.set(bytes.subarray(pos, at));
          table.data = this.memory.dictionaryBytes.subarray(0, at - pos);
        } else table.data = bytes.subarray(pos, at);
        return;
      }
    }
  }
}

/** Sets the validity bits of the rows whose level is not 0; returns how many are null. */
function markValid(defs: Int32Array, m: number, bitmap: Uint8Array, at: number): number {
  let nulls = 0;
  for (let r = 0; r < m; r++) {
    if (defs[r] === 0) nulls++;
    else bitmap[(at + r) >>> 3]! |= 1 << ((at + r) & 7);
  }
  return nulls;
}

/** Throws unless every one of the `count` dictionary indices is below `size`. */
function checkIndices(indices: Int32Array, count: number, size: number): void {
  for (let i = 0; i < count; i++) {
    const index = indices[i]!;
    if (index < 0 || index >= size) throw new ParquetCorrupt(`dictionary index ${index} of ${size} values`);
  }
}

/** INT32 values (narrowed as the plan says) widened to 64-bit word pairs; returns the next `k` (see {@link copyWords64}). */
function copyInt32(
  src: Int32Array,
  dst: Int32Array,
  defs: Int32Array | undefined,
  indices: Int32Array | undefined,
  at: number,
  m: number,
  k: number,
  plan: ColumnPlan,
): number {
  for (let r = 0; r < m; r++) {
    if (defs !== undefined && defs[r] === 0) continue;
    const j = indices !== undefined ? indices[k]! : k;
    k++;
    const v = narrow(src[j]!, plan);
    const o = 2 * (at + r);
    dst[o] = v;
    dst[o + 1] = plan.signed && v < 0 ? -1 : 0;
  }
  return k;
}

/** FLOAT values widened to doubles; returns the next `k` (see {@link copyWords64}). */
function copyFloat32(
  src: Float32Array,
  dst: Float64Array,
  defs: Int32Array | undefined,
  indices: Int32Array | undefined,
  at: number,
  m: number,
  k: number,
): number {
  for (let r = 0; r < m; r++) {
    if (defs !== undefined && defs[r] === 0) continue;
    const j = indices !== undefined ? indices[k]! : k;
    k++;
    dst[at + r] = src[j]!;
  }
  return k;
}

/** BOOLEAN values (one byte each in `src`) to output bits; returns the next `k` (see {@link copyWords64}). */
function copyBools(
  src: Uint8Array,
  dst: Uint8Array,
  defs: Int32Array | undefined,
  indices: Int32Array | undefined,
  at: number,
  m: number,
  k: number,
): number {
  for (let r = 0; r < m; r++) {
    if (defs !== undefined && defs[r] === 0) continue;
    const j = indices !== undefined ? indices[k]! : k;
    k++;
    if (src[j]) dst[(at + r) >>> 3]! |= 1 << ((at + r) & 7);
  }
  return k;
}

/**
 * BYTE_ARRAY values of `m` rows to `offsets` (from row `at`), their bytes appended to `target` after
 * its first `length` bytes (grown when needed), the values (or dictionary indices) from `k` on;
 * returns `target`. The loop runs to the end: code after a hot loop, which has not run when V8
 * compiles the loop on the stack, sent it back to the interpreter on every batch (see snappy.ts).
 */
function copyBytes(
  table: ValueTable,
  offsets: Int32Array,
  length: number,
  target: Uint8Array,
  defs: Int32Array | undefined,
  indices: Int32Array | undefined,
  at: number,
  m: number,
  k: number,
): Uint8Array {
  const { starts, lengths, data } = table;
  for (let r = 0; r < m; r++) {
    if (defs === undefined || defs[r] !== 0) {
      const j = indices !== undefined ? indices[k]! : k;
      k++;
      const n = lengths[j]!;
      const start = starts[j]!;
      if (length + n > target.length) target = grownBytes(target, length, n);
      if (n < 32) for (let i = 0; i < n; i++) target[length + i] = data[start + i]!;
      else target.set(data.subarray(start, start + n), length);
      length += n;
    }
    offsets[at + r + 1] = length;
  }
  return target;
}

/**
 * 8-byte values (as word pairs) of `m` rows (their levels in `defs`) to output row `at`, the values
 * (or dictionary indices) from `k` on; returns the next `k`. Kept apart (and split by case) so that each loop is
 * optimized on its own.
 */
function copyWords64(
  src: Int32Array,
  dst: Int32Array,
  defs: Int32Array | undefined,
  indices: Int32Array | undefined,
  at: number,
  m: number,
  k: number,
): number {
  if (indices === undefined) {
    if (defs === undefined) {
      dst.set(src.subarray(2 * k, 2 * (k + m)), 2 * at);
      return k + m;
    }
    // Runs of present values are copied whole.
    let r = 0;
    while (r < m) {
      while (r < m && defs[r] === 0) r++;
      let run = r;
      while (run < m && defs[run] !== 0) run++;
      const n = run - r;
      if (n > 0) {
        dst.set(src.subarray(2 * k, 2 * (k + n)), 2 * (at + r));
        k += n;
      }
      r = run;
    }
    return k;
  }
  for (let r = 0; r < m; r++) {
    if (defs !== undefined && defs[r] === 0) continue;
    const j = 2 * indices[k++]!;
    const o = 2 * (at + r);
    dst[o] = src[j]!;
    dst[o + 1] = src[j + 1]!;
  }
  return k;
}

/** INT32 as arrow-rs casts it to the annotated width (`as i8`, `as u16`...); then widened to 64 bits. */
function narrow(v: number, plan: ColumnPlan): number {
  if (plan.intWidth === 32) return v;
  if (plan.intWidth === 8) return plan.signed ? (v << 24) >> 24 : v & 0xff;
  return plan.signed ? (v << 16) >> 16 : v & 0xffff;
}

function setBits(bitmap: Uint8Array, from: number, count: number): void {
  let i = from;
  const end = from + count;
  for (; i < end && (i & 7) !== 0; i++) bitmap[i >>> 3]! |= 1 << (i & 7);
  for (; i + 8 <= end; i += 8) bitmap[i >>> 3] = 0xff;
  for (; i < end; i++) bitmap[i >>> 3]! |= 1 << (i & 7);
}

/** `scratch` with its first `used` bytes, grown to take `more` bytes after them. */
function grownBytes(scratch: Uint8Array, used: number, more: number): Uint8Array {
  if (used + more > 0x7fffffff) throw new ParquetUnsupported('more than 2 GB of strings in one batch');
  const target = new Uint8Array(Math.max(1024, (used + more) * 2));
  target.set(scratch.subarray(0, used));
  return target;
}

/** The arrays of one column of one batch, written by {@link ColumnChunkDecoder.copy}. */
class Output {
  words?: Int32Array;
  floats?: Float64Array;
  bits?: Uint8Array;
  offsets?: Int32Array;
  dataLength = 0;
  private values: BigInt64Array | Float64Array | Uint8Array | undefined;

  /** Views of the first `n` rows of `arrays`. */
  constructor(
    private readonly kind: ColumnPlan['kind'],
    n: number,
    arrays: OutputArrays,
  ) {
    switch (kind) {
      case 'word64':
      case 'int32':
        this.values = (arrays.values as BigInt64Array | Float64Array).subarray(0, n);
        this.words = new Int32Array(this.values.buffer, this.values.byteOffset, 2 * n);
        break;
      case 'float32':
        this.floats = (arrays.values as Float64Array).subarray(0, n);
        break;
      case 'bool':
        this.bits = (arrays.values as Uint8Array).subarray(0, (n + 7) >>> 3);
        break;
      case 'bytes':
        this.offsets = arrays.offsets!.subarray(0, n + 1);
        break;
    }
  }

  finish(
    plan: ColumnPlan,
    n: number,
    nullCount: number,
    nullBitmap: Uint8Array | undefined,
    scratch: Uint8Array,
    recycled: boolean,
  ): Data {
    const validity = { nullCount, ...(nullBitmap ? { nullBitmap } : {}) };
    switch (this.kind) {
      case 'word64':
      case 'int32':
        return makeData({ type: plan.type as never, length: n, data: this.values as never, ...validity });
      case 'float32':
        return makeData({ type: plan.type as never, length: n, data: this.floats as never, ...validity });
      case 'bool':
        return makeData({ type: plan.type as never, length: n, data: this.bits as never, ...validity });
      case 'bytes': {
        // A recycling decoder keeps this scratch for this batch; otherwise the batch gets its own copy.
        const data = recycled ? scratch.subarray(0, this.dataLength) : scratch.slice(0, this.dataLength);
        if (plan.utf8) checkUtf8(data, this.offsets!, n);
        return makeData({ type: plan.type as never, length: n, valueOffsets: this.offsets!, data, ...validity });
      }
    }
  }
}

/**
 * arrow-rs refuses a string column whose values are not UTF-8; such a file goes to parquet-wasm,
 * which reports it. Each value is valid exactly when the concatenation is and no value starts
 * inside a character (on a continuation byte).
 */
function checkUtf8(data: Uint8Array, offsets: Int32Array, n: number): void {
  if (!isUtf8(data)) throw new ParquetUnsupported('string column with invalid UTF-8');
  for (let i = 0; i < n; i++) {
    const at = offsets[i]!;
    if (at < data.length && (data[at]! & 0xc0) === 0x80 && offsets[i + 1]! > at)
      throw new ParquetUnsupported('string column with invalid UTF-8');
  }
}
