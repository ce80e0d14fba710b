/**
 * Count, mean and variance as shifted sums: S1 = Σw(x−K), S2 = Σw(x−K)² around a shift K (the
 * first value seen). Adding is two multiply-adds per value; merging re-expresses the other side's
 * sums around this side's shift, which is the same exact algebra as an add, so one formula serves
 * both. Shifting by a typical value keeps the variance free of the catastrophic
 * cancellation of raw Σx² − (Σx)²/n.
 */
export interface Moments {
  /** Total weight (the count when unweighted). */
  weight: number;
  shift: number;
  s1: number;
  s2: number;
}

/** An empty accumulator. */
export function emptyMoments(): Moments {
  return { weight: 0, shift: Number.NaN, s1: 0, s2: 0 };
}

/** Folds `b` into `a` (mutates `a` only). */
export function mergeMoments(a: Moments, b: Readonly<Moments>): Moments {
  if (b.weight === 0) return a;
  if (a.weight === 0) {
    a.weight = b.weight;
    a.shift = b.shift;
    a.s1 = b.s1;
    a.s2 = b.s2;
    return a;
  }
  const delta = b.shift - a.shift;
  a.s2 += b.s2 + 2 * delta * b.s1 + b.weight * delta * delta;
  a.s1 += b.s1 + b.weight * delta;
  a.weight += b.weight;
  return a;
}

/** Mean of the accumulated values (NaN when empty). */
export function momentsMean(m: Readonly<Moments>): number {
  return m.weight === 0 ? Number.NaN : m.shift + m.s1 / m.weight;
}

/** Population standard deviation (variance floored at 0, as TFDV does). */
export function momentsStdDev(m: Readonly<Moments>): number {
  if (m.weight === 0) return 0;
  const mean = m.s1 / m.weight;
  const variance = m.s2 / m.weight - mean * mean;
  return variance > 0 ? Math.sqrt(variance) : 0;
}
