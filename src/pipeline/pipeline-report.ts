import { writeFileAtomic } from '../_util/atomic-write.js';
import { unifyDescriptions } from '../anomalies/anomaly-info.js';
import { maxSeverity } from '../anomalies/severity.js';
import { renderHtmlReport } from '../report/html-report.js';
import type { ReportInput } from '../report/report-input.js';
import type { TimelineInput } from '../report/timeline-report.js';
import type { ValidationOutcome } from '../report/validation-outcome.js';
import type {
  Anomalies,
  AnomalyInfo,
  DatasetFeatureStatistics,
  DatasetFeatureStatisticsList,
  Schema,
  Severity,
} from '../tfmd/types.js';
import { DEFAULT_SLICE_NAME } from '../tfmd/vocabulary.js';

/** One AnomalyInfo from several outcomes' infos of the same feature, each reason labelled with its outcome. */
function mergeInfos(parts: readonly { label: string; info: AnomalyInfo }[]): AnomalyInfo {
  const first = parts[0] as { label: string; info: AnomalyInfo };
  let severity: Severity = 'UNKNOWN';
  for (const { info } of parts) severity = maxSeverity(severity, info.severity ?? 'UNKNOWN');
  const reason = parts.flatMap(({ label, info }) =>
    (info.reason ?? []).map((r) => ({ ...r, description: `${label}: ${r.description ?? ''}` })),
  );
  // Every labelled description is non-empty, so several parts read "Multiple errors" (TFDV's rule).
  const texts = unifyDescriptions(
    parts.map(({ label, info }) => ({
      shortDescription: info.shortDescription ?? '',
      description: `${label}: ${info.description ?? ''}`,
    })),
  );
  return { ...first.info, severity, ...texts, reason };
}

/**
 * All outcomes' anomalies as one message for the report: per feature the reasons of every split,
 * each description prefixed with the validation it came from (e.g. `eval (TRAINING)`).
 */
export function mergeOutcomes(outcomes: readonly ValidationOutcome[]): Anomalies {
  const byFeature = new Map<string, { label: string; info: AnomalyInfo }[]>();
  const dataset: { label: string; info: AnomalyInfo }[] = [];
  const driftSkewInfo = [];
  for (const outcome of outcomes) {
    for (const [key, info] of Object.entries(outcome.anomalies.anomalyInfo ?? {})) {
      const list = byFeature.get(key) ?? [];
      list.push({ label: outcome.name, info });
      byFeature.set(key, list);
    }
    if (outcome.anomalies.datasetAnomalyInfo)
      dataset.push({ label: outcome.name, info: outcome.anomalies.datasetAnomalyInfo });
    driftSkewInfo.push(...(outcome.anomalies.driftSkewInfo ?? []));
  }
  return {
    anomalyInfo: Object.fromEntries([...byFeature].map(([key, parts]) => [key, mergeInfos(parts)])),
    ...(dataset.length ? { datasetAnomalyInfo: mergeInfos(dataset) } : {}),
    ...(driftSkewInfo.length ? { driftSkewInfo } : {}),
  };
}

/** The unsliced dataset of statistics ("All Examples"), else the first one. */
export function unslicedDataset(stats: DatasetFeatureStatisticsList): DatasetFeatureStatistics | undefined {
  return stats.datasets?.find((d) => d.name === DEFAULT_SLICE_NAME) ?? stats.datasets?.[0];
}

/** What the run's HTML report shows. */
export interface PipelineReportInput {
  readonly title: string;
  readonly splits: readonly { readonly name: string; readonly statistics: DatasetFeatureStatisticsList }[];
  readonly schema: Schema;
  readonly outcomes: readonly ValidationOutcome[];
  /** Splits with spans: their recent history (timeline-input.ts). */
  readonly timelines?: readonly TimelineInput[];
}

/**
 * Writes the run's HTML report (the report layer renders it): every split's statistics side by
 * side, the schema entry of each feature, and the anomalies of every validation.
 */
export async function writePipelineReport(path: string, input: PipelineReportInput): Promise<void> {
  const statistics: DatasetFeatureStatisticsList = {
    datasets: input.splits.flatMap(({ name, statistics }) => {
      const first = unslicedDataset(statistics);
      return first ? [{ ...first, name }] : [];
    }),
  };
  const report: ReportInput = {
    title: input.title,
    statistics,
    labels: input.splits.map((s) => s.name),
    schema: input.schema,
    anomalies: mergeOutcomes(input.outcomes),
    ...(input.timelines?.length ? { timelines: input.timelines } : {}),
  };
  await writeFileAtomic(path, renderHtmlReport(report));
}
