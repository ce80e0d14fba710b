import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CheckPlan } from '../checks/check-plan.js';
import { computeStatisticsInEngine } from '../engines/index.js';
import type { ReadOptions } from '../io/read-options.js';
import type { StatisticsOptions } from '../stats/statistics-options.js';
import { writeMessageFile } from '../tfmd/message-file.js';
import { artifactLayout } from './artifact-layout.js';
import type { ComponentSpec, PipelineEvent } from './component.js';
import { engineRequest } from './engine-importer.js';
import { computeStatisticsAndChecks } from './parallel-statistics.js';
import type { SplitConfig } from './pipeline-config.js';

/** The files an Examples artifact stands for (custom property `files`, else its uri). */
function examplesFiles(customFiles: string | undefined, uri: string): string[] {
  if (customFiles) return JSON.parse(customFiles) as string[];
  return [uri];
}

/**
 * TFX's StatisticsGen for one split: reads the split's Examples and writes TFDV statistics to
 * `Split-<split>/FeatureStats.pb` (binary DatasetFeatureStatisticsList) of an ExampleStatistics
 * artifact. Large inputs are split over worker threads ({@link computeStatistics}).
 */
export function statisticsGen(
  split: SplitConfig,
  examplesId: number,
  options: StatisticsOptions,
  onEvent?: (event: PipelineEvent) => void,
  checks?: CheckPlan,
): ComponentSpec {
  const nodeId = `StatisticsGen.${split.name}`;
  const read: ReadOptions = {
    ...(split.format ? { format: split.format } : {}),
    ...(split.nullValues ? { nullValues: split.nullValues } : {}),
    ...(split.delimiter ? { delimiter: split.delimiter } : {}),
  };
  return {
    kind: 'StatisticsGen',
    nodeId,
    inputs: { examples: [examplesId] },
    outputs: { statistics: 'ExampleStatistics' },
    parameters: {
      split: split.name,
      read_options: read,
      stats_options: options,
      exclude_splits: '[]',
      ...(checks ? { custom_checks: checks } : {}),
    },
    async execute({ inputs, outputUris }) {
      const examples = inputs.examples?.[0];
      if (!examples) throw new Error(`${nodeId}: no examples input`);
      if (split.source !== undefined) {
        // Computed where the rows live; the artifact keeps the engine's fingerprint of the data.
        const result = await computeStatisticsInEngine({ ...engineRequest(split.source), statistics: options });
        const path = artifactLayout.statistics(outputUris.statistics as string, split.name);
        await mkdir(dirname(path), { recursive: true });
        await writeMessageFile(path, 'DatasetFeatureStatisticsList', result.statistics);
        return {
          statistics: {
            properties: { span: { intValue: 0 }, split_names: { stringValue: JSON.stringify([split.name]) } },
            customProperties: {
              num_examples: { intValue: result.provenance.rows },
              engine: { stringValue: result.provenance.engine },
              engine_fingerprint: { stringValue: result.provenance.fingerprint },
              engine_scans: { intValue: result.provenance.scans },
            },
          },
        };
      }
      const files = examplesFiles(examples.customProperties.files?.stringValue, examples.uri);
      // Worker threads over the files (or a large Parquet file's row groups) when the input is
      // large enough to pay for them; merged in input order.
      const { statistics: acc, checks: checkAcc } = await computeStatisticsAndChecks(files, {
        read,
        stats: options,
        // The artifact holds finished statistics only.
        finishedOnly: true,
        ...(checks ? { checks } : {}),
        ...(onEvent
          ? {
              onProgress: (p) =>
                onEvent({
                  type: 'read-progress',
                  nodeId,
                  bytesRead: p.bytes,
                  rowsRead: p.rows,
                  totalBytes: p.totalBytes,
                }),
            }
          : {}),
      });
      const statistics = acc.finish();
      const path = artifactLayout.statistics(outputUris.statistics as string, split.name);
      await mkdir(dirname(path), { recursive: true });
      await writeMessageFile(path, 'DatasetFeatureStatisticsList', statistics);
      // The custom checks' state of the same pass, evaluated by ExampleValidator.
      if (checkAcc) {
        await writeFile(
          artifactLayout.checkState(outputUris.statistics as string, split.name),
          JSON.stringify(checkAcc.toState()),
        );
      }
      return {
        statistics: {
          // The span and version of the Examples carry over, as in TFX.
          properties: {
            span: { intValue: examples.properties.span?.intValue ?? 0 },
            split_names: { stringValue: JSON.stringify([split.name]) },
          },
          customProperties: {
            num_examples: { intValue: Number(statistics.datasets?.[0]?.numExamples ?? 0) },
            version: { intValue: examples.properties.version?.intValue ?? 0 },
          },
        },
      };
    },
  };
}
