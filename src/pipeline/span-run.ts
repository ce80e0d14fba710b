/** The span steps of `runPipeline`: which span each split reads, and the SpanMonitor of a span. */
import type { MetadataStore } from '../metadata/metadata-store.js';
import { ruleLookback } from '../monitoring/detect.js';
import type { SpanMetrics } from '../monitoring/span-metrics.js';
import type { ComponentSpec } from './component.js';
import type { PipelineConfig } from './pipeline-config.js';
import { resolveSplitSpan, type SplitSpan } from './span-inputs.js';
import { readSpanMetrics, spanMetricsFile, spanMonitor } from './span-monitor.js';
import { listCompleteSpans } from './span-store.js';

/** The span of every split that has spans (`span`, or a `{SPAN}`/date pattern). */
export async function resolveRunSpans(config: PipelineConfig, requested?: number): Promise<Map<string, SplitSpan>> {
  const spans = new Map<string, SplitSpan>();
  for (const split of config.splits) {
    const resolved = await resolveSplitSpan(split, requested, config.file);
    if (resolved) spans.set(split.name, resolved);
  }
  return spans;
}

/**
 * The SpanMonitor of a span, its inputs resolved from the store: the previous complete span's
 * statistics and metrics, the baseline span's statistics (`monitoring.baseline`, else the first
 * complete span), and the rows the rules look back on.
 */
export async function spanMonitorOf(
  store: MetadataStore,
  config: PipelineConfig,
  split: string,
  span: number,
  current: { statistics: number; schema: number; hang?: boolean },
): Promise<ComponentSpec> {
  const monitoring = config.monitoring ?? { rules: [] };
  const complete = await listCompleteSpans(store, config.name, split);
  const before = complete.filter((c) => c.span < span);
  const previous = before[before.length - 1];
  const baselineSpan = monitoring.baselineSpan;
  const baseline =
    baselineSpan !== undefined ? complete.find((c) => c.span === baselineSpan) : complete.find((c) => c.span !== span);
  const lookback = monitoring.rules.reduce((n, rule) => Math.max(n, ruleLookback(rule)), 0);
  const history = async (): Promise<SpanMetrics[]> =>
    Promise.all(before.slice(before.length - lookback).map((c) => readSpanMetrics(spanMetricsFile(c.uri, split))));
  return spanMonitor(
    {
      statistics: current.statistics,
      schema: current.schema,
      ...(previous
        ? { previousStatistics: previous.statisticsArtifactId, previousMetrics: previous.metricsArtifactId }
        : {}),
      // One artifact is one input event: a baseline that is the previous span is passed once.
      ...(baseline && baseline.span < span && baseline.span !== previous?.span
        ? { baselineStatistics: baseline.statisticsArtifactId }
        : {}),
    },
    {
      split,
      span,
      monitoring,
      history,
      baselineIsPrevious: baseline !== undefined && baseline.span === previous?.span,
      ...(current.hang ? { hang: true } : {}),
    },
  );
}
