import { join, resolve } from 'node:path';
import { makeData, RecordBatch, Schema, Struct } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/_util/errors.js';
import { readBatches } from '../../src/index.js';
import { StatisticsAccumulator } from '../../src/stats/statistics-accumulator.js';

const taxi = join(resolve(import.meta.dirname, '../..'), 'datasets/chicago_taxi/train.csv');

async function batches(): Promise<RecordBatch[]> {
  const out: RecordBatch[] = [];
  for await (const b of readBatches(taxi, { batchSize: 1000 })) out.push(b);
  return out;
}

/** The columns [start, end) of `batch` (Arrow's own `select` keeps the other columns' data here). */
function columns(batch: RecordBatch, start: number, end?: number): RecordBatch {
  const fields = batch.schema.fields.slice(start, end);
  const children = batch.data.children.slice(start, end);
  const data = makeData({ type: new Struct(fields), length: batch.numRows, nullCount: 0, children });
  return new RecordBatch(new Schema(fields), data);
}

/** Accumulators of all of `batches`: of every column, of the columns before `cut` and of the rest. */
function wholeAndSplit(
  batches: readonly RecordBatch[],
  cut: number,
): { whole: StatisticsAccumulator; left: StatisticsAccumulator; right: StatisticsAccumulator } {
  const whole = new StatisticsAccumulator();
  const left = new StatisticsAccumulator();
  const right = new StatisticsAccumulator();
  for (const b of batches) {
    whole.add(b);
    left.add(columns(b, 0, cut));
    right.add(columns(b, cut));
  }
  return { whole, left, right };
}

describe('StatisticsAccumulator.joinColumns', () => {
  it("joins two accumulators of the same examples' column runs into one accumulator's statistics", async () => {
    const all = await batches();
    const names = all[0]!.schema.fields.map((f) => f.name);
    const { whole, left, right } = wholeAndSplit(all, 7);
    const joined = left.joinColumns(right).finish();
    expect(joined.datasets![0]!.features!.map((f) => f.path?.step?.[0])).toEqual(names);
    expect(joined).toEqual(whole.finish());
  });

  it('refuses accumulators of different examples, shared features or user generators', async () => {
    const all = await batches();
    const names = all[0]!.schema.fields.map((f) => f.name);
    const left = new StatisticsAccumulator().add(columns(all[0]!, 0, 3));
    const fewer = new StatisticsAccumulator().add(columns(all[1]!.slice(0, 10), 3));
    expect(() => left.joinColumns(fewer)).toThrow(/must count the same examples: 1000 and 10/);
    const overlapping = new StatisticsAccumulator().add(columns(all[1]!, 2));
    expect(() => left.joinColumns(overlapping)).toThrow(UsageError);
    expect(() => left.joinColumns(overlapping)).toThrow(`both have feature '${names[2]}'`);
    const sliced = new StatisticsAccumulator({ sliceBy: [names[0]!] }).add(all[0]!);
    expect(() => new StatisticsAccumulator({ sliceBy: [names[0]!] }).joinColumns(sliced)).toThrow(/same datasets/);
    const generator = {
      name: 'rows',
      init: () => 0,
      add: (n: number) => n + 1,
      merge: (a: number, b: number) => a + b,
      finish: () => [],
      toState: (n: number) => n,
      fromState: (n: unknown) => n as number,
    };
    const withGenerator = new StatisticsAccumulator({ generators: [generator] });
    expect(() => withGenerator.joinColumns(new StatisticsAccumulator({ generators: [generator] }))).toThrow(
      /user generators/,
    );
  });
});

describe('StatisticsAccumulator.finishAhead', () => {
  it('gives finish the same statistics, and is dropped by anything added after it', async () => {
    const all = await batches();
    const plain = new StatisticsAccumulator();
    const early = new StatisticsAccumulator();
    for (const b of all.slice(0, 5)) {
      plain.add(b);
      early.add(b);
    }
    early.finishAhead();
    expect(early.finish()).toEqual(plain.finish());
    // More data after finishing ahead: the early results no longer count.
    early.finishAhead();
    for (const b of all.slice(5)) {
      plain.add(b);
      early.add(b);
    }
    const whole = early.finish();
    expect(whole.datasets![0]!.numExamples).toBe(10000);
    expect(whole).toEqual(plain.finish());
  });
});

describe('StatisticsAccumulator.seal', () => {
  it('keeps the finished statistics only, joins with other sealed columns, and crosses threads as plain data', async () => {
    const all = await batches();
    const { whole, left, right } = wholeAndSplit(all, 7);
    const expected = whole.finish();
    left.seal();
    expect(left.sealed).toBe(true);
    // What a worker posts, through the structured clone a message takes.
    const crossed = StatisticsAccumulator.fromSealed(structuredClone(right.seal().sealedStatistics()), {});
    expect(left.joinColumns(crossed).finish()).toEqual(expected);
    // Finishing again gives the same statistics.
    expect(left.finish()).toEqual(expected);
  });

  it('refuses what needs the sketches: adding, merging, saving, joining with unsealed columns', async () => {
    const all = await batches();
    const sealed = new StatisticsAccumulator().add(columns(all[0]!, 0, 3)).seal();
    expect(() => sealed.add(columns(all[1]!, 0, 3))).toThrow(/sealed statistics cannot be added to/);
    expect(() => sealed.merge(new StatisticsAccumulator())).toThrow(/cannot be merged/);
    expect(() => new StatisticsAccumulator().merge(sealed)).toThrow(/cannot be merged/);
    expect(() => sealed.toState()).toThrow(UsageError);
    expect(() => sealed.joinColumns(new StatisticsAccumulator().add(columns(all[0]!, 3)))).toThrow(
      /both be sealed or neither/,
    );
    expect(() => new StatisticsAccumulator().sealedStatistics()).toThrow(/only sealed statistics/);
  });
});
