/**
 * The `monitoring` part of the pipeline config and the span forms of `driftAgainst`; checked the
 * way the rest of the config is, every problem naming its key.
 */
import { DETECTOR_NAMES, DETECTORS, type DetectorSpec, isDetectorName } from '../monitoring/detector-registry.js';
import { isMetricName, METRIC_NAMES } from '../monitoring/metric-registry.js';
import type { DatasetDriftRule, MonitoringConfig, MonitoringRule } from '../monitoring/monitoring-rules.js';
import type { Severity } from '../tfmd/types.js';

/** The parts of the config reader these keys use. */
interface Reader {
  fail(key: string, message: string, hint?: string): never;
  describe(value: unknown): string;
  object(value: unknown, key: string, allowed: readonly string[] | undefined): Record<string, unknown>;
  string(value: unknown, key: string): string;
  number(value: unknown, key: string, check: (n: number) => boolean, expected: string): number;
}

/** Which earlier spans a span is compared with: the previous one, the last K, or a fixed span. */
export type SpanSelector =
  | { readonly kind: 'previous' }
  | { readonly kind: 'last'; readonly count: number }
  | { readonly kind: 'fixed'; readonly span: number };

const SEVERITIES: readonly Severity[] = ['ERROR', 'WARNING', 'UNKNOWN'];
const DRIFT_METHODS = ['linf', 'jsd', 'psi'] as const;

/** `"previous-span"`, `{ "spans": K }` or `{ "span": N }`; undefined for a split name (or nothing). */
export function readSpanSelector(r: Reader, value: unknown, key: string): SpanSelector | undefined {
  if (value === 'previous-span') return { kind: 'previous' };
  if (value === null || typeof value !== 'object') return undefined;
  const o = r.object(value, key, ['spans', 'span']);
  if ((o.spans === undefined) === (o.span === undefined)) {
    r.fail(
      key,
      'set either "spans" (the last K spans) or "span" (a fixed span)',
      'e.g. { "spans": 3 } or { "span": 12 }',
    );
  }
  if (o.spans !== undefined) {
    return {
      kind: 'last',
      count: r.number(o.spans, `${key}.spans`, (n) => Number.isInteger(n) && n >= 1, 'an integer >= 1'),
    };
  }
  return {
    kind: 'fixed',
    span: r.number(o.span, `${key}.span`, (n) => Number.isInteger(n) && n >= 0, 'an integer >= 0'),
  };
}

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

function readDatasetDrift(r: Reader, value: unknown): DatasetDriftRule {
  const key = 'monitoring.datasetDrift';
  const o = r.object(value, key, ['method', 'against', 'threshold', 'share', 'severity']);
  const method = o.method === undefined ? 'jsd' : r.string(o.method, `${key}.method`);
  if (!DRIFT_METHODS.includes(method as never)) r.fail(`${key}.method`, `expected one of ${DRIFT_METHODS.join(', ')}`);
  const against = o.against === undefined ? 'previous' : r.string(o.against, `${key}.against`);
  if (against !== 'previous' && against !== 'baseline') r.fail(`${key}.against`, 'expected previous or baseline');
  return {
    method: method as DatasetDriftRule['method'],
    against,
    threshold:
      o.threshold === undefined ? 0.1 : r.number(o.threshold, `${key}.threshold`, (n) => n >= 0, 'a number >= 0'),
    share:
      o.share === undefined ? 0.5 : r.number(o.share, `${key}.share`, (n) => n > 0 && n <= 1, 'a number in (0, 1]'),
    severity: severity(r, o.severity, `${key}.severity`, 'WARNING'),
  };
}

/** Reads `monitoring`: `{ rules: [...], datasetDrift?: {...}, baseline?: { span: N } }`. */
export function readMonitoringConfig(r: Reader, value: unknown): MonitoringConfig {
  const o = r.object(value, 'monitoring', ['rules', 'datasetDrift', 'baseline']);
  let rules: MonitoringRule[] = [];
  if (o.rules !== undefined) {
    if (!Array.isArray(o.rules)) r.fail('monitoring.rules', `expected a list of rules, got ${r.describe(o.rules)}`);
    rules = o.rules.map((rule, i) => readRule(r, rule, `monitoring.rules[${i}]`));
  }
  let baselineSpan: number | undefined;
  if (o.baseline !== undefined) {
    const b = r.object(o.baseline, 'monitoring.baseline', ['span']);
    baselineSpan = r.number(
      b.span,
      'monitoring.baseline.span',
      (n) => Number.isInteger(n) && n >= 0,
      'an integer >= 0',
    );
  }
  return {
    rules,
    ...(o.datasetDrift !== undefined ? { datasetDrift: readDatasetDrift(r, o.datasetDrift) } : {}),
    ...(baselineSpan !== undefined ? { baselineSpan } : {}),
  };
}
