/**
 * The value every drift method returns: what was measured, against which threshold, whether it
 * drifted, and which bins or values explain the number.
 */

/**
 * The drift methods datavet computes from statistics: the tests beyond TFDV, and TFDV's own
 * comparators (`linf` = infinity_norm, `jsd` = jensen_shannon_divergence, `nad` =
 * normalized_abs_difference) with TFDV's numbers.
 */
export type DriftMethod = 'psi' | 'ks' | 'wasserstein' | 'hellinger' | 'chi2' | 'ztest' | 'kl' | 'linf' | 'jsd' | 'nad';

/** Whether `value` is a distance (drift when above the threshold) or a p-value (drift when below). */
export type DriftStatisticKind = 'distance' | 'p_value';

/** One bin or value and its part in the measured statistic. */
export interface DriftContribution {
  /** A category label, or a numeric interval such as `(1.5, 3]`. */
  readonly bin: string;
  /** Share of the reference values in this bin. */
  readonly reference: number;
  /** Share of the current values in this bin. */
  readonly current: number;
  /**
   * This bin's part of the statistic: for sums (PSI, KL, Hellinger², chi-squared, Wasserstein)
   * the fraction of the total it contributes (the fractions of all bins sum to 1); for maxima
   * (KS, z-test) the bin's difference |reference − current| in CDF or proportion.
   */
  readonly weight: number;
}

/** A drift method's verdict on one feature. */
export interface DriftResult {
  readonly method: DriftMethod;
  readonly kind: DriftStatisticKind;
  /** The distance, or the p-value, depending on `kind`. */
  readonly value: number;
  readonly threshold: number;
  /** Distance: value > threshold. p-value: value < threshold. */
  readonly drifted: boolean;
  /** The bins or values that contributed most, largest first (at most five). */
  readonly contributions: readonly DriftContribution[];
  /** Method-specific numbers: the test statistic behind a p-value, sample sizes, error bounds. */
  readonly details: Readonly<Record<string, number | string | boolean>>;
}

/** How many contributions a result lists. */
const MAX_CONTRIBUTIONS = 5;

/** Keeps the `MAX_CONTRIBUTIONS` largest contributions by weight (stable for ties). */
export function topContributions(all: readonly DriftContribution[]): DriftContribution[] {
  return [...all]
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => c.weight > 0)
    .sort((x, y) => y.c.weight - x.c.weight || x.i - y.i)
    .slice(0, MAX_CONTRIBUTIONS)
    .map(({ c }) => c);
}

/**
 * Contributions of a statistic that is a sum of per-bin terms: each bin's reference and current
 * share, weighted by its term's fraction of `sum` (0 everywhere when the sum is not positive).
 */
export function sumContributions(
  labels: readonly string[],
  shares: { readonly reference: readonly number[]; readonly current: readonly number[] },
  terms: readonly number[],
  sum: number,
): DriftContribution[] {
  return topContributions(
    labels.map((bin, i) => ({
      bin,
      reference: shares.reference[i]!,
      current: shares.current[i]!,
      weight: sum > 0 ? terms[i]! / sum : 0,
    })),
  );
}

/** The verdict for a value of the given kind. */
export function isDrifted(kind: DriftStatisticKind, value: number, threshold: number): boolean {
  if (Number.isNaN(value)) return false;
  return kind === 'distance' ? value > threshold : value < threshold;
}
