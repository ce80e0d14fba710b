import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../_util/atomic-write.js';
import { detectSpan } from '../monitoring/detect.js';
import { findingsToAnomalies } from '../monitoring/findings-anomalies.js';
import type { MonitoringConfig } from '../monitoring/monitoring-rules.js';
import { deriveSpanMetrics, SPAN_METRICS_FORMAT, type SpanMetrics } from '../monitoring/span-metrics.js';
import { readMessageFile, writeMessageFile } from '../tfmd/message-file.js';
import type { DatasetFeatureStatistics } from '../tfmd/types.js';
import { artifactLayout } from './artifact-layout.js';
import type { ComponentSpec, ResolvedArtifact } from './component.js';
import { unslicedDataset } from './pipeline-report.js';

/** The metric row of a span in an ExampleValidationMetrics artifact. */
export function spanMetricsFile(uri: string, split: string): string {
  return join(uri, `Split-${split}`, 'SpanMetrics.json');
}

/** Reads a stored metric row. */
export async function readSpanMetrics(file: string): Promise<SpanMetrics> {
  const row = JSON.parse(await readFile(file, 'utf8')) as SpanMetrics;
  if (row.format !== SPAN_METRICS_FORMAT) {
    throw new Error(`${file}: span metrics format ${row.format}, this datavet reads ${SPAN_METRICS_FORMAT}`);
  }
  return row;
}

/** Input artifacts of a SpanMonitor. */
export interface SpanMonitorInputs {
  readonly statistics: number;
  readonly schema: number;
  readonly previousStatistics?: number;
  readonly baselineStatistics?: number;
  /** The previous complete span's metrics: the history this span continues (part of the cache key). */
  readonly previousMetrics?: number;
}

export interface SpanMonitorOptions {
  readonly split: string;
  readonly span: number;
  readonly monitoring: MonitoringConfig;
  /** The past spans' rows the rules need, oldest first. */
  readonly history: () => Promise<readonly SpanMetrics[]>;
  /** The baseline span is the previous span (passed once, as `previous_statistics`). */
  readonly baselineIsPrevious: boolean;
  /** Test hook: the executor stops forever after writing its files, before publishing. */
  readonly hang?: boolean;
}

async function readDataset(artifact: ResolvedArtifact | undefined): Promise<DatasetFeatureStatistics | undefined> {
  if (!artifact) return undefined;
  const split = (JSON.parse(artifact.properties.split_names?.stringValue ?? '[]') as string[])[0] ?? '';
  return unslicedDataset(
    await readMessageFile(artifactLayout.statistics(artifact.uri, split), 'DatasetFeatureStatisticsList'),
  );
}

function spanOf(artifact: ResolvedArtifact | undefined): number | undefined {
  return artifact?.properties.span?.intValue;
}

/**
 * The last step of a span: derives the span's metric row from its statistics (distances to the
 * previous and the baseline span), runs the monitoring rules over the history, and publishes the
 * row (ExampleValidationMetrics, `Split-<split>/SpanMetrics.json`) with the findings as
 * ExampleAnomalies (`Split-<split>/SchemaDiff.pb`). Its publication marks the span complete.
 */
export function spanMonitor(inputs: SpanMonitorInputs, options: SpanMonitorOptions): ComponentSpec {
  return {
    kind: 'SpanMonitor',
    nodeId: `SpanMonitor.${options.split}`,
    inputs: {
      statistics: [inputs.statistics],
      schema: [inputs.schema],
      ...(inputs.previousStatistics !== undefined ? { previous_statistics: [inputs.previousStatistics] } : {}),
      ...(inputs.baselineStatistics !== undefined ? { baseline_statistics: [inputs.baselineStatistics] } : {}),
      ...(inputs.previousMetrics !== undefined ? { previous_metrics: [inputs.previousMetrics] } : {}),
    },
    outputs: { metrics: 'ExampleValidationMetrics', anomalies: 'ExampleAnomalies' },
    parameters: {
      split: options.split,
      span: options.span,
      monitoring: options.monitoring,
      baseline_is_previous: options.baselineIsPrevious ? 1 : 0,
      metrics_format: SPAN_METRICS_FORMAT,
    },
    async execute({ inputs: resolved, outputUris }) {
      const statsArtifact = resolved.statistics?.[0] as ResolvedArtifact;
      const statistics = (await readDataset(statsArtifact)) as DatasetFeatureStatistics;
      const schemaArtifact = resolved.schema?.[0] as ResolvedArtifact;
      const schema = await readMessageFile(artifactLayout.schema(schemaArtifact.uri), 'Schema');
      const previous = await readDataset(resolved.previous_statistics?.[0]);
      const baselineArtifact = options.baselineIsPrevious
        ? resolved.previous_statistics?.[0]
        : resolved.baseline_statistics?.[0];
      const baseline = options.baselineIsPrevious ? previous : await readDataset(baselineArtifact);
      const version = statsArtifact.customProperties.version?.intValue ?? 0;
      const row = deriveSpanMetrics({
        span: options.span,
        version,
        statistics,
        schema,
        ...(previous
          ? { previous: { span: spanOf(resolved.previous_statistics?.[0]) ?? -1, statistics: previous } }
          : {}),
        ...(baseline ? { baseline: { span: spanOf(baselineArtifact) ?? -1, statistics: baseline } } : {}),
      });
      const { findings, drift } = detectSpan(options.monitoring, await options.history(), row);
      const metrics: SpanMetrics = { ...row, ...(drift ? { drift } : {}), findings };
      await writeFileAtomic(
        spanMetricsFile(outputUris.metrics as string, options.split),
        `${JSON.stringify(metrics)}\n`,
      );
      const anomaliesFile = artifactLayout.anomalies(outputUris.anomalies as string, options.split);
      await mkdir(dirname(anomaliesFile), { recursive: true });
      await writeMessageFile(anomaliesFile, 'Anomalies', findingsToAnomalies(findings));
      if (options.hang) await new Promise(() => setInterval(() => undefined, 60_000));
      const properties = {
        span: { intValue: options.span },
        split_names: { stringValue: JSON.stringify([options.split]) },
      };
      return {
        metrics: {
          properties,
          customProperties: {
            version: { intValue: version },
            statistics_artifact_id: { intValue: statsArtifact.id },
            num_findings: { intValue: findings.length },
          },
        },
        anomalies: {
          properties,
          customProperties: { version: { intValue: version }, num_anomalies: { intValue: findings.length } },
        },
      };
    },
  };
}
