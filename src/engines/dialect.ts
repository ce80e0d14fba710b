import type { IntegerTimeFormat } from '../tfmd/types.js';
import type { ConnectionUrl } from './connection-url.js';

/** What datavet computes a column as: the leaf kinds of its statistics. */
export type EngineColumnKind = 'int' | 'float' | 'string' | 'bool';

/** A column of the table or query, with the engine's type name and the kind it maps to. */
export interface EngineColumn {
  readonly name: string;
  readonly type: string;
  readonly kind: EngineColumnKind;
  /**
   * Timestamp and date columns (kind `int`): the unit their values are counted in since 1970, as
   * datavet counts Arrow Timestamp and Date values; the statistics carry it as TFDV's `domain_info`.
   */
  readonly timeFormat?: IntegerTimeFormat;
}

/** How an engine's timestamp or date type becomes an INT feature. */
export interface TimeType {
  /** The unit of the count: the finest the type holds, as an export of the column to Arrow has it. */
  readonly format: IntegerTimeFormat;
  /** SQL of the count of `format` units since 1970-01-01 00:00 (UTC for zoned types), an integer. */
  count(expr: string): string;
}

/** One value of a result row, as the drivers hand it over (numbers are JavaScript doubles). */
export type EngineValue = number | string | null | readonly EngineValue[];

/** Rows of one statement, values in column order. */
export interface EngineResult {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly EngineValue[])[];
}

/** A live session with an engine. */
export interface EngineConnection {
  /** Runs one statement. */
  query(sql: string): Promise<EngineResult>;
  /** Column names and engine type names of a relation (SQL that can follow FROM). */
  describe(relation: string): Promise<readonly { name: string; type: string }[]>;
  close(): Promise<void>;
}

/**
 * How one engine spells what the statistics compiler needs. A dialect is one file under
 * `dialects/` plus one row in `dialect-registry.ts`; dialects with `connect` run live, the others
 * are compiled (and pinned by golden files) for users to run themselves.
 */
export interface Dialect {
  /** Registry key and `--engine` choice. */
  readonly name: string;
  /** The engine's own name, for messages and docs. */
  readonly title: string;
  /**
   * `grouping-sets`: slices and frequency tables as GROUPING SETS with GROUPING();
   * `array-join`: each row repeated once per slice key with arrayJoin (engines without GROUPING SETS).
   */
  readonly grouping: 'grouping-sets' | 'array-join';
  /** Quantile boundaries fetched per column beyond the exact range (K + 1 boundaries at j / K). */
  readonly quantileCount: number;
  /** The quantile function used and its error, for docs/engines.md. */
  readonly quantileNote: string;
  quote(identifier: string): string;
  literal(text: string): string;
  double(expr: string): string;
  text(expr: string): string;
  concat(parts: readonly string[]): string;
  isNan(expr: string): string;
  isFinite(expr: string): string;
  readonly positiveInfinity: string;
  readonly negativeInfinity: string;
  byteLength(expr: string): string;
  varPop(expr: string): string;
  /** K + 1 quantile boundaries (fractions j / K) of a double column, as one array value. */
  quantiles(expr: string, k: number): string;
  /** Orders text by bytes (collations would otherwise break TFDV's value-descending tie order). */
  binaryOrder(expr: string): string;
  /** The kind of an engine type name, or undefined when datavet has no statistics for it. */
  columnKind(type: string): EngineColumnKind | undefined;
  /**
   * The timestamp and date types, counted as INT since 1970 (undefined for any other type). Absent
   * in dialects whose time types are not mapped yet: their time columns are refused.
   */
  timeType?(type: string): TimeType | undefined;
  /** Present for engines tested live here. */
  connect?(url: ConnectionUrl): Promise<EngineConnection>;
}

/** Boundaries j / K for j = 0..K, written as SQL numbers. */
export function quantileFractions(k: number): string[] {
  return Array.from({ length: k + 1 }, (_, j) => String(j / k));
}

/** Double-quoted identifier with doubled quotes (standard SQL). */
export function doubleQuoted(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

/** Back-quoted identifier (BigQuery, Spark, ClickHouse). */
export function backQuoted(identifier: string): string {
  return `\`${identifier.replaceAll('\\', '\\\\').replaceAll('`', '\\`')}\``;
}

/** Single-quoted string literal with doubled quotes. */
export function singleQuoted(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** Type kind (or time type) of the first pattern a type name matches, for the common SQL type vocabulary. */
export function kindByPattern<T = EngineColumnKind>(
  type: string,
  patterns: readonly (readonly [RegExp, T])[],
): T | undefined {
  for (const [pattern, kind] of patterns) if (pattern.test(type)) return kind;
  return undefined;
}
