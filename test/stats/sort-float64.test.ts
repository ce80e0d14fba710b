import { describe, expect, it } from 'vitest';
import { sortFloat64 } from '../../src/stats/sort-float64.js';
import { rng } from '../helpers/rng.js';

/** Value generators covering the radix sort's paths: skipped passes, long equal-high-word runs, signs. */
const shapes: Record<string, (r: () => number) => number> = {
  'rounded sums': (r) => Math.round((r() + r() + r()) * 1e4) / 1e4,
  'large integers': (r) => Math.floor(r() * 1e11),
  'few distinct': (r) => Math.floor(r() * 5),
  'small integers and zeros (low digit skipped)': (r) => (r() < 0.05 ? 0 : Math.floor(r() * 1000)),
  'one exponent, same top mantissa bits (high digit skipped)': (r) => 1.5 + r() * 2 ** -9,
  'both signs, wide range': (r) => (r() - 0.5) * Math.exp(20 * r()),
  'narrow band (one high word)': (r) => 1e9 + r(),
  'narrow negative band': (r) => -1e9 - r(),
  infinities: (r) => (r() < 0.1 ? Number.POSITIVE_INFINITY : r() < 0.1 ? Number.NEGATIVE_INFINITY : r() - 0.5),
};

describe('sortFloat64', () => {
  for (const [name, shape] of Object.entries(shapes)) {
    it(`sorts like Float64Array.prototype.sort: ${name}`, () => {
      const r = rng(name.length);
      for (const n of [0, 1, 17, 1000, 5000, 30_000]) {
        const values = new Float64Array(n);
        for (let i = 0; i < n; i++) values[i] = shape(r);
        if (n > 2) {
          values[0] = -0;
          values[1] = 0;
        }
        const expected = values.slice().sort();
        const distinct = sortFloat64(values, n);
        // Object.is tells -0 from +0.
        expect(Array.from(values).every((v, i) => Object.is(v, expected[i]))).toBe(true);
        // -0 and +0 count as one value, as the quantile summary folds them.
        expect(distinct).toBe(new Set(expected).size);
      }
    });
  }

  it('carries weights along with their values', () => {
    const r = rng(3);
    for (const n of [10, 600, 5000, 40_000]) {
      const values = new Float64Array(n);
      const weights = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        values[i] = shapes['both signs, wide range']!(r);
        if (i % 7 === 0) values[i] = 1e9 + r();
        weights[i] = values[i]! * 3 + 1;
      }
      const expected = values.slice().sort();
      expect(sortFloat64(values, n, weights)).toBe(new Set(expected).size);
      expect(Array.from(values)).toEqual(Array.from(expected));
      expect(Array.from(weights).every((w, i) => w === values[i]! * 3 + 1)).toBe(true);
    }
  });

  it('sorts buffers longer than its own arrays hold (2^18 values) the same way', () => {
    for (const name of ['rounded sums', 'both signs, wide range', 'narrow negative band']) {
      const r = rng(name.length + 1);
      const n = 300_000;
      const values = new Float64Array(n);
      for (let i = 0; i < n; i++) values[i] = shapes[name]!(r);
      values[0] = -0;
      values[1] = 0;
      const expected = values.slice().sort();
      const distinct = sortFloat64(values, n);
      expect(Array.from(values).every((v, i) => Object.is(v, expected[i]))).toBe(true);
      expect(distinct).toBe(new Set(expected).size);
    }
  });

  it('sorts only the first n values', () => {
    const values = Float64Array.from({ length: 3000 }, (_, i) => 3000 - i);
    sortFloat64(values, 2000);
    expect(values[0]).toBe(1001);
    expect(values[1999]).toBe(3000);
    expect(values[2000]).toBe(1000);
  });
});
