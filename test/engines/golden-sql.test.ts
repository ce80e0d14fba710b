import { describe, expect, it } from 'vitest';
import {
  type ColumnPlan,
  type CompileInput,
  compileAggregates,
  compileFrequencies,
  compileQuantiles,
  DIALECTS,
  type EngineColumn,
} from '../../src/engines/index.js';

// The SQL each dialect compiles, pinned: the paper dialects (BigQuery, Snowflake, Trino, Spark) are
// checked against their engines' documented functions by reading these files, the live ones run.
const columns: EngineColumn[] = [
  { name: 'trip_seconds', type: 'BIGINT', kind: 'int' },
  { name: 'fare', type: 'DOUBLE', kind: 'float' },
  { name: 'company', type: 'VARCHAR', kind: 'string' },
  { name: 'payment_type', type: 'VARCHAR', kind: 'string' },
  { name: 'is "shared"', type: 'BOOLEAN', kind: 'bool' },
];
const input: CompileInput = {
  source: { table: 'taxi.trips' },
  columns,
  weightFeature: 'trip_seconds',
  sliceBy: ['payment_type'],
};
// trip_seconds and the boolean have few values (exact frequency tables), fare is continuous
// (quantiles), company has more distinct values than the exact range (top values only).
const plan: ColumnPlan = { exactValues: [0, 3, 4], topValuesOnly: [2], quantiles: [1], topValues: 1000 };

/** Long fraction lists cut to their ends, so the files stay readable. */
function shorten(sql: string): string {
  return sql.replace(/((?:0\.\d+|0|1), ){6,}/g, (run) => {
    const items = run.split(', ').filter((x) => x !== '');
    return `${items.slice(0, 2).join(', ')}, /* ${items.length - 4} more */ ${items.slice(-2).join(', ')}, `;
  });
}

describe('golden SQL per dialect', () => {
  it.each(Object.keys(DIALECTS))('%s', async (name) => {
    const dialect = DIALECTS[name]!;
    const statements = [
      compileAggregates(dialect, input),
      compileFrequencies(dialect, input, plan)!,
      compileQuantiles(dialect, input, plan)!,
    ];
    const text = statements
      .map((s) => `-- ${s.purpose} (${s.scans} scan${s.scans === 1 ? '' : 's'})\n${shorten(s.sql)};\n`)
      .join('\n');
    await expect(`-- ${dialect.title}: ${dialect.quantileNote}\n\n${text}`).toMatchFileSnapshot(`golden/${name}.sql`);
  });

  it('an unsliced, unweighted query compiles to one statement per purpose with the query as a subquery', () => {
    const sql = compileAggregates(DIALECTS.postgres!, {
      source: { query: 'SELECT * FROM t;' },
      columns,
      sliceBy: [],
    }).sql;
    expect(sql).toContain('FROM (SELECT * FROM t) AS __src');
    expect(sql).not.toContain('GROUPING');
    expect(sql).not.toContain('__w');
  });
});

describe('public API', () => {
  it('exports computeStatisticsInEngine and the dialect table from the package root', async () => {
    const api = await import('../../src/index.js');
    expect(typeof api.computeStatisticsInEngine).toBe('function');
    expect(api.LIVE_ENGINES).toEqual(['duckdb', 'postgres', 'clickhouse']);
    expect(Object.keys(api.DIALECTS)).toEqual([
      'duckdb',
      'postgres',
      'clickhouse',
      'bigquery',
      'snowflake',
      'trino',
      'spark',
    ]);
    expect(api.maskConnectionUrl('postgres://u:p%40ss@h:5432/db')).toBe('postgres://u:***@h:5432/db');
  });
});
