import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StatisticsAccumulator } from '../../src/stats/statistics-accumulator.js';
import type { StatisticsOptions } from '../../src/stats/statistics-options.js';
import type { FeatureNameStatistics, Schema } from '../../src/tfmd/types.js';
import { caseBatch, loadCases, plain } from './helpers/case-batches.js';
import { diffMessages, normalizeProto3 } from './helpers/compare-messages.js';
import { parseTextProto } from './helpers/textproto.js';

// TFDV's BasicStatsGenerator cases (test/fixtures/conformance/tfdv/PROVENANCE.md), copied from ../shared/conformance/tfdv/cases.json.
const cases = loadCases(resolve(import.meta.dirname, '../fixtures/conformance/tfdv/cases.json')).filter(
  (c) => c.kind === 'stats',
);

/** Cases we cannot pass yet, with the reason (none at the moment). */
const expectedFailures: Record<string, string> = {};

/** Fields of the top-k/uniques generator: the cases only cover BasicStatsGenerator output. */
function basicOnly(f: FeatureNameStatistics): FeatureNameStatistics {
  if (!f.stringStats) return f;
  const { unique: _u, topValues: _t, rankHistogram: _r, weightedStringStats: _w, ...rest } = f.stringStats;
  return { ...f, stringStats: rest };
}

function optionsOf(raw: Record<string, unknown>): StatisticsOptions {
  const o = plain(raw) as Record<string, unknown>;
  const weight = (o.example_weight_map as { weight_feature?: string } | undefined)?.weight_feature;
  return {
    ...(o.num_values_histogram_buckets !== undefined
      ? { numValuesHistogramBuckets: o.num_values_histogram_buckets as number }
      : {}),
    ...(o.num_histogram_buckets !== undefined ? { numHistogramBuckets: o.num_histogram_buckets as number } : {}),
    ...(o.num_quantiles_histogram_buckets !== undefined
      ? { numQuantilesHistogramBuckets: o.num_quantiles_histogram_buckets as number }
      : {}),
    ...(o.epsilon !== undefined ? { epsilon: o.epsilon as number } : {}),
    ...(typeof o.schema === 'string' ? { schema: parseTextProto(o.schema) as Schema } : {}),
    ...(weight !== undefined ? { weightFeature: weight } : {}),
  };
}

let passed = 0;
describe('TFDV BasicStatsGenerator conformance', () => {
  afterAll(() => {
    console.log(`stats conformance: ${passed}/${cases.length} cases pass`);
  });
  it('has the 16 stats cases', () => {
    expect(cases).toHaveLength(16);
  });
  for (const c of cases) {
    const id = c.id as string;
    const reason = expectedFailures[id];
    // Expected failures still run, as `it.fails`, so a fix shows up as an unexpected pass.
    (reason === undefined ? it : it.fails)(`${id}${reason ? ` (expected failure: ${reason})` : ''}`, () => {
      const inputs = c.inputs as { batches: { columns: never[] }[]; generator_options: Record<string, unknown> };
      const options = optionsOf(inputs.generator_options);
      // Like TFDV's test: one accumulator per batch, then merged.
      const merged = new StatisticsAccumulator(options);
      for (const b of inputs.batches) merged.merge(new StatisticsAccumulator(options).add(caseBatch(b)));
      const dataset = merged.finish().datasets![0]!;
      const expected = (c.expected as { feature_stats: Record<string, string> }).feature_stats;
      const actualByPath = new Map((dataset.features ?? []).map((f) => [f.path!.step!.join('.'), basicOnly(f)]));
      // test_pure_null_column omits the weight feature's stats: TFDV's test matched only the
      // expected features there (only_match_expected_feature_stats); everywhere else the set is exact.
      const weight = options.weightFeature;
      const actualNames = [...actualByPath.keys()].filter((n) => n !== weight || n in expected);
      expect(actualNames.sort()).toEqual(Object.keys(expected).sort());
      const diffs = Object.entries(expected).flatMap(([name, text]) =>
        diffMessages(normalizeProto3(parseTextProto(text)), normalizeProto3(actualByPath.get(name)), 1e-4, name),
      );
      expect(diffs).toEqual([]);
      passed++;
    });
  }
});
