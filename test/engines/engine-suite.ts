import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { computeStatisticsInEngine } from '../../src/engines/index.js';
import { computeStatistics } from '../../src/pipeline/parallel-statistics.js';
import { StatisticsAccumulator, type StatisticsOptions } from '../../src/stats/index.js';
import { rankError } from '../helpers/rank-error.js';
import { type Agreement, compareStatistics } from './compare-statistics.js';
import type { LiveEngine, LoadedRows } from './load-table.js';
import { readRows } from './load-table.js';

/** A live engine under test: where it listens and how a test puts rows into it. */
export interface TestEngine {
  readonly name: LiveEngine;
  readonly connection: string;
  /** Creates a table holding `rows` (all of `data` by default); returns its name for --table. */
  load(table: string, data: LoadedRows, rows?: LoadedRows['rows']): Promise<string>;
  close(): Promise<void>;
}

export const root = resolve(import.meta.dirname, '..', '..');

/** Every bundled dataset file (CSV and Parquet), relative to the repository root. */
export function bundledDatasets(): string[] {
  const base = join(root, 'datasets');
  return readdirSync(base, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(join(base, d.name))
        .filter((f) => f.endsWith('.csv') || f.endsWith('.parquet'))
        .map((f) => `datasets/${d.name}/${f}`),
    )
    .sort();
}

/** A table name from a dataset path. */
export function tableName(path: string): string {
  return path
    .replace(/^datasets\//, '')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toLowerCase();
}

/** Engine statistics of a table and in-process statistics of the same file (relative to the repository, or absolute), compared. */
export async function agreement(
  engine: TestEngine,
  table: string,
  file: string,
  statistics: StatisticsOptions = {},
): Promise<Agreement & { scans: number }> {
  const inEngine = await computeStatisticsInEngine({
    engine: engine.name,
    connection: engine.connection,
    source: { table },
    statistics,
  });
  const local = (await computeStatistics([resolve(root, file)], { stats: statistics, jobs: 1 })).finish();
  return { ...compareStatistics(inEngine.statistics, local), scans: inEngine.provenance.scans };
}

/** Sums agreements into the per-engine tally the test prints. */
export class Tally {
  datasets = 0;
  exact = 0;
  rounding = 0;
  withinBound = 0;
  scans = 0;
  mismatches = 0;

  add(a: Agreement & { scans: number }): void {
    this.datasets++;
    this.exact += a.exact;
    this.rounding += a.rounding;
    this.withinBound += a.withinBound;
    this.scans += a.scans;
    this.mismatches += a.mismatches.length;
  }

  toString(): string {
    return (
      `${this.datasets} datasets: ${this.exact} fields exact, ${this.rounding} within float rounding (1e-9), ` +
      `${this.withinBound} approximate within bound, ${this.mismatches} mismatches; ${this.scans} scans`
    );
  }
}

/**
 * The merge law across engines: the engine's partial of the first half merged with the
 * in-process partial of the second half equals in-process statistics of the whole.
 */
export async function mergeLaw(engine: TestEngine, file: string, table: string, statistics: StatisticsOptions) {
  const data = await readRows(join(root, file));
  const half = Math.floor(data.rows.length / 2);
  const loaded = await engine.load(table, data, data.rows.slice(0, half));
  const sql = await computeStatisticsInEngine({
    engine: engine.name,
    connection: engine.connection,
    source: { table: loaded },
    statistics,
  });
  const secondHalf = new StatisticsAccumulator(statistics);
  const { recordBatchFromRows } = await import('./rows-to-batch.js');
  secondHalf.add(recordBatchFromRows(data, data.rows.slice(half)));
  // Through the file format, as `datavet merge` reads it.
  const merged = StatisticsAccumulator.deserialize(JSON.stringify(sql.partial)).merge(
    StatisticsAccumulator.deserialize(secondHalf.serialize()),
  );
  const whole = new StatisticsAccumulator(statistics).add(recordBatchFromRows(data, data.rows)).finish();
  return compareStatistics(merged.finish(), whole);
}

/** Quantile-based fields beyond the exact range: within the stated rank-error bound. */
export function quantileTest(engine: () => TestEngine, bound: number): void {
  it(`beyond the exact range: quantile boundaries within ${bound} rank error, exact uniques and top counts`, async () => {
    const file = 'datasets/chicago_taxi/train.csv';
    const data = await readRows(join(root, file));
    const table = await engine().load('approx_taxi', data);
    const result = await computeStatisticsInEngine({
      engine: engine().name,
      connection: engine().connection,
      source: { table },
      statistics: { maxExactDistinct: 8 },
      maxExactNumericDistinct: 8,
    });
    expect(result.statements.map((s) => s.purpose)).toEqual(['aggregates', 'frequencies', 'quantiles']);
    const all = result.statistics.datasets![0]!;
    let checked = 0;
    for (const [c, column] of data.columns.entries()) {
      const feature = all.features!.find((f) => f.path!.step![0] === column.name)!;
      const values = data.rows.map((r) => r[c]).filter((v) => v !== null);
      if (column.kind === 'string') {
        const counts = new Map<string, number>();
        for (const v of values) counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
        if (counts.size <= 8) continue;
        expect(feature.stringStats!.unique, column.name).toBe(counts.size);
        for (const top of feature.stringStats!.topValues!) expect(top.frequency).toBe(counts.get(top.value!));
        checked++;
        continue;
      }
      const sorted = Float64Array.from(values.map(Number)).sort();
      // Quantiles of a few discrete values are a frequency table's job (the default plan): check the continuous ones.
      if (new Set(sorted).size < 200) continue;
      const quantiles = feature.numStats!.histograms!.find((h) => h.type === 'QUANTILES')!.buckets!;
      quantiles.forEach((b, j) => {
        expect(rankError(sorted, b.lowValue ?? 0, j / quantiles.length), `${column.name} q${j}`).toBeLessThanOrEqual(
          bound,
        );
      });
      expect(rankError(sorted, feature.numStats!.median!, 0.5), `${column.name} median`).toBeLessThanOrEqual(bound);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(5);
    expect(result.provenance.unmergeable.map((u) => u.field)).toContain('unique');
  });
}
