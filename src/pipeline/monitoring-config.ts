/**
 * The `monitoring` part of the pipeline config and the span forms of `driftAgainst`; checked the
 * way the rest of the config is, every problem naming its key.
 */
import { DETECTOR_NAMES, DETECTORS, type DetectorSpec, isDetectorName } from '../monitoring/detector-registry.js';
import { DATASET_DRIFT_METHODS, isMetricName, METRIC_NAMES } from '../monitoring/metric-registry.js';
import type { DatasetDriftRule, MonitoringConfig, MonitoringRule } from '../monitoring/monitoring-rules.js';
import type { Severity } from '../tfmd/types.js';
import { SEVERITIES } from '../tfmd/vocabulary.js';
import { custom, integerAtLeast, number, object, oneOf } from './config-definition.js';
import type { ConfigReader as Reader } from './config-reader.js';

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

function severity(r: Reader, value: unknown, key: string, fallback: Severity): Severity {
  if (value === undefined) return fallback;
  const s = r.string(value, key);
  if (!SEVERITIES.includes(s as Severity)) r.fail(key, `expected one of ${SEVERITIES.join(', ')}`);
  return s as Severity;
}

function readRule(r: Reader, value: unknown, key: string): MonitoringRule {
  const head = r.object(value, key, undefined);
  const detector = r.string(head.detector, `${key}.detector`);
  if (!isDetectorName(detector)) {
    r.fail(`${key}.detector`, `unknown detector '${detector}'`, `detectors: ${DETECTOR_NAMES.join(', ')}`);
  }
  const spec = DETECTORS[detector] as DetectorSpec;
  const o = r.object(value, key, ['feature', 'metric', 'detector', 'severity', ...Object.keys(spec.params)]);
  const metric = r.string(o.metric, `${key}.metric`);
  if (!isMetricName(metric))
    r.fail(`${key}.metric`, `unknown metric '${metric}'`, `metrics: ${METRIC_NAMES.join(', ')}`);
  const params: Record<string, number> = {};
  for (const [name, param] of Object.entries(spec.params)) {
    const given = o[name];
    if (given === undefined) {
      if (param.default !== undefined) params[name] = param.default;
      continue;
    }
    const min = param.min ?? Number.NEGATIVE_INFINITY;
    params[name] = r.number(
      given,
      `${key}.${name}`,
      (n) => n >= min && (!param.integer || Number.isInteger(n)),
      `${param.integer ? 'an integer' : 'a number'}${param.min !== undefined ? ` >= ${param.min}` : ''} (${param.summary})`,
    );
  }
  if (spec.requireOneOf && !spec.requireOneOf.some((name) => o[name] !== undefined)) {
    r.fail(key, `the ${detector} detector needs ${spec.requireOneOf.join(' or ')}`);
  }
  return {
    feature: o.feature === undefined ? '*' : r.string(o.feature, `${key}.feature`),
    metric,
    detector,
    params,
    severity: severity(r, o.severity, `${key}.severity`, 'ERROR'),
  };
}

/** The dataset-level drift verdict (`monitoring.datasetDrift`). */
const DATASET_DRIFT = object({
  method: oneOf(DATASET_DRIFT_METHODS).doc('the distance measured per feature').default('jsd', '`jsd`'),
  against: oneOf(['previous', 'baseline'] as const, 'previous or baseline')
    .doc('measured against the previous span or the baseline span')
    .default('previous', '`previous`'),
  threshold: number('a number >= 0', (n) => n >= 0)
    .doc('a feature drifted when its distance is above this')
    .default(0.1, '`0.1`'),
  share: number('a number in (0, 1]', (n) => n > 0 && n <= 1)
    .doc('the dataset drifted when the share of drifted features (of those measured) reaches this')
    .default(0.5, '`0.5`'),
  severity: oneOf(SEVERITIES).doc('the severity of a dataset drift anomaly').default('WARNING', '`WARNING`'),
}).map((rule): DatasetDriftRule => rule);

/** `monitoring`: `{ rules: [...], datasetDrift?: {...}, baseline?: { span: N } }` (docs/monitoring.md). */
export const MONITORING = object(
  {
    rules: custom<MonitoringRule[]>(
      'a list of `{ feature, metric, detector, severity, <detector parameters> }`',
      (value, key, r) => {
        if (!Array.isArray(value)) return r.fail(key, `expected a list of rules, got ${r.describe(value)}`);
        return value.map((rule: unknown, i) => readRule(r, rule, `${key}[${i}]`));
      },
    )
      .doc('detectors over the metric history: `feature` (default `*`), a metric, a detector and its parameters')
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
