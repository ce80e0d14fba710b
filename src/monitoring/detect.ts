/**
 * Runs the monitoring rules on a span: for every rule and feature, the metric's values in the past
 * spans (oldest first) and in this span go to the rule's detector; what leaves the accepted range
 * is a finding. The dataset drift verdict is a finding too when it says drifted.
 */
import { type DatasetDriftVerdict, datasetDriftVerdict } from './dataset-drift.js';
import { DETECTORS, type DetectorSpec, formatValue, type HistoryPoint } from './detector-registry.js';
import type { Finding } from './finding.js';
import type { MonitoringConfig, MonitoringRule } from './monitoring-rules.js';
import type { SpanMetrics } from './span-metrics.js';

/** The metric row of a span before detection. */
export type SpanMetricsRow = Omit<SpanMetrics, 'findings' | 'drift'>;

/** How many past spans a rule reads. */
export function ruleLookback(rule: MonitoringRule): number {
  return (DETECTORS[rule.detector] as DetectorSpec).lookback(rule.params);
}

function column(row: SpanMetricsRow, metric: string): number {
  return row.metrics.indexOf(metric as never);
}

function featureValues(row: SpanMetricsRow): Map<string, readonly (number | null)[]> {
  return new Map(row.features.map((f) => [f.name, f.values]));
}

/** Findings and the dataset drift verdict of `current`, given the past spans' rows (oldest first). */
export function detectSpan(
  config: MonitoringConfig,
  past: readonly SpanMetrics[],
  current: SpanMetricsRow,
): { findings: Finding[]; drift?: DatasetDriftVerdict } {
  const findings: Finding[] = [];
  const currentValues = featureValues(current);
  const pastValues = past.map(featureValues);
  for (const rule of config.rules) {
    const spec = DETECTORS[rule.detector] as DetectorSpec;
    const col = column(current, rule.metric);
    const features = rule.feature === '*' ? [...currentValues.keys()] : [rule.feature];
    for (const feature of features) {
      const value = currentValues.get(feature)?.[col];
      if (value === null || value === undefined) continue;
      const history: HistoryPoint[] = past.map((row, i) => {
        const c = column(row, rule.metric);
        const v = c < 0 ? undefined : pastValues[i]?.get(feature)?.[c];
        return {
          span: row.span,
          value: v ?? null,
          flagged: row.findings.some((f) => f.code === spec.code && f.feature === feature && f.metric === rule.metric),
        };
      });
      const verdict = spec.check(history, value, rule.params);
      if (!verdict?.anomalous) continue;
      const range = `[${verdict.lower === undefined ? '-inf' : formatValue(verdict.lower)}, ${verdict.upper === undefined ? 'inf' : formatValue(verdict.upper)}]`;
      findings.push({
        code: spec.code,
        detector: rule.detector,
        feature,
        metric: rule.metric,
        value,
        ...(verdict.lower !== undefined ? { lower: verdict.lower } : {}),
        ...(verdict.upper !== undefined ? { upper: verdict.upper } : {}),
        severity: rule.severity,
        message: `${rule.metric} of '${feature}' in span ${current.span} is ${formatValue(value)}, outside ${range} (${rule.detector}: ${verdict.basis}).`,
      });
    }
  }
  const drift = config.datasetDrift ? datasetDriftVerdict(current, config.datasetDrift) : undefined;
  if (drift?.drifted && config.datasetDrift) {
    findings.push({
      code: 'DATASET_DRIFT_SHARE',
      detector: 'datasetDrift',
      feature: '(dataset)',
      metric: drift.metric,
      value: drift.share,
      upper: drift.shareThreshold,
      severity: config.datasetDrift.severity,
      message: `${drift.driftedFeatures.length} of ${drift.measured} features drifted in span ${current.span} (${drift.metric} > ${formatValue(drift.threshold)}): share ${formatValue(drift.share)} reaches ${formatValue(drift.shareThreshold)}. Drifted: ${drift.driftedFeatures.slice(0, 10).join(', ')}${drift.driftedFeatures.length > 10 ? ', …' : ''}.`,
    });
  }
  return { findings, ...(drift ? { drift } : {}) };
}
