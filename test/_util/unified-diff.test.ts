import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../src/_util/unified-diff.js';

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n')).toBe('');
  });

  it('writes a hunk with context, removals before additions', () => {
    const before = ['1', '2', '3', '4', '5', '6', '7', '8'].join('\n');
    const after = ['1', '2', '3', '4', 'five', '6', '7', '8'].join('\n');
    expect(unifiedDiff(before, after, { fromName: 'old.pbtxt', toName: 'new.pbtxt' })).toBe(
      ['--- old.pbtxt', '+++ new.pbtxt', '@@ -2,7 +2,7 @@', ' 2', ' 3', ' 4', '-5', '+five', ' 6', ' 7', ' 8', ''].join(
        '\n',
      ),
    );
  });

  it('separates distant changes into hunks', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n');
    const after = before.replace('line 1\n', 'LINE 1\n').replace('line 18', 'LINE 18');
    const diff = unifiedDiff(before, after, { context: 1 });
    expect(diff.match(/^@@/gm)).toHaveLength(2);
    expect(diff).toContain('-line 18\n+LINE 18');
  });
});
