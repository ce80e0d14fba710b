import { makeData, RecordBatch, Utf8 } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { generateStatistics, TOP_VALUES_COUNT_ERROR } from '../../src/index.js';
import type { StatisticsOptions } from '../../src/stats/statistics-options.js';
import { rng } from '../helpers/rng.js';

const encoder = new TextEncoder();

/** Batches of one Utf8 column `s` holding value `v<code>` for each code of `codes`. */
function stringBatches(codes: Int32Array, batchRows = 65_536): RecordBatch[] {
  const batches: RecordBatch[] = [];
  for (let start = 0; start < codes.length; start += batchRows) {
    const n = Math.min(batchRows, codes.length - start);
    const offsets = new Int32Array(n + 1);
    const parts: Uint8Array[] = [];
    let used = 0;
    for (let i = 0; i < n; i++) {
      const bytes = encoder.encode(`v${codes[start + i]}`);
      parts.push(bytes);
      used += bytes.length;
      offsets[i + 1] = used;
    }
    const data = new Uint8Array(used);
    let at = 0;
    for (const p of parts) {
      data.set(p, at);
      at += p.length;
    }
    batches.push(new RecordBatch({ s: makeData({ type: new Utf8(), length: n, valueOffsets: offsets, data }) }));
  }
  return batches;
}

function trueCounts(codes: Int32Array): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of codes) counts.set(`v${c}`, (counts.get(`v${c}`) ?? 0) + 1);
  return counts;
}

async function stringStats(codes: Int32Array, options: StatisticsOptions = {}) {
  const stats = await generateStatistics(stringBatches(codes), options);
  return stats.datasets![0]!.features![0]!;
}

describe('top values', () => {
  // The case of the report: a near-uniform column, 200,000 distinct values in 1,000,000 rows.
  const r = rng(20);
  const uniform = Int32Array.from({ length: 1_000_000 }, () => Math.floor(r() * 200_000));
  const counts = trueCounts(uniform);
  const sortedCounts = [...counts.values()].sort((a, b) => b - a);

  it('are exact within the default memory budget, far beyond 16,384 distinct values', async () => {
    const f = await stringStats(uniform);
    const s = f.stringStats!;
    expect(s.unique).toBe(counts.size);
    expect(s.topValues!.map((t) => t.frequency)).toEqual(sortedCounts.slice(0, 20));
    for (const t of s.topValues!) expect(counts.get(t.value!)).toBe(t.frequency);
    expect(f.customStats).toBeUndefined();
  });

  it('beyond the budget list only values the sketch tells apart from its error bound, and say so', async () => {
    const f = await stringStats(uniform, { maxExactDistinct: 16_384 });
    const error = f.customStats?.find((c) => c.name === TOP_VALUES_COUNT_ERROR)?.num;
    expect(error).toBeGreaterThan(sortedCounts[0]!);
    // Every count is within the error bound: none can be told apart, none is listed.
    expect(f.stringStats!.topValues ?? []).toEqual([]);
    expect(f.stringStats!.rankHistogram?.buckets ?? []).toEqual([]);
    expect(f.stringStats!.unique).toBeGreaterThan(190_000);
  });

  it('beyond the budget still list the values frequent enough to stand out, with counts within the bound', async () => {
    // Ten heavy values (3% each) over the same uniform noise.
    const mixed = Int32Array.from(uniform, (c, i) => (i % 100 < 30 ? 1_000_000 + (i % 10) : c));
    const mixedCounts = trueCounts(mixed);
    const f = await stringStats(mixed, { maxExactBytes: 256 * 1024 });
    const error = f.customStats?.find((c) => c.name === TOP_VALUES_COUNT_ERROR)?.num;
    expect(error).toBeGreaterThan(0);
    const top = f.stringStats!.topValues!;
    expect(top.map((t) => t.value).sort()).toEqual(Array.from({ length: 10 }, (_, k) => `v${1_000_000 + k}`).sort());
    for (const t of top) {
      const truth = mixedCounts.get(t.value!)!;
      expect(t.frequency).toBeGreaterThan(error!);
      expect(t.frequency).toBeLessThanOrEqual(truth);
      expect(t.frequency).toBeGreaterThanOrEqual(truth - error!);
    }
  });
});
