/**
 * The `monitoring` part of the pipeline config and the span forms of `driftAgainst`, in the
 * definition language of the rest of the config (every problem naming its key, every key in the
 * docs table); a rule's parameters and their ranges come from the detector registry.
 */
import { describeRange, inRange } from '../_util/number-range.js';
import {
  DETECTOR_NAMES,
  DETECTORS,
  type DetectorName,
  type DetectorParams,
  type DetectorSpec,
  isDetectorName,
  type ParamSpec,
} from '../monitoring/detector-registry.js';
import { DATASET_DRIFT_METHODS, isMetricName, METRIC_NAMES } from '../monitoring/metric-registry.js';
import type { DatasetDriftRule, MonitoringConfig, MonitoringRule } from '../monitoring/monitoring-rules.js';
import { SEVERITIES } from '../tfmd/vocabulary.js';
import {
  custom,
  integerAtLeast,
  list,
  numberIn,
  type ObjectOutput,
  object,
  oneOf,
  string,
  tagged,
} from './config-definition.js';

/** Which earlier spans a span is compared with: the previous one, the last K, or a fixed span. */
export type SpanSelector =
  | { readonly kind: 'previous' }
  | { readonly kind: 'last'; readonly count: number }
  | { readonly kind: 'fixed'; readonly span: number };

/**
 * `driftAgainst`: another split's name, or earlier spans of this split: `"previous-span"`,
 * `{ "spans": K }` (the last K) or `{ "span": N }` (a fixed one).
 */
export const DRIFT_AGAINST = object({
  spans: integerAtLeast(1).doc('the last K complete spans before this one').opt('none: give `spans` or `span`'),
  span: integerAtLeast(0).doc('span N (a training or reference span)').opt('none: give `spans` or `span`'),
})
  .map((o, key, r): SpanSelector => {
    if (o.spans !== undefined && o.span === undefined) return { kind: 'last', count: o.spans };
    if (o.span !== undefined && o.spans === undefined) return { kind: 'fixed', span: o.span };
    return r.fail(
      key,
      'set either "spans" (the last K spans) or "span" (a fixed span)',
      'e.g. { "spans": 3 } or { "span": 12 }',
    );
  })
  .or<string | SpanSelector>(
    'a split name, `"previous-span"`, `{ "spans": K }` or `{ "span": N }`',
    (v, key, r): string | SpanSelector | undefined =>
      v === 'previous-span' ? { kind: 'previous' } : typeof v === 'string' ? r.string(v, key) : undefined,
  );

/** A name out of a registry; a wrong or missing one gets the names the registry knows. */
function registryName<N extends string>(
  what: string,
  names: readonly N[],
  known: (name: string) => name is N,
  kind = `one of ${names.map((name) => `\`${name}\``).join(', ')}`,
) {
  return custom<N>(kind, (v, key, r) => {
    if (typeof v === 'string' && known(v)) return v;
    const hint = `${what}s: ${names.join(', ')}`;
    return typeof v === 'string' && v !== ''
      ? r.fail(key, `unknown ${what} '${v}'`, hint)
      : r.fail(key, `expected a ${what} name, got ${r.describe(v)}`, hint);
  });
}

const DETECTOR = registryName('detector', DETECTOR_NAMES, isDetectorName);
const METRIC = registryName(
  'metric',
  METRIC_NAMES,
  isMetricName,
  'a metric name ([metric history](monitoring.md#metric-history))',
);

/** The keys of every monitoring rule, whatever its detector. */
const RULE_KEYS = {
  feature: string().doc('the feature watched, or `*` for every feature of the span').default('*', '`*`'),
  metric: METRIC.doc('the metric watched'),
  detector: DETECTOR.doc('the detector judging the metric; its parameters are the keys that follow'),
  severity: oneOf(SEVERITIES).doc('the severity of what it finds').default('ERROR', '`ERROR`'),
};

/** A detector parameter: its range from the registry; the error also says what the parameter means. */
function parameter(spec: ParamSpec) {
  const expected = describeRange(spec);
  const def = custom(expected, (v, key, r) =>
    r.number(v, key, (n) => inRange(spec, n), `${expected} (${spec.summary})`),
  ).doc(spec.summary);
  return spec.default === undefined ? def.opt() : def.default(spec.default, `\`${spec.default}\``);
}

/** A rule with detector `name`: the shared keys and the detector's parameters, defaults applied. */
function ruleOf(name: DetectorName) {
  const spec: DetectorSpec = DETECTORS[name];
  const parameters = Object.fromEntries(Object.entries(spec.params).map(([param, p]) => [param, parameter(p)]));
  return object({ ...RULE_KEYS, ...parameters }).map((o, key, r): MonitoringRule => {
    // The parameters' keys come from the registry, so their type is only known as numbers.
    const { feature, metric, detector, severity, ...params } = o as ObjectOutput<typeof RULE_KEYS> & DetectorParams;
    if (spec.requireOneOf && !spec.requireOneOf.some((param) => params[param] !== undefined)) {
      r.fail(key, `the ${name} detector needs ${spec.requireOneOf.join(' or ')}`);
    }
    return { feature, metric, detector, params, severity };
  });
}

/** A monitoring rule: a detector over one metric of a feature; its other keys depend on the detector. */
const RULE = tagged('detector', RULE_KEYS, Object.fromEntries(DETECTOR_NAMES.map((name) => [name, ruleOf(name)])));

/** The dataset-level drift verdict (`monitoring.datasetDrift`). */
const DATASET_DRIFT = object({
  method: oneOf(DATASET_DRIFT_METHODS).doc('the distance measured per feature').default('jsd', '`jsd`'),
  against: oneOf(['previous', 'baseline'] as const, 'previous or baseline')
    .doc('measured against the previous span or the baseline span')
    .default('previous', '`previous`'),
  threshold: numberIn({ min: 0 }).doc('a feature drifted when its distance is above this').default(0.1, '`0.1`'),
  share: numberIn({ above: 0, max: 1 })
    .doc('the dataset drifted when the share of drifted features (of those measured) reaches this')
    .default(0.5, '`0.5`'),
  severity: oneOf(SEVERITIES).doc('the severity of a dataset drift anomaly').default('WARNING', '`WARNING`'),
}).map((rule): DatasetDriftRule => rule);

/** `monitoring`: `{ rules: [...], datasetDrift?: {...}, baseline?: { span: N } }` (docs/monitoring.md). */
export const MONITORING = object(
  {
    rules: list(RULE, { missing: 'missing', notAList: 'expected a list of rules' }, true)
      .doc('detectors over the metric history: each a metric of a feature, a detector and its parameters')
      .default(() => [], '`[]`'),
    datasetDrift: DATASET_DRIFT.doc('the dataset-level drift verdict').opt(),
    baseline: object({ span: integerAtLeast(0).doc('the baseline span') })
      .doc('the span the `*_baseline` distances are measured against')
      .opt('the first recorded span'),
  },
  '`{ rules, datasetDrift, baseline }`',
).map(
  ({ baseline, ...rest }): MonitoringConfig => ({
    ...rest,
    ...(baseline !== undefined ? { baselineSpan: baseline.span } : {}),
  }),
);
