import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type ExampleBatch,
  generateStatistics,
  readBatches,
  StatisticsAccumulator,
  type StatisticsGenerator,
  statisticsFromAggregates,
} from '../../src/index.js';
import type { FeatureNameStatistics } from '../../src/tfmd/types.js';
import { mixedBatch } from './helpers/random-batches.js';
import { expectMergeable } from './merge-law.js';

const datasets = resolve(import.meta.dirname, '../../datasets');
const penguins = resolve(datasets, 'palmer_penguins/penguins.csv');

/** A user generator: the ratio of two features' sums over the examples that have both. */
function ratio(numerator: string, denominator: string): StatisticsGenerator<{ num: number; den: number; n: number }> {
  return {
    name: `ratio:${numerator}/${denominator}`,
    init: () => ({ num: 0, den: 0, n: 0 }),
    add(state, examples: ExampleBatch) {
      const a = examples.numbers(numerator);
      const b = examples.numbers(denominator);
      for (let k = 0; k < examples.count; k++) {
        if (Number.isNaN(a[k]!) || Number.isNaN(b[k]!)) continue;
        state.num += a[k]!;
        state.den += b[k]!;
        state.n++;
      }
      return state;
    },
    merge: (a, b) => ({ num: a.num + b.num, den: a.den + b.den, n: a.n + b.n }),
    finish: (s) => [
      {
        path: [numerator],
        customStats: [
          { name: `ratio to ${denominator}`, num: s.den === 0 ? 0 : s.num / s.den },
          { name: `examples with ${denominator}`, num: s.n },
        ],
      },
    ],
    toState: (s) => ({ ...s }),
    fromState: (saved) => ({ ...(saved as { num: number; den: number; n: number }) }),
  };
}

const byName = (features: FeatureNameStatistics[] | undefined, name: string) =>
  features?.find((f) => f.path?.step?.join('.') === name);

async function penguinBatches() {
  const out = [];
  for await (const b of readBatches(penguins, { batchSize: 100, nullValues: ['NA'] })) out.push(b);
  return out;
}

describe('user statistics generators', () => {
  it('write custom stats through the public API, also after partial statistics and merge', async () => {
    const generators = [ratio('body_mass_g', 'flipper_length_mm')];
    const batches = await penguinBatches();
    // The expected ratio, computed here from the raw rows.
    let num = 0;
    let den = 0;
    let n = 0;
    for (const b of batches) {
      const mass = b.getChild('body_mass_g')!.toArray();
      const flipper = b.getChild('flipper_length_mm')!.toArray();
      for (let r = 0; r < b.numRows; r++) {
        if (!b.getChild('body_mass_g')!.isValid(r) || !b.getChild('flipper_length_mm')!.isValid(r)) continue;
        num += Number(mass[r]);
        den += Number(flipper[r]);
        n++;
      }
    }
    const whole = await generateStatistics(batches, { generators, sliceBy: ['species'] });
    const mass = byName(whole.datasets![0]!.features, 'body_mass_g')!;
    expect(mass.numStats?.mean).toBeGreaterThan(4000);
    expect(mass.customStats).toEqual([
      { name: 'ratio to flipper_length_mm', num: num / den },
      { name: 'examples with flipper_length_mm', num: n },
    ]);
    // Each slice runs the generator over its own examples.
    const sliceCounts = whole.datasets!.slice(1).map((d) => byName(d.features, 'body_mass_g')!.customStats![1]!.num);
    expect(sliceCounts.reduce((s, x) => s! + x!, 0)).toBe(n);

    // Partial statistics of two halves carry the generator's state; merged, they give the same.
    const half = Math.ceil(batches.length / 2);
    const parts = [batches.slice(0, half), batches.slice(half)].map((part) => {
      const acc = new StatisticsAccumulator({ generators, sliceBy: ['species'] });
      for (const b of part) acc.add(b);
      return acc.serialize();
    });
    const saved = JSON.parse(parts[0]!) as { datasets: { generators?: Record<string, unknown> }[] };
    expect(Object.keys(saved.datasets[0]!.generators!)).toEqual(['ratio:body_mass_g/flipper_length_mm']);
    const merged = StatisticsAccumulator.deserialize(parts[0]!, { generators }).merge(
      StatisticsAccumulator.deserialize(parts[1]!, { generators }),
    );
    const after = merged.finish();
    expect(byName(after.datasets![0]!.features, 'body_mass_g')!.customStats).toEqual(mass.customStats);

    // Reading them without the generator, or merging with a run without it, is a clear error.
    expect(() => StatisticsAccumulator.deserialize(parts[0]!)).toThrow(
      /carry the state of statistics generator 'ratio:body_mass_g\/flipper_length_mm'/,
    );
    expect(() => new StatisticsAccumulator({ sliceBy: ['species'] }).merge(merged)).toThrow(
      /different statistics generators/,
    );
  });

  it('obey the merge laws inside the statistics accumulator', () => {
    const generators = [ratio('f', 'i')];
    const out = expectMergeable(
      {
        init: () => new StatisticsAccumulator({ generators, sliceBy: ['cat'] }),
        add: (acc, batch) => acc.add(batch),
        merge: (a, b) => a.merge(b),
        finish: (acc) => acc.finish(),
        roundTrip: (acc) => StatisticsAccumulator.deserialize(acc.serialize(), { generators }),
      },
      Array.from({ length: 6 }, (_, k) => mixedBatch(300 + k, 120)),
    );
    expect(byName(out.datasets![0]!.features, 'f')!.customStats?.[0]?.name).toBe('ratio to i');
  });

  it('must name features of the data, and have unique names', async () => {
    const bad: StatisticsGenerator<null> = {
      name: 'bad',
      init: () => null,
      add: (s) => s,
      merge: (a) => a,
      finish: () => [{ path: ['no_such_feature'], customStats: [{ name: 'x', num: 1 }] }],
      toState: () => null,
      fromState: () => null,
    };
    await expect(generateStatistics(await penguinBatches(), { generators: [bad] })).rejects.toThrow(
      /statistics generator 'bad' wrote statistics for 'no_such_feature', which is not a feature of the data/,
    );
    expect(() => new StatisticsAccumulator({ generators: [bad, bad] })).toThrow(
      /two statistics generators are named 'bad'/,
    );
  });
});

describe('partial statistics files', () => {
  it('written before generators (format version 1, committed fixture) still read and merge', async () => {
    const text = readFileSync(
      resolve(import.meta.dirname, '../fixtures/partial-statistics/penguins-v1.partial.json'),
      'utf8',
    );
    const fresh = new StatisticsAccumulator({ sliceBy: ['species'] });
    for (const b of await penguinBatches()) fresh.add(b);
    const old = StatisticsAccumulator.deserialize(text);
    expect(old.finish()).toEqual(fresh.finish());
    // An old file and a new one merge (the sum of two runs over the same rows).
    const twice = StatisticsAccumulator.deserialize(text).merge(fresh).finish();
    expect(twice.datasets![0]!.numExamples).toBe(2 * Number(fresh.finish().datasets![0]!.numExamples));
  });
});

describe('statistics from aggregates', () => {
  it('give the statistics of the data they aggregate (as a SQL engine computes them)', async () => {
    const batches = await penguinBatches();
    const column = (name: string) => batches.flatMap((b) => Array.from(b.getChild(name)!, (v) => v));
    const numExamples = batches.reduce((s, b) => s + b.numRows, 0);
    const numeric = (name: string) => {
      const values = column(name)
        .filter((v) => v !== null)
        .map(Number);
      const mean = values.reduce((s, v) => s + v, 0) / values.length;
      const groups = new Map<number, number>();
      for (const v of values) groups.set(v, (groups.get(v) ?? 0) + 1);
      return {
        name,
        type: 'float' as const,
        present: values.length,
        numeric: {
          count: values.length,
          min: Math.min(...values),
          max: Math.max(...values),
          mean,
          variance: values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length,
          zeros: values.filter((v) => v === 0).length,
          samples: [...groups],
        },
      };
    };
    const strings = (name: string) => {
      const values = column(name).filter((v): v is string => v !== null);
      const counts = new Map<string, number>();
      for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
      return { name, type: 'string' as const, present: values.length, strings: { frequencies: [...counts] } };
    };
    const acc = statisticsFromAggregates([
      { numExamples, features: [numeric('bill_length_mm'), strings('island'), strings('sex')] },
    ]);
    // It is a partial statistics file like any other.
    const stats = StatisticsAccumulator.deserialize(acc.serialize()).finish();
    const fromData = await generateStatistics(batches, { featureAllowlist: ['bill_length_mm', 'island', 'sex'] });
    const got = stats.datasets![0]!;
    const want = fromData.datasets![0]!;
    expect(got.numExamples).toBe(want.numExamples);
    for (const name of ['island', 'sex']) expect(byName(got.features, name)).toEqual(byName(want.features, name));
    const gotNum = byName(got.features, 'bill_length_mm')!.numStats!;
    const wantNum = byName(want.features, 'bill_length_mm')!.numStats!;
    expect(gotNum.mean).toBeCloseTo(wantNum.mean!, 9);
    expect(gotNum.stdDev).toBeCloseTo(wantNum.stdDev!, 9);
    expect({ ...gotNum, mean: 0, stdDev: 0 }).toEqual({ ...wantNum, mean: 0, stdDev: 0 });
  });
});
