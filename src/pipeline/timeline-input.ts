import type { TimelineInput } from '../report/timeline-report.js';
import type { MetricHistory } from './metric-history.js';

/** Metrics a feature's small multiples show, in this order, when it has values for them. */
const TIMELINE_METRICS = ['mean', 'std', 'top_share', 'unique', 'missing_fraction', 'jsd_previous', 'linf_previous'];
/** At most this many charts per feature, plus any metric with a finding. */
const CHARTS_PER_FEATURE = 4;

/** The timeline report's input from a metric history. */
export function timelineInput(history: MetricHistory): TimelineInput {
  const marks = history.spans.flatMap((s, index) =>
    s.findings.map((f) => ({
      index,
      feature: f.feature,
      metric: f.metric,
      severity: f.severity,
      code: f.code,
      message: f.message,
    })),
  );
  const flagged = new Set(marks.map((m) => `${m.feature}\u0000${m.metric}`));
  const byFeature = new Map<string, MetricHistory['series'][number][]>();
  for (const s of history.series) byFeature.set(s.feature, [...(byFeature.get(s.feature) ?? []), s]);
  const features = [...byFeature].map(([name, series]) => {
    const hasValues = (s: MetricHistory['series'][number]) => s.values.some((v) => v !== null);
    const preferred = TIMELINE_METRICS.flatMap((m) => series.filter((s) => s.metric === m && hasValues(s))).slice(
      0,
      CHARTS_PER_FEATURE,
    );
    const extra = series.filter((s) => flagged.has(`${name}\u0000${s.metric}`) && !preferred.includes(s));
    return { name, charts: [...preferred, ...extra].map((s) => ({ metric: s.metric, values: s.values })) };
  });
  const threshold = history.spans.find((s) => s.drift)?.drift?.shareThreshold;
  return {
    title: `datavet history ${history.pipeline}/${history.split}`,
    spans: history.spans.map((s) => ({
      span: s.span,
      version: s.version,
      numExamples: s.numExamples,
      findings: s.findings.length,
      ...(s.drift ? { driftShare: s.drift.share, drifted: s.drift.drifted } : {}),
    })),
    ...(threshold !== undefined ? { driftShareThreshold: threshold } : {}),
    features,
    marks,
  };
}
