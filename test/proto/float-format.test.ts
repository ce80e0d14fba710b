import { describe, expect, it } from 'vitest';
import { formatDouble, formatFloat, shortestFloat32 } from '../../src/proto/float-format.js';

describe('float formatting (Python repr, as text_format prints)', () => {
  it.each([
    [1, '1.0'],
    [0, '0.0'],
    [-0, '-0.0'],
    [0.25, '0.25'],
    [1003.6, '1003.6'],
    [1e-5, '1e-05'],
    [1.5e-7, '1.5e-07'],
    [0.0001, '0.0001'],
    [123456789012345.6, '123456789012345.6'],
    [1e16, '1e+16'],
    [1.2345e20, '1.2345e+20'],
    [-2.5, '-2.5'],
    [Number.POSITIVE_INFINITY, 'inf'],
    [Number.NEGATIVE_INFINITY, '-inf'],
    [Number.NaN, 'nan'],
    [0.1 + 0.2, '0.30000000000000004'],
  ])('formats double %s as %s', (value, text) => {
    expect(formatDouble(value)).toBe(text);
  });

  it('prints float32 values with the shortest decimal that reads back as the same float', () => {
    expect(formatFloat(Math.fround(0.1))).toBe('0.1');
    expect(formatFloat(Math.fround(1.1))).toBe('1.1');
    expect(formatFloat(Math.fround(16777217))).toBe('16777216.0');
    expect(formatFloat(Math.fround(3.4028234663852886e38))).toBe('3.4028235e+38');
    expect(shortestFloat32(Math.fround(2 / 3))).toBe(0.6666667);
  });
});
