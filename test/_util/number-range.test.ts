import { describe, expect, it } from 'vitest';
import { describeRange, inRange } from '../../src/_util/number-range.js';

describe('a number range', () => {
  it('says in words what it allows', () => {
    expect(describeRange({ integer: true, min: 1 })).toBe('an integer >= 1');
    expect(describeRange({ above: 0 })).toBe('a number > 0');
    expect(describeRange({ max: 5 })).toBe('a number <= 5');
    expect(describeRange({ integer: true, below: 5 })).toBe('an integer < 5');
    expect(describeRange({ above: 0, below: 1 })).toBe('a number in (0, 1)');
    expect(describeRange({ above: 0, max: 1 })).toBe('a number in (0, 1]');
    expect(describeRange({ integer: true, min: 2, max: 9 })).toBe('an integer in [2, 9]');
    expect(describeRange({})).toBe('a number');
  });

  it('allows exactly what it says', () => {
    const halfOpen = { above: 0, max: 1 };
    expect([0, 1e-9, 0.5, 1, 1.0001].map((n) => inRange(halfOpen, n))).toEqual([false, true, true, true, false]);
    const counts = { integer: true, min: 2 };
    expect([1, 2, 2.5, 1e6].map((n) => inRange(counts, n))).toEqual([false, true, false, true]);
    expect([0.99, 1, 3, 3.01].map((n) => inRange({ min: 1, below: 3 }, n))).toEqual([false, true, false, false]);
  });

  it('never allows a non-finite number or a non-number', () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, '1', null, undefined, true]) {
      expect(inRange({}, value)).toBe(false);
    }
  });
});
