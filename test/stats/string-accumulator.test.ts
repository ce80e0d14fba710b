import { describe, expect, it } from 'vitest';
import { resolveStatisticsOptions } from '../../src/stats/statistics-options.js';
import { StringAccumulator } from '../../src/stats/string-accumulator.js';
import { rng } from '../helpers/rng.js';

/** A Utf8-like column: bytes, Int32 offsets and a validity bitmap (bit i + bitOffset). */
function column(values: string[], r: () => number, bitOffset: number) {
  const encoder = new TextEncoder();
  const parts = values.map((v) => encoder.encode(v));
  const offsets = new Int32Array(values.length + 1);
  for (let i = 0; i < parts.length; i++) offsets[i + 1] = offsets[i]! + parts[i]!.length;
  const bytes = new Uint8Array(offsets[values.length]!);
  for (let i = 0; i < parts.length; i++) bytes.set(parts[i]!, offsets[i]!);
  const bitmap = new Uint8Array(((values.length + bitOffset) >> 3) + 1);
  for (let i = 0; i < values.length; i++) if (r() > 0.05) bitmap[(i + bitOffset) >> 3]! |= 1 << ((i + bitOffset) & 7);
  return { bytes, offsets, bitmap };
}

/**
 * Unweighted string ranges are grouped by value before they reach the frequency counter; the
 * state must be the one of counting value by value (the offsets as a plain array take that path).
 */
describe('StringAccumulator ranges', () => {
  function both(values: string[], ranges: [number, number][], options = resolveStatisticsOptions(), checkUtf8 = false) {
    const r = rng(values.length);
    const { bytes, offsets, bitmap } = column(values, r, 3);
    const grouped = new StringAccumulator(options);
    const plain = new StringAccumulator(options);
    for (const [start, end] of ranges) {
      grouped.addRange(bytes, offsets, start, end, bitmap, 3, 0, checkUtf8);
      plain.addRange(bytes, Array.from(offsets), start, end, bitmap, 3, 0, checkUtf8);
    }
    return { grouped, plain };
  }

  const ranges: [number, number][] = [
    [0, 20_000],
    [20_000, 20_001],
    [20_001, 50_000],
  ];

  it('counts categorical values (short and long, mixed lengths) as value by value', () => {
    const r = rng(5);
    const labels = [
      '',
      'a',
      'cat_1',
      'cat_12',
      'eight_b!',
      'nine_byte',
      'a rather longer value, past eight bytes',
      'é',
    ];
    const values = Array.from(
      { length: 50_000 },
      () => labels[Math.floor(r() * labels.length)]! + (r() < 0.3 ? String(Math.floor(r() * 40)) : ''),
    );
    const { grouped, plain } = both(values, ranges);
    expect(grouped.toState()).toEqual(plain.toState());
    expect(grouped.finishString(true, false)).toEqual(plain.finishString(true, false));
    expect(grouped.numValues).toBeGreaterThan(40_000);
  });

  it('counts high-cardinality ranges value by value, with the same state', () => {
    const values = Array.from({ length: 50_000 }, (_, i) => `id-${i % 9000}`);
    const { grouped, plain } = both(values, ranges);
    expect(grouped.toState()).toEqual(plain.toState());
  });

  it('keeps the same state when the counter stops being exact (small capacity) and with invalid UTF-8 checks', () => {
    const r = rng(6);
    const values = Array.from({ length: 50_000 }, () => `v${Math.floor(r() * r() * 300)}`);
    const options = resolveStatisticsOptions({ maxExactDistinct: 100 });
    const { grouped, plain } = both(values, ranges, options, true);
    expect(plain.counter.exact).toBe(false);
    expect(grouped.toState()).toEqual(plain.toState());
  });
});
