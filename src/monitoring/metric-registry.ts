/**
 * The metrics watched over time, as data: each derived from one feature's statistics (and, for the
 * distances, the same feature's statistics in the previous span or the baseline span). Adding a
 * metric is one row here.
 */
import { categoricalCounts, featureKind, numericCdf } from '../drift/distributions.js';
import type { DriftMethod } from '../drift/drift-result.js';
import { prepareFeaturePair } from '../drift/feature-pair.js';
import { DRIFT_METHODS } from '../drift/method-registry.js';
import { jensenShannonInapplicable, jensenShannonMethod, lInfinityMethod } from '../drift/methods/tfdv-comparators.js';
import type { CommonStatistics, FeatureNameStatistics } from '../tfmd/types.js';

/** What a metric is computed from. */
export interface MetricInput {
  readonly feature: FeatureNameStatistics;
  /** The schema's string domain of the feature, when it has one. */
  readonly domain?: ReadonlySet<string>;
  /** The schema's numeric bounds of the feature (int or float domain). */
  readonly range?: { readonly min?: number; readonly max?: number };
  /** The same feature in the previous span and in the baseline span. */
  readonly previous?: FeatureNameStatistics;
  readonly baseline?: FeatureNameStatistics;
}

/** One metric: its meaning and how it is derived (undefined when it does not apply). */
export interface MetricSpec {
  readonly summary: string;
  readonly of: (input: MetricInput) => number | undefined;
}

function common(feature: FeatureNameStatistics): CommonStatistics | undefined {
  return (
    feature.numStats?.commonStats ??
    feature.stringStats?.commonStats ??
    feature.bytesStats?.commonStats ??
    feature.structStats?.commonStats
  );
}

/** F⁻¹(q) of a numeric feature, linear between the CDF's knots. */
function quantile(feature: FeatureNameStatistics, q: number): number | undefined {
  const cdf = numericCdf(feature);
  if (!cdf || cdf.xs.length === 0) return undefined;
  const { xs, fs } = cdf;
  for (let i = 0; i < xs.length; i++) {
    const f = fs[i] as number;
    if (f >= q) {
      if (i === 0) return xs[0];
      const f0 = fs[i - 1] as number;
      const x0 = xs[i - 1] as number;
      const x1 = xs[i] as number;
      return f === f0 ? x1 : x0 + ((q - f0) / (f - f0)) * (x1 - x0);
    }
  }
  return xs[xs.length - 1];
}

function topShare(feature: FeatureNameStatistics): number | undefined {
  const counts = categoricalCounts(feature);
  if (!counts || counts.total <= 0) return undefined;
  let top = 0;
  for (const c of counts.counts.values()) top = Math.max(top, c);
  return top / counts.total;
}

/** Share of values outside the schema's domain: listed string values, or numeric values outside its bounds. */
function outOfDomainShare(input: MetricInput): number | undefined {
  const { feature, domain, range } = input;
  if (domain && feature.stringStats) {
    const counts = categoricalCounts(feature);
    if (!counts || counts.total <= 0) return undefined;
    let outside = 0;
    for (const [value, c] of counts.counts) if (!domain.has(value)) outside += c;
    return outside / counts.total;
  }
  if (range && feature.numStats) {
    const cdf = numericCdf(feature);
    if (!cdf) return undefined;
    const at = (x: number): number => {
      const { xs, fs } = cdf;
      if (x < (xs[0] as number)) return cdf.negInf;
      for (let i = xs.length - 1; i >= 0; i--) {
        if ((xs[i] as number) <= x) {
          const next = xs[i + 1];
          if (next === undefined || next === xs[i]) return fs[i] as number;
          const t = (x - (xs[i] as number)) / (next - (xs[i] as number));
          return (fs[i] as number) + t * ((fs[i + 1] as number) - (fs[i] as number));
        }
      }
      return cdf.negInf;
    };
    // Approximate at the bounds themselves (the CDF is linear inside a histogram bucket).
    const below = range.min === undefined ? 0 : at(range.min);
    const above = range.max === undefined ? 0 : 1 - at(range.max);
    return Math.max(0, Math.min(1, below + above));
  }
  return undefined;
}

/** The distances the metric history records per feature, which the dataset drift verdict can use. */
export const DATASET_DRIFT_METHODS = ['linf', 'jsd', 'psi'] as const satisfies readonly DriftMethod[];
export type DatasetDriftMethod = (typeof DATASET_DRIFT_METHODS)[number];

function distance(
  method: DatasetDriftMethod,
  reference: FeatureNameStatistics | undefined,
  current: FeatureNameStatistics,
): number | undefined {
  if (!reference) return undefined;
  if (method === 'linf') {
    return featureKind(current) === 'categorical' && featureKind(reference) === 'categorical'
      ? lInfinityMethod(reference, current).value
      : undefined;
  }
  if (method === 'jsd') {
    if (jensenShannonInapplicable(reference, current)) return undefined;
    const value = jensenShannonMethod(reference, current).value;
    return Number.isNaN(value) ? undefined : value;
  }
  const pair = prepareFeaturePair(reference, current);
  if ('skip' in pair) return undefined;
  const value = DRIFT_METHODS.psi.run(pair, DRIFT_METHODS.psi.defaultThreshold).value;
  return Number.isFinite(value) ? value : undefined;
}

/** The metrics by name, in the order tables and reports show them. */
export const METRICS = {
  count: {
    summary: 'examples with the feature present',
    of: ({ feature }) => Number(common(feature)?.numNonMissing ?? 0),
  },
  missing_fraction: {
    summary: 'share of examples without the feature',
    of: ({ feature }) => {
      const c = common(feature);
      const all = Number(c?.numNonMissing ?? 0) + Number(c?.numMissing ?? 0);
      return all > 0 ? Number(c?.numMissing ?? 0) / all : undefined;
    },
  },
  mean: { summary: 'mean (numeric)', of: ({ feature }) => feature.numStats?.mean },
  std: { summary: 'standard deviation (numeric)', of: ({ feature }) => feature.numStats?.stdDev },
  min: { summary: 'minimum (numeric)', of: ({ feature }) => feature.numStats?.min },
  max: { summary: 'maximum (numeric)', of: ({ feature }) => feature.numStats?.max },
  p25: { summary: '25th percentile (numeric, from the histograms)', of: ({ feature }) => quantile(feature, 0.25) },
  p50: { summary: 'median (numeric, from the histograms)', of: ({ feature }) => quantile(feature, 0.5) },
  p75: { summary: '75th percentile (numeric, from the histograms)', of: ({ feature }) => quantile(feature, 0.75) },
  unique: {
    summary: 'distinct values (categorical)',
    of: ({ feature }) => {
      const unique = feature.stringStats?.unique ?? feature.bytesStats?.unique;
      return unique === undefined ? undefined : Number(unique);
    },
  },
  top_share: { summary: 'share of the most frequent value (categorical)', of: ({ feature }) => topShare(feature) },
  out_of_domain_share: { summary: "share of values outside the schema's domain", of: outOfDomainShare },
  linf_previous: {
    summary: 'L-infinity distance to the previous span (categorical)',
    of: ({ feature, previous }) => distance('linf', previous, feature),
  },
  jsd_previous: {
    summary: 'Jensen-Shannon divergence to the previous span',
    of: ({ feature, previous }) => distance('jsd', previous, feature),
  },
  psi_previous: {
    summary: 'population stability index against the previous span',
    of: ({ feature, previous }) => distance('psi', previous, feature),
  },
  linf_baseline: {
    summary: 'L-infinity distance to the baseline span (categorical)',
    of: ({ feature, baseline }) => distance('linf', baseline, feature),
  },
  jsd_baseline: {
    summary: 'Jensen-Shannon divergence to the baseline span',
    of: ({ feature, baseline }) => distance('jsd', baseline, feature),
  },
  psi_baseline: {
    summary: 'population stability index against the baseline span',
    of: ({ feature, baseline }) => distance('psi', baseline, feature),
  },
} as const satisfies Record<string, MetricSpec>;

/** A metric's name. */
export type MetricName = keyof typeof METRICS;

/** Every metric name, in table order. */
export const METRIC_NAMES = Object.keys(METRICS) as MetricName[];

/** True for a known metric name. */
export function isMetricName(name: string): name is MetricName {
  return Object.hasOwn(METRICS, name);
}
