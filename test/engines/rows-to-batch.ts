import { recordBatchFromPlainColumns } from '../../src/stats/index.js';
import type { LoadedKind, LoadedRows } from './load-table.js';

/** Plain columns have no time types: a timestamp as a bare INT would lose its unit. */
function plainType(kind: LoadedKind): 'int' | 'float' | 'string' {
  if (kind === 'timestamp' || kind === 'date') throw new Error(`rows-to-batch: ${kind} columns are not plain columns`);
  return kind;
}

/** Rows back into one record batch with the same column types, for in-process statistics of a subset. */
export function recordBatchFromRows(data: LoadedRows, rows: LoadedRows['rows']) {
  return recordBatchFromPlainColumns(
    data.columns.map((c, i) => ({
      name: c.name,
      type: plainType(c.kind),
      values: rows.map((r) => (r[i] === null ? null : c.kind === 'string' ? String(r[i]) : Number(r[i]))),
    })),
    rows.length,
  );
}
