/**
 * A unified diff of two texts, line by line (longest common subsequence), in the format
 * `diff -u` and code review tools read. Returns '' when the texts are equal.
 */
export function unifiedDiff(
  before: string,
  after: string,
  options: { fromName?: string; toName?: string; context?: number } = {},
): string {
  const a = splitLines(before);
  const b = splitLines(after);
  const context = options.context ?? 3;
  const ops = diffLines(a, b);
  if (ops.every((op) => op.kind === ' ')) return '';
  const out = [`--- ${options.fromName ?? 'a'}`, `+++ ${options.toName ?? 'b'}`];
  // Group operations into hunks separated by more than 2 * context unchanged lines.
  let i = 0;
  while (i < ops.length) {
    while (i < ops.length && ops[i]?.kind === ' ') i++;
    if (i >= ops.length) break;
    let start = Math.max(0, i - context);
    let end = i;
    let lastChange = i;
    while (end < ops.length) {
      if (ops[end]?.kind !== ' ') lastChange = end;
      else if (end - lastChange > 2 * context) break;
      end++;
    }
    end = Math.min(ops.length, lastChange + context + 1);
    const hunk = ops.slice(start, end);
    const first = ops[start];
    const aStart = first ? first.aIndex + 1 : 1;
    const bStart = first ? first.bIndex + 1 : 1;
    const aCount = hunk.filter((op) => op.kind !== '+').length;
    const bCount = hunk.filter((op) => op.kind !== '-').length;
    out.push(`@@ -${aCount ? aStart : aStart - 1},${aCount} +${bCount ? bStart : bStart - 1},${bCount} @@`);
    for (const op of hunk) out.push(`${op.kind}${op.line}`);
    i = end;
    start = end;
  }
  return `${out.join('\n')}\n`;
}

interface DiffOp {
  readonly kind: ' ' | '-' | '+';
  readonly line: string;
  /** Position in `a` (for '-' and ' ') or where the line would be (for '+'). */
  readonly aIndex: number;
  readonly bIndex: number;
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** LCS table over lines; schema textprotos are a few thousand lines, so O(n*m) is fine. */
function diffLines(a: readonly string[], b: readonly string[]): DiffOp[] {
  const n = a.length;
  const m = b.length;
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] =
        a[i] === b[j]
          ? (lcs[(i + 1) * width + j + 1] ?? 0) + 1
          : Math.max(lcs[(i + 1) * width + j] ?? 0, lcs[i * width + j + 1] ?? 0);
    }
  }
  const ops: DiffOp[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i] ?? '', aIndex: i, bIndex: j });
      i++;
      j++;
    } else if (j < m && (i >= n || (lcs[i * width + j + 1] ?? 0) > (lcs[(i + 1) * width + j] ?? 0))) {
      ops.push({ kind: '+', line: b[j] ?? '', aIndex: i, bIndex: j });
      j++;
    } else {
      ops.push({ kind: '-', line: a[i] ?? '', aIndex: i, bIndex: j });
      i++;
    }
  }
  return ops;
}
