/**
 * Empty-bin handling for the log-ratio methods (PSI, KL), Evidently's rule so thresholds carry
 * over: an empty bin's share becomes ε = 10⁻⁴, or the smallest non-zero share / 10⁶ when that
 * share is itself ≤ 10⁻⁴ (so ε stays far below every real share). Shares are not renormalised.
 */

/** The default replacement share for an empty bin. */
const EMPTY_BIN_SHARE = 1e-4;

/** Both share vectors with zeros replaced by ε, and the ε used. */
export function smoothShares(
  reference: readonly number[],
  current: readonly number[],
): { reference: number[]; current: number[]; epsilon: number } {
  let smallest = Number.POSITIVE_INFINITY;
  for (const v of [...reference, ...current]) if (v > 0 && v < smallest) smallest = v;
  const epsilon = smallest <= EMPTY_BIN_SHARE ? smallest / 1e6 : EMPTY_BIN_SHARE;
  const fill = (shares: readonly number[]) => shares.map((v) => (v > 0 ? v : epsilon));
  return { reference: fill(reference), current: fill(current), epsilon };
}
