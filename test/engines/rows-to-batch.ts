import { recordBatchFromPlainColumns } from '../../src/stats/index.js';
import type { LoadedRows } from './load-table.js';

/** Rows back into one record batch with the same column types, for in-process statistics of a subset. */
export function recordBatchFromRows(data: LoadedRows, rows: LoadedRows['rows']) {
  return recordBatchFromPlainColumns(
    data.columns.map((c, i) => ({
      name: c.name,
      type: c.kind === 'int' ? 'int' : c.kind === 'float' ? 'float' : 'string',
      values: rows.map((r) => (r[i] === null ? null : c.kind === 'string' ? String(r[i]) : Number(r[i]))),
    })),
    rows.length,
  );
}
