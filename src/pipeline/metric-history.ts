/**
 * The metric history of a split, read from the store: one row per complete span (its latest
 * version), as the SpanMonitor stored it. Nothing is recomputed.
 */
import { UsageError } from '../_util/errors.js';
import type { MetadataStore } from '../metadata/metadata-store.js';
import type { DatasetDriftVerdict } from '../monitoring/dataset-drift.js';
import type { Finding } from '../monitoring/finding.js';
import { isMetricName, METRIC_NAMES, type MetricName } from '../monitoring/metric-registry.js';
import { readSpanMetrics, spanMetricsFile } from './span-monitor.js';
import { listCompleteSpans } from './span-store.js';

/** What to read; everything optional (a store with one pipeline and split needs nothing). */
export interface MetricHistoryQuery {
  readonly pipeline?: string;
  readonly split?: string;
  /** Only these features (default all). */
  readonly features?: readonly string[];
  /** Only these metrics (default all). */
  readonly metrics?: readonly string[];
  /** Inclusive span range; an open side is absent. */
  readonly spans?: { readonly from?: number; readonly to?: number };
}

/** One span of the history. */
export interface HistorySpan {
  readonly span: number;
  readonly version: number;
  readonly numExamples: number;
  readonly metricsArtifactId: number;
  readonly statisticsArtifactId: number;
  readonly previousSpan?: number;
  readonly baselineSpan?: number;
  readonly drift?: DatasetDriftVerdict;
  readonly findings: readonly Finding[];
}

/** One feature's metric across the spans (aligned with `spans`; null where absent). */
export interface HistorySeries {
  readonly feature: string;
  readonly metric: MetricName;
  readonly values: readonly (number | null)[];
}

export interface MetricHistory {
  readonly pipeline: string;
  readonly split: string;
  readonly metrics: readonly MetricName[];
  readonly features: readonly string[];
  readonly spans: readonly HistorySpan[];
  readonly series: readonly HistorySeries[];
}

/** The pipelines and splits whose spans the store holds. */
export async function listMonitoredSplits(store: MetadataStore): Promise<{ pipeline: string; split: string }[]> {
  const { items } = await store.getArtifactsByType('ExampleValidationMetrics', { filterQuery: 'state = LIVE' });
  const seen = new Map<string, { pipeline: string; split: string }>();
  for (const a of items) {
    const pipeline = a.customProperties?.pipeline_name?.stringValue;
    const split = (JSON.parse(a.properties?.split_names?.stringValue ?? '[]') as string[])[0];
    if (pipeline !== undefined && split !== undefined) seen.set(JSON.stringify([pipeline, split]), { pipeline, split });
  }
  return [...seen.values()].sort((a, b) => a.pipeline.localeCompare(b.pipeline) || a.split.localeCompare(b.split));
}

async function whichSplit(
  store: MetadataStore,
  query: MetricHistoryQuery,
): Promise<{ pipeline: string; split: string }> {
  if (query.pipeline !== undefined && query.split !== undefined)
    return { pipeline: query.pipeline, split: query.split };
  const all = (await listMonitoredSplits(store)).filter(
    (s) =>
      (query.pipeline === undefined || s.pipeline === query.pipeline) &&
      (query.split === undefined || s.split === query.split),
  );
  const [only] = all;
  if (all.length === 1 && only) return only;
  if (all.length === 0) {
    throw new UsageError(
      'the metadata store holds no span history' +
        (query.pipeline || query.split ? ' for that pipeline and split' : ''),
      {
        hint: 'run a pipeline whose split has spans (a {SPAN} pattern or "span" in the config) first',
      },
    );
  }
  throw new UsageError(
    `the store holds several split histories: ${all.map((s) => `${s.pipeline}/${s.split}`).join(', ')}`,
    {
      hint: 'choose one with --pipeline and --split',
    },
  );
}

/**
 * Reads the metric history of a split from the store.
 * @throws UsageError for an unknown pipeline, split, feature or metric.
 */
export async function readMetricHistory(store: MetadataStore, query: MetricHistoryQuery = {}): Promise<MetricHistory> {
  const { pipeline, split } = await whichSplit(store, query);
  const metrics = query.metrics?.length ? [...new Set(query.metrics)] : METRIC_NAMES;
  for (const m of metrics) {
    if (!isMetricName(m))
      throw new UsageError(`unknown metric '${m}'`, { hint: `metrics: ${METRIC_NAMES.join(', ')}` });
  }
  const from = query.spans?.from ?? Number.NEGATIVE_INFINITY;
  const to = query.spans?.to ?? Number.POSITIVE_INFINITY;
  const complete = (await listCompleteSpans(store, pipeline, split)).filter((c) => c.span >= from && c.span <= to);
  const rows = await Promise.all(complete.map((c) => readSpanMetrics(spanMetricsFile(c.uri, split))));
  const known: string[] = [];
  const knownSet = new Set<string>();
  for (const row of rows) {
    for (const f of row.features) {
      if (!knownSet.has(f.name)) {
        knownSet.add(f.name);
        known.push(f.name);
      }
    }
  }
  const features = query.features?.length ? [...new Set(query.features)] : known;
  const unknown = features.filter((f) => !knownSet.has(f));
  if (unknown.length && rows.length) {
    throw new UsageError(
      `no feature named ${unknown.map((f) => `'${f}'`).join(', ')} in the history of ${pipeline}/${split}`,
      {
        hint: `features: ${known.slice(0, 20).join(', ')}${known.length > 20 ? ', …' : ''}`,
      },
    );
  }
  const series: HistorySeries[] = [];
  // Each wanted feature's value arrays, one per metric in `metrics` order: the fill loop below runs
  // spans x features x metrics times, so it indexes arrays instead of building keys.
  const byFeature = new Map<string, (number | null)[][]>();
  for (const feature of features) {
    const arrays = (metrics as MetricName[]).map((metric) => {
      const values: (number | null)[] = new Array(rows.length).fill(null);
      series.push({ feature, metric, values });
      return values;
    });
    byFeature.set(feature, arrays);
  }
  rows.forEach((row, i) => {
    const columns = (metrics as MetricName[]).map((m) => row.metrics.indexOf(m));
    for (const f of row.features) {
      const arrays = byFeature.get(f.name);
      if (!arrays) continue;
      for (let j = 0; j < columns.length; j++) {
        const c = columns[j] as number;
        if (c >= 0) (arrays[j] as (number | null)[])[i] = f.values[c] ?? null;
      }
    }
  });
  return {
    pipeline,
    split,
    metrics: metrics as MetricName[],
    features,
    spans: rows.map((row, i) => {
      const c = complete[i] as (typeof complete)[number];
      return {
        span: row.span,
        version: row.version,
        numExamples: row.numExamples,
        metricsArtifactId: c.metricsArtifactId,
        statisticsArtifactId: c.statisticsArtifactId,
        ...(row.previousSpan !== undefined ? { previousSpan: row.previousSpan } : {}),
        ...(row.baselineSpan !== undefined ? { baselineSpan: row.baselineSpan } : {}),
        ...(row.drift ? { drift: row.drift } : {}),
        findings: row.findings,
      };
    }),
    series,
  };
}
