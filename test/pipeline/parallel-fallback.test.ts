import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkPlan, parseChecks } from '../../src/checks/index.js';
import { openDataset } from '../../src/io/open-dataset.js';
import { computeStatisticsAndChecks, planStatisticsWork } from '../../src/pipeline/parallel-statistics.js';

/**
 * When threads that share one CSV file in byte ranges fail, the file is read again by one thread
 * from the start (parallel-statistics.ts). That read may succeed: a worker can fail for a reason
 * of its own (out of memory, say). Such a failure is simulated here by this thread's share of the
 * type scan throwing once; the file and everything else are real.
 */
const failure = vi.hoisted(() => ({ armed: false, thrown: 0 }));
vi.mock('../../src/pipeline/csv-share-types.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/pipeline/csv-share-types.js')>();
  return {
    ...original,
    scanPieces: (...args: Parameters<typeof original.scanPieces>) => {
      if (!failure.armed) return original.scanPieces(...args);
      failure.armed = false;
      failure.thrown++;
      return Promise.reject(new Error('simulated failure of a thread reading a range'));
    },
  };
});

afterEach(() => {
  failure.armed = false;
  failure.thrown = 0;
});

const dir = mkdtempSync(join(tmpdir(), 'datavet-fallback-'));
// 4000 rows, every 7th with a negative value: 572 rows fail `v >= 0`.
const rows = Array.from({ length: 4000 }, (_, i) => `${i},${i % 7 === 0 ? -i - 1 : i},label ${i % 5}`);
const csv = join(dir, 'values.csv');
writeFileSync(csv, `id,v,label\n${rows.join('\n')}\n`);
const checks = checkPlan(parseChecks('- {name: v_non_negative, row: "v >= 0"}\n', 'checks.yaml'));

describe('a CSV file read in ranges by several threads that fail, read again by one thread', () => {
  it('gives the statistics of one thread when that read succeeds', async () => {
    // The file is cut in two ranges: the path of the fallback.
    expect((await planStatisticsWork(await openDataset(csv), 2, {})).flat()).toHaveLength(2);
    const one = (await computeStatisticsAndChecks(csv, { jobs: 1 })).statistics.finish();
    failure.armed = true;
    const two = await computeStatisticsAndChecks(csv, { jobs: 2 });
    expect(failure.thrown).toBe(1);
    expect(two.statistics.finish()).toEqual(one);
    expect(two.checks).toBeUndefined();
  });

  it("with checks, gives their results of one thread's read under the same failure", async () => {
    // Checks keep a CSV file whole (one thread reads it); were it cut in ranges, the simulated
    // failure would take the fallback above, which must then run the checks too.
    const one = await computeStatisticsAndChecks(csv, { jobs: 1, checks });
    const measured = one.checks!.finish().row[0]!;
    expect(measured).toMatchObject({ name: 'v_non_negative', evaluated: 4000, failing: 572 });
    expect(measured.examples[0]).toMatchObject({ file: csv, row: 1 });
    failure.armed = true;
    const two = await computeStatisticsAndChecks(csv, { jobs: 2, checks });
    expect(two.checks?.finish()).toEqual(one.checks!.finish());
    expect(two.statistics.finish()).toEqual(one.statistics.finish());
  });
});
