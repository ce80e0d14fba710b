import { describe, expect, it } from 'vitest';
import { formatTextTable } from '../../src/_util/text-table.js';

describe('formatTextTable', () => {
  it('pads every column but the last and trims trailing spaces', () => {
    expect(
      formatTextTable([
        ['feature', 'severity', 'description'],
        ['payment_type', 'ERROR', 'Unexpected string values'],
        ['x', '', ''],
      ]),
    ).toEqual(['feature       severity  description', 'payment_type  ERROR     Unexpected string values', 'x']);
  });

  it('handles rows of different lengths and no rows', () => {
    expect(formatTextTable([['a', 'b'], ['ccc']])).toEqual(['a    b', 'ccc']);
    expect(formatTextTable([])).toEqual([]);
  });
});
