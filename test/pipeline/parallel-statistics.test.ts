import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeStatistics } from '../../src/pipeline/parallel-statistics.js';
import { diffMessages } from '../stats/helpers/compare-messages.js';

const taxi = (name: string) => join(resolve(import.meta.dirname, '../..'), 'datasets/chicago_taxi', name);

describe('computeStatistics', () => {
  // One run with two worker threads: under vitest each worker compiles the TypeScript sources
  // first (several seconds); built JavaScript starts in milliseconds.
  it('gives the same statistics with two worker threads as in one thread', async () => {
    const inputs = [taxi('train.csv'), taxi('eval.csv')];
    const options = { stats: { sliceBy: ['payment_type'] } };
    const one = (await computeStatistics(inputs, { ...options, jobs: 1 })).finish();
    let progressed = 0;
    const two = (
      await computeStatistics(inputs, {
        ...options,
        jobs: 2,
        onProgress: (p) => {
          progressed = p.rows;
        },
      })
    ).finish();
    expect(one.datasets![0]!.numExamples).toBe(15000);
    expect(progressed).toBe(15000);
    expect(diffMessages(one, two, 1e-9)).toEqual([]);
  });
});
