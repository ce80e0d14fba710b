/**
 * Every drift method as data: its statistic kind, default threshold, which features it applies
 * to and how to run it on a prepared feature pair. `compareStatistics` and the CLI read this.
 */
import type { DriftMethod, DriftResult, DriftStatisticKind } from './drift-result.js';
import type { FeaturePair } from './feature-pair.js';
import { CHI2_DEFAULT_THRESHOLD, chiSquaredOfBins } from './methods/chi-squared.js';
import { HELLINGER_DEFAULT_THRESHOLD, hellingerOfBins } from './methods/hellinger.js';
import { KL_DEFAULT_THRESHOLD, klOfBins } from './methods/kl.js';
import { KS_DEFAULT_THRESHOLD, ksOfCdfs } from './methods/ks.js';
import { PSI_DEFAULT_THRESHOLD, psiOfBins } from './methods/psi.js';
import { WASSERSTEIN_DEFAULT_THRESHOLD, wassersteinOfCdfs } from './methods/wasserstein.js';
import { ZTEST_DEFAULT_THRESHOLD, zTestInapplicable, zTestOfBins } from './methods/z-test.js';

/** A drift method's description and entry point. */
export interface DriftMethodSpec {
  readonly name: DriftMethod;
  readonly kind: DriftStatisticKind;
  readonly defaultThreshold: number;
  /** One line for help and docs. */
  readonly summary: string;
  /** Why the method cannot run on this pair, or undefined when it can. */
  readonly inapplicable: (pair: FeaturePair) => string | undefined;
  readonly run: (pair: FeaturePair, threshold: number) => DriftResult;
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
    inapplicable: () => undefined,
    run: (pair, t) => psiOfBins(pair.bins, t),
  },
  ks: {
    name: 'ks',
    kind: 'p_value',
    defaultThreshold: KS_DEFAULT_THRESHOLD,
    summary: 'two-sample Kolmogorov-Smirnov test on the histogram CDFs',
    inapplicable: numericOnly('ks'),
    run: (pair, t) => (pair.kind === 'numeric' ? ksOfCdfs(pair.reference, pair.current, t) : unreachable()),
  },
  wasserstein: {
    name: 'wasserstein',
    kind: 'distance',
    defaultThreshold: WASSERSTEIN_DEFAULT_THRESHOLD,
    summary: 'Wasserstein-1 distance in reference standard deviations',
    inapplicable: numericOnly('wasserstein'),
    run: (pair, t) => (pair.kind === 'numeric' ? wassersteinOfCdfs(pair.reference, pair.current, t) : unreachable()),
  },
  hellinger: {
    name: 'hellinger',
    kind: 'distance',
    defaultThreshold: HELLINGER_DEFAULT_THRESHOLD,
    summary: 'Hellinger distance, in [0, 1]',
    inapplicable: () => undefined,
    run: (pair, t) => hellingerOfBins(pair.bins, t),
  },
  chi2: {
    name: 'chi2',
    kind: 'p_value',
    defaultThreshold: CHI2_DEFAULT_THRESHOLD,
    summary: 'chi-squared test of homogeneity on the value (or bin) counts',
    inapplicable: () => undefined,
    run: (pair, t) => chiSquaredOfBins(pair.bins, t),
  },
  ztest: {
    name: 'ztest',
    kind: 'p_value',
    defaultThreshold: ZTEST_DEFAULT_THRESHOLD,
    summary: 'two-proportion z-test, for features with two values',
    inapplicable: (pair) => zTestInapplicable(pair.bins),
    run: (pair, t) => zTestOfBins(pair.bins, t),
  },
  kl: {
    name: 'kl',
    kind: 'distance',
    defaultThreshold: KL_DEFAULT_THRESHOLD,
    summary: 'Kullback-Leibler divergence KL(reference‖current), ln',
    inapplicable: () => undefined,
    run: (pair, t) => klOfBins(pair.bins, t),
  },
};

function unreachable(): never {
  throw new Error('drift method run on a feature it does not apply to');
}

/** The method names, in the order the CLI lists them. */
export const DRIFT_METHOD_NAMES = Object.keys(DRIFT_METHODS) as DriftMethod[];
