/**
 * Anomaly detectors over a metric's history (the strategies Deequ's anomaly detection offers,
 * written here): each reads the metric's values in past spans (oldest first) and the current value,
 * and says which range it accepted. Adding a detector is one row here.
 */

import type { NumberRange } from '../_util/number-range.js';

/** A numeric parameter of a detector, as the config declares it: the values it accepts, and more. */
export interface ParamSpec extends NumberRange {
  /** Used when the config leaves it out; without a default the parameter is optional (unset). */
  readonly default?: number;
  readonly summary: string;
}

/** Parameter values after defaults are applied. */
export type DetectorParams = Readonly<Record<string, number | undefined>>;

/** One past span's value of the watched metric. */
export interface HistoryPoint {
  readonly span: number;
  readonly value: number | null;
  /** This rule already flagged the span (detectors that learn a normal range skip it). */
  readonly flagged: boolean;
}

/** A detector's verdict on the current value: the accepted range and whether the value left it. */
export interface DetectorVerdict {
  readonly anomalous: boolean;
  readonly lower?: number;
  readonly upper?: number;
  /** What was compared, for the message (e.g. `mean 12.1 ± 3 × 0.4 over 30 spans`). */
  readonly basis: string;
}

export interface DetectorSpec {
  /** Stable anomaly code of what it finds. */
  readonly code: string;
  /** When it flags a span (the detector table of docs/monitoring.md is generated from this registry). */
  readonly summary: string;
  readonly params: Readonly<Record<string, ParamSpec>>;
  /** Parameters of which at least one must be set. */
  readonly requireOneOf?: readonly string[];
  /** How many past spans it reads. */
  readonly lookback: (p: DetectorParams) => number;
  /** The verdict, or undefined when the history is too short to judge. */
  readonly check: (past: readonly HistoryPoint[], current: number, p: DetectorParams) => DetectorVerdict | undefined;
}

function values(past: readonly HistoryPoint[], skipFlagged = false): number[] {
  const out: number[] = [];
  for (const p of past) if (p.value !== null && !(skipFlagged && p.flagged)) out.push(p.value);
  return out;
}

function meanStd(xs: readonly number[]): { mean: number; std: number } {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const variance = xs.length > 1 ? xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1) : 0;
  return { mean, std: Math.sqrt(variance) };
}

function outside(value: number, lower: number | undefined, upper: number | undefined): boolean {
  return (lower !== undefined && value < lower) || (upper !== undefined && value > upper);
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(4).replace(/\.?0+$/, '');
}

/** The order-th difference of a sequence (order 1: last − previous). */
function difference(sequence: readonly number[], order: number): number {
  let s = [...sequence];
  for (let k = 0; k < order; k++) s = s.slice(1).map((x, i) => x - (s[i] as number));
  return s[s.length - 1] as number;
}

/** The detectors by name (the `detector` of a monitoring rule). */
export const DETECTORS = {
  bounds: {
    code: 'METRIC_OUT_OF_BOUNDS',
    summary: 'the value is outside [lower, upper]',
    params: { lower: { summary: 'smallest accepted value' }, upper: { summary: 'largest accepted value' } },
    requireOneOf: ['lower', 'upper'],
    lookback: () => 0,
    check: (_past, current, p) => ({
      anomalous: outside(current, p.lower, p.upper),
      ...(p.lower !== undefined ? { lower: p.lower } : {}),
      ...(p.upper !== undefined ? { upper: p.upper } : {}),
      basis: 'fixed bounds',
    }),
  },
  absoluteChange: {
    code: 'METRIC_ABSOLUTE_CHANGE',
    summary: 'the order-th difference (value − previous for order 1) falls below −maxDecrease or above maxIncrease',
    params: {
      maxDecrease: { min: 0, summary: 'largest accepted decrease' },
      maxIncrease: { min: 0, summary: 'largest accepted increase' },
      order: { integer: true, min: 1, default: 1, summary: 'order of the difference' },
    },
    requireOneOf: ['maxDecrease', 'maxIncrease'],
    lookback: (p) => p.order ?? 1,
    check: (past, current, p) => {
      const order = p.order ?? 1;
      const last = values(past).slice(-order);
      if (last.length < order) return undefined;
      const d = difference([...last, current], order);
      const base = current - d;
      return {
        anomalous: outside(d, p.maxDecrease === undefined ? undefined : -p.maxDecrease, p.maxIncrease),
        ...(p.maxDecrease !== undefined ? { lower: base - p.maxDecrease } : {}),
        ...(p.maxIncrease !== undefined ? { upper: base + p.maxIncrease } : {}),
        basis: `change ${fmt(d)} since the previous span${order > 1 ? ` (difference of order ${order})` : ''}`,
      };
    },
  },
  relativeChange: {
    code: 'METRIC_RELATIVE_CHANGE',
    summary: 'value / the value `order` spans back is outside [minRatio, maxRatio] (skipped when that value is 0)',
    params: {
      minRatio: { min: 0, summary: 'smallest accepted ratio (e.g. 0.9)' },
      maxRatio: { min: 0, summary: 'largest accepted ratio (e.g. 1.1)' },
      order: { integer: true, min: 1, default: 1, summary: 'how many spans back' },
    },
    requireOneOf: ['minRatio', 'maxRatio'],
    lookback: (p) => p.order ?? 1,
    check: (past, current, p) => {
      const order = p.order ?? 1;
      const last = values(past).slice(-order);
      const base = last[0];
      if (last.length < order || base === undefined || base === 0) return undefined;
      const ratio = current / base;
      const bounds = [p.minRatio, p.maxRatio].map((r) => (r === undefined ? undefined : base * r));
      const [lo, hi] = base > 0 ? bounds : [bounds[1], bounds[0]];
      return {
        anomalous: outside(ratio, p.minRatio, p.maxRatio),
        ...(lo !== undefined ? { lower: lo } : {}),
        ...(hi !== undefined ? { upper: hi } : {}),
        basis: `ratio ${fmt(ratio)} to ${fmt(base)}`,
      };
    },
  },
  rateOfChange: {
    code: 'METRIC_RATE_OF_CHANGE',
    summary: '|value − the value `window` spans back| / window > maxRate (slow trends)',
    params: {
      maxRate: { min: 0, summary: 'largest accepted |change per span|' },
      window: { integer: true, min: 1, default: 5, summary: 'spans the rate is measured over' },
    },
    requireOneOf: ['maxRate'],
    lookback: (p) => p.window ?? 5,
    check: (past, current, p) => {
      const window = p.window ?? 5;
      const last = values(past).slice(-window);
      const start = last[0];
      if (last.length < window || start === undefined || p.maxRate === undefined) return undefined;
      const rate = (current - start) / window;
      return {
        anomalous: Math.abs(rate) > p.maxRate,
        lower: start - p.maxRate * window,
        upper: start + p.maxRate * window,
        basis: `change ${fmt(rate)} per span over ${window} spans`,
      };
    },
  },
  onlineNormal: {
    code: 'METRIC_OUTSIDE_NORMAL_RANGE',
    summary:
      'the value is outside mean ± k·std (sample std) of the last `window` spans, leaving out spans this rule flagged; judged once `minHistory` values exist',
    params: {
      k: { min: 0, default: 3, summary: 'accepted deviations on both sides' },
      lowerK: { min: 0, summary: 'accepted deviations below (default k)' },
      upperK: { min: 0, summary: 'accepted deviations above (default k)' },
      window: { integer: true, min: 2, default: 30, summary: 'past spans the mean and deviation come from' },
      minHistory: { integer: true, min: 2, default: 5, summary: 'past values needed before judging' },
      ignoreAnomalies: { integer: true, min: 0, default: 1, summary: '1: spans already flagged are left out' },
    },
    lookback: (p) => p.window ?? 30,
    check: (past, current, p) => {
      const xs = values(past.slice(-(p.window ?? 30)), (p.ignoreAnomalies ?? 1) === 1);
      if (xs.length < (p.minHistory ?? 5)) return undefined;
      const { mean, std } = meanStd(xs);
      const lower = mean - (p.lowerK ?? p.k ?? 3) * std;
      const upper = mean + (p.upperK ?? p.k ?? 3) * std;
      return {
        anomalous: outside(current, lower, upper),
        lower,
        upper,
        basis: `mean ${fmt(mean)}, standard deviation ${fmt(std)} over ${xs.length} spans`,
      };
    },
  },
  seasonal: {
    code: 'METRIC_SEASONAL_DEVIATION',
    summary:
      'the value is farther than k·σ from the mean of the same phase in the last `cycles` seasons, σ the std of the seasonal differences x(t) − x(t − period)',
    params: {
      period: {
        integer: true,
        min: 2,
        summary: 'spans per season (7 for daily spans and weekly seasons, 12 for monthly)',
      },
      k: { min: 0, default: 3, summary: 'accepted deviations' },
      cycles: { integer: true, min: 1, default: 3, summary: 'past seasons the expected value and deviation come from' },
    },
    requireOneOf: ['period'],
    lookback: (p) => (p.period ?? 2) * ((p.cycles ?? 3) + 1),
    check: (past, current, p) => {
      const period = p.period as number;
      const cycles = p.cycles ?? 3;
      const series = past.slice(-period * (cycles + 1)).map((x) => (x.flagged ? null : x.value));
      const n = series.length;
      const samePhase: number[] = [];
      for (let back = period; back <= n && samePhase.length < cycles; back += period) {
        const v = series[n - back];
        if (v !== null && v !== undefined) samePhase.push(v);
      }
      const diffs: number[] = [];
      for (let i = period; i < n; i++) {
        const a = series[i];
        const b = series[i - period];
        if (a !== null && a !== undefined && b !== null && b !== undefined) diffs.push(a - b);
      }
      if (samePhase.length === 0 || diffs.length < period) return undefined;
      const expected = samePhase.reduce((s, x) => s + x, 0) / samePhase.length;
      const { std } = meanStd(diffs);
      const k = p.k ?? 3;
      return {
        anomalous: outside(current, expected - k * std, expected + k * std),
        lower: expected - k * std,
        upper: expected + k * std,
        basis: `expected ${fmt(expected)} from ${samePhase.length} past season(s), seasonal deviation ${fmt(std)}`,
      };
    },
  },
} as const satisfies Record<string, DetectorSpec>;

/** A detector's name. */
export type DetectorName = keyof typeof DETECTORS;

export const DETECTOR_NAMES = Object.keys(DETECTORS) as DetectorName[];

export function isDetectorName(name: string): name is DetectorName {
  return Object.hasOwn(DETECTORS, name);
}

/** Formats a number for messages. */
export const formatValue = fmt;
