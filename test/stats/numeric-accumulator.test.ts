import { describe, expect, it } from 'vitest';
import { NumericAccumulator } from '../../src/stats/numeric-accumulator.js';
import { resolveStatisticsOptions } from '../../src/stats/statistics-options.js';
import { rng } from '../helpers/rng.js';

/**
 * Typed-array ranges are copied into the accumulator's own arrays before they are scanned; any
 * other array-like is read where it is. Both must give the same state, bit for bit.
 */
describe('NumericAccumulator ranges', () => {
  const options = resolveStatisticsOptions();

  function feed(values: ArrayLike<number>, bitmap: Uint8Array | null, bitOffset: number, ranges: [number, number][]) {
    const acc = new NumericAccumulator(options, false);
    for (const [start, end] of ranges) acc.addRange(values, start, end, bitmap, bitOffset, 0);
    return acc;
  }

  it('gives the same state from a typed array as from a plain array (nulls, NaN, infinities, offsets)', () => {
    const r = rng(11);
    const n = 70_000;
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const u = r();
      values[i] =
        u < 0.01 ? Number.NaN : u < 0.015 ? Number.POSITIVE_INFINITY : u < 0.02 ? 0 : Math.round((u - 0.3) * 1e6) / 1e4;
    }
    const bitOffset = 5;
    const bitmap = new Uint8Array(((n + bitOffset) >> 3) + 1);
    for (let i = 0; i < n; i++) if (r() > 0.03) bitmap[(i + bitOffset) >> 3]! |= 1 << ((i + bitOffset) & 7);
    const ranges: [number, number][] = [
      [3, 40_003],
      [40_003, 40_010],
      [40_010, n],
    ];
    const typed = feed(values, bitmap, bitOffset, ranges);
    const plain = feed(Array.from(values), bitmap, bitOffset, ranges);
    expect(typed.toState()).toEqual(plain.toState());
    expect(typed.finish()).toEqual(plain.finish());
    expect(typed.numNan).toBeGreaterThan(0);
    expect(typed.plain.posInf).toBeGreaterThan(0);
    // Without a bitmap, and from an Int32Array (converted to float64 exactly).
    const ints = Int32Array.from(values, (v) => (Number.isFinite(v) ? Math.round(v * 1e4) : -7));
    expect(feed(ints, null, 0, ranges).toState()).toEqual(feed(Array.from(ints), null, 0, ranges).toState());
  });

  it('reads ranges longer than its own arrays in place, with the same statistics as a plain array', () => {
    const r = rng(12);
    const n = 300_000;
    const values = Float64Array.from({ length: n }, () => r() * 100 - 20);
    const typed = feed(values, null, 0, [[0, n]]);
    const plain = feed(Array.from(values), null, 0, [[0, n]]);
    expect(typed.toState()).toEqual(plain.toState());
  });
});
