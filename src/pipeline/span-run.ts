/** The span steps of `runPipeline`: which span each split reads, and the SpanMonitor of a span. */
import type { MetadataStore } from '../metadata/metadata-store.js';
import { ruleLookback } from '../monitoring/detect.js';
import type { SpanMetrics } from '../monitoring/span-metrics.js';
import type { TimelineInput } from '../report/timeline-report.js';
import type { ComponentSpec } from './component.js';
import { readMetricHistory } from './metric-history.js';
import type { PipelineConfig } from './pipeline-config.js';
import { resolveSplitSpan, type SplitSpan } from './span-inputs.js';
import { readSpanMetrics, spanMetricsFile, spanMonitor } from './span-monitor.js';
import { listCompleteSpans } from './span-store.js';
import { timelineInput } from './timeline-input.js';

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
  // The baseline: the configured span, else a fixed span the split drifts against, else the first span.
  const selector = config.splits.find((s) => s.name === split)?.driftAgainstSpans;
  const baselineSpan = monitoring.baselineSpan ?? (selector?.kind === 'fixed' ? selector.span : undefined);
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

/** Spans the run's HTML report shows per split (the latest ones); `datavet history --html` shows all. */
export const REPORT_TIMELINE_SPANS = 120;

/** The timelines of the run's report: each split with spans, up to the span this run validated. */
export async function recentTimelines(
  store: MetadataStore,
  pipeline: string,
  spans: ReadonlyMap<string, SplitSpan>,
): Promise<TimelineInput[]> {
  const out: TimelineInput[] = [];
  for (const [split, { span }] of spans) {
    const history = await readMetricHistory(store, {
      pipeline,
      split,
      spans: { from: span - REPORT_TIMELINE_SPANS + 1, to: span },
    });
    if (history.spans.length) out.push(timelineInput(history));
  }
  return out;
}
