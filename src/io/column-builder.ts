import { type Data, makeData } from 'apache-arrow/data';
import { RecordBatch } from 'apache-arrow/recordbatch';
import { Field, Schema } from 'apache-arrow/schema';
import { Binary, type DataType, Float32, Float64, Int64, List, Struct, Utf8 } from 'apache-arrow/type';

/**
 * Column builders writing straight into typed arrays (the Arrow JS `Builder` classes cost
 * several times more per value). Each `finish` hands its arrays to the returned Arrow `Data`
 * and starts fresh ones, so an emitted batch is never mutated afterwards.
 */

const TWO32 = 4294967296;

/** Validity bitmap: a zero bit is null, so rows are null until marked valid. */
export class Validity {
  bits: Uint8Array;
  nullCount = 0;
  constructor(capacity: number) {
    this.bits = new Uint8Array((capacity + 7) >> 3);
  }
  ensure(capacity: number): void {
    const bytes = (capacity + 7) >> 3;
    if (bytes > this.bits.length) {
      const next = new Uint8Array(Math.max(bytes, this.bits.length * 2));
      next.set(this.bits);
      this.bits = next;
    }
  }
  setValid(i: number): void {
    this.bits[i >> 3]! |= 1 << (i & 7);
  }
  take(length: number): { nullBitmap: Uint8Array; nullCount: number } {
    const out = { nullBitmap: this.bits.subarray(0, (length + 7) >> 3), nullCount: this.nullCount };
    this.bits = new Uint8Array(this.bits.length);
    this.nullCount = 0;
    return out;
  }
}

/** Int64 values written as little-endian 32-bit halves (no BigInt per value). */
export class Int64Values {
  length = 0;
  words: Int32Array;
  constructor(capacity: number) {
    this.words = new Int32Array(Math.max(2, capacity * 2));
  }
  ensure(n: number): void {
    if (n * 2 > this.words.length) {
      const next = new Int32Array(Math.max(n * 2, this.words.length * 2));
      next.set(this.words);
      this.words = next;
    }
  }
  /** Writes a safe integer at index `i`. */
  setNumber(i: number, v: number): void {
    const hi = Math.floor(v / TWO32);
    this.words[2 * i] = (v - hi * TWO32) | 0;
    this.words[2 * i + 1] = hi | 0;
  }
  setWords(i: number, lo: number, hi: number): void {
    this.words[2 * i] = lo | 0;
    this.words[2 * i + 1] = hi | 0;
  }
  setBigInt(i: number, v: bigint): void {
    new BigInt64Array(this.words.buffer, this.words.byteOffset + 8 * i, 1)[0] = v;
  }
  push(v: number): void {
    this.ensure(this.length + 1);
    this.setNumber(this.length++, v);
  }
  take(length: number): BigInt64Array {
    const out = new BigInt64Array(this.words.buffer, this.words.byteOffset, length);
    this.words = new Int32Array(this.words.length);
    this.length = 0;
    return out;
  }
}

export class Float64Values {
  length = 0;
  values: Float64Array;
  constructor(capacity: number) {
    this.values = new Float64Array(Math.max(1, capacity));
  }
  take(length: number): Float64Array {
    const out = this.values.subarray(0, length);
    this.values = new Float64Array(this.values.length);
    this.length = 0;
    return out;
  }
}

export class Float32Values {
  length = 0;
  values: Float32Array;
  constructor(capacity: number) {
    this.values = new Float32Array(Math.max(1, capacity));
  }
  ensure(n: number): void {
    if (n > this.values.length) {
      const next = new Float32Array(Math.max(n, this.values.length * 2));
      next.set(this.values);
      this.values = next;
    }
  }
  push(v: number): void {
    this.ensure(this.length + 1);
    this.values[this.length++] = v;
  }
  take(length: number): Float32Array {
    const out = this.values.subarray(0, length);
    this.values = new Float32Array(this.values.length);
    this.length = 0;
    return out;
  }
}

/** Variable-length byte strings (Utf8 or Binary): 32-bit offsets plus one value buffer. */
export class BytesValues {
  length = 0;
  offsets: Int32Array;
  data: Uint8Array;
  used = 0;
  constructor(capacity: number, bytesPerValue = 16) {
    this.offsets = new Int32Array(capacity + 1);
    this.data = new Uint8Array(Math.max(64, capacity * bytesPerValue));
  }
  ensureCount(n: number): void {
    if (n + 1 > this.offsets.length) {
      const next = new Int32Array(Math.max(n + 1, this.offsets.length * 2));
      next.set(this.offsets);
      this.offsets = next;
    }
  }
  ensureBytes(extra: number): void {
    const need = this.used + extra;
    if (need > this.data.length) {
      if (need > 0x7fffffff) throw new RangeError('a batch holds more than 2 GiB of strings; lower the batch size');
      const next = new Uint8Array(Math.max(need, this.data.length * 2));
      next.set(this.data.subarray(0, this.used));
      this.data = next;
    }
  }
  /** Appends `src[s..e)`; if `quote` >= 0, doubled quote bytes are collapsed (CSV unescaping). */
  appendSlice(src: Uint8Array, s: number, e: number, quote = -1): void {
    this.ensureBytes(e - s);
    const data = this.data;
    let used = this.used;
    if (quote < 0) {
      if (e - s > 32) {
        data.set(src.subarray(s, e), used);
        used += e - s;
      } else for (let k = s; k < e; k++) data[used++] = src[k]!;
    } else {
      for (let k = s; k < e; k++) {
        const c = src[k]!;
        data[used++] = c;
        if (c === quote) k++;
      }
    }
    this.used = used;
    this.offsets[++this.length] = used;
  }
  /** Appends an empty value (a null slot or an empty string). */
  appendEmpty(): void {
    this.offsets[++this.length] = this.used;
  }
  appendString(text: string): void {
    this.ensureBytes(text.length * 3);
    const written = Buffer.from(this.data.buffer, this.data.byteOffset, this.data.length).write(
      text,
      this.used,
      'utf8',
    );
    this.used += written;
    this.offsets[++this.length] = this.used;
  }
  take(): { valueOffsets: Int32Array; data: Uint8Array } {
    const out = { valueOffsets: this.offsets.subarray(0, this.length + 1), data: this.data.subarray(0, this.used) };
    this.offsets = new Int32Array(this.offsets.length);
    // Size the next value buffer after this batch's use (plus a quarter) rather than keeping the
    // largest size ever needed: batches are allocated afresh, and every byte of them counts
    // towards V8's external-memory GC trigger.
    this.data = new Uint8Array(Math.max(64, this.used + (this.used >> 2)));
    this.length = 0;
    this.used = 0;
    return out;
  }
}

/** Assembles builders' Data into one RecordBatch. */
export function makeRecordBatch(names: readonly string[], columns: readonly Data[], length: number): RecordBatch {
  const fields = columns.map((data, i) => new Field(names[i]!, data.type, true));
  const schema = new Schema(fields);
  const struct = makeData({ type: new Struct(fields), length, nullCount: 0, children: columns as Data[] });
  return new RecordBatch(schema, struct);
}

export function int64Data(
  values: BigInt64Array,
  length: number,
  validity?: { nullBitmap: Uint8Array; nullCount: number },
): Data<Int64> {
  return makeData({ type: new Int64(), length, data: values, ...validity });
}

export function float64Data(
  values: Float64Array,
  length: number,
  validity?: { nullBitmap: Uint8Array; nullCount: number },
): Data<Float64> {
  return makeData({ type: new Float64(), length, data: values, ...validity });
}

export function float32Data(values: Float32Array, length: number): Data<Float32> {
  return makeData({ type: new Float32(), length, data: values, nullCount: 0 });
}

export function bytesData(
  binary: boolean,
  taken: { valueOffsets: Int32Array; data: Uint8Array },
  length: number,
  validity?: { nullBitmap: Uint8Array; nullCount: number },
): Data<Utf8 | Binary> {
  return binary
    ? makeData({ type: new Binary(), length, ...taken, ...validity })
    : makeData({ type: new Utf8(), length, ...taken, ...validity });
}

export function listData<T extends DataType>(
  child: Data<T>,
  valueOffsets: Int32Array,
  length: number,
  validity?: { nullBitmap: Uint8Array; nullCount: number },
): Data<List<T>> {
  return makeData({
    type: new List(new Field('item', child.type, true)),
    length,
    valueOffsets,
    child,
    ...(validity ?? { nullCount: 0 }),
  });
}
