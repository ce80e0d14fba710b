import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDataset } from '../../src/io/open-dataset.js';
import { columnPasses } from '../../src/pipeline/accumulate-units.js';
import {
  computeStatistics,
  defaultStatisticsJobs,
  planStatisticsWork,
} from '../../src/pipeline/parallel-statistics.js';
import { diffMessages } from '../stats/helpers/compare-messages.js';

const taxi = (name: string) => join(resolve(import.meta.dirname, '../..'), 'datasets/chicago_taxi', name);
/** train.csv as Parquet in row groups of 4096, 4096 and 1808 rows (test/fixtures/io/README.md). */
const taxiParquet = resolve(import.meta.dirname, '../fixtures/io/taxi-row-groups.parquet');

describe('computeStatistics', () => {
  // Each run with two worker threads: under vitest each worker compiles the TypeScript sources
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

  it('splits one Parquet file by row groups, in order and about evenly, only when asked for workers', async () => {
    const dataset = await openDataset(taxiParquet);
    const two = await planStatisticsWork(dataset, 2);
    expect(two.map((g) => g.map((u) => u.rowGroups))).toEqual([[{ start: 0, end: 1 }], [{ start: 1, end: 3 }]]);
    const three = await planStatisticsWork(dataset, 3);
    expect(three.map((g) => g.map((u) => u.rowGroups))).toEqual([
      [{ start: 0, end: 1 }],
      [{ start: 1, end: 2 }],
      [{ start: 2, end: 3 }],
    ]);
    expect(await planStatisticsWork(dataset, 1)).toEqual([[{ file: taxiParquet, bytes: dataset.totalBytes }]]);
    // Several files, at least one per worker: whole files, in input order.
    const csv = await openDataset([taxi('train.csv'), taxi('eval.csv'), taxi('serving.csv')]);
    const files = await planStatisticsWork(csv, 2);
    expect(files.flat().map((u) => u.file)).toEqual([taxi('train.csv'), taxi('eval.csv'), taxi('serving.csv')]);
    expect(files.flat().every((u) => u.rowGroups === undefined)).toBe(true);
  });

  it("gives one thread's statistics when two threads share a Parquet file's columns (2 jobs)", async () => {
    const one = (await computeStatistics(taxiParquet, { jobs: 1 })).finish();
    let progressed = 0;
    const two = (
      await computeStatistics(taxiParquet, {
        jobs: 2,
        onProgress: (p) => {
          progressed = p.rows;
        },
      })
    ).finish();
    expect(one.datasets![0]!.numExamples).toBe(10000);
    expect(progressed).toBe(10000);
    // Every column summarised over the same batches by one thread, in the file's order: identical.
    expect(two).toEqual(one);
  });

  it('seals each column as it is read when only finished statistics are wanted, with the same result', async () => {
    const one = (await computeStatistics(taxiParquet, { jobs: 1 })).finish();
    const progress: { rows: number; bytes: number; totalBytes: number }[] = [];
    const sealed = await computeStatistics(taxiParquet, {
      jobs: 2,
      finishedOnly: true,
      onProgress: (p) => progress.push(p),
    });
    expect(sealed.sealed).toBe(true);
    expect(sealed.finish()).toEqual(one);
    // Progress never goes back while the columns are read one pass each, and ends at the totals.
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i]!.rows).toBeGreaterThanOrEqual(progress[i - 1]!.rows);
      expect(progress[i]!.bytes).toBeGreaterThanOrEqual(progress[i - 1]!.bytes);
    }
    expect(progress.at(-1)).toMatchObject({ rows: 10000, bytes: progress.at(-1)!.totalBytes });
    // Its sketches are gone: it can be finished, not saved or merged.
    expect(() => sealed.toState()).toThrow(/sealed statistics cannot be saved/);
  });

  it('reads a Parquet file one column at a time in one thread too, when only finished statistics are wanted', async () => {
    const rowByRow = await computeStatistics(taxiParquet, { jobs: 1 });
    expect(rowByRow.sealed).toBe(false);
    let progressed = 0;
    const byColumn = await computeStatistics(taxiParquet, {
      jobs: 1,
      finishedOnly: true,
      onProgress: (p) => {
        progressed = p.rows;
      },
    });
    expect(byColumn.sealed).toBe(true);
    expect(progressed).toBe(10000);
    expect(byColumn.finish()).toEqual(rowByRow.finish());
  });

  it("gives one thread's statistics when a worker decodes a sliced Parquet file's row groups ahead (2 jobs)", async () => {
    // Slices need the slicing column beside every other one: no split by columns, the decode pipeline.
    const options = { stats: { sliceBy: ['payment_type'] } };
    const one = (await computeStatistics(taxiParquet, { ...options, jobs: 1 })).finish();
    const two = (await computeStatistics(taxiParquet, { ...options, jobs: 2 })).finish();
    expect(one.datasets!.length).toBeGreaterThan(2);
    expect(two).toEqual(one);
  });

  it("gives one thread's statistics when three threads share one Parquet file's row groups", async () => {
    const one = (await computeStatistics(taxiParquet, { jobs: 1 })).finish();
    let progressed = 0;
    const three = (
      await computeStatistics(taxiParquet, {
        jobs: 3,
        onProgress: (p) => {
          progressed = p.rows;
        },
      })
    ).finish();
    expect(progressed).toBe(10000);
    expect(diffMessages(one, three, 1e-9)).toEqual([]);
  });

  it('by default pipelines Parquet from 4 MB on two cores, and splits by 64 MB per thread', () => {
    const MB = 1024 * 1024;
    expect(defaultStatisticsJobs({ format: 'parquet', totalBytes: 59 * MB }, 2)).toBe(2);
    expect(defaultStatisticsJobs({ format: 'parquet', totalBytes: 59 * MB }, 1)).toBe(1);
    expect(defaultStatisticsJobs({ format: 'parquet', totalBytes: 3 * MB }, 2)).toBe(1);
    expect(defaultStatisticsJobs({ format: 'parquet', totalBytes: 300 * MB }, 8)).toBe(4);
    expect(defaultStatisticsJobs({ format: 'csv', totalBytes: 59 * MB }, 2)).toBe(1);
    expect(defaultStatisticsJobs({ format: 'csv', totalBytes: 200 * MB }, 2)).toBe(2);
  });

  it("reads a thread's columns one per pass, a wide file in at most 16 runs that cover every column once", () => {
    expect(columnPasses({ start: 3, end: 6 })).toEqual([
      { start: 3, end: 4 },
      { start: 4, end: 5 },
      { start: 5, end: 6 },
    ]);
    const wide = columnPasses({ start: 10, end: 260 });
    expect(wide.length).toBe(16);
    expect(wide[0]!.start).toBe(10);
    expect(wide.at(-1)!.end).toBe(260);
    for (let k = 1; k < wide.length; k++) expect(wide[k]!.start).toBe(wide[k - 1]!.end);
    expect(
      Math.max(...wide.map((p) => p.end - p.start)) - Math.min(...wide.map((p) => p.end - p.start)),
    ).toBeLessThanOrEqual(1);
  });
});
