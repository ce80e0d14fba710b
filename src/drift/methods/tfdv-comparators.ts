/**
 * TFDV's comparators (src/drift/l-infinity.ts, jensen-shannon.ts, normalized-abs-difference.ts,
 * TFDV's numbers to 1e-5) wrapped as drift methods: same result shape as the other methods, with
 * the values behind the number. They read the statistics exactly as TFDV does — rank histograms
 * only, no "other values" bin, JSD over TFDV's histogram alignment — so thresholds carry over
 * from a TFDV schema's `drift_comparator` / `skew_comparator`.
 */
import type { FeatureNameStatistics, Histogram, HistogramSelectionType } from '../../tfmd/types.js';
import { numericHistogram, stringCounts, total, unionKeys } from '../_string-counts.js';
import { formatEdge } from '../distributions.js';
import { type DriftContribution, type DriftResult, isDrifted, topContributions } from '../drift-result.js';
import { alignHistograms, jensenShannon } from '../jensen-shannon.js';
import { lInfinity } from '../l-infinity.js';
import { normalizedAbsoluteDifference } from '../normalized-abs-difference.js';

/** Default thresholds when neither the caller nor a schema gives one (TFDV itself has none). */
export const LINF_DEFAULT_THRESHOLD = 0.1;
export const JSD_DEFAULT_THRESHOLD = 0.1;
export const NAD_DEFAULT_THRESHOLD = 0.1;

/** Per-value shares as TFDV's L-infinity reads them: rank histogram counts over their own total. */
function valueDifferences(reference: FeatureNameStatistics, current: FeatureNameStatistics): DriftContribution[] {
  const a = stringCounts(reference);
  const b = stringCounts(current);
  const ta = total(a) || 1;
  const tb = total(b) || 1;
  return unionKeys(a, b).map((bin) => {
    const r = (a.get(bin) ?? 0) / ta;
    const c = (b.get(bin) ?? 0) / tb;
    return { bin, reference: r, current: c, weight: Math.abs(r - c) };
  });
}

/** L-infinity distance (TFDV `infinity_norm`): the largest change in a value's share. */
export function lInfinityMethod(
  reference: FeatureNameStatistics,
  current: FeatureNameStatistics,
  threshold = LINF_DEFAULT_THRESHOLD,
): DriftResult {
  const { value, worst } = lInfinity(current, reference);
  return {
    method: 'linf',
    kind: 'distance',
    value,
    threshold,
    drifted: isDrifted('distance', value, threshold),
    contributions: topContributions(valueDifferences(reference, current)),
    details: { valueWithMaximumDifference: worst },
  };
}

/** Normalized absolute difference (TFDV `normalized_abs_difference`): reacts to volume changes too. */
export function normalizedAbsDifferenceMethod(
  reference: FeatureNameStatistics,
  current: FeatureNameStatistics,
  threshold = NAD_DEFAULT_THRESHOLD,
): DriftResult {
  const { value, worst } = normalizedAbsoluteDifference(current, reference);
  const a = stringCounts(reference);
  const b = stringCounts(current);
  const sum = total(a) + total(b) || 1;
  const contributions = unionKeys(a, b).map((bin) => ({
    bin,
    reference: (a.get(bin) ?? 0) / (total(a) || 1),
    current: (b.get(bin) ?? 0) / (total(b) || 1),
    weight: Math.abs((a.get(bin) ?? 0) - (b.get(bin) ?? 0)) / sum,
  }));
  return {
    method: 'nad',
    kind: 'distance',
    value,
    threshold,
    drifted: isDrifted('distance', value, threshold),
    contributions: topContributions(contributions),
    details: { valueWithMaximumDifference: worst },
  };
}

/** Labels of the buckets `alignHistograms` produces, in its order. */
function alignedLabels(h1: Histogram, h2: Histogram): string[] {
  const finite = (h: Histogram) =>
    (h.buckets ?? []).filter(
      (b) => Number.isFinite(b.lowValue ?? 0) && Number.isFinite(b.highValue ?? 0) && b.lowValue !== b.highValue,
    );
  const points = (h: Histogram) =>
    (h.buckets ?? [])
      .filter((b) => Number.isFinite(b.lowValue ?? 0) && (b.lowValue ?? 0) === (b.highValue ?? 0))
      .map((b) => b.lowValue ?? 0);
  const bounds = [...new Set([...finite(h1), ...finite(h2)].flatMap((b) => [b.lowValue ?? 0, b.highValue ?? 0]))].sort(
    (x, y) => x - y,
  );
  const labels: string[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) labels.push(`[${formatEdge(bounds[i]!)}, ${formatEdge(bounds[i + 1]!)}]`);
  for (const v of [...new Set([...points(h1), ...points(h2)])].sort((x, y) => x - y)) labels.push(`= ${formatEdge(v)}`);
  labels.push('±inf (reference)', '±inf (current)');
  if ((h1.numNan ?? 0) > 0 || (h2.numNan ?? 0) > 0) labels.push('NaN (reference)', 'NaN (current)');
  return labels;
}

/** Each bin's share of ½ KL(p‖m) + ½ KL(q‖m), log base 2. */
function jsdContributions(labels: readonly string[], p: readonly number[], q: readonly number[]): DriftContribution[] {
  const tp = p.reduce((s, v) => s + v, 0) || 1;
  const tq = q.reduce((s, v) => s + v, 0) || 1;
  const terms = p.map((pv, i) => {
    const pi = pv / tp;
    const qi = q[i]! / tq;
    const m = (pi + qi) / 2;
    return (pi > 0 ? pi * Math.log2(pi / m) : 0) / 2 + (qi > 0 ? qi * Math.log2(qi / m) : 0) / 2;
  });
  const sum = terms.reduce((s, v) => s + v, 0);
  return labels.map((bin, i) => ({
    bin,
    reference: p[i]! / tp,
    current: q[i]! / tq,
    weight: sum > 0 ? terms[i]! / sum : 0,
  }));
}

/** Why TFDV's JSD cannot be computed for this pair (e.g. no histogram of the selected type). */
export function jensenShannonInapplicable(
  reference: FeatureNameStatistics,
  current: FeatureNameStatistics,
  source?: HistogramSelectionType,
): string | undefined {
  const r = jensenShannon(current, reference, source === undefined ? {} : { source });
  return 'error' in r ? r.error : undefined;
}

/**
 * Jensen-Shannon divergence (TFDV `jensen_shannon_divergence`, log base 2, in [0, 1]). Throws
 * nothing: call `jensenShannonInapplicable` first; an inapplicable pair gives value NaN.
 */
export function jensenShannonMethod(
  reference: FeatureNameStatistics,
  current: FeatureNameStatistics,
  threshold = JSD_DEFAULT_THRESHOLD,
  source?: HistogramSelectionType,
): DriftResult {
  const r = jensenShannon(current, reference, source === undefined ? {} : { source });
  const value = 'error' in r ? Number.NaN : r.value;
  let contributions: DriftContribution[] = [];
  const a = stringCounts(reference);
  const b = stringCounts(current);
  if (a.size > 0 && b.size > 0) {
    const keys = unionKeys(a, b);
    contributions = jsdContributions(
      keys,
      keys.map((k) => a.get(k) ?? 0),
      keys.map((k) => b.get(k) ?? 0),
    );
  } else {
    const type = source === 'QUANTILES' ? 'QUANTILES' : 'STANDARD';
    const h1 = numericHistogram(reference, type);
    const h2 = numericHistogram(current, type);
    if (h1 && h2) {
      const [p, q] = alignHistograms(h1, h2);
      contributions = jsdContributions(alignedLabels(h1, h2), p, q);
    }
  }
  return {
    method: 'jsd',
    kind: 'distance',
    value,
    threshold,
    drifted: isDrifted('distance', value, threshold),
    contributions: topContributions(contributions),
    details: { logBase: 2, histogram: source === 'QUANTILES' ? 'QUANTILES' : 'STANDARD' },
  };
}
