import { HyperLogLog, hashBytes } from './hyperloglog.js';

/** The little-endian 32-bit word of bytes[k, k + 4), zero-padded past `end` (0 when k >= end). */
function wordAt(bytes: Uint8Array, k: number, end: number): number {
  const left = end - k;
  if (left >= 4) return bytes[k]! | (bytes[k + 1]! << 8) | (bytes[k + 2]! << 16) | (bytes[k + 3]! << 24);
  if (left <= 0) return 0;
  if (left === 1) return bytes[k]!;
  if (left === 2) return bytes[k]! | (bytes[k + 1]! << 8);
  return bytes[k]! | (bytes[k + 1]! << 8) | (bytes[k + 2]! << 16);
}

function mixWord(h: number, w: number): number {
  h = Math.imul(h ^ w, 0xcc9e2d51);
  return (h << 15) | (h >>> 17);
}

function finalMix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h | 0;
}

/**
 * The hash table's hash of a value of `len` bytes whose first two words are w0 and w1 (the rest
 * from bytes[start + 8, end)): one multiply per four bytes (FNV-1a, which the distinct-count
 * sketch keeps using, takes one per byte and was a third of the time of counting short strings).
 * Only ever compared within one process, never stored.
 */
function hashWords(bytes: Uint8Array, start: number, end: number, w0: number, w1: number): number {
  const len = end - start;
  let h = Math.imul(len, 0x9e3779b1);
  if (len > 0) h = mixWord(h, w0);
  if (len > 4) h = mixWord(h, w1);
  for (let k = start + 8; k < end; k += 4) h = mixWord(h, wordAt(bytes, k, end));
  return finalMix(h);
}

/** {@link hashWords} of bytes[start, end). */
export function tableHash(bytes: Uint8Array, start: number, end: number): number {
  return hashWords(bytes, start, end, wordAt(bytes, start, end), wordAt(bytes, start + 4, end)) >>> 0;
}

/** One counted value, as {@link FrequencyCounter.entries} returns it. */
export interface CountedValue {
  readonly bytes: Uint8Array;
  readonly count: number;
  readonly weightedCount: number;
}

/**
 * Bytes one counted value costs besides its own bytes: its slots in the hash table (two, of two
 * int32 each, at the table's lowest load) and its hash, start, length, two key words and two counts.
 */
export const BYTES_PER_ENTRY = 16 + 5 * 4 + 2 * 8;

/** Serialised state of a {@link FrequencyCounter}. */
export interface FrequencyCounterState {
  readonly capacity: number;
  /** Memory budget while exact (absent in files written before it existed). */
  readonly maxBytes?: number;
  readonly exact: boolean;
  /** How much any count may undercount once inexact (absent in files written before it existed). */
  readonly error?: number;
  readonly weightedError?: number;
  /** base64 of each value's bytes */
  readonly values: string[];
  readonly counts: number[];
  readonly weightedCounts: number[];
  /** base64 of the HLL registers, when the counter is no longer exact */
  readonly hll?: string;
}

/**
 * Counts values (raw bytes) exactly while at most `capacity` distinct values were seen and they
 * fit in `maxBytes` (their bytes plus {@link BYTES_PER_ENTRY} each), then switches to Misra-Gries
 * (frequent items: every value more frequent than about 2n/capacity is kept) and estimates the
 * distinct count with HyperLogLog. Every Misra-Gries step subtracts a threshold from all counts;
 * their sum is {@link error}, the most any count undercounts (a value not kept has at most that
 * count), which is what tells a frequent value from noise (see StringAccumulator).
 *
 * Values are keyed by a hash of their raw UTF-8 bytes ({@link tableHash}) in an open-addressing
 * table whose slots hold the entry and its hash side by side; a value's bytes are copied once,
 * when it is first seen, into one byte arena, and compared on every hit (no string decoding per
 * cell, no per-value objects to chase). The HyperLogLog, whose registers are serialised, hashes
 * with {@link hashBytes}, and only values that are not in the table.
 */
export class FrequencyCounter {
  readonly capacity: number;
  readonly maxBytes: number;
  exact = true;
  size = 0;
  /** Upper bound of how much any count undercounts (0 while exact). */
  error = 0;
  weightedError = 0;
  /** Per slot: entry index + 1 (0 = empty) and the entry's hash, interleaved. */
  private table: Int32Array;
  private mask: number;
  private hashes: Int32Array;
  counts: Float64Array;
  weightedCounts: Float64Array;
  /** Entry e's bytes are arena[keyStart[e], keyStart[e] + keyLength[e]). */
  private arena: Uint8Array;
  private arenaFill = 0;
  private keyStart: Int32Array;
  private keyLength: Int32Array;
  /** Entry e's first two little-endian words, zero-padded (the whole key up to 8 bytes). */
  private keyWord0: Int32Array;
  private keyWord1: Int32Array;
  private hll: HyperLogLog | null = null;

  constructor(capacity = 1 << 20, maxBytes = 64 << 20) {
    this.capacity = capacity;
    this.maxBytes = maxBytes;
    const initial = 64;
    this.table = new Int32Array(initial * 4);
    this.mask = initial * 2 - 1;
    this.hashes = new Int32Array(initial);
    this.counts = new Float64Array(initial);
    this.weightedCounts = new Float64Array(initial);
    this.keyStart = new Int32Array(initial);
    this.keyLength = new Int32Array(initial);
    this.keyWord0 = new Int32Array(initial);
    this.keyWord1 = new Int32Array(initial);
    this.arena = new Uint8Array(initial * 16);
  }

  /** Adds `count` occurrences (weighted: `weight`) of the value `bytes[start, end)`. Returns the entry index (-1 after a purge). */
  add(bytes: Uint8Array, start: number, end: number, count: number, weight: number): number {
    const w0 = wordAt(bytes, start, end);
    const w1 = wordAt(bytes, start + 4, end);
    return this.addKeyed(bytes, start, end, hashWords(bytes, start, end, w0, w1), w0, w1, count, weight);
  }

  /** Same as {@link add} with a precomputed {@link tableHash}. */
  addHashed(bytes: Uint8Array, start: number, end: number, hash: number, count: number, weight: number): number {
    return this.addKeyed(
      bytes,
      start,
      end,
      hash | 0,
      wordAt(bytes, start, end),
      wordAt(bytes, start + 4, end),
      count,
      weight,
    );
  }

  private addKeyed(
    bytes: Uint8Array,
    start: number,
    end: number,
    h: number,
    w0: number,
    w1: number,
    count: number,
    weight: number,
  ): number {
    const e = this.find(bytes, start, end, h, w0, w1);
    if (e >= 0) {
      this.counts[e] = this.counts[e]! + count;
      this.weightedCounts[e] = this.weightedCounts[e]! + weight;
      return e;
    }
    return this.addNew(bytes, start, end, h, count, weight);
  }

  /**
   * The entry holding bytes[start, end) (hash `h`, first words w0 and w1), or -1. Values of up
   * to 8 bytes (most categorical strings) are compared as the two words; only longer ones read
   * their remaining bytes from the arena.
   */
  private find(bytes: Uint8Array, start: number, end: number, h: number, w0: number, w1: number): number {
    const table = this.table;
    const mask = this.mask;
    const len = end - start;
    let slot = h & mask;
    for (;;) {
      const e = table[2 * slot]! - 1;
      if (e < 0) return -1;
      if (
        table[2 * slot + 1] === h &&
        this.keyLength[e] === len &&
        this.keyWord0[e] === w0 &&
        this.keyWord1[e] === w1
      ) {
        if (len <= 8 || this.sameTail(e, bytes, start + 8, end)) return e;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Whether entry e's bytes from the 9th on equal bytes[from, end). */
  private sameTail(e: number, bytes: Uint8Array, from: number, end: number): boolean {
    const arena = this.arena;
    let k = this.keyStart[e]! + 8;
    for (let i = from; i < end; i++, k++) if (arena[k] !== bytes[i]) return false;
    return true;
  }

  /** A value not in the table: counted in the HLL once inexact, inserted, purged when over capacity. */
  private addNew(bytes: Uint8Array, start: number, end: number, h: number, count: number, weight: number): number {
    if (this.hll !== null) this.hll.add(hashBytes(bytes, start, end));
    const e = this.insert(bytes, start, end, h, count, weight);
    if (this.size > this.capacity || this.arenaFill + this.size * BYTES_PER_ENTRY > this.maxBytes) {
      this.purge();
      return -1;
    }
    return e;
  }

  private insert(bytes: Uint8Array, start: number, end: number, hash: number, count: number, weight: number): number {
    if (this.size === this.hashes.length) this.grow(this.size * 2);
    const len = end - start;
    if (this.arenaFill + len > this.arena.length) {
      const arena = new Uint8Array(Math.max(2 * this.arena.length, this.arenaFill + len));
      arena.set(this.arena.subarray(0, this.arenaFill));
      this.arena = arena;
    }
    this.arena.set(bytes.subarray(start, end), this.arenaFill);
    const e = this.size++;
    this.keyStart[e] = this.arenaFill;
    this.keyLength[e] = len;
    this.keyWord0[e] = wordAt(bytes, start, end);
    this.keyWord1[e] = wordAt(bytes, start + 4, end);
    this.arenaFill += len;
    this.hashes[e] = hash;
    this.counts[e] = count;
    this.weightedCounts[e] = weight;
    this.place(e);
    return e;
  }

  /** Puts entry e into the first free slot of its probe sequence. */
  private place(e: number): void {
    const hash = this.hashes[e]!;
    let slot = hash & this.mask;
    while (this.table[2 * slot] !== 0) slot = (slot + 1) & this.mask;
    this.table[2 * slot] = e + 1;
    this.table[2 * slot + 1] = hash;
  }

  /** Bytes of the counted values' keys so far (what the memory budget charges besides {@link BYTES_PER_ENTRY} each). */
  keyBytes(): number {
    return this.arenaFill;
  }

  /** Entry e's bytes (a view into the arena, valid until the next insert or purge). */
  key(e: number): Uint8Array {
    const s = this.keyStart[e]!;
    return this.arena.subarray(s, s + this.keyLength[e]!);
  }

  private grow(entries: number): void {
    const resize = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const out = make(entries);
      out.set(a.subarray(0, this.size));
      return out;
    };
    this.hashes = resize(this.hashes, (n) => new Int32Array(n));
    this.keyStart = resize(this.keyStart, (n) => new Int32Array(n));
    this.keyLength = resize(this.keyLength, (n) => new Int32Array(n));
    this.keyWord0 = resize(this.keyWord0, (n) => new Int32Array(n));
    this.keyWord1 = resize(this.keyWord1, (n) => new Int32Array(n));
    this.counts = resize(this.counts, (n) => new Float64Array(n));
    this.weightedCounts = resize(this.weightedCounts, (n) => new Float64Array(n));
    this.rebuildTable(entries * 2);
  }

  private rebuildTable(slots: number): void {
    this.table = new Int32Array(slots * 2);
    this.mask = slots - 1;
    for (let e = 0; e < this.size; e++) this.place(e);
  }

  private ensureSketch(): HyperLogLog {
    if (this.hll === null) {
      // Until now every distinct value is an entry: seed the HLL with them.
      this.hll = new HyperLogLog();
      for (let e = 0; e < this.size; e++) {
        const s = this.keyStart[e]!;
        this.hll.add(hashBytes(this.arena, s, s + this.keyLength[e]!));
      }
    }
    return this.hll;
  }

  /** Misra-Gries step: subtract the count that leaves half the capacity, drop what reaches zero. */
  private purge(): void {
    this.ensureSketch();
    this.exact = false;
    const keep = Math.floor(Math.min(this.capacity, this.size) / 2);
    const sorted = this.counts.slice(0, this.size).sort();
    const threshold = sorted[this.size - keep - 1]!;
    const sortedW = this.weightedCounts.slice(0, this.size).sort();
    const thresholdW = sortedW[this.size - keep - 1]!;
    // A dropped value loses its whole count: at most `threshold`, but its weighted count is not
    // bounded by `thresholdW` (values are dropped by count).
    let droppedW = thresholdW;
    // The kept keys move to a fresh arena (the dropped ones' bytes are garbage).
    const arena = new Uint8Array(this.arena.length);
    let fill = 0;
    let w = 0;
    for (let e = 0; e < this.size; e++) {
      const c = this.counts[e]! - threshold;
      if (c <= 0) {
        if (this.weightedCounts[e]! > droppedW) droppedW = this.weightedCounts[e]!;
        continue;
      }
      const s = this.keyStart[e]!;
      const len = this.keyLength[e]!;
      arena.set(this.arena.subarray(s, s + len), fill);
      this.keyStart[w] = fill;
      this.keyLength[w] = len;
      this.keyWord0[w] = this.keyWord0[e]!;
      this.keyWord1[w] = this.keyWord1[e]!;
      fill += len;
      this.hashes[w] = this.hashes[e]!;
      this.counts[w] = c;
      this.weightedCounts[w] = Math.max(0, this.weightedCounts[e]! - thresholdW);
      w++;
    }
    this.arena = arena;
    this.arenaFill = fill;
    this.size = w;
    this.error += threshold;
    this.weightedError += droppedW;
    this.rebuildTable(this.mask + 1);
  }

  /** Folds `other` in (left unchanged). */
  merge(other: FrequencyCounter): this {
    if (!other.exact || other.hll !== null) {
      this.ensureSketch().merge(other.hll!);
      this.exact = false;
    }
    if (this.hll !== null) {
      for (let e = 0; e < other.size; e++) {
        const s = other.keyStart[e]!;
        this.hll.add(hashBytes(other.arena, s, s + other.keyLength[e]!));
      }
    }
    this.addEntriesOf(other);
    this.error += other.error;
    this.weightedError += other.weightedError;
    return this;
  }

  /**
   * Counts every entry of `other`. This loop and the next end their functions: code after a hot
   * loop has not run when V8 compiles the loop on the stack, and sent it back to the interpreter
   * again and again (docs/statistics.md).
   */
  private addEntriesOf(other: FrequencyCounter): void {
    for (let e = 0; e < other.size; e++) {
      const s = other.keyStart[e]!;
      const end = s + other.keyLength[e]!;
      this.addHashed(other.arena, s, end, other.hashes[e]! >>> 0, other.counts[e]!, other.weightedCounts[e]!);
    }
  }

  /** Inserts the saved entries of `state` (see {@link addEntriesOf}). */
  private insertSaved(state: FrequencyCounterState): void {
    for (let i = 0; i < state.values.length; i++) {
      const bytes = new Uint8Array(Buffer.from(state.values[i]!, 'base64'));
      this.insert(
        bytes,
        0,
        bytes.length,
        tableHash(bytes, 0, bytes.length) | 0,
        state.counts[i]!,
        state.weightedCounts[i]!,
      );
    }
  }

  /** Number of distinct values: exact while exact, else the HyperLogLog estimate. */
  distinct(): number {
    if (this.exact) return this.size;
    return Math.max(this.size, Math.round(this.hll!.estimate()));
  }

  /** The counted values (in insertion order). */
  entries(): CountedValue[] {
    const out: CountedValue[] = [];
    for (let e = 0; e < this.size; e++) {
      out.push({ bytes: this.key(e).slice(), count: this.counts[e]!, weightedCount: this.weightedCounts[e]! });
    }
    return out;
  }

  toState(): FrequencyCounterState {
    const state: FrequencyCounterState = {
      capacity: this.capacity,
      maxBytes: this.maxBytes,
      exact: this.exact,
      error: this.error,
      weightedError: this.weightedError,
      values: Array.from({ length: this.size }, (_, e) => Buffer.from(this.key(e)).toString('base64')),
      counts: Array.from(this.counts.subarray(0, this.size)),
      weightedCounts: Array.from(this.weightedCounts.subarray(0, this.size)),
    };
    return this.hll === null ? state : { ...state, hll: Buffer.from(this.hll.registers).toString('base64') };
  }

  static fromState(state: FrequencyCounterState): FrequencyCounter {
    // Files from before the byte budget: no budget beyond their capacity.
    const c = new FrequencyCounter(state.capacity, state.maxBytes ?? Number.MAX_SAFE_INTEGER);
    c.error = state.error ?? 0;
    c.weightedError = state.weightedError ?? 0;
    c.insertSaved(state);
    c.exact = state.exact;
    if (state.hll !== undefined) c.hll = new HyperLogLog(new Uint8Array(Buffer.from(state.hll, 'base64')));
    return c;
  }
}
