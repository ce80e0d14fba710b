import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeStatistics } from '../../src/pipeline/parallel-statistics.js';
import { serializeMessage } from '../../src/tfmd/index.js';

/**
 * The statistics of every bundled dataset stay byte-identical: each data file (a TFRecord split:
 * its folder of shards) under datasets/ is read as `datavet stats FILE -o out.pb` reads it, and
 * the SHA-256 of the binary DatasetFeatureStatisticsList must equal the one recorded in
 * test/fixtures/bundled-statistics/golden.json. A failure means a change altered what users get:
 * see that folder's README for when and how to regenerate.
 */
const repo = join(import.meta.dirname, '..', '..');
const datasets = join(repo, 'datasets');
const goldenPath = join(repo, 'test', 'fixtures', 'bundled-statistics', 'golden.json');
const update = process.env.UPDATE_BUNDLED_STATISTICS === '1';

interface GoldenEntry {
  /** SHA-256 (hex) of the binary statistics, or absent when the file is refused. */
  readonly sha256?: string;
  readonly examples?: number;
  readonly features?: number;
  /** The error message when `datavet stats` refuses the input (kept so that a refusal cannot change silently). */
  readonly error?: string;
}

// `.json` files under datasets/ are JSON documents (a config, vega's cars array), not JSON Lines.
const DATA_FILE = /\.(csv|tsv|parquet|jsonl)$/i;
const TFRECORD_SHARD = /tfrecord[^/]*$/i;

/** The inputs: data files, and each folder of TFRecord shards as one input (a glob). */
function bundledInputs(dir: string): string[] {
  const out: string[] = [];
  const entries = readdirSync(dir).sort();
  const isFile = (e: string) => statSync(join(dir, e)).isFile();
  if (entries.some((e) => TFRECORD_SHARD.test(e) && isFile(e))) out.push(join(dir, '*tfrecord*'));
  for (const entry of entries) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...bundledInputs(path));
    else if (DATA_FILE.test(entry)) out.push(path);
  }
  return out;
}

async function statisticsOf(input: string, jobs: number | undefined): Promise<GoldenEntry> {
  try {
    const acc = await computeStatistics(input, jobs === undefined ? {} : { jobs });
    const result = acc.finish();
    const bytes = serializeMessage('DatasetFeatureStatisticsList', result, 'binary') as Uint8Array;
    const dataset = result.datasets?.[0];
    return {
      sha256: createHash('sha256').update(bytes).digest('hex'),
      examples: Number(dataset?.numExamples ?? 0),
      features: dataset?.features?.length ?? 0,
    };
  } catch (error) {
    return { error: (error as Error).message.replaceAll(repo, '<repo>') };
  }
}

const inputs = bundledInputs(datasets);
const golden: Record<string, GoldenEntry> = update ? {} : JSON.parse(readFileSync(goldenPath, 'utf8'));

describe('statistics of the bundled datasets are byte-identical to the recorded ones', () => {
  it('every bundled input has a recorded entry, and every entry an input', () => {
    if (update) return;
    expect(Object.keys(golden).sort()).toEqual(inputs.map((p) => relative(repo, p)).sort());
  });

  it.each(inputs.map((p) => [relative(repo, p), p]))('%s (--jobs 1 and the default)', async (name, path) => {
    const one = await statisticsOf(path, 1);
    const byDefault = await statisticsOf(path, undefined);
    expect(byDefault).toEqual(one);
    if (update) {
      golden[name] = one;
      const sorted = Object.fromEntries(Object.entries(golden).sort(([a], [b]) => (a < b ? -1 : 1)));
      writeFileSync(goldenPath, `${JSON.stringify(sorted, null, 2)}\n`);
      return;
    }
    expect(one).toEqual(golden[name]);
  });
});
