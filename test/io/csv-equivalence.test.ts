import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDataset, type ReadOptions } from '../../src/index.js';
import { rng } from '../helpers/rng.js';

/**
 * The CSV reader against a reference built from what was written: generated files (several
 * 1 MiB chunks, so records straddle chunk ends) whose every cell's text is known, with late
 * promotions, quoted fields holding delimiters, quotes and line breaks, a record longer than
 * 64 KiB, CRLF / CR line ends, a BOM, blank lines, null tokens, nan / inf spellings, long and
 * out-of-int64 integers and ragged rows. Expected column types follow TFDV's rule applied with
 * regular expressions here (independently of `src/io/csv-value.ts`); values follow from the
 * types. Each file is read with inferred types and again with those types given as
 * `columnTypes` (no type scan), and both must give the reference.
 */

type Kind = 'int' | 'float' | 'string' | 'null';

/** Python's `int()` / `float()` acceptance, as TFDV's CSV decoder uses them. */
function classify(text: string): Exclude<Kind, 'null'> {
  const t = text.trim();
  if (/^[+-]?\d+$/.test(t)) {
    const v = BigInt(t);
    return v >= -(2n ** 63n) && v < 2n ** 63n ? 'int' : 'string';
  }
  if (/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(t) || /^[+-]?(?:nan|inf|infinity)$/i.test(t)) return 'float';
  return 'string';
}

function floatOf(text: string): number {
  const t = text.trim().toLowerCase();
  const sign = t.startsWith('-') ? -1 : 1;
  const unsigned = t.replace(/^[+-]/, '');
  if (unsigned === 'nan') return Number.NaN;
  if (unsigned === 'inf' || unsigned === 'infinity') return sign * Number.POSITIVE_INFINITY;
  return Number(t);
}

const WIDER: Record<Kind, number> = { null: 0, int: 1, float: 2, string: 3 };

interface Dialect {
  delimiter: string;
  quote: string;
  eol: string;
  bom: boolean;
  nullValues: string[];
  ragged: boolean;
}

type Column = (row: number, rows: number, rnd: () => number) => string;

const pick = <T>(rnd: () => number, items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;

const columns: Record<string, Column> = {
  int: (_, __, rnd) => String(Math.floor((rnd() - 0.3) * 10 ** Math.floor(rnd() * 9))),
  wideInt: (_, __, rnd) => String(Math.floor(rnd() * 10 ** (10 + Math.floor(rnd() * 6)))),
  decimal: (_, __, rnd) =>
    rnd() < 0.02 ? '' : ((rnd() - 0.5) * 10 ** Math.floor(rnd() * 6)).toFixed(Math.floor(rnd() * 7)),
  spelled: (_, __, rnd) =>
    pick(rnd, ['nan', 'NaN', '-inf', 'Infinity', '1e5', '-2.5E-3', ' 1.5 ', '+3.25', '.5', '5.', '-0', '007', '12']),
  lateFloat: (row, rows) => (row === rows - 3 ? '2.5' : String(row % 1000)),
  lateString: (row, rows) => (row === rows - 2 ? '1.2.3' : String(row % 97)),
  outOfInt64: (row, rows) => (row === Math.floor(rows / 2) ? '9223372036854775808' : '-9223372036854775808'),
  nullable: (row, _, rnd) => (row % 7 === 0 ? pick(rnd, ['', 'NA']) : String(row)),
  empty: () => '',
  text: (row, _, rnd) =>
    row % 5000 === 4999
      ? `long ${'x,"y"\n'.repeat(14_000)}end` // a record over 64 KiB, with quotes and line breaks
      : pick(rnd, ['plain', 'with, comma', 'say "hi"', 'two\nlines', 'crlf\r\ninside', 'é ü ∂', ' spaced ', '12', '']),
};

function quoteCell(value: string, d: Dialect, rnd: () => number): string {
  const special =
    value.includes(d.delimiter) ||
    value.includes(d.quote) ||
    value.includes('\n') ||
    value.includes('\r') ||
    value === '';
  if (!special && rnd() > 0.03) return value;
  if (value === '' && rnd() < 0.7) return '';
  return d.quote + value.split(d.quote).join(d.quote + d.quote) + d.quote;
}

interface Generated {
  path: string;
  names: string[];
  /** Cell texts of the well-formed rows, by column. */
  cells: string[][];
  skipped: number;
}

function generate(dir: string, seed: number, d: Dialect, rows: number): Generated {
  // Seeded, so a failure names a reproducible file.
  const rnd = rng(seed);
  const names = Object.keys(columns);
  const cells: string[][] = names.map(() => []);
  const lines: string[] = [names.join(d.delimiter)];
  let skipped = 0;
  for (let r = 0; r < rows; r++) {
    const values = names.map((name) => columns[name]!(r, rows, rnd));
    if (d.ragged && r % 997 === 500) {
      // A ragged row: too many fields, one of them a string in an int column.
      lines.push([...values.map((v) => quoteCell(v, d, rnd)), 'extra'].join(d.delimiter).replace(/^[^,;\t]*/, 'zz'));
      skipped++;
      continue;
    }
    values.forEach((v, c) => {
      cells[c]!.push(v);
    });
    lines.push(values.map((v) => quoteCell(v, d, rnd)).join(d.delimiter));
    if (r % 4001 === 17) lines.push(''); // blank line
  }
  const text = `${d.bom ? '\uFEFF' : ''}${lines.join(d.eol)}${seed % 2 ? d.eol : ''}`;
  const path = join(dir, `equivalence-${seed}.csv`);
  writeFileSync(path, text);
  return { path, names, cells, skipped };
}

/** Expected column types and values from the cell texts. */
function reference(g: Generated, nullValues: readonly string[]): { kinds: Kind[]; values: unknown[][] } {
  const isNull = (text: string) => nullValues.includes(text);
  const kinds = g.cells.map((texts) => {
    let kind: Kind = 'null';
    for (const t of texts) {
      if (isNull(t)) continue;
      const k = classify(t);
      if (WIDER[k] > WIDER[kind]) kind = k;
    }
    return kind;
  });
  const values = g.cells.map((texts, c) =>
    texts.map((t) => {
      if (isNull(t) || kinds[c] === 'null') return null;
      if (kinds[c] === 'int') return BigInt(t.trim());
      if (kinds[c] === 'float') return floatOf(t);
      return t;
    }),
  );
  return { kinds, values };
}

async function read(path: string, options: ReadOptions) {
  const dataset = await openDataset(path, options);
  const columnsRead = new Map<string, unknown[]>();
  const types = new Map<string, string>();
  for await (const batch of dataset.batches()) {
    for (const field of batch.schema.fields) {
      types.set(field.name, String(field.type));
      const list = columnsRead.get(field.name) ?? [];
      for (const v of batch.getChild(field.name)!) list.push(v);
      columnsRead.set(field.name, list);
    }
  }
  return { columns: columnsRead, types, skipped: dataset.skippedRows };
}

const ARROW: Record<Kind, string> = { null: 'Null', int: 'Int64', float: 'Float64', string: 'Utf8' };

describe('CSV reader equivalence with a reference', () => {
  const dir = mkdtempSync(join(tmpdir(), 'datavet-csv-equivalence-'));
  const dialects: Array<[number, Dialect]> = [
    [1, { delimiter: ',', quote: '"', eol: '\n', bom: false, nullValues: [''], ragged: false }],
    [2, { delimiter: ',', quote: '"', eol: '\r\n', bom: true, nullValues: ['', 'NA'], ragged: true }],
    [3, { delimiter: ';', quote: "'", eol: '\r', bom: false, nullValues: ['NA'], ragged: false }],
    [4, { delimiter: '\t', quote: '"', eol: '\n', bom: false, nullValues: ['', 'NA'], ragged: true }],
  ];

  it.each(dialects)('seed %i: inferred and schema-typed reads give the reference', async (seed, d) => {
    const g = generate(dir, seed, d, 24_000);
    const ref = reference(g, d.nullValues);
    const base: ReadOptions = {
      format: 'csv',
      delimiter: d.delimiter === '\t' ? '\\t' : d.delimiter,
      quote: d.quote,
      nullValues: d.nullValues,
      skipMalformedRows: d.ragged,
      batchSize: 5_000,
    };
    const columnTypes = Object.fromEntries(
      g.names.flatMap((name, c) =>
        ref.kinds[c] === 'null' ? [] : [[name, ref.kinds[c] as 'int' | 'float' | 'string']],
      ),
    );
    for (const options of [base, { ...base, columnTypes }]) {
      const got = await read(g.path, options);
      expect(got.skipped).toBe(g.skipped);
      g.names.forEach((name, c) => {
        expect([name, got.types.get(name)]).toEqual([name, ARROW[ref.kinds[c]!]]);
        const values = got.columns.get(name)!;
        expect(values).toHaveLength(ref.values[c]!.length);
        // Compare as text so that NaN, -0 and bigints are checked exactly, reporting the first difference.
        const show = (v: unknown) => (Object.is(v, -0) ? '-0' : String(v));
        const first = values.findIndex((v, r) => show(v) !== show(ref.values[c]![r]));
        expect([name, first, first >= 0 ? show(values[first]) : '']).toEqual([
          name,
          -1,
          first >= 0 ? show(ref.values[c]![first]) : '',
        ]);
      });
    }
  });
});
