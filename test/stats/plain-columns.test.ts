import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/_util/errors.js';
import { plainValueFits, recordBatchFromPlainColumns } from '../../src/stats/plain-columns.js';
import { createStatisticsAccumulator } from '../../src/stats/statistics-accumulator.js';
import type { CommonStatistics, FeatureNameStatistics } from '../../src/tfmd/types.js';

const typeOf = (batch: ReturnType<typeof recordBatchFromPlainColumns>, name: string) =>
  String(batch.schema.fields.find((f) => f.name === name)?.type);

const js = (v: unknown): unknown => {
  if (v === null) return null;
  if (typeof v === 'object' && v !== null && Symbol.iterator in v && !(v instanceof Uint8Array))
    return [...(v as Iterable<unknown>)].map(js);
  if (v instanceof Uint8Array) return Buffer.from(v).toString();
  return v;
};

describe('recordBatchFromPlainColumns', () => {
  it('builds scalar columns as Int64/Float64/Utf8 with nulls, and array columns as lists', () => {
    const batch = recordBatchFromPlainColumns(
      [
        { name: 'i', type: 'int', values: [1, null, -3, 2 ** 53 + 2, true] },
        { name: 'big', type: 'int', values: [2n ** 62n, -(2n ** 63n), null, 0, -1] },
        { name: 'f', type: 'float', values: [1.5, null, Number.NaN, 2, undefined] },
        { name: 's', type: 'string', values: ['a', 'é', null, '', 'b'] },
        { name: 'b', type: 'bytes', values: [new Uint8Array([104, 105]), 'yo', null, null, null] },
        { name: 'l', type: 'int', values: [[1, 2], [], null, 3, [4]] },
      ],
      5,
    );
    expect(batch.numRows).toBe(5);
    expect([typeOf(batch, 'i'), typeOf(batch, 'f'), typeOf(batch, 's'), typeOf(batch, 'b')]).toEqual([
      'Int64',
      'Float64',
      'Utf8',
      'Binary',
    ]);
    expect(typeOf(batch, 'l')).toBe('List<Int64>');
    expect(js([...batch.getChild('i')!])).toEqual([1n, null, -3n, 2n ** 53n + 2n, 1n]);
    expect(js([...batch.getChild('big')!])).toEqual([2n ** 62n, -(2n ** 63n), null, 0n, -1n]);
    expect(js([...batch.getChild('f')!])).toEqual([1.5, null, Number.NaN, 2, null]);
    expect(js([...batch.getChild('s')!])).toEqual(['a', 'é', null, '', 'b']);
    expect(js([...batch.getChild('b')!])).toEqual(['hi', 'yo', null, null, null]);
    // A scalar in an array column is a one-value list; [] is present with no values; null is missing.
    expect(js([...batch.getChild('l')!])).toEqual([[1n, 2n], [], null, [3n], [4n]]);
  });

  it('infers types (int < float; booleans are ints) and makes valueless columns Null', () => {
    const batch = recordBatchFromPlainColumns(
      [
        { name: 'n', values: [1, 2.5, null] },
        { name: 'k', values: [true, 7, null] },
        { name: 's', values: ['x', null, ['y', 'z']] },
        { name: 'none', values: [null, null, undefined] },
        { name: 'empty', values: [[], null, []] },
      ],
      3,
    );
    expect(Object.fromEntries(batch.schema.fields.map((f) => [f.name, String(f.type)]))).toEqual({
      n: 'Float64',
      k: 'Int64',
      s: 'List<Utf8>',
      none: 'Null',
      empty: 'List<Null>',
    });
    expect(js([...batch.getChild('empty')!])).toEqual([[], null, []]);
  });

  it('rejects values that do not fit, naming the feature and row', () => {
    const cases: [unknown[], 'int' | 'float' | 'string' | undefined][] = [
      [[1, 'x'], undefined],
      [[1, 1.5], 'int'],
      [[2 ** 63], 'int'],
      [['3'], 'float'],
      [[3], 'string'],
      [[[[1]]], 'int'],
      [[{ a: 1 }], undefined],
    ];
    for (const [values, type] of cases) {
      const call = () => recordBatchFromPlainColumns([{ name: 'x', values, ...(type ? { type } : {}) }], values.length);
      expect(call, JSON.stringify(values)).toThrow(InputError);
      try {
        call();
      } catch (error) {
        expect((error as InputError).code).toBe('STATS_VALUE_TYPE');
        expect((error as InputError).location?.feature).toBe('x');
      }
    }
    expect(() => recordBatchFromPlainColumns([{ name: 'x', values: [1] }], 2)).toThrow(/1 values for 2 rows/);
    expect(plainValueFits(null, 'int')).toBe(true);
    expect(plainValueFits([1, 2n, false], 'int')).toBe(true);
    expect(plainValueFits([1, '2'], 'int')).toBe(false);
    expect(plainValueFits(Number.POSITIVE_INFINITY, 'float')).toBe(true);
    expect(plainValueFits(new Uint8Array(1), 'bytes')).toBe(true);
    expect(plainValueFits(new Uint8Array(1), 'string')).toBe(false);
  });
});

describe('StatisticsAccumulator.addPlainColumns', () => {
  const common = (f: FeatureNameStatistics | undefined): CommonStatistics =>
    (f?.numStats ?? f?.stringStats)?.commonStats ?? {};

  it('counts presence as TFDV: null is missing, [] is present with 0 values; features may appear late', () => {
    const acc = createStatisticsAccumulator();
    acc.addPlainColumns([{ name: 'a', type: 'float', values: [1, null, [2, 3]] }], 3);
    acc.addPlainColumns(
      [
        { name: 'a', type: 'float', values: [[], 4] },
        { name: 'late', type: 'string', values: ['x', 'x'] },
      ],
      2,
    );
    const stats = acc.finish().datasets![0]!;
    expect(stats.numExamples).toBe(5);
    const byName = new Map(stats.features!.map((f) => [f.path?.step?.[0], f]));
    const a = byName.get('a')!;
    expect(common(a)).toMatchObject({ numNonMissing: 4, numMissing: 1, maxNumValues: 2, totNumValues: 4 });
    expect(common(a).minNumValues ?? 0).toBe(0);
    expect([a.numStats?.min, a.numStats?.max, a.numStats?.mean]).toEqual([1, 4, 2.5]);
    const late = byName.get('late')!;
    expect(common(late)).toMatchObject({ numNonMissing: 2, numMissing: 3 });
    expect(late.stringStats?.topValues?.[0]).toMatchObject({ value: 'x', frequency: 2 });
  });
});
