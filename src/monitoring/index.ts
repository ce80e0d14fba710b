// monitoring layer: metrics over time, detectors and drift verdicts (docs/monitoring.md).

export { type DatasetDriftVerdict, datasetDriftVerdict } from './dataset-drift.js';
export { detectSpan, ruleLookback, type SpanMetricsRow } from './detect.js';
export {
  DETECTOR_NAMES,
  DETECTORS,
  type DetectorName,
  type DetectorParams,
  type DetectorSpec,
  type HistoryPoint,
  isDetectorName,
} from './detector-registry.js';
export type { Finding } from './finding.js';
export { findingsToAnomalies } from './findings-anomalies.js';
export { isMetricName, METRIC_NAMES, METRICS, type MetricName, type MetricSpec } from './metric-registry.js';
export type { DatasetDriftRule, MonitoringConfig, MonitoringRule } from './monitoring-rules.js';
export {
  deriveSpanMetrics,
  type FeatureMetrics,
  metricValue,
  SPAN_METRICS_FORMAT,
  type SpanMetrics,
  type SpanMetricsInput,
} from './span-metrics.js';
