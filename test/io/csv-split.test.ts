import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { InputError } from '../../src/_util/errors.js';
import { scanCsvFileTypes, widerCsvTypes } from '../../src/io/csv-reader.js';
import { csvRecordStarts } from '../../src/io/csv-split.js';
import { openDataset } from '../../src/io/open-dataset.js';
import type { ReadOptions } from '../../src/io/read-options.js';
import { computeStatistics, planStatisticsWork } from '../../src/pipeline/parallel-statistics.js';
import { columnValues, readAll, typesOf } from './helpers.js';

/**
 * One CSV file read by several threads in byte ranges cut at record starts (csv-split.ts): every
 * cut must be a real record start (quoted line feeds, doubled quotes, literal quotes inside
 * unquoted fields, CRLF), and the ranges read with the merged types must give the rows and types
 * of one read of the whole file.
 */

const dir = mkdtempSync(join(tmpdir(), 'datavet-csv-split-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const Q = 34;
const C = 44;

/** Every cell of every column, in order, as text (nulls as null). */
async function cells(path: string, options: ReadOptions = {}): Promise<Record<string, unknown[]>> {
  const { batches, schema } = await readAll(path, options);
  return Object.fromEntries(
    schema.fields.map((f) => [f.name, columnValues(batches, f.name).map((v) => (v === null ? null : String(v)))]),
  );
}

/** Reads `path` cut before each of `starts` (with the merged types), concatenated. */
async function cellsInRanges(path: string, starts: readonly number[]) {
  const size = statSync(path).size;
  const bounds = [0, ...starts, size];
  const ranges = bounds.slice(0, -1).map((start, k) => ({ start, end: bounds[k + 1]! }));
  let types: number[] | undefined;
  for (const r of ranges) {
    const found = await scanCsvFileTypes(path, { csvRange: r });
    types = types ? widerCsvTypes(types, found) : found;
  }
  const out: Record<string, unknown[]> = {};
  let schemaTypes: Record<string, string> | undefined;
  for (const r of ranges) {
    const { batches, schema } = await readAll(path, { csvRange: { ...r, types: types! } });
    schemaTypes ??= typesOf(schema);
    expect(typesOf(schema)).toEqual(schemaTypes);
    for (const f of schema.fields) {
      out[f.name] = [
        ...(out[f.name] ?? []),
        ...columnValues(batches, f.name).map((v) => (v === null ? null : String(v))),
      ];
    }
  }
  return { cells: out, types: schemaTypes! };
}

const tricky =
  'id,text,x,note\r\n' +
  '1,"a\nquoted\r\nline feed",1,plain\r\n' +
  '2,"say ""hi""\n, twice",2.5,5\'3" tall\r\n' +
  '3,,3,"""\n"""\r\n' +
  '4,"",,\r\n' +
  '\r\n' +
  '5,"x,y",7,"\n"\r\n' +
  '6,last,8,"end"';

describe('csvRecordStarts: cuts only at real record starts', () => {
  const path = file('tricky.csv', tricky);
  const size = Buffer.byteLength(tricky);
  const recordStarts = (() => {
    // The record starts of `tricky`, by hand: after each record's CRLF.
    const starts: number[] = [];
    let at = 0;
    for (const line of tricky.split(/(?<=\r\n)(?=\d|\r\n)/)) {
      at += Buffer.byteLength(line);
      if (at < size) starts.push(at);
    }
    return starts;
  })();

  it('every guess maps to the first record start at or after it', async () => {
    for (let g = 1; g < size; g++) {
      const starts = await csvRecordStarts(path, 0, size, [g], C, Q);
      const want = recordStarts.find((s) => s >= g);
      expect(starts, `guess ${g}`).toEqual(want === undefined ? [] : [want]);
    }
  });

  it('several guesses inside one record give one cut; a header-only file gives none', async () => {
    const first = recordStarts[1]!; // after record 1 (a quoted field with line feeds)
    expect(await csvRecordStarts(path, 0, size, [recordStarts[0]! + 1, recordStarts[0]! + 3], C, Q)).toEqual([first]);
    const header = file('header-only.csv', 'a,b,c\n');
    expect(await csvRecordStarts(header, 0, 6, [3], C, Q)).toEqual([]);
  });

  it('an unterminated quote or text after a closing quote: no cut (the reader reports it)', async () => {
    const open = file('open.csv', 'a,b\n1,"never closed\n2,3\n4,5\n');
    expect(await csvRecordStarts(open, 0, statSync(open).size, [12], C, Q)).toBeUndefined();
    const after = file('after.csv', 'a,b\n1,"x"y\n2,3\n4,5\n6,7\n');
    expect(await csvRecordStarts(after, 0, statSync(after).size, [14], C, Q)).toBeUndefined();
  });

  it('a cut far into a file scans across chunks (4 MiB) and long quoted fields', async () => {
    const long = `"${'x\n'.repeat(3 << 20)}"`; // 6 MiB quoted field full of line feeds
    const text = `a,b\n1,${long}\n2,z\n`;
    const big = file('long-quoted.csv', text);
    const size = Buffer.byteLength(text);
    const after = Buffer.byteLength(`a,b\n1,${long}\n`);
    expect(await csvRecordStarts(big, 0, size, [100, 5 << 20], C, Q)).toEqual([after]);
  });
});

describe('ranges read with the merged types give the rows of one read', () => {
  it('every cut of the tricky file (quoted line feeds, escaped quotes, CRLF, blank line, no final newline)', async () => {
    const path = file('tricky2.csv', tricky);
    const size = statSync(path).size;
    const whole = await cells(path);
    const { schema } = await readAll(path);
    for (let g = 1; g < size; g += 3) {
      const starts = (await csvRecordStarts(path, 0, size, [g], C, Q))!;
      const split = await cellsInRanges(path, starts);
      expect(split.cells, `cut at ${starts}`).toEqual(whole);
      expect(split.types).toEqual(typesOf(schema));
    }
  });

  it('types widen across ranges: int in one range, float in the other, a column empty in one', async () => {
    const text = `a,b,c\n${'1,,x\n'.repeat(50)}${'2.5,7,y\n'.repeat(50)}`;
    const path = file('widen.csv', text);
    const starts = (await csvRecordStarts(path, 0, text.length, [text.length / 2], C, Q))!;
    expect(starts).toHaveLength(1);
    const split = await cellsInRanges(path, starts);
    expect(split.types).toEqual({ a: 'Float64', b: 'Int64', c: 'Utf8' });
    expect(split.cells).toEqual(await cells(path));
  });
});

describe('computeStatistics splits one CSV file between threads', () => {
  const rows = Array.from(
    { length: 4000 },
    (_, i) => `${i},"line ${i % 7}${i % 5 === 0 ? '\nwrapped' : ''}",${i % 3 === 0 ? '' : (i * 0.25).toFixed(2)}`,
  );
  const path = file('stats.csv', `id,label,v\n${rows.join('\r\n')}\r\n`);

  it('--jobs 2 cuts it in two ranges at a record start', async () => {
    const dataset = await openDataset(path);
    const plan = await planStatisticsWork(dataset, 2, {});
    expect(plan).toHaveLength(2);
    const cut = plan[1]![0]!.csvRange!.start;
    expect(plan[0]![0]!.csvRange).toEqual({ start: 0, end: cut });
    // Shards (no dialect given) keep the file whole.
    expect((await planStatisticsWork(dataset, 2)).flat()).toHaveLength(1);
  });

  it('--jobs 2 gives the counts, types, ranges and string statistics of --jobs 1', async () => {
    const one = (await computeStatistics(path, { jobs: 1 })).finish().datasets![0]!;
    const two = (await computeStatistics(path, { jobs: 2 })).finish().datasets![0]!;
    expect(two.numExamples).toEqual(one.numExamples);
    const summary = (d: typeof one) =>
      d.features!.map((f) => ({
        name: f.path?.step,
        type: f.type,
        nonMissing: (f.numStats ?? f.stringStats)?.commonStats?.numNonMissing,
        min: f.numStats?.min,
        max: f.numStats?.max,
        unique: f.stringStats?.unique,
        top: f.stringStats?.topValues,
      }));
    expect(summary(two)).toEqual(summary(one));
  });

  it('the cuts between ranges are those a boundary scan for them alone finds (the type scan is cut finer)', async () => {
    for (const [name, text] of [
      ['tricky3.csv', `${tricky}\n${'7,a,1,b\n'.repeat(40)}`],
      ['stats-again.csv', `id,label,v\n${rows.join('\r\n')}\r\n`],
    ] as const) {
      const path = file(name, text);
      const size = statSync(path).size;
      const dataset = await openDataset(path);
      for (const jobs of [2, 3, 4]) {
        const points = Array.from({ length: jobs - 1 }, (_, k) => Math.floor((size * (k + 1)) / jobs));
        const alone = (await csvRecordStarts(path, 0, size, points, C, Q))!;
        const plan = (await planStatisticsWork(dataset, jobs, {})).flat();
        expect(
          plan.slice(1).map((u) => u.csvRange!.start),
          `${name}, ${jobs} jobs`,
        ).toEqual(alone);
      }
    }
  });

  it('a type decided by one row late in the file (a piece of the type scan) is the type of every range', async () => {
    const lines = Array.from({ length: 6000 }, (_, i) => `${i === 5900 ? '0.5' : i},${i === 3 ? 'word' : i % 10}`);
    const late = file('late-type.csv', `n,m\n${lines.join('\n')}\n`);
    const types = (d: { features?: { path?: { step?: string[] }; type?: unknown }[] }) =>
      d.features!.map((f) => [f.path?.step, f.type]);
    const one = (await computeStatistics(late, { jobs: 1 })).finish().datasets![0]!;
    const two = (await computeStatistics(late, { jobs: 2 })).finish().datasets![0]!;
    expect(types(one)).toEqual([
      [['n'], 'FLOAT'],
      [['m'], 'STRING'],
    ]);
    expect(types(two)).toEqual(types(one));
    expect(two.features![0]!.numStats?.commonStats?.numNonMissing).toBe(6000);
  });

  it('an error in the second range is reported as by one thread (its line number)', async () => {
    const bad = file('ragged-late.csv', `a,b\n${'1,2\n'.repeat(3000)}3,4,5\n${'1,2\n'.repeat(10)}`);
    const failure = (jobs: number) =>
      computeStatistics(bad, { jobs }).then(
        () => undefined,
        (e: InputError) => ({ message: e.message, location: e.location }),
      );
    const one = await failure(1);
    expect(one?.message).toMatch(/data row 3001/);
    expect(one?.location?.line).toBe(3002);
    expect(await failure(2)).toEqual(one);
  });

  it('more threads than records: ranges never split a record (one range per record at most)', async () => {
    const small = file('two-records.csv', `a,b\n1,"${'long '.repeat(50)}"\n2,"x\ny"\n`);
    const plan = (await planStatisticsWork(await openDataset(small), 8, {})).flat();
    expect(plan.length).toBeLessThanOrEqual(2);
    const two = (await computeStatistics(small, { jobs: 8 })).finish().datasets![0]!;
    expect(two.numExamples).toBe(2);
  });

  it('several CSV files split between threads share the types of the whole input', async () => {
    const ints = file('types-a.csv', `x,y\n${'1,a\n'.repeat(100)}`);
    const floats = file('types-b.csv', `x,y\n${'2.5,b\n'.repeat(100)}`);
    const one = (await computeStatistics([ints, floats], { jobs: 1 })).finish().datasets![0]!;
    const two = (await computeStatistics([ints, floats], { jobs: 2 })).finish().datasets![0]!;
    const typeOf = (d: typeof one) => d.features!.map((f) => [f.path?.step, f.type]);
    expect(typeOf(one)).toEqual([
      [['x'], 'FLOAT'],
      [['y'], 'STRING'],
    ]);
    expect(typeOf(two)).toEqual(typeOf(one));
    expect(two.features![0]!.numStats?.commonStats?.numNonMissing).toEqual(
      one.features![0]!.numStats?.commonStats?.numNonMissing,
    );
  });

  it('a stream (FIFO) is not split: it is read by one thread', async () => {
    const fifo = join(dir, 'stream.csv');
    spawnSync('mkfifo', [fifo]);
    const text = `a,b\n${'1,x\n'.repeat(2000)}`;
    const writer = spawn('sh', ['-c', `cat > "${fifo}"`]);
    writer.stdin.end(text);
    const dataset = await openDataset(fifo);
    expect((await planStatisticsWork(dataset, 2, {})).flat()).toHaveLength(1);
    // And the statistics of a stream with --jobs 2 are those of the same bytes from a file.
    const again = spawn('sh', ['-c', `cat > "${fifo}"`]);
    again.stdin.end(text);
    const fromFifo = (await computeStatistics(fifo, { jobs: 2 })).finish().datasets![0]!;
    const fromFile = (await computeStatistics(file('stream-copy.csv', text), { jobs: 1 })).finish().datasets![0]!;
    expect(fromFifo.numExamples).toBe(2000);
    expect(fromFifo.features).toEqual(fromFile.features);
  });
});
