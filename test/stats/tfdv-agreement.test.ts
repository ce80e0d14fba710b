import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBatches } from '../../src/io/open-dataset.js';
import { generateStatistics } from '../../src/stats/generate-statistics.js';
import { decodeBinary } from '../../src/tfmd/index.js';
import type { DatasetFeatureStatisticsList, FeatureNameStatistics } from '../../src/tfmd/types.js';

const root = resolve(import.meta.dirname, '../../datasets/tfx_artifacts');

function fmt(x: number | undefined): string {
  if (x === undefined) return '-';
  return Number.isInteger(x) ? String(x) : x.toPrecision(7);
}

function summary(f: FeatureNameStatistics) {
  const n = f.numStats;
  const s = f.stringStats;
  const common = (n ?? s ?? f.bytesStats ?? f.structStats)?.commonStats ?? {};
  return {
    type: f.type ?? 'INT',
    present: common.numNonMissing ?? 0,
    missing: common.numMissing ?? 0,
    minValues: common.minNumValues ?? 0,
    maxValues: common.maxNumValues ?? 0,
    avgValues: common.avgNumValues ?? 0,
    min: n?.min ?? 0,
    max: n?.max ?? 0,
    mean: n?.mean,
    median: n?.median,
    std: n?.stdDev,
    unique: s?.unique,
    top: s?.topValues?.[0]?.value,
  };
}

/**
 * datavet vs TFDV on the TFX train split (datasets/tfx_artifacts). Known data issue: the bundled
 * FeatureStats.pb reports 10,036 train examples while the bundled Split-train TFRecords hold 9,909
 * (train + eval TFRecords = 15,000 rows, so the statistics come from a different random split of
 * the same CSV). Exact counts therefore cannot agree; the test prints the per-field table and
 * asserts what the data allow: the same features, the same types, the same most frequent values
 * and medians within 5%. Per-example presence does not depend on the split, so it must agree
 * exactly: the TFRecords encode an empty CSV cell as a Feature with no value list, which TFDV
 * and datavet both count as present with 0 values, so every feature is present in every example
 * (num_missing 0) on both sides, with the same maximum number of values and, the share of
 * examples with a value being a property of the data, average numbers of values within 0.02.
 */
describe('agreement with TFDV (tfx_artifacts train split)', () => {
  it('prints the per-field agreement table', async () => {
    const tfdv = decodeBinary(
      'DatasetFeatureStatisticsList',
      readFileSync(resolve(root, 'statistics_gen/Split-train/FeatureStats.pb')),
    ) as DatasetFeatureStatisticsList;
    const ours = await generateStatistics(readBatches(resolve(root, 'csv_example_gen/Split-train/*.gz')));
    const theirs = tfdv.datasets![0]!;
    const mine = ours.datasets![0]!;
    const byPath = (fs: FeatureNameStatistics[] | undefined) =>
      new Map((fs ?? []).map((f) => [(f.path?.step ?? [f.name ?? '']).join('.'), f]));
    const a = byPath(theirs.features);
    const b = byPath(mine.features);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    const rows: string[] = [];
    rows.push(`examples: TFDV ${theirs.numExamples}, datavet ${mine.numExamples}`);
    rows.push(
      ['feature', 'type', 'present', 'missing', 'min', 'max', 'mean', 'std_dev', 'unique', 'top value']
        .map((h) => h.padEnd(14))
        .join(''),
    );
    let medianClose = 0;
    let numeric = 0;
    for (const [path, theirsF] of [...a].sort()) {
      const t = summary(theirsF);
      const o = summary(b.get(path)!);
      expect(o.type).toBe(t.type);
      // Presence semantics: every example has every feature, on both sides.
      expect(t.present).toBe(theirs.numExamples);
      expect(o.present).toBe(mine.numExamples);
      expect(o.missing).toBe(t.missing);
      // Rare empties/values fall in one split only (pickup_census_tract has a value in 1 row, in
      // our split; pickup_community_area is empty in a few rows of TFDV's), so min/max number of
      // values are compared only where both sides saw values.
      if (o.maxValues > 0 && t.maxValues > 0) expect(o.maxValues).toBe(t.maxValues);
      expect(Math.abs(o.avgValues - t.avgValues)).toBeLessThan(0.02);
      const cell = (x: unknown, y: unknown) =>
        x === y ? `${fmt(x as number)}` : `${fmt(y as number)}|${fmt(x as number)}`;
      rows.push(
        [path, o.type, cell(t.present, o.present), cell(t.missing, o.missing), cell(t.min, o.min), cell(t.max, o.max)]
          .concat([
            t.mean === undefined ? '-' : `${fmt(o.mean)}|${fmt(t.mean)}`,
            t.std === undefined ? '-' : `${fmt(o.std)}|${fmt(t.std)}`,
            cell(t.unique, o.unique),
            t.top === o.top ? String(t.top ?? '-') : `${o.top}|${t.top}`,
          ])
          .map((c) => String(c).slice(0, 13).padEnd(14))
          .join(''),
      );
      if (t.median !== undefined && o.median !== undefined) {
        numeric++;
        if (Math.abs(t.median - o.median) <= 0.05 * Math.abs(t.median) + 1e-6) medianClose++;
      }
      if (t.top !== undefined) expect(o.top).toBe(t.top);
    }
    console.log(`datavet|TFDV where they differ\n${rows.join('\n')}`);
    // Two samples of the same population: every numeric median within 5% of TFDV's.
    expect(medianClose).toBe(numeric);
  });
});
