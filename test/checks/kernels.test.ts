import { Dictionary, Float64, Int32, Int64, RecordBatch, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { CheckAccumulator, checkPlan, parseChecks } from '../../src/checks/index.js';
import { rng } from '../helpers/rng.js';

/**
 * The compiled kernels against a row-by-row reference written in plain JavaScript, on in-memory
 * columns with missing values, NaN, non-ASCII strings (the byte paths and the decoding path) and
 * dictionary-encoded strings.
 */
const words = ['Cash', 'café', 'Credit Card', '😀 emoji', '', 'naïve', 'x'];

function batch(n: number, seed: number) {
  const random = rng(seed);
  const a: (number | null)[] = [];
  const b: (number | null)[] = [];
  const i: (bigint | null)[] = [];
  const s: (string | null)[] = [];
  for (let r = 0; r < n; r++) {
    const x = random();
    a.push(x < 0.05 ? null : x < 0.08 ? Number.NaN : Math.round((random() - 0.3) * 100) / 10);
    b.push(random() < 0.05 ? null : Math.round(random() * 50) / 10);
    i.push(random() < 0.05 ? null : BigInt(Math.floor(random() * 2 ** 40) - 2 ** 39));
    s.push(random() < 0.1 ? null : words[Math.floor(random() * words.length)]!);
  }
  const rb = new RecordBatch({
    a: vectorFromArray(a, new Float64()).data[0]!,
    b: vectorFromArray(b, new Float64()).data[0]!,
    i: vectorFromArray(i, new Int64()).data[0]!,
    s: vectorFromArray(s, new Utf8()).data[0]!,
    d: vectorFromArray(s, new Dictionary(new Utf8(), new Int32())).data[0]!,
  });
  return { rb, rows: a.map((_, r) => ({ a: a[r]!, b: b[r]!, i: i[r] === null ? null : Number(i[r]), s: s[r]! })) };
}

type Row = ReturnType<typeof batch>['rows'][number];
/** Three-valued reference: true, false, or null (unknown). */
const cases: [string, (r: Row) => boolean | null][] = [
  ['a >= 0', (r) => (r.a === null ? null : r.a >= 0)],
  ['a + b < 3', (r) => (r.a === null || r.b === null ? null : r.a + r.b < 3)],
  [
    'a * 2 - b / 4 between -1 and 1',
    (r) => (r.a === null || r.b === null ? null : r.a * 2 - r.b / 4 >= -1 && r.a * 2 - r.b / 4 <= 1),
  ],
  ['i > 0 or a > 1', (r) => or(r.i === null ? null : r.i > 0, r.a === null ? null : r.a > 1)],
  ['not (i < 0 and b > 2)', (r) => not(and(r.i === null ? null : r.i < 0, r.b === null ? null : r.b > 2))],
  ["s in ('Cash', 'café', '😀 emoji')", (r) => (r.s === null ? null : ['Cash', 'café', '😀 emoji'].includes(r.s))],
  ["d in ('Cash', 'café', '😀 emoji')", (r) => (r.s === null ? null : ['Cash', 'café', '😀 emoji'].includes(r.s))],
  ["s == 'naïve'", (r) => (r.s === null ? null : r.s === 'naïve')],
  ["'naïve' != d", (r) => (r.s === null ? null : r.s !== 'naïve')],
  ['length(s) <= 4', (r) => (r.s === null ? null : [...r.s].length <= 4)],
  ['length(d) <= 4', (r) => (r.s === null ? null : [...r.s].length <= 4)],
  ["upper(s) matches '^C'", (r) => (r.s === null ? null : /^C/u.test(r.s.toUpperCase()))],
  ['s is null', (r) => r.s === null],
  ['a is not null', (r) => r.a !== null],
  ["s not in ('x', '')", (r) => (r.s === null ? null : !['x', ''].includes(r.s))],
  ['abs(a) > 1', (r) => (r.a === null ? null : Math.abs(r.a) > 1)],
];

function and(x: boolean | null, y: boolean | null): boolean | null {
  if (x === false || y === false) return false;
  return x === null || y === null ? null : true;
}
function or(x: boolean | null, y: boolean | null): boolean | null {
  if (x === true || y === true) return true;
  return x === null || y === null ? null : false;
}
function not(x: boolean | null): boolean | null {
  return x === null ? null : !x;
}

describe('compiled row kernels', () => {
  const data = [batch(3000, 1), batch(1234, 2)];
  for (const [expression, reference] of cases) {
    it(expression, () => {
      const set = parseChecks(`- {name: c, row: ${JSON.stringify(expression)}}`);
      const acc = new CheckAccumulator(checkPlan(set));
      let evaluated = 0;
      let failing = 0;
      const firstFailing: number[] = [];
      data.forEach(({ rb, rows }, k) => {
        acc.add(rb, { file: `f${k}`, firstRow: 1 });
        rows.forEach((row, r) => {
          const v = reference(row);
          if (v !== null) evaluated++;
          if (v === false) {
            failing++;
            if (firstFailing.length < 5) firstFailing.push(r + 1);
          }
        });
      });
      const m = acc.finish().row[0]!;
      expect([m.evaluated, m.failing]).toEqual([evaluated, failing]);
      expect(m.examples.map((e) => e.row)).toEqual(firstFailing);
    });
  }
});
