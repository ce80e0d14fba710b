/**
 * One span's row of the metric history: every metric of every top-level feature, derived from the
 * span's statistics (and the previous and baseline spans' statistics for the distances). Stored
 * as plain, versioned JSON next to the statistics, so the history is read, never recomputed.
 */
import { featureName } from '../drift/distributions.js';
import { getStringDomain } from '../schema/get-feature.js';
import type { DatasetFeatureStatistics, FeatureNameStatistics, Schema } from '../tfmd/types.js';
import type { DatasetDriftVerdict } from './dataset-drift.js';
import type { Finding } from './finding.js';
import { METRIC_NAMES, METRICS, type MetricName } from './metric-registry.js';

/** Format version of {@link SpanMetrics}; bumped when its shape changes. */
export const SPAN_METRICS_FORMAT = 1;

/** One feature's metric values, in the order of `SpanMetrics.metrics` (null: not applicable). */
export interface FeatureMetrics {
  readonly name: string;
  readonly values: readonly (number | null)[];
}

/** The metric history's row for one span (and version) of one split. */
export interface SpanMetrics {
  readonly format: number;
  readonly span: number;
  readonly version: number;
  readonly numExamples: number;
  /** Spans the distances were measured against (absent: none). */
  readonly previousSpan?: number;
  readonly baselineSpan?: number;
  /** Column order of every `features[].values`. */
  readonly metrics: readonly MetricName[];
  readonly features: readonly FeatureMetrics[];
  /** The dataset-level drift verdict against the previous span (or the baseline). */
  readonly drift?: DatasetDriftVerdict;
  /** What the detectors found in this span. */
  readonly findings: readonly Finding[];
}

/** What a span's metrics are derived from. */
export interface SpanMetricsInput {
  readonly span: number;
  readonly version: number;
  readonly statistics: DatasetFeatureStatistics;
  readonly schema?: Schema;
  readonly previous?: { readonly span: number; readonly statistics: DatasetFeatureStatistics };
  readonly baseline?: { readonly span: number; readonly statistics: DatasetFeatureStatistics };
}

function byName(dataset: DatasetFeatureStatistics | undefined): Map<string, FeatureNameStatistics> {
  return new Map((dataset?.features ?? []).map((f) => [featureName(f), f]));
}

/** Derives the metric row of a span (findings and drift verdict are added by the caller). */
export function deriveSpanMetrics(input: SpanMetricsInput): Omit<SpanMetrics, 'findings' | 'drift'> {
  const previous = byName(input.previous?.statistics);
  const baseline = byName(input.baseline?.statistics);
  const schemaFeatures = new Map((input.schema?.feature ?? []).map((f) => [f.name ?? '', f]));
  const features: FeatureMetrics[] = [];
  for (const feature of input.statistics.features ?? []) {
    const name = featureName(feature);
    if (!name) continue;
    const declared = schemaFeatures.get(name);
    let domain: Set<string> | undefined;
    let range: { min?: number; max?: number } | undefined;
    if (declared && input.schema) {
      const strings =
        declared.stringDomain ?? (declared.domain ? getStringDomain(input.schema, declared.domain) : undefined);
      if (strings?.value) domain = new Set(strings.value);
      const numeric = declared.intDomain ?? declared.floatDomain;
      if (numeric && (numeric.min !== undefined || numeric.max !== undefined)) {
        range = {
          ...(numeric.min !== undefined ? { min: Number(numeric.min) } : {}),
          ...(numeric.max !== undefined ? { max: Number(numeric.max) } : {}),
        };
      }
    }
    const prev = previous.get(name);
    const base = baseline.get(name);
    const metricInput = {
      feature,
      ...(domain ? { domain } : {}),
      ...(range ? { range } : {}),
      ...(prev ? { previous: prev } : {}),
      ...(base ? { baseline: base } : {}),
    };
    features.push({
      name,
      values: METRIC_NAMES.map((metric) => {
        const value = METRICS[metric].of(metricInput);
        return value === undefined || !Number.isFinite(value) ? null : value;
      }),
    });
  }
  return {
    format: SPAN_METRICS_FORMAT,
    span: input.span,
    version: input.version,
    numExamples: Number(input.statistics.numExamples ?? 0),
    ...(input.previous ? { previousSpan: input.previous.span } : {}),
    ...(input.baseline ? { baselineSpan: input.baseline.span } : {}),
    metrics: METRIC_NAMES,
    features,
  };
}

/** A metric's value in a row, or null when absent. */
export function metricValue(row: SpanMetrics, feature: string, metric: MetricName): number | null {
  const column = row.metrics.indexOf(metric);
  if (column < 0) return null;
  const f = row.features.find((x) => x.name === feature);
  return f ? (f.values[column] ?? null) : null;
}
