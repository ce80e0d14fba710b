import { describe, expect, it } from 'vitest';
import { formatTextTable, wrapWords } from '../../src/_util/text-table.js';

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

  it('wraps the last column under itself at a width, cutting nothing', () => {
    const rows = [
      ['wind', 'ERROR', 'Expected data of type: FLOAT but got STRING, in every one of the examples'],
      ['x', 'WARNING', 'short'],
    ];
    const lines = formatTextTable(rows, { width: 40 });
    expect(lines).toEqual([
      'wind  ERROR    Expected data of type:',
      '               FLOAT but got STRING, in',
      '               every one of the examples',
      'x     WARNING  short',
    ]);
    expect(lines.join(' ').replace(/\s+/g, ' ')).toContain('in every one of the examples');
    expect(formatTextTable(rows)).toHaveLength(2);
  });

  it('wraps words, giving an over-long word a line of its own', () => {
    expect(wrapWords('a bb ccc dddddddddd e', 6)).toEqual(['a bb', 'ccc', 'dddddddddd', 'e']);
    expect(wrapWords('', 6)).toEqual(['']);
  });
});
