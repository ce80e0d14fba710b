import { HyperLogLog, hashBytes } from './hyperloglog.js';

/**
 * The hash table's hash of bytes[start, end): four bytes per multiply (FNV-1a, which the
 * distinct-count sketch keeps using, takes one multiply per byte and was a third of the time of
 * counting short strings). Only ever compared within one process, never stored.
 */
export function tableHash(bytes: Uint8Array, start: number, end: number): number {
  let h = Math.imul(end - start, 0x9e3779b1);
  let k = start;
  for (; k + 4 <= end; k += 4) {
    const w = bytes[k]! | (bytes[k + 1]! << 8) | (bytes[k + 2]! << 16) | (bytes[k + 3]! << 24);
    h = Math.imul(h ^ w, 0xcc9e2d51);
    h = (h << 15) | (h >>> 17);
  }
  if (k < end) {
    let w = bytes[k]!;
    if (k + 1 < end) w |= bytes[k + 1]! << 8;
    if (k + 2 < end) w |= bytes[k + 2]! << 16;
    h = Math.imul(h ^ w, 0x1b873593);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/** One counted value, as {@link FrequencyCounter.entries} returns it. */
export interface CountedValue {
  readonly bytes: Uint8Array;
  readonly count: number;
  readonly weightedCount: number;
}

/** Serialised state of a {@link FrequencyCounter}. */
export interface FrequencyCounterState {
  readonly capacity: number;
  readonly exact: boolean;
  /** base64 of each value's bytes */
  readonly values: string[];
  readonly counts: number[];
  readonly weightedCounts: number[];
  /** base64 of the HLL registers, when the counter is no longer exact */
  readonly hll?: string;
}

/**
 * Counts values (raw bytes) exactly while at most `capacity` distinct values were seen, then
 * switches to Misra-Gries (frequent items: every value more frequent than 2n/capacity is kept,
 * counts undercount by at most that much) and estimates the distinct count with HyperLogLog.
 *
 * Values are keyed by a hash of their raw UTF-8 bytes ({@link tableHash}) in an open-addressing
 * table; a value's bytes are copied once, when it is first seen, and compared on every hit (no
 * string decoding per cell). The HyperLogLog, whose registers are serialised, hashes with
 * {@link hashBytes}, and only values that are not in the table.
 */
export class FrequencyCounter {
  readonly capacity: number;
  exact = true;
  size = 0;
  private table: Int32Array;
  private mask: number;
  private hashes: Int32Array;
  counts: Float64Array;
  weightedCounts: Float64Array;
  keys: Uint8Array[] = [];
  private hll: HyperLogLog | null = null;

  constructor(capacity = 16384) {
    this.capacity = capacity;
    const initial = 64;
    this.table = new Int32Array(initial * 2);
    this.mask = initial * 2 - 1;
    this.hashes = new Int32Array(initial);
    this.counts = new Float64Array(initial);
    this.weightedCounts = new Float64Array(initial);
  }

  /** Adds `count` occurrences (weighted: `weight`) of the value `bytes[start, end)`. */
  add(bytes: Uint8Array, start: number, end: number, count: number, weight: number): number {
    return this.addHashed(bytes, start, end, tableHash(bytes, start, end), count, weight);
  }

  /** Same as {@link add} with a precomputed {@link tableHash}. Returns the entry index. */
  addHashed(bytes: Uint8Array, start: number, end: number, hash: number, count: number, weight: number): number {
    const len = end - start;
    let slot = hash & this.mask;
    const h = hash | 0;
    for (;;) {
      const e = this.table[slot]! - 1;
      if (e < 0) break;
      if (this.hashes[e] === h) {
        const key = this.keys[e]!;
        if (key.length === len) {
          let same = true;
          for (let i = 0; i < len; i++) {
            if (key[i] !== bytes[start + i]) {
              same = false;
              break;
            }
          }
          if (same) {
            this.counts[e] = this.counts[e]! + count;
            this.weightedCounts[e] = this.weightedCounts[e]! + weight;
            return e;
          }
        }
      }
      slot = (slot + 1) & this.mask;
    }
    if (this.hll !== null) this.hll.add(hashBytes(bytes, start, end));
    const e = this.insert(bytes.slice(start, end), h, count, weight);
    if (this.size > this.capacity) {
      this.purge();
      return -1;
    }
    return e;
  }

  private insert(key: Uint8Array, hash: number, count: number, weight: number): number {
    if (this.size === this.hashes.length) this.grow(this.size * 2);
    const e = this.size++;
    this.keys[e] = key;
    this.hashes[e] = hash;
    this.counts[e] = count;
    this.weightedCounts[e] = weight;
    let slot = hash & this.mask;
    while (this.table[slot] !== 0) slot = (slot + 1) & this.mask;
    this.table[slot] = e + 1;
    return e;
  }

  private grow(entries: number): void {
    const hashes = new Int32Array(entries);
    hashes.set(this.hashes.subarray(0, this.size));
    const counts = new Float64Array(entries);
    counts.set(this.counts.subarray(0, this.size));
    const weighted = new Float64Array(entries);
    weighted.set(this.weightedCounts.subarray(0, this.size));
    this.hashes = hashes;
    this.counts = counts;
    this.weightedCounts = weighted;
    this.rebuildTable(entries * 2);
  }

  private rebuildTable(slots: number): void {
    this.table = new Int32Array(slots);
    this.mask = slots - 1;
    for (let e = 0; e < this.size; e++) {
      let slot = this.hashes[e]! & this.mask;
      while (this.table[slot] !== 0) slot = (slot + 1) & this.mask;
      this.table[slot] = e + 1;
    }
  }

  private ensureSketch(): HyperLogLog {
    if (this.hll === null) {
      // Until now every distinct value is an entry: seed the HLL with them.
      this.hll = new HyperLogLog();
      for (let e = 0; e < this.size; e++) {
        const key = this.keys[e]!;
        this.hll.add(hashBytes(key, 0, key.length));
      }
    }
    return this.hll;
  }

  /** Misra-Gries step: subtract the count that leaves half the capacity, drop what reaches zero. */
  private purge(): void {
    this.ensureSketch();
    this.exact = false;
    const keep = Math.floor(this.capacity / 2);
    const sorted = this.counts.slice(0, this.size).sort();
    const threshold = sorted[this.size - keep - 1]!;
    const sortedW = this.weightedCounts.slice(0, this.size).sort();
    const thresholdW = sortedW[this.size - keep - 1]!;
    let w = 0;
    for (let e = 0; e < this.size; e++) {
      const c = this.counts[e]! - threshold;
      if (c <= 0) continue;
      this.keys[w] = this.keys[e]!;
      this.hashes[w] = this.hashes[e]!;
      this.counts[w] = c;
      this.weightedCounts[w] = Math.max(0, this.weightedCounts[e]! - thresholdW);
      w++;
    }
    this.keys.length = w;
    this.size = w;
    this.rebuildTable(this.table.length);
  }

  /** Folds `other` in (left unchanged). */
  merge(other: FrequencyCounter): this {
    if (!other.exact || other.hll !== null) {
      this.ensureSketch().merge(other.hll!);
      this.exact = false;
    }
    if (this.hll !== null) {
      for (let e = 0; e < other.size; e++) {
        const key = other.keys[e]!;
        this.hll.add(hashBytes(key, 0, key.length));
      }
    }
    for (let e = 0; e < other.size; e++) {
      const key = other.keys[e]!;
      this.addHashed(key, 0, key.length, other.hashes[e]! >>> 0, other.counts[e]!, other.weightedCounts[e]!);
    }
    return this;
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
      out.push({ bytes: this.keys[e]!, count: this.counts[e]!, weightedCount: this.weightedCounts[e]! });
    }
    return out;
  }

  toState(): FrequencyCounterState {
    const state: FrequencyCounterState = {
      capacity: this.capacity,
      exact: this.exact,
      values: this.keys.slice(0, this.size).map((k) => Buffer.from(k).toString('base64')),
      counts: Array.from(this.counts.subarray(0, this.size)),
      weightedCounts: Array.from(this.weightedCounts.subarray(0, this.size)),
    };
    return this.hll === null ? state : { ...state, hll: Buffer.from(this.hll.registers).toString('base64') };
  }

  static fromState(state: FrequencyCounterState): FrequencyCounter {
    const c = new FrequencyCounter(state.capacity);
    for (let i = 0; i < state.values.length; i++) {
      const bytes = new Uint8Array(Buffer.from(state.values[i]!, 'base64'));
      c.insert(bytes, tableHash(bytes, 0, bytes.length) | 0, state.counts[i]!, state.weightedCounts[i]!);
    }
    c.exact = state.exact;
    if (state.hll !== undefined) c.hll = new HyperLogLog(new Uint8Array(Buffer.from(state.hll, 'base64')));
    return c;
  }
}
