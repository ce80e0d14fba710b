/** [#values < x, #values <= x] in the ascending `sorted`. */
export function rankInterval(sorted: Float64Array, x: number): [number, number] {
  const bound = (strict: boolean) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (strict ? sorted[mid]! < x : sorted[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return [bound(true), bound(false)];
}

/**
 * How far, as a share of n, `x` is from being the `q`-quantile of the ascending `sorted`: the
 * distance from q·n to x's rank interval (0 when q·n falls inside it).
 */
export function rankError(sorted: Float64Array, x: number, q: number): number {
  const [below, atOrBelow] = rankInterval(sorted, x);
  const target = q * sorted.length;
  return (target < below ? below - target : target > atOrBelow ? target - atOrBelow : 0) / sorted.length;
}
