import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError, UsageError } from '../../src/_util/errors.js';
import { loadPipelineConfig } from '../../src/pipeline/load-pipeline-config.js';
import { generateStatistics } from '../../src/stats/generate-statistics.js';
import { recordBatchFromPlainColumns } from '../../src/stats/plain-columns.js';
import { StatisticsAccumulator } from '../../src/stats/statistics-accumulator.js';
import { statisticsConfigOptions } from '../../src/stats/statistics-options.js';

/**
 * Each statistics option a config may set: a value just outside what it allows, the lowest (or an
 * inner) value it allows, and the range in words. The library and the config must give the same
 * range, so that a config is refused exactly when StatisticsGen would be.
 */
const RANGES: Record<string, { bad: readonly number[]; good: number; range: string }> = {
  numTopValues: { bad: [-1, 1.5], good: 0, range: 'an integer >= 0' },
  numRankHistogramBuckets: { bad: [-1], good: 0, range: 'an integer >= 0' },
  numHistogramBuckets: { bad: [0], good: 1, range: 'an integer >= 1' },
  numQuantilesHistogramBuckets: { bad: [0], good: 1, range: 'an integer >= 1' },
  numValuesHistogramBuckets: { bad: [1], good: 2, range: 'an integer >= 2' },
  frequencyThreshold: { bad: [-1], good: 0, range: 'a number >= 0' },
  weightedFrequencyThreshold: { bad: [-0.5], good: 0.5, range: 'a number >= 0' },
  epsilon: { bad: [0, 1], good: 0.5, range: 'a number in (0, 1)' },
  maxExactDistinct: { bad: [1], good: 2, range: 'an integer >= 2' },
  maxExactBytes: { bad: [1023], good: 1024, range: 'an integer >= 1024' },
};

const cases = Object.entries(RANGES).flatMap(([name, { bad, range }]) => bad.map((value) => ({ name, value, range })));

const dir = mkdtempSync(join(tmpdir(), 'datavet-ranges-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function configWith(statistics: Record<string, number>): string {
  const file = join(dir, 'datavet.config.json');
  const config = { splits: [{ name: 'train', inputs: ['train.csv'] }], statistics };
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  return file;
}

async function loadError(file: string): Promise<UsageError> {
  const error = await loadPipelineConfig(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UsageError);
  return error as UsageError;
}

const oneRow = () => [recordBatchFromPlainColumns([{ name: 'x', type: 'float', values: [1.5] }], 1)];

describe('the range of each statistics option', () => {
  it('is tested here for every option a config may set', () => {
    expect(Object.keys(RANGES)).toEqual(statisticsConfigOptions().map((o) => o.name));
  });

  it.each(cases)('a config with $name $value is refused, naming the file, line, key and range', async (c) => {
    const file = configWith({ [c.name]: c.value });
    const error = await loadError(file);
    expect(error.message).toBe(`invalid config: statistics.${c.name}: expected ${c.range}, got number ${c.value}`);
    const line =
      readFileSync(file, 'utf8')
        .split('\n')
        .findIndex((l) => l.includes(`"${c.name}"`)) + 1;
    expect(error.location).toEqual({ file, line, column: 5 });
    expect(error.describe()).toContain(`${file}:${line}:5: invalid config: statistics.${c.name}`);
  });

  it.each(cases)('the library refuses $name $value with the same range', async (c) => {
    await expect(generateStatistics(oneRow(), { [c.name]: c.value })).rejects.toThrow(
      new UsageError(`statistics option ${c.name} must be ${c.range}, got ${c.value}`),
    );
  });

  it.each(cases)('a partial statistics file with $name $value is refused with the same range', (c) => {
    const acc = new StatisticsAccumulator();
    for (const b of oneRow()) acc.add(b);
    const state = JSON.parse(acc.serialize()) as { options: Record<string, unknown> };
    state.options[c.name] = c.value;
    let error: unknown;
    try {
      StatisticsAccumulator.deserialize(JSON.stringify(state));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).code).toBe('STATS_PARTIAL_OPTION');
    expect((error as InputError).message).toBe(
      `partial statistics file has statistics option ${c.name} = ${c.value}, which must be ${c.range}`,
    );
  });

  it('a partial statistics file with a number saved as a string is refused, and null is the default', () => {
    const acc = new StatisticsAccumulator();
    for (const b of oneRow()) acc.add(b);
    const state = JSON.parse(acc.serialize()) as { options: Record<string, unknown> };
    state.options.numHistogramBuckets = null;
    expect(StatisticsAccumulator.deserialize(JSON.stringify(state)).options.numHistogramBuckets).toBe(10);
    state.options.numHistogramBuckets = '10';
    expect(() => StatisticsAccumulator.deserialize(JSON.stringify(state))).toThrow(
      'partial statistics file has statistics option numHistogramBuckets = "10", which must be an integer >= 1',
    );
  });

  it('accepts the values at the edge in both', async () => {
    const edge = Object.fromEntries(Object.entries(RANGES).map(([name, { good }]) => [name, good]));
    const config = await loadPipelineConfig(configWith(edge));
    expect(config.statistics).toEqual(edge);
    const stats = await generateStatistics(oneRow(), config.statistics);
    expect(stats.datasets?.[0]?.numExamples).toBe(1);
  });

  it('refuses non-finite and non-numbers in the library, as a config cannot hold them', async () => {
    await expect(generateStatistics(oneRow(), { epsilon: Number.NaN })).rejects.toThrow(
      'statistics option epsilon must be a number in (0, 1), got NaN',
    );
    await expect(generateStatistics(oneRow(), { frequencyThreshold: Number.POSITIVE_INFINITY })).rejects.toThrow(
      'statistics option frequencyThreshold must be a number >= 0, got Infinity',
    );
    const notANumber = { maxExactBytes: '2048' } as unknown as { maxExactBytes: number };
    await expect(generateStatistics(oneRow(), notANumber)).rejects.toThrow(
      'statistics option maxExactBytes must be an integer >= 1024, got string "2048"',
    );
  });
});
