/**
 * Tail probabilities for the drift tests: standard normal (z-test), chi-squared (contingency test)
 * and Kolmogorov (two-sample KS). Written here rather than taken from a library so that the tails
 * stay accurate far out (a drift test on 10^6 values produces p-values like 1e-40), where
 * table-based approximations return 0 or 1.
 */

/** Complementary error function: erfc(x) = Q(½, x²) for x ≥ 0, as accurate as `regularizedGammaQ`. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const q = regularizedGammaQ(0.5, x * x);
  return x >= 0 ? q : 2 - q;
}

/** P(Z > z) for a standard normal Z. */
export function normalSurvival(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** Two-sided p-value of a standard normal statistic: P(|Z| >= |z|). */
export function normalTwoSidedPValue(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  return Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; about 15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const y = x - 1;
  let a = LANCZOS[0]!;
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * Regularized upper incomplete gamma Q(s, x) = Γ(s, x) / Γ(s): the series for x < s + 1, the
 * continued fraction (modified Lentz) otherwise, as in Numerical Recipes §6.2.
 */
function regularizedGammaQ(s: number, x: number): number {
  if (x <= 0) return 1;
  if (!Number.isFinite(x)) return 0;
  const logPrefix = -x + s * Math.log(x) - logGamma(s);
  if (x < s + 1) {
    let term = 1 / s;
    let sum = term;
    for (let n = 1; n < 10000; n++) {
      term *= x / (s + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
    }
    return Math.max(0, 1 - sum * Math.exp(logPrefix));
  }
  const tiny = 1e-300;
  let b = x + 1 - s;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - s);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.min(1, Math.exp(logPrefix) * h);
}

/** P(X >= x) for X chi-squared with `df` degrees of freedom. */
export function chiSquaredSurvival(x: number, df: number): number {
  if (df <= 0) return 1;
  return regularizedGammaQ(df / 2, x / 2);
}

/**
 * Kolmogorov distribution tail Q(λ) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²λ²}, the asymptotic
 * P(√n·D > λ). For small λ the alternating series converges slowly, so the Jacobi-theta
 * form of the CDF is used there: 1 − Q(λ) = √(2π)/λ Σ_{k≥1} e^{−(2k−1)²π²/(8λ²)}.
 */
export function kolmogorovSurvival(lambda: number): number {
  if (lambda <= 0) return 1;
  if (lambda < 1) {
    let sum = 0;
    for (let k = 1; k < 50; k++) {
      const term = Math.exp((-((2 * k - 1) ** 2) * Math.PI ** 2) / (8 * lambda * lambda));
      sum += term;
      if (term < 1e-17 * sum) break;
    }
    return Math.min(1, Math.max(0, 1 - (Math.sqrt(2 * Math.PI) / lambda) * sum));
  }
  let sum = 0;
  for (let k = 1; k < 100; k++) {
    const term = (k % 2 === 1 ? 2 : -2) * Math.exp(-2 * k * k * lambda * lambda);
    sum += term;
    if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
  }
  return Math.min(1, Math.max(0, sum));
}

/**
 * Asymptotic p-value of the two-sample Kolmogorov-Smirnov statistic `d` for sample sizes n and m,
 * with Stephens' small-sample correction: λ = (√nₑ + 0.12 + 0.11/√nₑ)·d, nₑ = nm/(n+m).
 */
export function kolmogorovSmirnovPValue(d: number, n: number, m: number): number {
  if (!(n > 0 && m > 0)) return 1;
  if (d <= 0) return 1;
  const ne = (n * m) / (n + m);
  const sqrtNe = Math.sqrt(ne);
  return kolmogorovSurvival((sqrtNe + 0.12 + 0.11 / sqrtNe) * d);
}
