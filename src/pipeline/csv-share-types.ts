import { scanCsvFileTypes, widerCsvTypes } from '../io/csv-reader.js';
import type { StatisticsWorkerInput, StatisticsWorkUnit } from './accumulate-units.js';

/**
 * The CSV types threads that share one input agree on before reading it (computeStatistics): each
 * scans its share, and all read with the column-wise widest types of all shares.
 */

/** The types the type scan finds in a share's CSV ranges (column-wise widest over them). */
export async function scanShare(units: readonly StatisticsWorkUnit[], read: StatisticsWorkerInput['readOptions']) {
  let types: number[] | undefined;
  for (const unit of units) {
    const found = await scanCsvFileTypes(unit.file, { ...read, ...(unit.csvRange ? { csvRange: unit.csvRange } : {}) });
    types = types ? widerCsvTypes(types, found) : found;
  }
  return types ?? [];
}

/** `units` with the whole input's CSV types, so that their reads skip the type scan. */
export function withCsvTypes(units: readonly StatisticsWorkUnit[], types: readonly number[]): StatisticsWorkUnit[] {
  return units.map((u) =>
    u.csvRange ? { ...u, csvRange: { start: u.csvRange.start, end: u.csvRange.end, types } } : u,
  );
}
