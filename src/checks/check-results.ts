import { UsageError } from '../_util/errors.js';
import type { Anomalies, AnomalyInfo, DatasetFeatureStatistics } from '../tfmd/types.js';
import { maxSeverity } from '../tfmd/vocabulary.js';
import type { CheckMeasurements, ExampleRow } from './check-accumulator.js';
import { type CheckDefinition, type CheckSet, type CheckSeverity, checksInEnvironment } from './check-definition.js';
import { type ColumnTypes, compileChecks } from './compile-checks.js';
import type { Reading } from './compile-dataset.js';

/** The outcome of one check. */
export interface CheckResult {
  readonly name: string;
  readonly kind: CheckDefinition['kind'];
  readonly severity: CheckSeverity;
  /** The check as written: its condition, or `unique(a, b)`. */
  readonly check: string;
  /** `skipped`: not run in this environment, or a change check without previous statistics. */
  readonly status: 'pass' | 'fail' | 'skipped';
  /** Why a check was skipped, or why it could not be evaluated (then it fails). */
  readonly reason?: string;
  readonly description?: string;
  /** Row checks: rows evaluated and failing (for unique: rows repeating an earlier row's key). */
  readonly evaluated?: number;
  readonly failing?: number;
  readonly failingFraction?: number;
  readonly mostly?: number;
  /** The metrics a dataset check read. */
  readonly readings?: readonly Reading[];
  /** Set when a count is a sketch's estimate: its relative standard error. */
  readonly relativeError?: number;
  /** The column the anomaly is reported under (absent: the dataset). */
  readonly feature?: string;
  readonly examples: readonly ExampleRow[];
}

/** What checks are evaluated with. */
export interface EvaluateChecksInput {
  /** The measurements of the pass over the data (needed by row and unique checks, and data metrics). */
  readonly measurements?: CheckMeasurements;
  /** The statistics of the data (dataset checks). */
  readonly statistics?: DatasetFeatureStatistics;
  /** The previous span's (or a baseline's) statistics, for previous() and change(). */
  readonly previous?: DatasetFeatureStatistics;
  /** Column types, when there are no measurements (from the schema). */
  readonly types?: ColumnTypes;
  /** The environment the data is validated in: checks of other environments are skipped. */
  readonly environment?: string;
  /** Seconds since the epoch (default: now), for freshness. */
  readonly now?: number;
}

/**
 * Evaluates every check of `set`: row and unique checks from the pass's measurements (their
 * `mostly` applied), dataset checks on the statistics and the data metrics.
 * @throws UsageError when row checks are given no measurements (they need the data).
 */
export function evaluateChecks(set: CheckSet, input: EvaluateChecksInput): CheckResult[] {
  const types = input.measurements?.types.size ? input.measurements.types : (input.types ?? new Map());
  // Only the checks of this environment are compiled: the others may name columns it lacks.
  const compiled = compileChecks(checksInEnvironment(set, input.environment), types);
  const m = input.measurements;
  const needsData = set.checks.filter((c) => c.kind !== 'dataset' && inEnvironment(c, input.environment));
  if (!m && needsData.length > 0) {
    throw new UsageError(
      `check '${needsData[0]!.name}' is a ${needsData[0]!.kind} check: it needs the data, not only statistics`,
      {
        hint: 'pass the data (--data) or a partial state computed with --checks',
      },
    );
  }
  const results: CheckResult[] = [];
  for (const def of set.checks) {
    const base = {
      name: def.name,
      kind: def.kind,
      severity: def.severity,
      check:
        def.kind === 'unique'
          ? `unique(${def.columns!.join(', ')})`
          : def.when
            ? `${def.expression} when ${def.when}`
            : def.expression!,
      ...(def.description !== undefined ? { description: def.description } : {}),
      ...(def.mostly !== undefined ? { mostly: def.mostly } : {}),
    };
    if (!inEnvironment(def, input.environment)) {
      results.push({
        ...base,
        status: 'skipped',
        reason: `runs only in ${def.environments!.join(', ')}${input.environment ? `, not ${input.environment}` : ''}`,
        examples: [],
      });
      continue;
    }
    if (def.kind === 'row') {
      const r = m!.row.find((x) => x.name === def.name)!;
      const fraction = r.evaluated > 0 ? r.failing / r.evaluated : 0;
      const allowed = 1 - (def.mostly ?? 1);
      results.push({
        ...base,
        status: fraction > allowed + 1e-12 || (allowed === 0 && r.failing > 0) ? 'fail' : 'pass',
        evaluated: r.evaluated,
        failing: r.failing,
        failingFraction: fraction,
        feature: r.columns[0]!,
        examples: r.examples,
      });
    } else if (def.kind === 'unique') {
      const u = compiled.unique.find((x) => x.definition.name === def.name)!;
      const k = m!.keys.get(u.key.id)!;
      const fraction = k.rows > 0 ? k.duplicates / k.rows : 0;
      const allowed = 1 - (def.mostly ?? 1);
      results.push({
        ...base,
        status: fraction > allowed + 1e-12 || (allowed === 0 && k.duplicates > 0) ? 'fail' : 'pass',
        evaluated: k.rows,
        failing: k.duplicates,
        failingFraction: fraction,
        ...(k.estimated ? { relativeError: k.relativeError! } : {}),
        feature: def.columns![0]!,
        examples: k.examples,
      });
    } else {
      const d = compiled.dataset.find((x) => x.definition.name === def.name)!;
      if (!input.statistics) {
        throw new UsageError(`check '${def.name}' is a dataset check: it needs statistics`);
      }
      const readings: Reading[] = [];
      const keys = m
        ? new Map(
            [...m.keys].map(([id, k]) => [
              id,
              { distinct: k.distinct, duplicates: k.duplicates, estimated: k.estimated },
            ]),
          )
        : undefined;
      const value = d.condition.evaluate(
        {
          statistics: input.statistics,
          ...(input.previous ? { previous: input.previous } : {}),
          ...(keys ? { keys } : {}),
          ...(m ? { maxStrings: m.maxStrings } : {}),
          now: input.now ?? Date.now() / 1000,
        },
        readings,
      );
      const missing = readings.filter((r) => r.value === undefined);
      const feature = d.condition.columns[0];
      if (value === undefined && missing.length > 0 && missing.every((r) => r.needsPrevious)) {
        results.push({
          ...base,
          status: 'skipped',
          reason: 'no previous statistics were given',
          readings,
          examples: [],
        });
      } else {
        results.push({
          ...base,
          status: value === true ? 'pass' : 'fail',
          ...(value === undefined
            ? {
                reason: `cannot be evaluated: ${missing.map((r) => `${r.text} ${r.missing ?? 'is not available'}`).join('; ') || 'a value is not a number'}`,
              }
            : {}),
          readings,
          ...(feature !== undefined ? { feature } : {}),
          examples: [],
        });
      }
    }
  }
  return results;
}

function inEnvironment(def: CheckDefinition, environment: string | undefined): boolean {
  return !def.environments || (environment !== undefined && def.environments.includes(environment));
}

const percent = (x: number) => `${Number((x * 100).toPrecision(3))}%`;
const count = (x: number) => x.toLocaleString('en-US');

function valueText(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v);
  return String(v);
}

/** `train.csv row 15 (fare=-1.5)`: an example as text, the file by its base name. */
export function exampleText(e: ExampleRow): string {
  const file = e.file.split(/[\\/]/).pop() ?? e.file;
  const values = Object.entries(e.values)
    .map(([k, v]) => `${k}=${valueText(v)}`)
    .join(', ');
  return `${file} row ${e.row} (${values})`;
}

/** A failed check's long description: what failed, how much, and the example rows. */
export function describeResult(r: CheckResult): string {
  const head = `Custom check '${r.name}' (${r.check})`;
  if (r.reason && r.status === 'fail') return `${head} ${r.reason}.`;
  const parts: string[] = [];
  if (r.kind === 'dataset') {
    const values = (r.readings ?? []).map(
      (x) => `${x.text} = ${x.value === undefined ? '?' : Number(x.value.toPrecision(6))}`,
    );
    parts.push(`${head} failed: ${values.join(', ')}.`);
  } else {
    const what = r.kind === 'unique' ? 'repeat a value of an earlier row' : 'fail';
    let line = `${head}: ${count(r.failing ?? 0)} of ${count(r.evaluated ?? 0)} rows ${what} (${percent(r.failingFraction ?? 0)})`;
    if (r.mostly !== undefined) line += `, more than the ${percent(1 - r.mostly)} mostly ${r.mostly} allows`;
    if (r.relativeError !== undefined) {
      line += `; estimated with a distinct-count sketch (relative standard error ${percent(r.relativeError)} of the distinct count)`;
    }
    parts.push(`${line}.`);
    if (r.examples.length > 0) parts.push(`Examples: ${r.examples.map(exampleText).join('; ')}.`);
  }
  return parts.join(' ');
}

function addReason(info: AnomalyInfo | undefined, r: CheckResult): AnomalyInfo {
  const reason = {
    type: 'CUSTOM_VALIDATION' as const,
    shortDescription: r.description ?? `Custom check '${r.name}' failed`,
    description: describeResult(r),
  };
  const reasons = [...(info?.reason ?? []), reason];
  const before = info?.severity ?? 'UNKNOWN';
  const severity = maxSeverity(r.severity, before);
  return {
    ...info,
    severity,
    shortDescription: reasons.length === 1 ? reason.shortDescription : 'Multiple errors',
    description: reasons.map((x) => x.description).join(' '),
    reason: reasons,
  };
}

/**
 * Anomalies with a CUSTOM_VALIDATION reason for every failed check (TFDV's anomaly type for
 * custom validations), under the check's first column, or at the dataset level when it reads no
 * column; severities combine as TFDV's (the highest wins, several reasons read "Multiple errors").
 */
export function withCheckAnomalies(anomalies: Anomalies, results: readonly CheckResult[]): Anomalies {
  const failed = results.filter((r) => r.status === 'fail');
  if (failed.length === 0) return anomalies;
  // A Map, then fromEntries: a column named __proto__ stays a key.
  const anomalyInfo = new Map(Object.entries(anomalies.anomalyInfo ?? {}));
  let dataset = anomalies.datasetAnomalyInfo;
  for (const r of failed) {
    if (r.feature !== undefined) anomalyInfo.set(r.feature, addReason(anomalyInfo.get(r.feature), r));
    else dataset = addReason(dataset, r);
  }
  return {
    ...anomalies,
    anomalyInfo: Object.fromEntries(anomalyInfo),
    ...(dataset ? { datasetAnomalyInfo: dataset } : {}),
  };
}

/** The check results file (`--check-results`): plain, versioned data. */
export interface CheckResultsFile {
  readonly format: 'datavet.check-results';
  readonly version: 1;
  readonly results: readonly CheckResult[];
}

export function checkResultsFile(results: readonly CheckResult[]): CheckResultsFile {
  return { format: 'datavet.check-results', version: 1, results };
}

/** `3 passed, 1 failed, 1 skipped`. */
export function summarizeResults(results: readonly CheckResult[]): string {
  const n = (status: CheckResult['status']) => results.filter((r) => r.status === status).length;
  return `custom checks: ${n('pass')} passed, ${n('fail')} failed, ${n('skipped')} skipped`;
}
