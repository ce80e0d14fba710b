import { type Dialect, doubleQuoted, kindByPattern, quantileFractions, singleQuoted } from '../dialect.js';

/** Snowflake (compiled only). APPROX_PERCENTILE takes one fraction per call, so fewer boundaries. */
export const snowflake: Dialect = {
  name: 'snowflake',
  title: 'Snowflake',
  grouping: 'grouping-sets',
  quantileCount: 100,
  quantileNote: '`APPROX_PERCENTILE` (t-digest), 101 boundaries: rank error up to 1/200 plus the digest error',
  quote: doubleQuoted,
  literal: singleQuoted,
  double: (e) => `CAST(${e} AS DOUBLE)`,
  text: (e) => `CAST(${e} AS VARCHAR)`,
  concat: (parts) => parts.join(' || '),
  isNan: (e) => `(${e} = 'NaN'::DOUBLE)`,
  isFinite: (e) => `${e} NOT IN ('NaN'::DOUBLE, 'inf'::DOUBLE, '-inf'::DOUBLE)`,
  positiveInfinity: "'inf'::DOUBLE",
  negativeInfinity: "'-inf'::DOUBLE",
  byteLength: (e) => `OCTET_LENGTH(${e})`,
  varPop: (e) => `VAR_POP(${e})`,
  quantiles: (e, k) =>
    `ARRAY_CONSTRUCT(${quantileFractions(k)
      .map((f) => `APPROX_PERCENTILE(${e}, ${f})`)
      .join(', ')})`,
  binaryOrder: (e) => `COLLATE(${e}, 'utf8')`,
  columnKind: (type) =>
    kindByPattern(type.toUpperCase(), [
      [/^NUMBER\(\d+,\s*0\)$|^(INT|INTEGER|BIGINT|SMALLINT|TINYINT|BYTEINT)$/, 'int'],
      [/^(NUMBER\(.*\)|DECIMAL.*|FLOAT.*|DOUBLE.*|REAL)$/, 'float'],
      [/^(VARCHAR.*|TEXT|STRING|CHAR.*)$/, 'string'],
      [/^BOOLEAN$/, 'bool'],
    ]),
};
