import { scanCsvFileTypes, widerCsvTypes } from '../io/csv-reader.js';
import type { StatisticsWorkerInput, StatisticsWorkUnit } from './accumulate-units.js';

/**
 * The CSV types threads that share one input agree on before reading it (computeStatistics): the
 * type scan of the input is cut into pieces at record starts, which the threads take one at a
 * time from a shared counter until none is left, and all read with the column-wise widest types
 * of all pieces. The scan only ever widens a type, so this is what one scan of the input finds,
 * whichever thread scans which piece; taking pieces as they go means that a thread that started
 * late (a worker loading its code) scans less, and none waits long for the others.
 */

/** The pieces of a shared type scan, and the counter (in shared memory) of the next piece to take. */
export interface CsvTypeScan {
  readonly pieces: readonly StatisticsWorkUnit[];
  /** One Int32 on a SharedArrayBuffer, seen by every thread. */
  readonly next: Int32Array;
}

/** A shared type scan of `pieces`, none taken yet. */
export function csvTypeScan(pieces: readonly StatisticsWorkUnit[]): CsvTypeScan {
  return { pieces, next: new Int32Array(new SharedArrayBuffer(4)) };
}

/**
 * The types the type scan finds in the pieces this thread takes (column-wise widest over them),
 * or an empty list when the other threads took them all.
 */
export async function scanPieces(scan: CsvTypeScan, read: StatisticsWorkerInput['readOptions']): Promise<number[]> {
  let types: number[] | undefined;
  for (let k = Atomics.add(scan.next, 0, 1); k < scan.pieces.length; k = Atomics.add(scan.next, 0, 1)) {
    const piece = scan.pieces[k]!;
    const found = await scanCsvFileTypes(piece.file, {
      ...read,
      ...(piece.csvRange ? { csvRange: { start: piece.csvRange.start, end: piece.csvRange.end } } : {}),
    });
    types = types ? widerCsvTypes(types, found) : found;
  }
  return types ?? [];
}

/** The column-wise widest of the threads' scan results (an empty one: a thread that scanned nothing). */
export function widestCsvTypes(found: readonly (readonly number[])[]): number[] {
  const scanned = found.filter((t) => t.length > 0);
  return scanned.reduce<number[]>((a, b) => (a.length === 0 ? [...b] : widerCsvTypes(a, b)), []);
}

/** `units` with the whole input's CSV types, so that their reads skip the type scan. */
export function withCsvTypes(units: readonly StatisticsWorkUnit[], types: readonly number[]): StatisticsWorkUnit[] {
  return units.map((u) =>
    u.csvRange ? { ...u, csvRange: { start: u.csvRange.start, end: u.csvRange.end, types } } : u,
  );
}
