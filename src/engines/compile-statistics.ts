import { UsageError } from '../_util/errors.js';
import type { Dialect, EngineColumn, TimeType } from './dialect.js';

/** Where the rows come from: a table (or view, or an engine's file relation) or a query. */
export type EngineSource =
  | { readonly table: string; readonly query?: undefined }
  | { readonly query: string; readonly table?: undefined };

/** What the compiler needs besides the dialect: the relation, its columns and the statistics options that shape SQL. */
export interface CompileInput {
  readonly source: EngineSource;
  readonly columns: readonly EngineColumn[];
  readonly weightFeature?: string | undefined;
  readonly sliceBy: readonly string[];
}

/** One statement and the number of times it reads the relation. */
export interface CompiledStatement {
  readonly purpose: 'aggregates' | 'frequencies' | 'quantiles';
  readonly sql: string;
  readonly scans: number;
}

/** How the second and third statements treat each column, decided from the first one's distinct counts. */
export interface ColumnPlan {
  /** Column indexes whose whole frequency table is fetched (exact top values, uniques and quantiles). */
  readonly exactValues: readonly number[];
  /** String columns beyond the exact range: only their `topValues` most frequent values. */
  readonly topValuesOnly: readonly number[];
  /** Numeric columns beyond the exact range: quantile boundaries. */
  readonly quantiles: readonly number[];
  /** How many values `topValuesOnly` keeps per slice. */
  readonly topValues: number;
}

const PLAIN_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)*$/;

/**
 * The relation as SQL after FROM: a table name (dotted parts quoted one by one), a query in
 * parentheses, or, for anything else given as a table (`'data/*.parquet'`, `read_csv(...)`), the
 * text as written.
 */
export function relationSql(dialect: Dialect, source: EngineSource): string {
  if (source.query !== undefined) return `(${source.query.trim().replace(/;\s*$/, '')})`;
  const table = source.table.trim();
  return PLAIN_IDENTIFIER.test(table)
    ? table
        .split('.')
        .map((p) => dialect.quote(p))
        .join('.')
    : table;
}

/**
 * The time type of a column given a time format, from its dialect; a usage error when the dialect
 * does not map the column's type to that unit (a column built by hand rather than by engineColumns).
 */
function timeTypeOf(dialect: Dialect, column: EngineColumn): TimeType {
  const time = dialect.timeType?.(column.type);
  if (time === undefined || time.format !== column.timeFormat) {
    throw new UsageError(
      `${dialect.name}: column '${column.name}' is given as ${column.timeFormat} time, but ${dialect.title} type ${column.type} is not counted in that unit`,
      {
        location: { feature: column.name },
        hint: dialect.timeType
          ? 'take the columns from engineColumns, which maps each time type to its unit (docs/engines.md)'
          : `${dialect.title} time types are not mapped yet: count the units since 1970 in the query and leave timeFormat out`,
      },
    );
  }
  return time;
}

/** The column as SQL: its reference, or for a timestamp or date the integer count since 1970 in its unit. */
function valueRef(dialect: Dialect, column: EngineColumn): string {
  const ref = dialect.quote(column.name);
  return column.timeFormat === undefined ? ref : timeTypeOf(dialect, column).count(ref);
}

/** The value of column `i` as a double (numbers) or text (strings), `c<i>` in the prepared rows. */
function columnExpr(dialect: Dialect, column: EngineColumn): string {
  const ref = valueRef(dialect, column);
  switch (column.kind) {
    case 'string':
      return ref;
    case 'bool':
      return dialect.double(`CASE WHEN ${ref} THEN 1 WHEN NOT ${ref} THEN 0 END`);
    default:
      return dialect.double(ref);
  }
}

/** Slice-key text of a column value, as the in-process slicer writes it (times as their integer counts). */
function sliceText(dialect: Dialect, column: EngineColumn): string {
  const ref = valueRef(dialect, column);
  switch (column.kind) {
    case 'string':
      return ref;
    case 'int':
      return dialect.text(ref);
    case 'bool':
      return `CASE WHEN ${ref} THEN '1' WHEN NOT ${ref} THEN '0' END`;
    default:
      throw new UsageError(`cannot slice by float column '${column.name}' in an engine`, {
        location: { feature: column.name },
        hint: 'slice by a string, integer or boolean column (or cast it in --query)',
      });
  }
}

/** Finite value of a numeric column (NaN and infinities as NULL), `f<i>` for floats. */
function finiteRef(column: EngineColumn, i: number): string {
  return column.kind === 'float' ? `f${i}` : `c${i}`;
}

function findColumn(input: CompileInput, name: string, role: string): EngineColumn {
  const column = input.columns.find((c) => c.name === name);
  if (!column) {
    throw new UsageError(
      `${role} '${name}' is not a column of the ${input.source.table !== undefined ? `table ${input.source.table}` : 'query'}`,
      {
        location: { feature: name },
        hint: `columns: ${input.columns.map((c) => c.name).join(', ')}`,
      },
    );
  }
  return column;
}

/**
 * The rows every statement reads: one column per input column (numbers as doubles), the finite
 * twin of float columns (NaN and infinities mapped to NULL first: DuckDB's `stddev_pop` fails on
 * NaN, and FILTER clauses cost 3-4x), the weight and the slice key.
 */
export function preparedSql(dialect: Dialect, input: CompileInput): string {
  const select: string[] = [];
  input.columns.forEach((column, i) => {
    select.push(`${columnExpr(dialect, column)} AS c${i}`);
    if (column.kind === 'float') {
      const ref = dialect.quote(column.name);
      select.push(`CASE WHEN ${dialect.isFinite(ref)} THEN ${dialect.double(ref)} END AS f${i}`);
    }
  });
  if (input.weightFeature !== undefined) {
    const weight = findColumn(input, input.weightFeature, 'weight feature');
    if (weight.kind === 'string') {
      throw new UsageError(`weight feature '${weight.name}' must be numeric, it is ${weight.type}`, {
        location: { feature: weight.name },
      });
    }
    const w = dialect.double(valueRef(dialect, weight));
    select.push(`${w} AS __w`, `CASE WHEN ${w} > 0 THEN ${w} ELSE 0 END AS __wp`);
  }
  if (input.sliceBy.length > 0) {
    const parts: string[] = [];
    input.sliceBy.forEach((name, k) => {
      const column = findColumn(input, name, 'slice feature');
      parts.push(dialect.literal(`${k === 0 ? '' : '_'}${name}_`), sliceText(dialect, column));
    });
    select.push(`${dialect.concat(parts)} AS __slice`);
  }
  return `SELECT ${select.join(', ')} FROM ${relationSql(dialect, input.source)} AS __src`;
}

/** A statement grouped into "All Examples" (`__k` = '') and one group per slice key. */
function grouped(dialect: Dialect, input: CompileInput, aggregates: readonly string[]): string {
  const from = `(${preparedSql(dialect, input)}) AS __t`;
  if (input.sliceBy.length === 0) return `SELECT '' AS __k, ${aggregates.join(', ')} FROM ${from}`;
  if (dialect.grouping === 'array-join') {
    return `SELECT __k, ${aggregates.join(', ')} FROM (SELECT *, ${repeatPerSlice} AS __k FROM ${from}) GROUP BY __k`;
  }
  return (
    `SELECT CASE WHEN GROUPING(__slice) = 1 THEN '' ELSE __slice END AS __k, ${aggregates.join(', ')} ` +
    `FROM ${from} GROUP BY GROUPING SETS ((), (__slice))`
  );
}

/** arrayJoin: every row once for "All Examples" and once more for its slice key (when it has one). */
const repeatPerSlice = "arrayJoin(if(isNull(__slice), [''], ['', assumeNotNull(__slice)]))";

/**
 * Statement 1: every single-pass aggregate of every column in one scan: counts, distinct
 * counts, NaN/infinity/zero counts, finite min/max, mean and population variance, byte
 * lengths, and the weighted sums.
 */
export function compileAggregates(dialect: Dialect, input: CompileInput): CompiledStatement {
  const d = dialect.double;
  const weighted = input.weightFeature !== undefined;
  const count = (cond: string) => d(`sum(CASE WHEN ${cond} THEN 1 ELSE 0 END)`);
  const weightWhere = (cond: string, w: string) => `sum(CASE WHEN ${cond} THEN ${w} ELSE 0 END)`;
  const aggs: string[] = [`${d('count(*)')} AS __rows`];
  if (weighted) aggs.push('sum(__w) AS __wsum', `${d('count(__w)')} AS __wcount`);
  input.columns.forEach((column, i) => {
    const c = `c${i}`;
    aggs.push(`${d(`count(${c})`)} AS a${i}_n`, `${d(`count(DISTINCT ${c})`)} AS a${i}_d`);
    if (weighted) aggs.push(`${weightWhere(`${c} IS NOT NULL`, '__w')} AS a${i}_wn`);
    if (column.kind === 'string') {
      const len = dialect.byteLength(c);
      aggs.push(
        `${d(`sum(${len})`)} AS a${i}_b`,
        `${d(`min(${len})`)} AS a${i}_bmin`,
        `${d(`max(${len})`)} AS a${i}_bmax`,
      );
      return;
    }
    const f = finiteRef(column, i);
    if (column.kind === 'float') {
      aggs.push(
        `${count(dialect.isNan(c))} AS a${i}_nan`,
        `${count(`${c} = ${dialect.positiveInfinity}`)} AS a${i}_pinf`,
        `${count(`${c} = ${dialect.negativeInfinity}`)} AS a${i}_ninf`,
      );
    }
    aggs.push(
      `${count(`${f} = 0`)} AS a${i}_z`,
      `${d(`count(${f})`)} AS a${i}_fn`,
      `min(${f}) AS a${i}_min`,
      `max(${f}) AS a${i}_max`,
      `avg(${f}) AS a${i}_avg`,
      `${dialect.varPop(f)} AS a${i}_var`,
    );
    if (weighted) {
      aggs.push(
        `${weightWhere(`${f} IS NOT NULL`, '__wp')} AS a${i}_ws0`,
        `sum(__wp * ${f}) AS a${i}_ws1`,
        `sum(__wp * ${f} * ${f}) AS a${i}_ws2`,
      );
      if (column.kind === 'float') {
        aggs.push(
          `${weightWhere(`${c} = ${dialect.positiveInfinity}`, '__wp')} AS a${i}_wpinf`,
          `${weightWhere(`${c} = ${dialect.negativeInfinity}`, '__wp')} AS a${i}_wninf`,
        );
      }
    }
  });
  return { purpose: 'aggregates', sql: grouped(dialect, input, aggs), scans: 1 };
}

/**
 * Statement 2: the frequency tables of the planned columns, grouped in one statement (GROUPING
 * SETS, one set per column and slice), with only the top values of string columns beyond the
 * exact range. Undefined when no column needs one.
 */
export function compileFrequencies(
  dialect: Dialect,
  input: CompileInput,
  plan: ColumnPlan,
): CompiledStatement | undefined {
  const columns = [...plan.exactValues, ...plan.topValuesOnly].sort((a, b) => a - b);
  if (columns.length === 0) return undefined;
  const weighted = input.weightFeature !== undefined;
  const sums = [`${dialect.double('count(*)')} AS n`, ...(weighted ? ['sum(__w) AS w', 'sum(__wp) AS wp'] : [])];
  const sliced = input.sliceBy.length > 0;
  const from = `(${preparedSql(dialect, input)}) AS __t`;
  if (dialect.grouping === 'array-join') {
    const rows = sliced ? `(SELECT *, ${repeatPerSlice} AS __k FROM ${from})` : `(SELECT *, '' AS __k FROM ${from})`;
    const branches = columns.map((i) => {
      const limit = plan.topValuesOnly.includes(i) ? ` ORDER BY n DESC, c${i} DESC LIMIT ${plan.topValues} BY __k` : '';
      return (
        `SELECT __k, toUInt32(${i}) AS __c, ${dialect.text(`c${i}`)} AS __v, ${sums.join(', ')} ` +
        `FROM ${rows} GROUP BY __k, c${i}${limit}`
      );
    });
    return { purpose: 'frequencies', sql: branches.join('\nUNION ALL\n'), scans: branches.length };
  }
  const sets = columns.map((i) => `(c${i})`);
  if (sliced) sets.push(...columns.map((i) => `(__slice, c${i})`));
  const key = sliced ? `CASE WHEN GROUPING(__slice) = 1 THEN '' ELSE __slice END` : `''`;
  const which = `CASE ${columns.map((i) => `WHEN GROUPING(c${i}) = 0 THEN ${i}`).join(' ')} END`;
  let sql =
    `SELECT ${key} AS __k, ${which} AS __c, ${columns.map((i) => `c${i} AS v${i}`).join(', ')}, ${sums.join(', ')} ` +
    `FROM ${from} GROUP BY GROUPING SETS (${sets.join(', ')})`;
  if (plan.topValuesOnly.length > 0) {
    const value =
      plan.topValuesOnly.length === 1
        ? `v${plan.topValuesOnly[0]}`
        : `COALESCE(${plan.topValuesOnly.map((i) => `v${i}`).join(', ')})`;
    sql =
      `SELECT * FROM (SELECT __g.*, row_number() OVER (PARTITION BY __k, __c ORDER BY CASE WHEN ${value} IS NULL THEN 1 ELSE 0 END, n DESC, ${dialect.binaryOrder(value)} DESC) AS __r ` +
      `FROM (${sql}) AS __g) AS __h WHERE __r <= ${plan.topValues} OR __c NOT IN (${plan.topValuesOnly.join(', ')})`;
  }
  return { purpose: 'frequencies', sql, scans: 1 };
}

/** Statement 3: quantile boundaries of the numeric columns beyond the exact range, in one scan. */
export function compileQuantiles(
  dialect: Dialect,
  input: CompileInput,
  plan: ColumnPlan,
): CompiledStatement | undefined {
  if (plan.quantiles.length === 0) return undefined;
  const aggs = plan.quantiles.map(
    (i) => `${dialect.quantiles(finiteRef(input.columns[i]!, i), dialect.quantileCount)} AS q${i}`,
  );
  return { purpose: 'quantiles', sql: grouped(dialect, input, aggs), scans: 1 };
}
