import { messages } from '../anomalies/messages.js';
import type { Feature } from '../tfmd/types.js';
import type { Emit, LeafRule } from './leaf-rule.js';
import { type RequestAnomaly, requestMessages } from './request-anomaly.js';

/**
 * The compiled check of one present feature value (not `undefined`, not `null`): `ok` is the
 * fast yes/no, `explain` pushes every anomaly. Both agree: `ok(v)` is true exactly when
 * `explain(v, out)` pushes nothing (the tests check this on generated values).
 */
export interface FeatureCheck {
  readonly ok: (value: unknown) => boolean;
  readonly explain: (value: unknown, out: RequestAnomaly[]) => void;
}

/** Per-feature limits that keep one request's work and anomaly size bounded. */
export interface ValueLimits {
  /** Most values (leaves and inner lists) looked at in one feature value. */
  readonly maxValues: number;
}

interface Structure {
  readonly leaves: unknown[];
  /** Value counts per nesting level: `levels[0]` holds the outer list's count. */
  readonly levels: number[][];
  /** How many list levels the data has (a bare scalar counts as a list of one). */
  readonly depth: number;
  /** Some lists at one level hold lists and others scalars. */
  readonly mixed: boolean;
  /** Lists nested deeper than the schema allows (not descended into). */
  readonly tooDeep: boolean;
  readonly tooMany: boolean;
}

/**
 * Walks a value level by level (never recursively, so nesting depth costs no stack) down to at
 * most `allowedDepth` list levels, stopping after `maxValues` elements.
 */
function walk(value: unknown, allowedDepth: number, maxValues: number): Structure {
  if (!Array.isArray(value))
    return { leaves: [value], levels: [[1]], depth: 1, mixed: false, tooDeep: false, tooMany: false };
  const leaves: unknown[] = [];
  const levels: number[][] = [];
  let frontier: unknown[][] = [value];
  let seen = 0;
  let depth = 0;
  for (;;) {
    depth++;
    levels.push(frontier.map((list) => list.length));
    const next: unknown[][] = [];
    let scalars = 0;
    for (const list of frontier) {
      seen += list.length;
      if (seen > maxValues) return { leaves, levels, depth, mixed: false, tooDeep: false, tooMany: true };
      for (const element of list) {
        if (Array.isArray(element)) next.push(element);
        else {
          scalars++;
          leaves.push(element);
        }
      }
    }
    if (next.length === 0) return { leaves, levels, depth, mixed: false, tooDeep: false, tooMany: false };
    if (scalars > 0) return { leaves, levels, depth, mixed: true, tooDeep: false, tooMany: false };
    if (depth >= allowedDepth) return { leaves, levels, depth: depth + 1, mixed: false, tooDeep: true, tooMany: false };
    frontier = next;
  }
}

function extent(counts: readonly number[]): { min: number; max: number } | undefined {
  if (counts.length === 0) return undefined;
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  for (const c of counts) {
    if (c < min) min = c;
    if (c > max) max = c;
  }
  return { min, max };
}

/**
 * Compiles the structure checks of `feature` (value_count / value_counts / shape, in TFDV's
 * order) around its leaf rule. `makeEmit(out)` binds path and severity for this feature.
 */
export function compileFeatureCheck(
  feature: Feature,
  leaf: LeafRule,
  limits: ValueLimits,
  makeEmit: (out: RequestAnomaly[]) => Emit,
  options: { readonly simpleLeaf: boolean },
): FeatureCheck {
  const valueCount = feature.valueCount;
  const valueCounts = feature.valueCounts?.valueCount;
  const dims = feature.shape?.dim?.map((d) => Number(d.size ?? 0));
  const allowedDepth = valueCounts?.length ? valueCounts.length : dims?.length ? dims.length : 1;
  const maxValues = limits.maxValues;

  const explain = (value: unknown, out: RequestAnomaly[]): void => {
    const emit = makeEmit(out);
    const s = walk(value, allowedDepth, maxValues);
    if (s.tooMany) {
      emit(requestMessages.tooManyValues(maxValues));
      return;
    }
    let nestOk = true;
    if (s.mixed || s.tooDeep || (valueCounts?.length && s.depth !== valueCounts.length)) {
      nestOk = false;
      emit(
        valueCount && s.depth > 1
          ? messages.valueCountOnNested()
          : messages.valueCountsLevelMismatch(allowedDepth, s.depth),
      );
    }
    if (nestOk && valueCount) {
      const count = s.levels[0]?.[0] ?? 0;
      if (valueCount.min !== undefined && count < valueCount.min) emit(messages.lowNumberValues(valueCount.min, count));
      if (valueCount.max !== undefined && count > valueCount.max)
        emit(messages.highNumberValues(valueCount.max, count));
    }
    if (nestOk && valueCounts?.length) {
      valueCounts.forEach((bounds, level) => {
        const range = extent(s.levels[level] ?? []);
        if (!range) return;
        if (bounds.min !== undefined && range.min < bounds.min)
          emit(messages.lowNumberValues(bounds.min, range.min, level));
        if (bounds.max !== undefined && range.max > bounds.max)
          emit(messages.highNumberValues(bounds.max, range.max, level));
      });
    }
    if (nestOk && dims) {
      const ranges = s.levels.map(extent);
      const expected = dims.reduce((a, b) => a * b, 1);
      if (ranges.some((r) => !r || r.min !== r.max || r.min === 0)) {
        emit(messages.shapeVariable());
      } else {
        const actual = ranges.reduce((a, r) => a * (r?.min ?? 0), 1);
        if (actual !== expected) emit(messages.shapeIncompatible(actual, expected));
      }
    }
    leaf.explain(s.leaves, emit, out);
  };

  // Fast path for the common case: one list level, bounds on its length, a simple leaf rule.
  if (options.simpleLeaf && !valueCounts?.length && !dims) {
    const lo = valueCount?.min ?? 0;
    const hi = Math.min(Number(valueCount?.max ?? Number.POSITIVE_INFINITY), maxValues);
    const leafOk = leaf.ok;
    const scalarOk = lo <= 1 && hi >= 1;
    if (lo === 1 && hi === 1) {
      return { ok: (v) => (Array.isArray(v) ? v.length === 1 && leafOk(v[0]) : leafOk(v)), explain };
    }
    return {
      ok: (v) => {
        if (!Array.isArray(v)) return scalarOk && leafOk(v);
        const n = v.length;
        if (n < lo || n > hi) return false;
        for (let i = 0; i < n; i++) if (!leafOk(v[i])) return false;
        return true;
      },
      explain,
    };
  }
  return {
    ok: (v) => {
      const out: RequestAnomaly[] = [];
      explain(v, out);
      return out.length === 0;
    },
    explain,
  };
}
