import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Float64, makeData, RecordBatch, Utf8 } from 'apache-arrow';
import { mean, standardDeviation } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { readBatches } from '../../src/io/open-dataset.js';
import { generateStatistics } from '../../src/stats/generate-statistics.js';
import type { FeatureNameStatistics, Histogram } from '../../src/tfmd/types.js';
import { rankError } from '../helpers/rank-error.js';
import { rng } from '../helpers/rng.js';

/*
 * Issue 4, sketch accuracy at scale and on every bundled dataset: the statistics pipeline as users
 * run it (generateStatistics over Arrow batches, sketches past their exact range), against values
 * known exactly. The 10M-value stream is generated so that its exact answers are known by
 * construction or cheap to count (a sorted copy for ranks, a bitmap for distinct values).
 */

/** The worst rank error of a QUANTILES histogram's boundaries and of the median. */
function worstQuantileError(sorted: Float64Array, feature: FeatureNameStatistics): number {
  const histogram = feature.numStats!.histograms!.find((h: Histogram) => h.type === 'QUANTILES')!;
  const buckets = histogram.buckets!;
  let worst = rankError(sorted, feature.numStats!.median ?? 0, 0.5);
  for (let i = 0; i <= buckets.length; i++) {
    const boundary = i < buckets.length ? (buckets[i]!.lowValue ?? 0) : (buckets[i - 1]!.highValue ?? 0);
    worst = Math.max(worst, rankError(sorted, boundary, i / buckets.length));
  }
  return worst;
}

/**
 * Builds a Utf8 column of `rows` values in Arrow's own buffers, the bytes of each value written by
 * `write(out, at)` (which returns the end): 10M JS strings would cost more than the statistics.
 */
function utf8Column(rows: number, maxBytes: number, write: (out: Uint8Array, at: number) => number) {
  const offsets = new Int32Array(rows + 1);
  const data = new Uint8Array(rows * maxBytes);
  for (let i = 0; i < rows; i++) offsets[i + 1] = write(data, offsets[i]!);
  return makeData({ type: new Utf8(), length: rows, valueOffsets: offsets, data: data.subarray(0, offsets[rows]!) });
}

/** Writes the ASCII bytes of `prefix` then the decimal digits of `n`; returns the end. */
function writeName(out: Uint8Array, at: number, prefix: Uint8Array, n: number): number {
  out.set(prefix, at);
  let end = at + prefix.length;
  const digits = n === 0 ? 1 : Math.floor(Math.log10(n)) + 1;
  for (let d = digits - 1, v = n; d >= 0; d--, v = Math.floor(v / 10)) out[end + d] = 48 + (v % 10);
  end += digits;
  return end;
}

describe('sketch accuracy at scale', () => {
  it('10M generated values: quantile rank error <= 0.5%, distinct within 2%, every value above 1/k in the top k', async () => {
    const n = 10_000_000;
    const batchRows = 1_000_000;
    const k = 20;
    const tailRange = 3_000_000;
    const r = rng(2026);
    const numbers = new Float64Array(n);
    const hotPrefix = new TextEncoder().encode('hot-');
    const tailPrefix = new TextEncoder().encode('tail-');
    const hotCounts = new Array<number>(12).fill(0);
    const tailSeen = new Uint8Array(tailRange);
    const batches: RecordBatch[] = [];
    for (let start = 0; start < n; start += batchRows) {
      for (let i = start; i < start + batchRows; i++) {
        const u = r();
        numbers[i] = u < 0.4 ? r() + r() + r() : u < 0.7 ? Math.exp(8 * r()) : Math.floor(r() * 50);
      }
      const strings = utf8Column(batchRows, 12, (out, at) => {
        if (r() < 0.5) {
          // 12 heavy hitters, ~0.2% to ~4% of the stream each.
          const h = Math.floor(Math.sqrt(r()) * 12);
          hotCounts[h]!++;
          return writeName(out, at, hotPrefix, h);
        }
        const t = Math.floor(r() * tailRange);
        tailSeen[t] = 1;
        return writeName(out, at, tailPrefix, t);
      });
      batches.push(
        new RecordBatch({
          x: makeData({ type: new Float64(), length: batchRows, data: numbers.subarray(start, start + batchRows) }),
          s: strings,
        }),
      );
    }
    const stats = await generateStatistics(batches, { numTopValues: k, numQuantilesHistogramBuckets: 100 });
    const [x, s] = ['x', 's'].map((name) => stats.datasets![0]!.features!.find((f) => f.path?.step?.[0] === name)!);

    const sorted = numbers.slice().sort();
    const quantileError = worstQuantileError(sorted, x!);
    const distinct = 12 + tailSeen.reduce((sum, seen) => sum + seen, 0);
    const distinctError = Math.abs(Number(s!.stringStats!.unique!) - distinct) / distinct;
    console.log(
      `10M values: quantile max rank error ${(quantileError * 100).toFixed(3)}% (101 boundaries and the median); ` +
        `distinct ${s!.stringStats!.unique} vs ${distinct} exact (${(distinctError * 100).toFixed(2)}%)`,
    );
    expect(x!.numStats!.commonStats!.numNonMissing).toBe(n);
    expect(quantileError).toBeLessThanOrEqual(0.005);
    expect(distinctError).toBeLessThanOrEqual(0.02);
    const top = new Set(s!.stringStats!.topValues!.map((t) => t.value));
    const frequent = hotCounts.flatMap((c, h) => (c > n / k ? [`hot-${h}`] : []));
    // hot-7 .. hot-11 are above 1/20 of the stream by construction.
    expect(frequent.length).toBe(5);
    for (const value of frequent) expect(top, value).toContain(value);
    // 10M rows and ~2.4M distinct strings, counted exactly up to the budget (a few CPU seconds more
    // than a sketch from the start): more than the default timeout on a loaded machine.
  }, 300_000);
});

const datasetsDir = resolve(import.meta.dirname, '../../datasets');
const bundledCsvs = readdirSync(datasetsDir, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.csv') && !f.startsWith('tfx_artifacts'))
  .sort();

describe('statistics against exact values on every bundled dataset', () => {
  it.each(bundledCsvs)('%s', async (file) => {
    const nullValues = file.startsWith('diabetes') ? ['', '?'] : [''];
    const batches: RecordBatch[] = [];
    for await (const batch of readBatches(join(datasetsDir, file), { nullValues })) batches.push(batch);
    const stats = await generateStatistics(batches);
    const features = new Map(stats.datasets![0]!.features!.map((f) => [f.path!.step![0]!, f]));
    for (const field of batches[0]?.schema.fields ?? []) {
      const feature = features.get(field.name)!;
      const values: unknown[] = batches.flatMap((b) => [...b.getChild(field.name)!]).filter((v) => v !== null);
      const where = `${file} ${field.name}`;
      if (feature.numStats && values.length > 0) {
        const numbers = values.map(Number).filter((v) => !Number.isNaN(v));
        const sorted = Float64Array.from(numbers).sort();
        expect(feature.numStats.commonStats!.numNonMissing, where).toBe(values.length);
        expect(feature.numStats.min, where).toBe(sorted[0]);
        expect(feature.numStats.max, where).toBe(sorted[sorted.length - 1]);
        expect(Math.abs(feature.numStats.mean! - mean(numbers)), where).toBeLessThanOrEqual(
          1e-9 * Math.abs(mean(numbers)) + 1e-12,
        );
        const std = standardDeviation(numbers);
        expect(Math.abs(feature.numStats.stdDev! - std), where).toBeLessThanOrEqual(1e-9 * std + 1e-12);
        expect(feature.numStats.numZeros ?? 0, where).toBe(numbers.filter((v) => v === 0).length);
        expect(worstQuantileError(sorted, feature), where).toBeLessThanOrEqual(0.005);
      } else if (feature.stringStats && values.length > 0) {
        const counts = new Map<string, number>();
        for (const v of values) counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
        expect(feature.stringStats.unique, where).toBe(counts.size);
        const expectedTop = [...counts]
          .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? 1 : -1))
          .slice(0, 20)
          .map(([value, frequency]) => ({ value, frequency }));
        expect(feature.stringStats.topValues, where).toEqual(expectedTop);
      }
    }
  });
});
