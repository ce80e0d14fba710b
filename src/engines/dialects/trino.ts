import { type Dialect, doubleQuoted, kindByPattern, quantileFractions, singleQuoted } from '../dialect.js';

/** Trino and Presto (compiled only). */
export const trino: Dialect = {
  name: 'trino',
  title: 'Trino/Presto',
  grouping: 'grouping-sets',
  quantileCount: 1000,
  quantileNote: '`approx_percentile(x, ARRAY[...])` (q-digest, accuracy 0.01 by default): rank error up to 1%',
  quote: doubleQuoted,
  literal: singleQuoted,
  double: (e) => `CAST(${e} AS DOUBLE)`,
  text: (e) => `CAST(${e} AS VARCHAR)`,
  concat: (parts) => parts.join(' || '),
  isNan: (e) => `is_nan(${e})`,
  isFinite: (e) => `is_finite(${e})`,
  positiveInfinity: 'infinity()',
  negativeInfinity: '-infinity()',
  byteLength: (e) => `length(to_utf8(${e}))`,
  varPop: (e) => `var_pop(${e})`,
  quantiles: (e, k) => `approx_percentile(${e}, ARRAY[${quantileFractions(k).join(', ')}])`,
  binaryOrder: (e) => `to_utf8(${e})`,
  columnKind: (type) =>
    kindByPattern(type.toLowerCase(), [
      [/^(tinyint|smallint|integer|bigint)$/, 'int'],
      [/^(real|double|decimal.*)$/, 'float'],
      [/^(varchar.*|char.*)$/, 'string'],
      [/^boolean$/, 'bool'],
    ]),
};
