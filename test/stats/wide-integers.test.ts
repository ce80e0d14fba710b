import { tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { StatisticsAccumulator } from '../../src/stats/statistics-accumulator.js';
import { rng } from '../helpers/rng.js';

/** 64-bit integer columns are converted to numbers (exact up to 2^53) before the numeric statistics. */
describe('64-bit integer columns', () => {
  function numStats(columns: Record<string, BigInt64Array | BigUint64Array>) {
    const acc = new StatisticsAccumulator();
    for (const batch of tableFromArrays(columns).batches) acc.add(batch);
    const features = acc.finish().datasets![0]!.features!;
    return Object.fromEntries(features.map((f) => [f.path!.step![0]!, f.numStats!]));
  }

  for (const rows of [1000, 200_000]) {
    it(`converts signed and unsigned values exactly (${rows} rows)`, () => {
      const r = rng(rows);
      const signed = BigInt64Array.from({ length: rows }, () => BigInt(Math.floor((r() - 0.5) * 2 ** 54)));
      const unsigned = BigUint64Array.from({ length: rows }, () => BigInt(Math.floor(r() * 2 ** 53)) * 2n);
      signed[1] = -(2n ** 53n);
      signed[2] = 2n ** 53n;
      unsigned[3] = 2n ** 64n - 1n;
      const stats = numStats({ i: signed, u: unsigned });
      const numbers = (a: BigInt64Array | BigUint64Array) => Array.from(a, (v) => Number(v));
      const min = (a: number[]) => a.reduce((m, v) => Math.min(m, v), Number.POSITIVE_INFINITY);
      const max = (a: number[]) => a.reduce((m, v) => Math.max(m, v), Number.NEGATIVE_INFINITY);
      expect(stats.i!.min).toBe(min(numbers(signed)));
      expect(stats.i!.max).toBe(max(numbers(signed)));
      expect(stats.u!.min).toBe(min(numbers(unsigned)));
      expect(stats.u!.max).toBe(2 ** 64);
      expect(stats.i!.mean).toBeCloseTo(numbers(signed).reduce((s, v) => s + v, 0) / rows, -6);
    });
  }
});
