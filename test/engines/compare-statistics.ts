import type { DatasetFeatureStatisticsList } from '../../src/tfmd/types.js';

/** How a leaf of the statistics compares between an engine run and an in-process run. */
export interface Agreement {
  /** Leaves equal to the digit. */
  exact: number;
  /** Floating-point results of different summation orders (mean, std_dev, weighted sums): relative difference <= 1e-9. */
  rounding: number;
  /** Approximate fields (quantile-based: median, histograms) within their stated bound. */
  withinBound: number;
  /** Anything else: `path: engine vs in-process`. */
  mismatches: string[];
}

// Sums in another order: moments, and every weighted figure (sums of float weights).
const ROUNDING = /(^|\.)(mean|stdDev|avgLength|avgNumValues)$|weighted/i;
const APPROXIMATE = /(^|\.)(median|histograms\.\d+\.(buckets\.\d+\.(lowValue|highValue|sampleCount)))$/;

function flatten(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) flatten(v, `${prefix}.${i}`, out);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix === '' ? k : `${prefix}.${k}`, out);
  } else out.set(prefix, value);
}

/** Features keyed by dataset and path, so order does not matter. */
function leaves(stats: DatasetFeatureStatisticsList): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const d of stats.datasets ?? []) {
    const { features, ...rest } = d;
    flatten(rest, `[${d.name}]`, out);
    for (const f of features ?? []) flatten(f, `[${d.name}].${f.path?.step?.join('.')}`, out);
  }
  return out;
}

/**
 * Compares engine statistics with in-process ones. `approximate(path, a, b)` decides whether an
 * approximate leaf is within its bound (histogram bucket edges and counts of the quantile-based fields).
 */
export function compareStatistics(
  engine: DatasetFeatureStatisticsList,
  local: DatasetFeatureStatisticsList,
  approximate: (path: string, a: unknown, b: unknown) => boolean = () => false,
): Agreement {
  const a = leaves(engine);
  const b = leaves(local);
  const result: Agreement = { exact: 0, rounding: 0, withinBound: 0, mismatches: [] };
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(key);
    const y = b.get(key);
    if (Object.is(x, y) || (x === 0 && y === 0)) {
      result.exact++;
    } else if (
      ROUNDING.test(key) &&
      typeof x === 'number' &&
      typeof y === 'number' &&
      Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y), 1e-300)
    ) {
      result.rounding++;
    } else if (APPROXIMATE.test(key) && approximate(key, x, y)) {
      result.withinBound++;
    } else {
      result.mismatches.push(`${key}: ${String(x)} vs ${String(y)}`);
    }
  }
  return result;
}
