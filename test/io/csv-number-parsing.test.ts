import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { classifyCell, floatParse, parseFloatCell, T_STRING } from '../../src/io/csv-value.js';
import { columnValues, readAll } from './helpers.js';

/**
 * The CSV float parser against the reader's rule, bit for bit: a cell classifyCell calls a
 * number parses to the double `Number()` gives for its (trimmed) text, with `nan`/`inf`/`infinity`
 * in any case as Python spells them; any other cell is refused. Inputs come from a seeded
 * generator (the same cases on every run) aimed at the conversion's hard spots: 16-19 significant
 * digits, exact ties between two doubles, subnormals, the overflow edge, exponents far out of
 * range, leading and trailing zeros, more than 19 digits, and shapes that are not numbers.
 */

/** mulberry32: a small seeded generator, so that failures reproduce. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = seeded(22);
const int = (n: number) => Math.floor(random() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
const digitString = (n: number) => Array.from({ length: n }, () => String(int(10))).join('');

/** What the reader must produce for `text`: undefined when the cell is not a number. */
function expected(text: string): number | undefined {
  const bytes = Buffer.from(text, 'latin1');
  if (classifyCell(bytes, 0, bytes.length) === T_STRING) return undefined;
  const t = text.trim().toLowerCase();
  const unsigned = t.replace(/^[+-]/, '');
  if (unsigned === 'nan') return Number.NaN;
  if (unsigned === 'inf' || unsigned === 'infinity') return t.startsWith('-') ? -Infinity : Infinity;
  return Number(t);
}

const bits = new DataView(new ArrayBuffer(8));
function bitsOf(x: number): string {
  bits.setFloat64(0, x);
  return bits.getBigUint64(0).toString(16);
}

/** The double with the given 64 bits. */
function fromBits(b: bigint): number {
  bits.setBigUint64(0, b);
  return bits.getFloat64(0);
}

function parse(text: string): number | undefined {
  const bytes = Buffer.from(text, 'latin1');
  const v = parseFloatCell(bytes, 0, bytes.length);
  return floatParse.ok ? v : undefined;
}

function check(texts: readonly string[]): void {
  const wrong: string[] = [];
  for (const text of texts) {
    const want = expected(text);
    const got = parse(text);
    const same = want === undefined ? got === undefined : got !== undefined && bitsOf(got) === bitsOf(want);
    if (!same)
      wrong.push(`${JSON.stringify(text)}: got ${got} (${got === undefined ? '-' : bitsOf(got)}), want ${want}`);
  }
  expect(wrong.slice(0, 20)).toEqual([]);
}

/** Random decimal spellings: sign, leading zeros, integer and fraction digits, optional exponent. */
function randomDecimal(): string {
  const sign = pick(['', '', '-', '+']);
  const zeros = random() < 0.2 ? '0'.repeat(int(4)) : '';
  const intDigits = digitString(pick([0, 1, 2, 3, 5, 8, 15, 16, 17, 18, 19, 20, 22]));
  const frac = random() < 0.7 ? `.${digitString(pick([0, 1, 5, 10, 14, 15, 16, 17, 18, 19, 21, 25]))}` : '';
  const exp =
    random() < 0.4
      ? `${pick(['e', 'E'])}${pick(['', '+', '-'])}${pick([int(10), int(30), int(400), 300 + int(30), 99999, 0])}`
      : '';
  const body = `${zeros}${intDigits}${frac}`;
  return `${sign}${body === '' || body === '.' ? '0' : body}${exp}`;
}

/** A random finite double from random bits, written as tools write doubles. */
function randomDoubleText(): string {
  let x: number;
  do x = fromBits((BigInt(int(2 ** 32)) << 32n) | BigInt(int(2 ** 32)));
  while (!Number.isFinite(x));
  return pick([
    String(x),
    x.toPrecision(17),
    x.toPrecision(16),
    x.toExponential(16),
    x.toExponential(18),
    x.toPrecision(19),
    x.toPrecision(21),
  ]);
}

/** Doubles of everyday magnitudes (what data files hold), shortest and 17 digits. */
function everydayDoubleText(): string {
  const x = (random() - 0.3) * 10 ** int(8) * (random() < 0.1 ? 1e-6 : 1);
  return pick([String(x), x.toPrecision(17), x.toFixed(int(20))]);
}

/**
 * Values exactly halfway between two adjacent doubles that fit 19 digits: integers from 2^53 up,
 * `m * 2^k + 2^(k-1)` for a 53-bit `m`, and their neighbours one unit above and below.
 */
function tieText(): string {
  const k = 1 + int(11);
  const m = (1n << 52n) | (BigInt(int(2 ** 20)) << 32n) | BigInt(int(2 ** 32));
  const tie = (m << BigInt(k)) + (1n << BigInt(k - 1)) + BigInt(pick([0, 0, 0, -1, 1]));
  return pick([tie.toString(), `${tie}.0`, `${tie}e0`, `${tie / 10n}.${tie % 10n}e1`]);
}

const fixed = [
  // Overflow edge.
  '1.7976931348623157e308',
  '1.7976931348623158e308',
  '1.7976931348623159e308',
  '1.797693134862315807e308',
  '-1.7976931348623157e308',
  '1.8e308',
  '179769313486231570000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000',
  // Subnormals and the smallest normal.
  '2.2250738585072014e-308',
  '2.2250738585072011e-308',
  '2.2250738585072012e-308',
  '4.9406564584124654e-324',
  '5e-324',
  '2.4703282292062327e-324',
  '2.4703282292062328e-324',
  '1e-400',
  '-1e-400',
  '1e-342',
  '1e-343',
  '1e308',
  '1e309',
  '9e307',
  // Huge exponents and many digits.
  '1e99999999999',
  '1e-99999999999',
  '0e99999',
  '12345678901234567890123456789',
  '0.1234567890123456789012345',
  '1.00000000000000000000000000001',
  '9007199254740993',
  '9007199254740992.5',
  '9007199254740993.000000000000000000001',
  '18446744073709551615',
  '18446744073709551616',
  '9999999999999999999',
  '10000000000000000000',
  // Zeros, signs and short forms.
  '0',
  '-0',
  '+0',
  '-0.0',
  '-0e5',
  '0.0000',
  '000000000000000000000000001.5',
  '.5',
  '5.',
  '-.5',
  '+5.',
  '5.e3',
  '1E5',
  '1e+5',
  '1e-5',
  '0.30000000000000004',
  '0.1',
  '123456789012345678',
  '1234567890123456789e-19',
  '7.2057594037927933e16',
  '1.1920928955078125e-07',
  // Python's specials and surrounding space.
  'nan',
  '-NaN',
  'inf',
  '-Infinity',
  '+inf',
  ' 1.5 ',
  '\t-2.25e3\n',
  // Not numbers.
  '',
  ' ',
  '-',
  '+',
  '.',
  '-.',
  'e5',
  '.e5',
  '1e',
  '1e+',
  '1e-',
  '1.2.3',
  '--1',
  '+-1',
  '1-',
  '0x10',
  '1_000',
  '1d5',
  '1f',
  '1,5',
  '١',
  'infinit',
  'nana',
  '1 2',
  '1.5x',
  '1e5.5',
];

describe('CSV float parsing is exact: the double Number() gives, for every spelling', () => {
  it('edge cases: overflow, subnormals, huge exponents, many digits, zeros, signs, non-numbers', () => {
    check(fixed);
  });

  it('random decimal spellings (seeded)', () => {
    check(Array.from({ length: 40_000 }, randomDecimal));
  });

  it('random doubles written with 16 to 21 significant digits (seeded)', () => {
    check(Array.from({ length: 40_000 }, randomDoubleText));
  });

  it('everyday magnitudes, shortest and 17-digit spellings (seeded)', () => {
    check(Array.from({ length: 40_000 }, everydayDoubleText));
  });

  it('exact ties between two doubles and their neighbours round to even (seeded)', () => {
    check(Array.from({ length: 20_000 }, tieText));
  });

  it('negative zero keeps its sign', () => {
    expect(Object.is(parse('-0'), -0)).toBe(true);
    expect(Object.is(parse('-0.000e10'), -0)).toBe(true);
    expect(Object.is(parse('0.0'), 0)).toBe(true);
  });
});

describe('the CSV reader gives the same doubles through its whole path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'datavet-numbers-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a float column of random 15-21 digit spellings reads back as Number() of each cell', async () => {
    // Only numbers: an integer beyond int64 would make the column a string.
    const texts = Array.from({ length: 5_000 }, () => pick([randomDoubleText, everydayDoubleText, tieText])()).filter(
      (t) => expected(t) !== undefined,
    );
    const path = join(dir, 'floats.csv');
    writeFileSync(path, `x,k\n${texts.map((t, i) => `${t},${i}`).join('\n')}\n`);
    const { batches, schema } = await readAll(path);
    expect(String(schema.fields[0]!.type)).toBe('Float64');
    const got = columnValues(batches, 'x') as number[];
    const wrong = texts.filter((t, i) => bitsOf(got[i]!) !== bitsOf(Number(t)));
    expect(wrong.slice(0, 10)).toEqual([]);
  });
});
