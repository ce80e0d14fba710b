import type { MetricName } from './metric-registry.js';
import type { DatasetDriftRule } from './monitoring-rules.js';

/** Evidently's dataset drift: the share of drifted features against a threshold. */
export interface DatasetDriftVerdict {
  readonly metric: MetricName;
  readonly threshold: number;
  readonly shareThreshold: number;
  /** Features with a distance. */
  readonly measured: number;
  readonly driftedFeatures: readonly string[];
  readonly share: number;
  readonly drifted: boolean;
}

/** The verdict from a span's metric row (the distances are already there). */
export function datasetDriftVerdict(
  row: {
    readonly metrics: readonly MetricName[];
    readonly features: readonly { name: string; values: readonly (number | null)[] }[];
  },
  rule: DatasetDriftRule,
): DatasetDriftVerdict | undefined {
  const metric = `${rule.method}_${rule.against}` as MetricName;
  const column = row.metrics.indexOf(metric);
  if (column < 0) return undefined;
  let measured = 0;
  const driftedFeatures: string[] = [];
  for (const f of row.features) {
    const value = f.values[column];
    if (value === null || value === undefined) continue;
    measured++;
    if (value > rule.threshold) driftedFeatures.push(f.name);
  }
  if (measured === 0) return undefined;
  const share = driftedFeatures.length / measured;
  return {
    metric,
    threshold: rule.threshold,
    shareThreshold: rule.share,
    measured,
    driftedFeatures,
    share,
    drifted: share >= rule.share,
  };
}
