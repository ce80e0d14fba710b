import { describe, expect, it } from 'vitest';
import {
  type ColumnPlan,
  type CompileInput,
  compileAggregates,
  compileFrequencies,
  compileQuantiles,
  DIALECTS,
  type EngineColumn,
  engineColumns,
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

describe('timestamp and date columns', () => {
  // Each live dialect's time types, the unit they are counted in and the SQL of the count.
  it.each([
    [
      'duckdb',
      [
        ['TIMESTAMP', 'UNIX_MICROSECONDS', 'epoch_us("t")'],
        ['TIMESTAMP WITH TIME ZONE', 'UNIX_MICROSECONDS', 'epoch_us("t")'],
        ['TIMESTAMP_S', 'UNIX_SECONDS', 'CAST(epoch("t") AS BIGINT)'],
        ['TIMESTAMP_MS', 'UNIX_MILLISECONDS', 'epoch_ms("t")'],
        ['TIMESTAMP_NS', 'UNIX_NANOSECONDS', 'epoch_ns("t")'],
        ['DATE', 'UNIX_DAYS', `("t" - DATE '1970-01-01')`],
      ],
    ],
    [
      'postgres',
      [
        ['timestamp without time zone', 'UNIX_MICROSECONDS', 'CAST(EXTRACT(EPOCH FROM "t") * 1000000 AS BIGINT)'],
        ['timestamp with time zone', 'UNIX_MICROSECONDS', 'CAST(EXTRACT(EPOCH FROM "t") * 1000000 AS BIGINT)'],
        ['date', 'UNIX_DAYS', `("t" - DATE '1970-01-01')`],
      ],
    ],
    [
      'clickhouse',
      [
        ['DateTime', 'UNIX_SECONDS', 'toInt64(`t`)'],
        ["Nullable(DateTime('Asia/Tokyo'))", 'UNIX_SECONDS', 'toInt64(`t`)'],
        ['Nullable(Date)', 'UNIX_DAYS', 'toInt32(`t`)'],
      ],
    ],
  ] as const)('%s: INT columns counted since 1970 in the type unit', (name, types) => {
    const dialect = DIALECTS[name]!;
    for (const [type, format, count] of types) {
      const [column] = engineColumns(dialect, { table: 'x' }, [{ name: 't', type }]);
      expect(column, type).toEqual({ name: 't', type, kind: 'int', timeFormat: format });
      const sql = compileAggregates(dialect, { source: { table: 'x' }, columns: [column!], sliceBy: ['t'] }).sql;
      expect(sql).toContain(`${dialect.double(count)} AS c0`);
      // Slice keys are the counts' text, as the in-process slicer writes an INT.
      expect(sql).toContain(dialect.text(count));
    }
  });

  it('a dialect without mapped time types refuses them: described, or given by hand', () => {
    expect(() => engineColumns(DIALECTS.bigquery!, { table: 'x' }, [{ name: 't', type: 'TIMESTAMP' }])).toThrow(
      /bigquery: table x has column of a type datavet has no statistics for: 't' \(TIMESTAMP\)/,
    );
    const column: EngineColumn = { name: 't', type: 'TIMESTAMP', kind: 'int', timeFormat: 'UNIX_MICROSECONDS' };
    expect(() =>
      compileAggregates(DIALECTS.bigquery!, { source: { table: 'x' }, columns: [column], sliceBy: [] }),
    ).toThrow(
      /bigquery: column 't' is given as UNIX_MICROSECONDS time, but BigQuery type TIMESTAMP is not counted in that unit/,
    );
    // A unit the type does not hold is refused too, rather than counted in the wrong unit.
    const wrong: EngineColumn = { name: 't', type: 'DATE', kind: 'int', timeFormat: 'UNIX_SECONDS' };
    expect(() =>
      compileAggregates(DIALECTS.duckdb!, { source: { table: 'x' }, columns: [wrong], sliceBy: [] }),
    ).toThrow(/duckdb: column 't' is given as UNIX_SECONDS time, but DuckDB type DATE is not counted in that unit/);
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
