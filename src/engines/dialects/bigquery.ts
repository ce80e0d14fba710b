import { backQuoted, type Dialect, kindByPattern, singleQuoted } from '../dialect.js';

/** BigQuery (compiled only). */
export const bigquery: Dialect = {
  name: 'bigquery',
  title: 'BigQuery',
  grouping: 'grouping-sets',
  quantileCount: 1000,
  quantileNote: '`APPROX_QUANTILES(x, 1000)` (KLL-like sketch): rank error about 1/1000 per documented accuracy',
  quote: backQuoted,
  literal: singleQuoted,
  double: (e) => `CAST(${e} AS FLOAT64)`,
  text: (e) => `CAST(${e} AS STRING)`,
  concat: (parts) => `CONCAT(${parts.join(', ')})`,
  isNan: (e) => `IS_NAN(${e})`,
  isFinite: (e) => `NOT IS_INF(${e}) AND NOT IS_NAN(${e})`,
  positiveInfinity: "CAST('inf' AS FLOAT64)",
  negativeInfinity: "CAST('-inf' AS FLOAT64)",
  byteLength: (e) => `BYTE_LENGTH(${e})`,
  varPop: (e) => `VAR_POP(${e})`,
  // APPROX_QUANTILES(x, K) returns the K + 1 boundaries j / K directly.
  quantiles: (e, k) => `APPROX_QUANTILES(${e}, ${k})`,
  binaryOrder: (e) => `CAST(${e} AS BYTES)`,
  columnKind: (type) =>
    kindByPattern(type.toUpperCase(), [
      [/^(INT64|INTEGER|INT|SMALLINT|BIGINT|TINYINT|BYTEINT)$/, 'int'],
      [/^(FLOAT64|NUMERIC|BIGNUMERIC|DECIMAL|BIGDECIMAL)$/, 'float'],
      [/^STRING$/, 'string'],
      [/^BOOL(EAN)?$/, 'bool'],
    ]),
};
