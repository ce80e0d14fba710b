import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Data, Float64, RecordBatch, Utf8, vectorFromArray } from 'apache-arrow';
import Papa from 'papaparse';
import { mean, median, standardDeviation } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { FrequencyCounter } from '../../src/stats/frequency-counter.js';
import { generateStatistics } from '../../src/stats/generate-statistics.js';
import { QuantileSketch, quantileBoundaries } from '../../src/stats/quantile-sketch.js';
import { rankError } from '../helpers/rank-error.js';
import { rng } from '../helpers/rng.js';

/** Largest distance between requested ranks q and the rank interval of the returned values. */
function maxRankError(sorted: Float64Array, sketch: QuantileSketch, buckets = 100): number {
  const { values } = quantileBoundaries(sketch.summary(), buckets);
  let worst = 0;
  for (let k = 0; k <= buckets; k++) worst = Math.max(worst, rankError(sorted, values[k]!, k / buckets));
  return worst;
}

/** Streams values through two "workers" (sketches over alternating chunks) and merges them. */
function sketchOf(values: Float64Array): QuantileSketch {
  const a = new QuantileSketch(0.01, true);
  const b = new QuantileSketch(0.01, true);
  const chunk = 65536;
  for (let start = 0; start < values.length; start += chunk) {
    const target = (start / chunk) % 2 === 0 ? a : b;
    target.addValues(values, start, Math.min(values.length, start + chunk));
  }
  return a.merge(b);
}

describe('sketch accuracy', () => {
  it('quantile rank error <= 0.5% on 1M generated values (normal, skewed, heavy duplicates)', () => {
    const r = rng(5);
    const n = 1_000_000;
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const u = r();
      values[i] =
        u < 0.4
          ? r() + r() + r() // bell-shaped
          : u < 0.7
            ? Math.exp(4 * r()) // skewed
            : Math.floor(r() * 20); // heavy duplicates
    }
    const sketch = sketchOf(values);
    const sorted = values.slice().sort();
    const error = maxRankError(sorted, sketch);
    console.log(`quantile max rank error over 1M values: ${(error * 100).toFixed(3)}%`);
    expect(error).toBeLessThanOrEqual(0.005);
    // Sorted input is the adversarial order for a summary built block by block.
    const sortedError = maxRankError(sorted, sketchOf(sorted));
    console.log(`quantile max rank error over 1M sorted values: ${(sortedError * 100).toFixed(3)}%`);
    expect(sortedError).toBeLessThanOrEqual(0.005);
  });

  it('distinct count relative error <= 2% beyond the exact range', () => {
    const enc = new TextEncoder();
    for (const distinct of [30_000, 150_000, 300_000]) {
      const counter = new FrequencyCounter(16384);
      const r = rng(distinct);
      for (let i = 0; i < 400_000; i++) {
        const v = i < distinct ? i : Math.floor(r() * distinct);
        const b = enc.encode(`user-${v}`);
        counter.add(b, 0, b.length, 1, 1);
      }
      const error = Math.abs(counter.distinct() - distinct) / distinct;
      console.log(`distinct ${distinct}: estimate ${counter.distinct()} (${(error * 100).toFixed(2)}% error)`);
      expect(counter.exact).toBe(false);
      expect(error).toBeLessThanOrEqual(0.02);
    }
  });

  it('every value with frequency > 1/k is in the top-k after Misra-Gries', async () => {
    const r = rng(11);
    const n = 400_000;
    const k = 20;
    const strings: string[] = [];
    for (let i = 0; i < n; i++) {
      const u = r();
      // 12 heavy hitters between ~1% and ~9%, then a long tail of 500k rare values.
      strings.push(u < 0.6 ? `hot-${Math.floor(Math.sqrt(r()) * 12)}` : `tail-${Math.floor(r() * 200_000)}`);
    }
    const exact = new Map<string, number>();
    for (const s of strings) exact.set(s, (exact.get(s) ?? 0) + 1);
    const batches: RecordBatch[] = [];
    for (let start = 0; start < n; start += 50_000) {
      batches.push(new RecordBatch({ v: vectorFromArray(strings.slice(start, start + 50_000), new Utf8()).data[0]! }));
    }
    const stats = await generateStatistics(batches, { numTopValues: k });
    const s = stats.datasets![0]!.features![0]!.stringStats!;
    const top = new Set(s.topValues!.map((t) => t.value));
    const frequent = [...exact].filter(([, c]) => c > n / k).map(([v]) => v);
    expect(frequent.length).toBeGreaterThan(5);
    for (const v of frequent) expect(top.has(v)).toBe(true);
    expect(Math.abs(Number(s.unique!) - exact.size) / exact.size).toBeLessThanOrEqual(0.02);
  });

  it('agrees with exact statistics (simple-statistics) on the Chicago taxi train split', async () => {
    const text = readFileSync(resolve(import.meta.dirname, '../../datasets/chicago_taxi/train.csv'), 'utf8');
    const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
    const numeric = ['fare', 'trip_miles', 'trip_seconds', 'trip_start_timestamp', 'pickup_latitude', 'tips'];
    const columns: Record<string, Data> = {};
    for (const name of numeric) {
      const values = rows.map((r) => (r[name] === '' || r[name] === undefined ? null : Number(r[name])));
      columns[name] = vectorFromArray(values, new Float64()).data[0]!;
    }
    columns.company = vectorFromArray(
      rows.map((r) => (r.company ? r.company : null)),
      new Utf8(),
    ).data[0]!;
    const batch = new RecordBatch(columns);
    // Small epsilon and no sampling: at 10k rows the summary stays exact, like TFDV's.
    const stats = await generateStatistics([batch.slice(0, 4000), batch.slice(4000)], {});
    const byName = new Map(stats.datasets![0]!.features!.map((f) => [f.path!.step![0]!, f]));
    for (const name of numeric) {
      const present = rows
        .map((r) => r[name])
        .filter((v) => v !== '' && v !== undefined)
        .map(Number);
      const s = byName.get(name)!.numStats!;
      expect(s.commonStats!.numNonMissing).toBe(present.length);
      expect(s.min).toBe(Math.min(...present));
      expect(s.max).toBe(Math.max(...present));
      expect(s.mean!).toBeCloseTo(mean(present), 6);
      expect(Math.abs(s.stdDev! - standardDeviation(present)) / standardDeviation(present)).toBeLessThan(1e-9);
      const sorted = Float64Array.from(present).sort();
      // TFDV's median is a quantile boundary (a data value), within one rank of the exact median.
      expect(sorted.indexOf(s.median!)).toBeGreaterThanOrEqual(0);
      expect(rankError(sorted, s.median!, 0.5)).toBeLessThanOrEqual(0.005);
      if (sorted.length % 2 === 1) expect(s.median).toBe(median(present));
    }
    const company = rows.map((r) => r.company).filter((v): v is string => !!v);
    const counts = new Map<string, number>();
    for (const c of company) counts.set(c, (counts.get(c) ?? 0) + 1);
    const s = byName.get('company')!.stringStats!;
    expect(s.unique).toBe(counts.size);
    const expectedTop = [...counts]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? 1 : -1))
      .slice(0, 20)
      .map(([value, frequency]) => ({ value, frequency }));
    expect(s.topValues).toEqual(expectedTop);
  });
});
