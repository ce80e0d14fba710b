/**
 * Compares two statistics files feature by feature with the drift methods, plus the dataset-level
 * example count. Reference = the baseline (training data, the previous span); current = what is
 * checked against it (serving data, today's span).
 */
import { UsageError } from '../_util/errors.js';
import type {
  DatasetFeatureStatistics,
  DatasetFeatureStatisticsList,
  FeatureNameStatistics,
  HistogramSelectionType,
} from '../tfmd/types.js';
import { type AutoChoice, chooseMethod } from './auto.js';
import { type FeatureKind, featureKind, featureName } from './distributions.js';
import type { DriftMethod, DriftResult } from './drift-result.js';
import { prepareFeaturePair } from './feature-pair.js';
import { DRIFT_METHODS } from './method-registry.js';
import { jensenShannonInapplicable } from './methods/tfdv-comparators.js';

/** A method to run on a feature, with its threshold (else the method's default). */
export interface FeatureMethod {
  readonly method: DriftMethod;
  readonly threshold?: number;
  /** jsd only: the numeric histogram to compare (STANDARD by default). */
  readonly source?: HistogramSelectionType;
}

/** Bounds on current/reference example counts (TFDV's `num_examples_drift_comparator`). */
export interface NumExamplesBounds {
  readonly minFraction?: number;
  readonly maxFraction?: number;
}

export interface CompareOptions {
  /** The method for every feature; `auto` (default) picks per feature (see `chooseMethod`). */
  readonly method?: DriftMethod | 'auto';
  /** Thresholds by method, replacing the defaults. */
  readonly thresholds?: Readonly<Partial<Record<DriftMethod, number>>>;
  /** Compare only these features (by name or dotted path). */
  readonly features?: readonly string[];
  /** Leave these features out (ids, timestamps, anything expected to change). */
  readonly exclude?: readonly string[];
  /**
   * Evidently's dataset-level verdict: the dataset drifts when at least this share of the compared
   * features drifts. Without it, any drifted feature makes the dataset drift.
   */
  readonly driftShare?: number;
  /** Methods per feature (e.g. from a schema's comparators), used instead of `method` for those features. */
  readonly featureMethods?: Readonly<Record<string, readonly FeatureMethod[]>>;
  readonly numExamples?: NumExamplesBounds;
  /** The dataset (slice) to compare by name; default the first in each list. */
  readonly dataset?: string;
}

/** One feature's comparison. */
export interface FeatureComparison {
  readonly feature: string;
  readonly kind: FeatureKind;
  /** Values compared on each side (value occurrences; NaN excluded for numeric features). */
  readonly referenceCount: number;
  readonly currentCount: number;
  readonly results: readonly DriftResult[];
  /** Any result drifted. */
  readonly drifted: boolean;
  /** Why some or all requested methods did not run. */
  readonly skipped?: string;
  /** Why `auto` chose the method. */
  readonly chosenBy?: string;
  /**
   * Categorical features: values the current statistics list and the reference does not have
   * (only when the reference lists all its values), e.g. a new `payment_type`.
   */
  readonly newValues?: readonly string[];
}

/** The dataset-level example counts. */
export interface NumExamplesComparison {
  readonly reference: number;
  readonly current: number;
  /** current / reference, or null when the reference has no examples. */
  readonly ratio: number | null;
  readonly minFraction?: number;
  readonly maxFraction?: number;
  /** Outside the bounds (never when no bounds were given). */
  readonly drifted: boolean;
}

export interface StatisticsComparison {
  readonly numExamples: NumExamplesComparison;
  readonly features: readonly FeatureComparison[];
  readonly driftedFeatures: readonly string[];
  /** The share of compared features (those a method ran on) that drifted, against `driftShare`. */
  readonly dataset: { readonly compared: number; readonly share: number; readonly threshold?: number };
  /**
   * The verdict: the drifted share reached `driftShare` (any drifted feature without it), or the
   * example count left its bounds.
   */
  readonly drifted: boolean;
}

function pickDataset(
  list: DatasetFeatureStatisticsList,
  name: string | undefined,
  side: string,
): DatasetFeatureStatistics {
  const datasets = list.datasets ?? [];
  const found = name === undefined ? datasets[0] : datasets.find((d) => d.name === name);
  if (!found) {
    throw new UsageError(
      name === undefined
        ? `the ${side} statistics contain no dataset`
        : `the ${side} statistics have no dataset named '${name}'`,
      { hint: `datasets present: ${datasets.map((d) => `'${d.name ?? ''}'`).join(', ') || 'none'}` },
    );
  }
  return found;
}

/** Compares current statistics with reference statistics. */
export function compareStatistics(
  reference: DatasetFeatureStatisticsList,
  current: DatasetFeatureStatisticsList,
  options: CompareOptions = {},
): StatisticsComparison {
  const a = pickDataset(reference, options.dataset, 'reference');
  const b = pickDataset(current, options.dataset, 'current');
  const byName = (d: DatasetFeatureStatistics) => new Map((d.features ?? []).map((f) => [featureName(f), f]));
  const fa = byName(a);
  const fb = byName(b);
  let names = [...new Set([...fa.keys(), ...fb.keys()])];
  if (options.features) {
    const wanted = new Set(options.features);
    const unknown = [...wanted].filter((n) => !fa.has(n) && !fb.has(n));
    if (unknown.length) {
      throw new UsageError(`no feature named ${unknown.map((n) => `'${n}'`).join(', ')} in either statistics`);
    }
    names = names.filter((n) => wanted.has(n));
  }
  if (options.exclude?.length) {
    const excluded = new Set(options.exclude);
    const unknown = [...excluded].filter((n) => !fa.has(n) && !fb.has(n));
    if (unknown.length) {
      throw new UsageError(
        `cannot exclude ${unknown.map((n) => `'${n}'`).join(', ')}: no such feature in either statistics`,
      );
    }
    names = names.filter((n) => !excluded.has(n));
  }
  const features = names.map((name) => compareFeature(name, fa.get(name), fb.get(name), options));
  const numExamples = compareNumExamples(Number(a.numExamples ?? 0), Number(b.numExamples ?? 0), options.numExamples);
  const driftedFeatures = features.filter((f) => f.drifted).map((f) => f.feature);
  const compared = features.filter((f) => f.results.length > 0).length;
  const share = compared > 0 ? driftedFeatures.length / compared : 0;
  const threshold = options.driftShare;
  const featuresDrift = threshold === undefined ? driftedFeatures.length > 0 : compared > 0 && share >= threshold;
  return {
    numExamples,
    features,
    driftedFeatures,
    dataset: { compared, share, ...(threshold !== undefined ? { threshold } : {}) },
    drifted: featuresDrift || numExamples.drifted,
  };
}

function compareFeature(
  name: string,
  reference: FeatureNameStatistics | undefined,
  current: FeatureNameStatistics | undefined,
  options: CompareOptions,
): FeatureComparison {
  const kind = featureKind((reference ?? current)!);
  const empty = { feature: name, kind, referenceCount: 0, currentCount: 0, results: [], drifted: false };
  if (!reference) return { ...empty, skipped: 'missing in the reference statistics' };
  if (!current) return { ...empty, skipped: 'missing in the current statistics' };
  const pair = prepareFeaturePair(reference, current);
  if ('skip' in pair) return { ...empty, skipped: pair.skip };
  const counts = { referenceCount: pair.bins.referenceTotal, currentCount: pair.bins.currentTotal };
  let requested: readonly FeatureMethod[];
  let choice: AutoChoice | undefined;
  // Own entries only: a feature named `constructor` must not find Object.prototype's.
  const perFeature =
    options.featureMethods && Object.hasOwn(options.featureMethods, name) ? options.featureMethods[name] : undefined;
  if (perFeature) requested = perFeature;
  else if ((options.method ?? 'auto') === 'auto') {
    choice = chooseMethod(pair);
    requested = [{ method: choice.method }];
  } else requested = [{ method: options.method as DriftMethod }];
  const results: DriftResult[] = [];
  const skipped: string[] = [];
  for (const { method, threshold, source } of requested) {
    const spec = DRIFT_METHODS[method];
    const why = method === 'jsd' ? jensenShannonInapplicable(reference, current, source) : spec.inapplicable(pair);
    if (why) {
      skipped.push(why);
      continue;
    }
    const chosen = threshold ?? options.thresholds?.[method] ?? spec.defaultThreshold;
    results.push(spec.run(pair, chosen, source === undefined ? {} : { source }));
  }
  const newValues =
    pair.kind === 'categorical' && pair.reference.other === 0
      ? [...pair.current.counts].filter(([v, c]) => c > 0 && !pair.reference.counts.has(v)).map(([v]) => v)
      : [];
  return {
    feature: name,
    kind,
    ...counts,
    results,
    ...(newValues.length ? { newValues } : {}),
    drifted: results.some((r) => r.drifted),
    ...(skipped.length ? { skipped: skipped.join('; ') } : {}),
    ...(choice ? { chosenBy: choice.reason } : {}),
  };
}

/** TFDV's rule: drift when current/reference falls below `minFraction` or above `maxFraction`. */
export function compareNumExamples(
  reference: number,
  current: number,
  bounds: NumExamplesBounds = {},
): NumExamplesComparison {
  const ratio = reference > 0 ? current / reference : null;
  let drifted = false;
  // TFDV: an upper bound with an empty reference always fires (any data is "infinitely" more).
  if (ratio === null && bounds.maxFraction !== undefined && current > 0) drifted = true;
  if (ratio !== null) {
    if (bounds.minFraction !== undefined && ratio < bounds.minFraction) drifted = true;
    if (bounds.maxFraction !== undefined && ratio > bounds.maxFraction) drifted = true;
  }
  return {
    reference,
    current,
    ratio,
    ...(bounds.minFraction !== undefined ? { minFraction: bounds.minFraction } : {}),
    ...(bounds.maxFraction !== undefined ? { maxFraction: bounds.maxFraction } : {}),
    drifted,
  };
}
