import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Papa from 'papaparse';
import {
  type CheckSet,
  checkPlan,
  type EvaluateChecksInput,
  evaluateChecks,
  parseChecks,
} from '../../src/checks/index.js';
import { computeStatisticsAndChecks } from '../../src/pipeline/parallel-statistics.js';

/**
 * Known answers for the checks tests, computed apart from datavet's readers and check engine:
 * the bundled CSV parsed by papaparse into strings, rows numbered from 1 after the header, and
 * the conditions written as plain JavaScript over those strings.
 */
export const datasetsDir = resolve(import.meta.dirname, '..', '..', 'datasets');

export type CsvRow = Readonly<Record<string, string>>;

export function csvRows(relative: string): CsvRow[] {
  const text = readFileSync(resolve(datasetsDir, relative), 'utf8');
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  return parsed.data;
}

/** A cell as a number, or null when empty (or one of `nulls`). */
export function num(row: CsvRow, column: string, nulls: readonly string[] = ['']): number | null {
  const v = row[column];
  return v === undefined || nulls.includes(v) ? null : Number(v);
}

/** The 1-based row numbers where `fails` holds. */
export function failingRows(rows: readonly CsvRow[], fails: (row: CsvRow) => boolean): number[] {
  const out: number[] = [];
  rows.forEach((row, i) => {
    if (fails(row)) out.push(i + 1);
  });
  return out;
}

/** Runs `checks` (YAML text) over `files` in one statistics pass and evaluates them. */
export async function runChecks(
  checks: string,
  files: readonly string[],
  options: {
    jobs?: number;
    nullValues?: readonly string[];
    evaluate?: Omit<EvaluateChecksInput, 'measurements' | 'statistics'>;
  } = {},
) {
  const set: CheckSet = parseChecks(checks, 'checks.yaml');
  const { statistics, checks: acc } = await computeStatisticsAndChecks(
    files.map((f) => resolve(datasetsDir, f)),
    {
      checks: checkPlan(set),
      jobs: options.jobs ?? 1,
      ...(options.nullValues ? { read: { nullValues: options.nullValues } } : {}),
    },
  );
  const stats = statistics.finish().datasets![0]!;
  const results = evaluateChecks(set, { measurements: acc!.finish(), statistics: stats, ...options.evaluate });
  return { results, byName: new Map(results.map((r) => [r.name, r])), statistics: stats };
}
