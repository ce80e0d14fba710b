/**
 * Every drift method as data: its statistic kind, default threshold, which features it applies
 * to and how to run it on a prepared feature pair. `compareStatistics` and the CLI read this.
 */
import type { HistogramSelectionType } from '../tfmd/types.js';
import type { DriftMethod, DriftResult, DriftStatisticKind } from './drift-result.js';
import type { FeaturePair } from './feature-pair.js';
import { CHI2_DEFAULT_THRESHOLD, chiSquaredOfBins } from './methods/chi-squared.js';
import { HELLINGER_DEFAULT_THRESHOLD, hellingerOfBins } from './methods/hellinger.js';
import { KL_DEFAULT_THRESHOLD, klOfBins } from './methods/kl.js';
import { KS_DEFAULT_THRESHOLD, ksOfCdfs } from './methods/ks.js';
import { PSI_DEFAULT_THRESHOLD, psiOfBins } from './methods/psi.js';
import {
  JSD_DEFAULT_THRESHOLD,
  jensenShannonInapplicable,
  jensenShannonMethod,
  LINF_DEFAULT_THRESHOLD,
  lInfinityMethod,
  NAD_DEFAULT_THRESHOLD,
  normalizedAbsDifferenceMethod,
} from './methods/tfdv-comparators.js';
import { WASSERSTEIN_DEFAULT_THRESHOLD, wassersteinOfCdfs } from './methods/wasserstein.js';
import { ZTEST_DEFAULT_THRESHOLD, zTestInapplicable, zTestOfBins } from './methods/z-test.js';

/** Per-method settings beyond the threshold. */
export interface MethodRunOptions {
  /** jsd: which numeric histogram to compare (a schema comparator's `source`). */
  readonly source?: HistogramSelectionType;
}

/** A drift method's description and entry point. */
export interface DriftMethodSpec {
  readonly name: DriftMethod;
  readonly kind: DriftStatisticKind;
  readonly defaultThreshold: number;
  /** One line for help and docs. */
  readonly summary: string;
  /** What the value is measured in, printed beside every value so a number is never bare. */
  readonly unit: string;
  /** Why the method cannot run on this pair, or undefined when it can. */
  readonly inapplicable: (pair: FeaturePair) => string | undefined;
  readonly run: (pair: FeaturePair, threshold: number, options?: MethodRunOptions) => DriftResult;
}

const numericOnly = (name: string) => (pair: FeaturePair) =>
  pair.kind === 'numeric' ? undefined : `${name} needs an ordered (numeric) feature`;

/** The drift methods by name. */
export const DRIFT_METHODS: Readonly<Record<DriftMethod, DriftMethodSpec>> = {
  psi: {
    name: 'psi',
    kind: 'distance',
    defaultThreshold: PSI_DEFAULT_THRESHOLD,
    summary: 'population stability index, ln, empty bins smoothed',
    unit: 'index (ln)',
    inapplicable: () => undefined,
    run: (pair, t) => psiOfBins(pair.bins, t),
  },
  ks: {
    name: 'ks',
    kind: 'p_value',
    defaultThreshold: KS_DEFAULT_THRESHOLD,
    summary: 'two-sample Kolmogorov-Smirnov test on the histogram CDFs',
    unit: 'p-value',
    inapplicable: numericOnly('ks'),
    run: (pair, t) => (pair.kind === 'numeric' ? ksOfCdfs(pair.reference, pair.current, t) : unreachable()),
  },
  wasserstein: {
    name: 'wasserstein',
    kind: 'distance',
    defaultThreshold: WASSERSTEIN_DEFAULT_THRESHOLD,
    summary: 'Wasserstein-1 distance in reference standard deviations',
    unit: 'reference std devs',
    inapplicable: numericOnly('wasserstein'),
    run: (pair, t) => (pair.kind === 'numeric' ? wassersteinOfCdfs(pair.reference, pair.current, t) : unreachable()),
  },
  hellinger: {
    name: 'hellinger',
    kind: 'distance',
    defaultThreshold: HELLINGER_DEFAULT_THRESHOLD,
    summary: 'Hellinger distance, in [0, 1]',
    unit: 'distance in [0, 1]',
    inapplicable: () => undefined,
    run: (pair, t) => hellingerOfBins(pair.bins, t),
  },
  chi2: {
    name: 'chi2',
    kind: 'p_value',
    defaultThreshold: CHI2_DEFAULT_THRESHOLD,
    summary: 'chi-squared test of homogeneity on the value (or bin) counts',
    unit: 'p-value',
    inapplicable: () => undefined,
    run: (pair, t) => chiSquaredOfBins(pair.bins, t),
  },
  ztest: {
    name: 'ztest',
    kind: 'p_value',
    defaultThreshold: ZTEST_DEFAULT_THRESHOLD,
    summary: 'two-proportion z-test, for features with two values',
    unit: 'p-value',
    inapplicable: (pair) => zTestInapplicable(pair.bins),
    run: (pair, t) => zTestOfBins(pair.bins, t),
  },
  kl: {
    name: 'kl',
    kind: 'distance',
    defaultThreshold: KL_DEFAULT_THRESHOLD,
    summary: 'Kullback-Leibler divergence KL(reference‖current), ln',
    unit: 'nats',
    inapplicable: () => undefined,
    run: (pair, t) => klOfBins(pair.bins, t),
  },
  linf: {
    name: 'linf',
    kind: 'distance',
    defaultThreshold: LINF_DEFAULT_THRESHOLD,
    summary: "TFDV's L-infinity distance (infinity_norm), categorical",
    unit: 'largest share difference',
    inapplicable: (pair) =>
      pair.kind === 'categorical' ? undefined : 'linf compares value counts (TFDV gives 0 for numeric features)',
    run: (pair, t) => lInfinityMethod(pair.statistics.reference, pair.statistics.current, t),
  },
  jsd: {
    name: 'jsd',
    kind: 'distance',
    defaultThreshold: JSD_DEFAULT_THRESHOLD,
    summary: "TFDV's Jensen-Shannon divergence, log2, TFDV's histogram alignment",
    unit: 'bits, in [0, 1]',
    inapplicable: (pair) => jensenShannonInapplicable(pair.statistics.reference, pair.statistics.current),
    run: (pair, t, options) =>
      jensenShannonMethod(pair.statistics.reference, pair.statistics.current, t, options?.source),
  },
  nad: {
    name: 'nad',
    kind: 'distance',
    defaultThreshold: NAD_DEFAULT_THRESHOLD,
    summary: "TFDV's normalized absolute difference of value counts",
    unit: 'share of counts, in [0, 1]',
    inapplicable: (pair) => (pair.kind === 'categorical' ? undefined : 'nad compares value counts'),
    run: (pair, t) => normalizedAbsDifferenceMethod(pair.statistics.reference, pair.statistics.current, t),
  },
};

function unreachable(): never {
  throw new Error('drift method run on a feature it does not apply to');
}

/** The method names, in the order the CLI lists them. */
export const DRIFT_METHOD_NAMES = Object.keys(DRIFT_METHODS) as DriftMethod[];
