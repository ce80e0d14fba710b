import { createHash } from 'node:crypto';
import { isDatavetError, UsageError } from '../_util/errors.js';
import { StatisticsAccumulator, type StatisticsAccumulatorState, type StatisticsOptions } from '../stats/index.js';
import { resolveStatisticsOptions } from '../stats/statistics-options.js';
import type { DatasetFeatureStatisticsList } from '../tfmd/types.js';
import { DEFAULT_SLICE_NAME } from '../tfmd/vocabulary.js';
import {
  type ColumnPlan,
  type CompiledStatement,
  type CompileInput,
  compileAggregates,
  compileFrequencies,
  compileQuantiles,
  type EngineSource,
  relationSql,
} from './compile-statistics.js';
import { maskConnectionUrl, maskSecret, parseConnectionUrl } from './connection-url.js';
import type { Dialect, EngineColumn, EngineConnection, EngineResult } from './dialect.js';
import { DIALECTS, LIVE_ENGINES } from './dialect-registry.js';
import { EngineError } from './engine-error.js';
import { type EngineRows, partialStateFromRows, type UnmergeableField } from './partial-state.js';

/** What to compute where: an engine, how to reach it, the rows and the statistics options. */
export interface EngineStatisticsRequest {
  /** A live engine: `duckdb`, `postgres` or `clickhouse`. */
  readonly engine: string;
  /** `duckdb:FILE` (or `duckdb::memory:`), `postgres://user:pass@host:5432/db`, `clickhouse://user:pass@host:8123/db`. */
  readonly connection: string;
  readonly source: EngineSource;
  readonly statistics?: StatisticsOptions;
  /**
   * Numeric columns with at most this many distinct values send their whole value table (exact
   * quantiles and histograms, as in process, where the sketch stays exact up to tens of thousands
   * of distinct values); beyond it, quantile boundaries. Default 16,384.
   */
  readonly maxExactNumericDistinct?: number;
}

const DEFAULT_MAX_EXACT_NUMERIC_DISTINCT = 16_384;

/** Where engine statistics came from, recorded in the partial file and in lineage (URL masked). */
export interface EngineProvenance {
  readonly engine: string;
  readonly connection: string;
  readonly table?: string;
  readonly query?: string;
  readonly rows: number;
  /** Scans of the relation this run made. */
  readonly scans: number;
  /** Row count and a digest of the aggregates (a cheap checksum of the data) and of the query text. */
  readonly fingerprint: string;
  /** Exact engine results the partial state cannot carry mergeably: `datavet merge` refuses to fold these. */
  readonly unmergeable: readonly UnmergeableField[];
}

/** A partial-statistics state written by an engine: the usual state plus its provenance. */
export type EnginePartialState = StatisticsAccumulatorState & { readonly engine: EngineProvenance };

/** The result of {@link computeStatisticsInEngine}. */
export interface EngineStatistics {
  /** TFDV's statistics, as `datavet stats` computes them in process. */
  readonly statistics: DatasetFeatureStatisticsList;
  /** The mergeable partial state (what `datavet stats --partial` writes). */
  readonly partial: EnginePartialState;
  readonly provenance: EngineProvenance;
  readonly statements: readonly CompiledStatement[];
  readonly columns: readonly EngineColumn[];
}

/** The dialect of a live engine, or a usage error listing them. */
export function liveDialect(engine: string): Dialect {
  const dialect = Object.hasOwn(DIALECTS, engine) ? DIALECTS[engine] : undefined;
  if (dialect?.connect === undefined) {
    throw new UsageError(`unknown engine '${engine}'`, {
      hint: `live engines: ${LIVE_ENGINES.join(', ')}${dialect ? ` (${engine} SQL can be compiled but not run here)` : ''}`,
    });
  }
  return dialect;
}

function describeSource(source: EngineSource): string {
  return source.table !== undefined ? `table ${source.table}` : 'query';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Maps the columns to statistics kinds (timestamps and dates: INT counts since 1970 in the type's
 * unit); an unsupported type is an error naming every such column.
 */
export function engineColumns(
  dialect: Dialect,
  source: EngineSource,
  described: readonly { name: string; type: string }[],
): EngineColumn[] {
  const columns: EngineColumn[] = [];
  const unsupported: string[] = [];
  let first: string | undefined;
  for (const { name, type } of described) {
    const time = dialect.timeType?.(type);
    const kind = time !== undefined ? 'int' : dialect.columnKind(type);
    if (kind === undefined) {
      unsupported.push(`'${name}' (${type})`);
      first ??= name;
    } else columns.push(time !== undefined ? { name, type, kind, timeFormat: time.format } : { name, type, kind });
  }
  if (first !== undefined) {
    throw new EngineError(
      'ENGINE_COLUMN_TYPE',
      `${dialect.name}: ${describeSource(source)} has column${unsupported.length > 1 ? 's' : ''} of a type datavet has no statistics for: ${unsupported.join(', ')}`,
      {
        location: { feature: first },
        hint: `${dialect.timeType ? 'numbers, strings, booleans, timestamps and dates' : 'numbers, strings and booleans'} are supported: leave the others out (or cast them) with --query "SELECT ... FROM ..."`,
      },
    );
  }
  return columns;
}

/** Categorical numbers and images change which statistics a column gets: not compiled to SQL yet. */
function checkSchema(options: StatisticsOptions, columns: readonly EngineColumn[], engine: string): void {
  for (const f of options.schema?.feature ?? []) {
    const column = columns.find((c) => c.name === f.name);
    if (!column) continue;
    const steered =
      f.imageDomain !== undefined ||
      (column.kind !== 'string' &&
        (f.intDomain?.isCategorical === true ||
          f.floatDomain?.isCategorical === true ||
          f.boolDomain !== undefined ||
          f.naturalLanguageDomain !== undefined));
    if (steered) {
      throw new UsageError(
        `${engine}: the schema makes '${column.name}' categorical (or bytes), which engines do not compute yet`,
        {
          location: { feature: column.name },
          hint: 'cast the column to text in --query, or compute these statistics from files',
        },
      );
    }
  }
}

/** Plan of statements 2 and 3 from the distinct counts of "All Examples". */
function planColumns(
  columns: readonly EngineColumn[],
  aggregates: EngineResult,
  maxExactDistinct: number,
  maxExactNumericDistinct: number,
  topValues: number,
): ColumnPlan {
  const key = aggregates.columns.findIndex((c) => c.toLowerCase() === '__k');
  const all = aggregates.rows.find((r) => r[key] === '');
  const exactValues: number[] = [];
  const topValuesOnly: number[] = [];
  const quantiles: number[] = [];
  columns.forEach((column, i) => {
    const d = Number(all?.[aggregates.columns.findIndex((c) => c.toLowerCase() === `a${i}_d`)] ?? 0);
    if (d <= (column.kind === 'string' ? maxExactDistinct : maxExactNumericDistinct)) exactValues.push(i);
    else if (column.kind === 'string') topValuesOnly.push(i);
    else quantiles.push(i);
  });
  return { exactValues, topValuesOnly, quantiles, topValues };
}

/** The statistics with the engine's exact distinct counts written in where the state could not carry them. */
export function applyExactUniques(
  statistics: DatasetFeatureStatisticsList,
  unmergeable: readonly UnmergeableField[],
): DatasetFeatureStatisticsList {
  for (const u of unmergeable) {
    if (u.field !== 'unique' || u.value === undefined) continue;
    const dataset = statistics.datasets?.find((d) => d.name === u.dataset);
    const feature = dataset?.features?.find((f) => f.path?.step?.length === 1 && f.path.step[0] === u.feature);
    if (feature?.stringStats) feature.stringStats.unique = u.value;
  }
  return statistics;
}

/**
 * Computes TFDV's statistics of a table or query inside a SQL engine: one scan for every
 * single-pass aggregate, one for the frequency tables, one for quantiles beyond the exact range
 * (slices as GROUPING SETS in each). The rows become a partial-statistics state, mergeable with
 * partials computed in process.
 */
export async function computeStatisticsInEngine(request: EngineStatisticsRequest): Promise<EngineStatistics> {
  const dialect = liveDialect(request.engine);
  const url = parseConnectionUrl(request.connection);
  const options = request.statistics ?? {};
  const stateOptions = new StatisticsAccumulator(options).toState().options;
  const resolved = resolveStatisticsOptions(options);
  const source = request.source;
  const what = describeSource(source);
  const connection: EngineConnection = await dialect.connect!(url);
  const failed = (error: unknown, doing: string): never => {
    if (isDatavetError(error)) throw error;
    throw new EngineError(
      'ENGINE_QUERY',
      `${dialect.name}: ${doing} ${what} failed: ${maskSecret(messageOf(error), url.password)}`,
      {
        hint: source.table !== undefined ? 'check --table (name, schema, permissions)' : 'check the SQL of --query',
      },
    );
  };
  try {
    let described: readonly { name: string; type: string }[] = [];
    try {
      described = await connection.describe(relationSql(dialect, source));
    } catch (error) {
      failed(error, 'reading the columns of the');
    }
    const columns = engineColumns(dialect, source, described);
    checkSchema(options, columns, dialect.name);
    const input: CompileInput = {
      source,
      columns,
      weightFeature: options.weightFeature,
      sliceBy: options.sliceBy ?? [],
    };
    const statements: CompiledStatement[] = [];
    const run = async (statement: CompiledStatement | undefined): Promise<EngineResult | undefined> => {
      if (!statement) return undefined;
      statements.push(statement);
      try {
        return await connection.query(statement.sql);
      } catch (error) {
        return failed(error, `computing the ${statement.purpose} of the`);
      }
    };
    const aggregates = (await run(compileAggregates(dialect, input)))!;
    checkWeights(dialect.name, aggregates, options.weightFeature);
    const plan = planColumns(
      columns,
      aggregates,
      resolved.maxExactDistinct,
      request.maxExactNumericDistinct ?? DEFAULT_MAX_EXACT_NUMERIC_DISTINCT,
      Math.max(resolved.numTopValues, resolved.numRankHistogramBuckets),
    );
    const rows: EngineRows = {
      aggregates,
      frequencies: await run(compileFrequencies(dialect, input, plan)),
      quantiles: await run(compileQuantiles(dialect, input, plan)),
    };
    const { state, unmergeable } = partialStateFromRows(stateOptions, columns, plan, rows);
    const all = state.datasets.find((d) => d.name === DEFAULT_SLICE_NAME);
    const provenance: EngineProvenance = {
      engine: dialect.name,
      connection: maskConnectionUrl(request.connection),
      ...(source.table !== undefined ? { table: source.table } : { query: source.query }),
      rows: all?.numExamples ?? 0,
      scans: statements.reduce((n, s) => n + s.scans, 0),
      fingerprint: fingerprintOf(dialect.name, source, aggregates),
      unmergeable,
    };
    const statistics = applyExactUniques(StatisticsAccumulator.fromState(state).finish(), unmergeable);
    return { statistics, partial: { ...state, engine: provenance }, provenance, statements, columns };
  } finally {
    await connection.close().catch(() => {});
  }
}

/** TFDV requires exactly one weight per example: a missing weight is bad input, as in process. */
function checkWeights(engine: string, aggregates: EngineResult, weight: string | undefined): void {
  if (weight === undefined) return;
  const at = (name: string) => aggregates.columns.findIndex((c) => c.toLowerCase() === name);
  for (const row of aggregates.rows) {
    if (row[at('__k')] !== '') continue;
    if (Number(row[at('__wcount')]) !== Number(row[at('__rows')])) {
      throw new EngineError(
        'STATS_WEIGHT_INVALID',
        `${engine}: weight feature '${weight}' must have exactly one value in every example`,
        {
          location: { feature: weight },
        },
      );
    }
  }
}

/** `rows:<n>;sha256:<digest of the engine, the relation or query, and the aggregate rows>`. */
function fingerprintOf(engine: string, source: EngineSource, aggregates: EngineResult): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify([engine, source.table ?? null, source.query ?? null]));
  hash.update(
    JSON.stringify(aggregates.rows, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)),
  );
  const rowsAt = aggregates.columns.findIndex((c) => c.toLowerCase() === '__rows');
  const keyAt = aggregates.columns.findIndex((c) => c.toLowerCase() === '__k');
  const rows = aggregates.rows.find((r) => r[keyAt] === '')?.[rowsAt] ?? 0;
  return `rows:${rows};sha256:${hash.digest('hex')}`;
}

/**
 * What `datavet merge` must know of the partials it folds: engine results a partial cannot carry
 * mergeably. Merging several partials when any has such a field is an error naming the feature;
 * a single partial is finished with the engine's exact values.
 */
export function checkEnginePartials(
  partials: readonly {
    file: string;
    state: { engine?: { engine?: string; unmergeable?: readonly UnmergeableField[] } };
  }[],
): UnmergeableField[] {
  const notes = partials.flatMap((p) =>
    (p.state.engine?.unmergeable ?? []).map((u) => ({ ...u, file: p.file, engine: p.state.engine?.engine })),
  );
  const first = notes[0];
  if (partials.length > 1 && first !== undefined) {
    const what =
      first.field === 'unique'
        ? `${first.value} distinct values counted exactly by ${first.engine}, beyond the exact range (a partial carries at most maxExactDistinct values)`
        : `weighted quantiles that ${first.engine} did not compute beyond the exact range`;
    throw new EngineError(
      'ENGINE_UNMERGEABLE',
      `cannot merge ${first.file}: feature '${first.feature}' (${first.dataset}) has ${what}`,
      {
        location: { file: first.file, feature: first.feature },
        hint: `compute the union in one engine run, or raise maxExactDistinct above ${first.value ?? 'the distinct count'}${notes.length > 1 ? ` (${notes.length} such fields)` : ''}`,
      },
    );
  }
  return notes;
}

/**
 * A cache key of a table or query without computing its statistics: the row count (one cheap
 * query) and a digest of the engine, the masked connection and the table name or query text.
 * A table rewritten with as many rows keeps its key; the statistics artifact records the digest
 * of the aggregates, which does change.
 */
export async function fingerprintEngineSource(request: Omit<EngineStatisticsRequest, 'statistics'>): Promise<{
  fingerprint: string;
  rows: number;
}> {
  const dialect = liveDialect(request.engine);
  const url = parseConnectionUrl(request.connection);
  const connection = await dialect.connect!(url);
  try {
    let rows = 0;
    try {
      const result = await connection.query(
        `SELECT ${dialect.double('count(*)')} AS n FROM ${relationSql(dialect, request.source)} AS __f`,
      );
      rows = Number(result.rows[0]?.[0] ?? 0);
    } catch (error) {
      throw new EngineError(
        'ENGINE_QUERY',
        `${dialect.name}: counting the rows of the ${describeSource(request.source)} failed: ${maskSecret(messageOf(error), url.password)}`,
      );
    }
    const digest = createHash('sha256')
      .update(
        JSON.stringify([
          dialect.name,
          maskConnectionUrl(request.connection),
          request.source.table ?? null,
          request.source.query ?? null,
        ]),
      )
      .digest('hex');
    return { fingerprint: `rows:${rows};source:${digest}`, rows };
  } finally {
    await connection.close().catch(() => {});
  }
}
