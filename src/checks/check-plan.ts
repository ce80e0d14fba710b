import type { ValueType } from './arrow-values.js';
import type { CheckDefinition, CheckSet } from './check-definition.js';
import type { ColumnTypes } from './compile-checks.js';
import { parseExpression } from './parser.js';

/**
 * What a pass over the data needs to run the checks, as plain data: it crosses to worker
 * threads and is recorded in partial states (two partial states merge only if their plans match).
 */
export interface CheckPlan {
  readonly checks: readonly CheckDefinition[];
  readonly maxExamples: number;
  readonly maxExactKeys: number;
  /** Column types the checks were compiled against (from the schema), or absent: from the first batch. */
  readonly types?: readonly (readonly [string, ValueType])[];
}

/**
 * The plan of a check set. Every expression is parsed here, so that a syntax error is reported
 * with its location before any data is read even when the column types come from the data.
 */
export function checkPlan(set: CheckSet, types?: ColumnTypes): CheckPlan {
  for (const def of set.checks) {
    const sources = set.sources.byName.get(def.name);
    if (def.expression !== undefined) parseExpression(def.expression, sources?.expression ?? { where: def.name });
    if (def.when !== undefined) parseExpression(def.when, sources?.when ?? { where: def.name });
  }
  return {
    checks: set.checks,
    maxExamples: set.maxExamples,
    maxExactKeys: set.maxExactKeys,
    ...(types ? { types: [...types] } : {}),
  };
}

/** The check set of a plan (without source positions: it was checked where it was read). */
export function checkSetOf(plan: CheckPlan): CheckSet {
  return {
    checks: plan.checks,
    maxExamples: plan.maxExamples,
    maxExactKeys: plan.maxExactKeys,
    sources: { byName: new Map() },
  };
}

/** A stable text of what a plan computes (its checks and bounds), to tell whether two partial states match. */
export function planFingerprint(plan: CheckPlan): string {
  return JSON.stringify([plan.checks, plan.maxExamples, plan.maxExactKeys]);
}
