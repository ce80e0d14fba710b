import { describe, expect, it } from 'vitest';
import { printfFloat, sixDigits, utf8SafeCEscape } from '../../src/anomalies/tfdv-format.js';

// TFDV's descriptions print numbers with absl::SixDigits (printf %g, 6 significant digits) and
// printf %f of floats; these pin the formats the conformance cases rely on.
describe('TFDV number formats', () => {
  it.each([
    [0.25, '0.25'],
    [1, '1'],
    [0.2, '0.2'],
    [0.6818181818, '0.681818'],
    [1234567, '1.23457e+06'],
    [0.00001, '1e-05'],
    [0.0001, '0.0001'],
    [-2, '-2'],
    [100000, '100000'],
    [Number.POSITIVE_INFINITY, 'inf'],
    [Number.NaN, 'nan'],
  ])('sixDigits(%d) = %s', (x, text) => expect(sixDigits(x)).toBe(text));

  it('printf %f of a float rounds through single precision', () => {
    expect(printfFloat(0.7)).toBe('0.700000');
    expect(printfFloat(0.85)).toBe('0.850000');
  });

  it('C-escapes control characters and quotes but keeps UTF-8 text', () => {
    expect(utf8SafeCEscape('a\n"b"\t\\é')).toBe('a\\n\\"b\\"\\t\\\\é');
  });
});
