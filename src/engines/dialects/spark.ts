import { backQuoted, type Dialect, kindByPattern, quantileFractions, singleQuoted } from '../dialect.js';

/** Spark SQL and Databricks (compiled only). */
export const spark: Dialect = {
  name: 'spark',
  title: 'Spark SQL/Databricks',
  grouping: 'grouping-sets',
  quantileCount: 1000,
  quantileNote: '`percentile_approx(x, array(...), 10000)` (Greenwald-Khanna): rank error up to 1/10000',
  quote: backQuoted,
  literal: singleQuoted,
  double: (e) => `CAST(${e} AS DOUBLE)`,
  text: (e) => `CAST(${e} AS STRING)`,
  concat: (parts) => `concat(${parts.join(', ')})`,
  isNan: (e) => `isnan(${e})`,
  isFinite: (e) => `(NOT isnan(${e}) AND abs(${e}) != double('inf'))`,
  positiveInfinity: "double('inf')",
  negativeInfinity: "double('-inf')",
  byteLength: (e) => `octet_length(${e})`,
  varPop: (e) => `var_pop(${e})`,
  quantiles: (e, k) => `percentile_approx(${e}, array(${quantileFractions(k).join(', ')}), 10000)`,
  binaryOrder: (e) => `CAST(${e} AS BINARY)`,
  columnKind: (type) =>
    kindByPattern(type.toLowerCase(), [
      [/^(tinyint|smallint|int|integer|bigint|byte|short|long)$/, 'int'],
      [/^(float|double|real|decimal.*)$/, 'float'],
      [/^(string|varchar.*|char.*)$/, 'string'],
      [/^boolean$/, 'bool'],
    ]),
};
