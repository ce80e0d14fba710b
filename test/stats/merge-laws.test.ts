import { describe, expect, it } from 'vitest';
import { FrequencyCounter } from '../../src/stats/frequency-counter.js';
import { HyperLogLog, mixHash } from '../../src/stats/hyperloglog.js';
import { QuantileSketch, quantileBoundaries } from '../../src/stats/quantile-sketch.js';
import { StatisticsAccumulator } from '../../src/stats/statistics-accumulator.js';
import type { StatisticsOptions } from '../../src/stats/statistics-options.js';
import { rng } from '../helpers/rng.js';
import { mixedBatch } from './helpers/random-batches.js';
import { expectMergeable } from './merge-law.js';

const numberChunks = (seed: number, chunks: number, size: number, weighted: boolean) => {
  const r = rng(seed);
  return Array.from({ length: chunks }, () =>
    Array.from({ length: size }, () => [Math.round(r() * 500) / 7, weighted ? 0.5 + Math.floor(r() * 4) : 1] as const),
  );
};

describe('merge laws', () => {
  for (const weighted of [false, true]) {
    it(`QuantileSketch (${weighted ? 'weighted' : 'unweighted'})`, () => {
      expectMergeable(
        {
          init: () => new QuantileSketch(0.01),
          add: (s, chunk: readonly (readonly [number, number])[]) => {
            for (const [v, w] of chunk) s.add(v, w);
            return s;
          },
          merge: (a, b) => a.merge(b),
          finish: (s) => {
            const b = quantileBoundaries(s.summary(), 10);
            return { values: [...b.values], weights: [...b.cumulativeWeights] };
          },
          roundTrip: (s) => QuantileSketch.fromState(JSON.parse(JSON.stringify(s.toState()))),
        },
        numberChunks(3, 6, 400, weighted),
      );
    });
  }

  it('HyperLogLog', () => {
    expectMergeable(
      {
        init: () => new HyperLogLog(),
        add: (h, chunk: number[]) => {
          for (const x of chunk) h.add(mixHash(x));
          return h;
        },
        merge: (a, b) => a.merge(b),
        finish: (h) => h.estimate(),
        roundTrip: (h) => new HyperLogLog(Uint8Array.from(h.registers)),
      },
      Array.from({ length: 5 }, (_, c) => Array.from({ length: 3000 }, (_, i) => c * 1000 + i)),
    );
  });

  it('FrequencyCounter (exact range)', () => {
    const enc = new TextEncoder();
    expectMergeable(
      {
        init: () => new FrequencyCounter(1024),
        add: (c, chunk: string[]) => {
          for (const s of chunk) {
            const b = enc.encode(s);
            c.add(b, 0, b.length, 1, 2);
          }
          return c;
        },
        merge: (a, b) => a.merge(b),
        finish: (c) => ({
          distinct: c.distinct(),
          entries: c
            .entries()
            .map((e) => [new TextDecoder().decode(e.bytes), e.count, e.weightedCount] as const)
            .sort((x, y) => (x[0] < y[0] ? -1 : 1)),
        }),
        roundTrip: (c) => FrequencyCounter.fromState(JSON.parse(JSON.stringify(c.toState()))),
      },
      Array.from({ length: 6 }, (_, k) => Array.from({ length: 500 }, (_, i) => `v${(i * (k + 3)) % 300}`)),
    );
  });

  const variants: [string, StatisticsOptions][] = [
    ['unsliced, unweighted', {}],
    ['unsliced, weighted', { weightFeature: 'w' }],
    ['sliced, unweighted', { sliceBy: ['cat'] }],
    ['sliced, weighted', { sliceBy: ['cat'], weightFeature: 'w' }],
  ];
  for (const [label, options] of variants) {
    it(`StatisticsAccumulator over every generator (${label})`, () => {
      const batches = Array.from({ length: 6 }, (_, k) => mixedBatch(100 + k, 150));
      const out = expectMergeable(
        {
          init: () => new StatisticsAccumulator(options),
          add: (acc, batch) => acc.add(batch),
          merge: (a, b) => a.merge(b),
          finish: (acc) => acc.finish(),
          roundTrip: (acc) => StatisticsAccumulator.deserialize(acc.serialize()),
        },
        batches,
      );
      const names = out.datasets!.map((d) => d.name);
      // TFDV names datasets only when slicing is on.
      expect(names[0]).toBe(options.sliceBy ? 'All Examples' : undefined);
      if (options.sliceBy) expect(names.slice(1)).toEqual(['cat_a', 'cat_b', 'cat_c']);
      const paths = out.datasets![0]!.features!.map((f) => f.path!.step!.join('.'));
      expect(paths).toEqual(['f', 'i', 's', 'd', 'l', 'll', 'st', 'st.x', 'st.y', 'cat', 'w']);
    });
  }
});
