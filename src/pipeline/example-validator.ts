import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { findSkew } from '../anomalies/find-skew.js';
import { validateStatistics } from '../anomalies/validate.js';
import { CheckAccumulator, type CheckAccumulatorState } from '../checks/check-accumulator.js';
import { type CheckPlan, checkSetOf } from '../checks/check-plan.js';
import { checkResultsFile, evaluateChecks, withCheckAnomalies } from '../checks/check-results.js';
import { readMessageFile, writeMessageFile } from '../tfmd/message-file.js';
import type { Anomalies, AnomalyType, DatasetFeatureStatisticsList, Severity } from '../tfmd/types.js';
import { artifactLayout } from './artifact-layout.js';
import type { ComponentSpec, ResolvedArtifact } from './component.js';

/** How one split is validated. */
export interface ExampleValidatorOptions {
  readonly split: string;
  readonly environment?: string;
  /** Split compared as the previous span (drift), and as the training data (skew). */
  readonly driftAgainst?: string;
  readonly skewAgainst?: string;
  /** Environment of the training split (`skewAgainst`): the skew is computed in it. */
  readonly trainingEnvironment?: string;
  readonly severityOverrides: Readonly<Partial<Record<AnomalyType, Severity>>>;
  readonly newFeaturesAreWarnings?: boolean;
  /** Custom checks: evaluated on the check state StatisticsGen wrote beside the statistics. */
  readonly checks?: CheckPlan;
}

/** Input artifacts of an ExampleValidator. */
export interface ExampleValidatorInputs {
  readonly statistics: number;
  readonly schema: number;
  /** One split, or earlier spans of this split (the newest first). */
  readonly previousStatistics?: number | readonly number[];
  readonly trainingStatistics?: number;
}

async function readStats(artifact: ResolvedArtifact | undefined): Promise<DatasetFeatureStatisticsList | undefined> {
  if (!artifact) return undefined;
  const splits = JSON.parse(artifact.properties.split_names?.stringValue ?? '[]') as string[];
  const split = splits[0];
  if (split === undefined) throw new Error(`ExampleStatistics #${artifact.id} has no split_names`);
  return readMessageFile(artifactLayout.statistics(artifact.uri, split), 'DatasetFeatureStatisticsList');
}

/** Adds the drift (COMPARATOR_*) reasons of `drift` to `into`, labelled, keeping the higher severity. */
function addDriftReasons(into: Anomalies, drift: Anomalies, label: string): void {
  for (const [feature, info] of Object.entries(drift.anomalyInfo ?? {})) {
    const reasons = (info.reason ?? []).filter((r) => r.type?.startsWith('COMPARATOR_'));
    if (reasons.length === 0) continue;
    into.anomalyInfo ??= {};
    const labelled = reasons.map((r) => ({ ...r, description: `${label}: ${r.description ?? ''}` }));
    const existing = Object.hasOwn(into.anomalyInfo, feature) ? into.anomalyInfo[feature] : undefined;
    if (!existing) {
      // defineProperty: a feature name never reaches Object.prototype.
      Object.defineProperty(into.anomalyInfo, feature, {
        value: { ...info, reason: labelled },
        enumerable: true,
        writable: true,
        configurable: true,
      });
      continue;
    }
    existing.reason = [...(existing.reason ?? []), ...labelled];
    if (info.severity === 'ERROR') existing.severity = 'ERROR';
  }
}

/**
 * TFX's ExampleValidator for one split: validates its statistics against the schema in the split's
 * environment, with drift against the previous span's statistics (`drift_comparator`) when given,
 * and writes `Split-<split>/SchemaDiff.pb`. With training statistics it also computes skew
 * (`skew_comparator`, this split as serving data) into `Split-<split>/SkewDiff.pb`.
 */
export function exampleValidator(inputs: ExampleValidatorInputs, options: ExampleValidatorOptions): ComponentSpec {
  return {
    kind: 'ExampleValidator',
    nodeId: `ExampleValidator.${options.split}`,
    inputs: {
      statistics: [inputs.statistics],
      schema: [inputs.schema],
      ...(inputs.previousStatistics !== undefined
        ? { previous_statistics: ([] as number[]).concat(inputs.previousStatistics) }
        : {}),
      ...(inputs.trainingStatistics !== undefined ? { training_statistics: [inputs.trainingStatistics] } : {}),
    },
    outputs: { anomalies: 'ExampleAnomalies' },
    parameters: {
      split: options.split,
      environment: options.environment ?? '',
      drift_against: options.driftAgainst ?? '',
      skew_against: options.skewAgainst ?? '',
      training_environment: options.trainingEnvironment ?? '',
      severity_overrides: options.severityOverrides,
      new_features_are_warnings: options.newFeaturesAreWarnings ? 1 : 0,
      exclude_splits: '[]',
      ...(options.checks ? { custom_checks: options.checks } : {}),
    },
    async execute({ inputs: resolved, outputUris }) {
      const statistics = (await readStats(resolved.statistics?.[0])) as DatasetFeatureStatisticsList;
      const schemaArtifact = resolved.schema?.[0] as ResolvedArtifact;
      const schema = await readMessageFile(artifactLayout.schema(schemaArtifact.uri), 'Schema');
      const previousList = resolved.previous_statistics ?? [];
      const previous = await readStats(previousList[0]);
      const training = await readStats(resolved.training_statistics?.[0]);
      // The config's record of severities goes to validation as it is: the anomalies layer normalises it.
      const severityOverrides = options.severityOverrides;
      let anomalies = validateStatistics(statistics, schema, {
        ...(options.environment ? { environment: options.environment } : {}),
        ...(previous ? { previousStatistics: previous } : {}),
        validationOptions: {
          severityOverrides,
          ...(options.newFeaturesAreWarnings ? { newFeaturesAreWarnings: true } : {}),
        },
      });
      // Several earlier spans: the drift comparators run against each; their findings join the first's.
      for (const other of previousList.slice(1)) {
        const drift = validateStatistics(statistics, schema, {
          ...(options.environment ? { environment: options.environment } : {}),
          previousStatistics: (await readStats(other)) as DatasetFeatureStatisticsList,
          validationOptions: { severityOverrides },
        });
        addDriftReasons(anomalies, drift, `vs span ${other.properties.span?.intValue ?? '?'}`);
      }
      const uri = outputUris.anomalies as string;
      const path = artifactLayout.anomalies(uri, options.split);
      await mkdir(dirname(path), { recursive: true });
      let failedChecks: number | undefined;
      if (options.checks) {
        const statsArtifact = resolved.statistics?.[0] as ResolvedArtifact;
        const statePath = artifactLayout.checkState(statsArtifact.uri, options.split);
        const state = existsSync(statePath)
          ? CheckAccumulator.fromState(JSON.parse(await readFile(statePath, 'utf8')) as CheckAccumulatorState)
          : undefined;
        const results = evaluateChecks(checkSetOf(options.checks), {
          ...(state ? { measurements: state.finish() } : {}),
          ...(statistics.datasets?.[0] ? { statistics: statistics.datasets[0] } : {}),
          ...(previous?.datasets?.[0] ? { previous: previous.datasets[0] } : {}),
          ...(options.environment ? { environment: options.environment } : {}),
        });
        anomalies = withCheckAnomalies(anomalies, results);
        failedChecks = results.filter((r) => r.status === 'fail').length;
        await writeFile(
          artifactLayout.checkResults(uri, options.split),
          `${JSON.stringify(checkResultsFile(results), null, 2)}\n`,
        );
      }
      await writeMessageFile(path, 'Anomalies', anomalies);
      let count = Object.keys(anomalies.anomalyInfo ?? {}).length + (anomalies.datasetAnomalyInfo ? 1 : 0);
      if (training) {
        const trainingEnv = options.trainingEnvironment;
        const skew = findSkew(training, statistics, schema, {
          severityOverrides: options.severityOverrides,
          ...(trainingEnv ? { environment: trainingEnv } : {}),
        });
        await writeMessageFile(artifactLayout.skew(uri, options.split), 'Anomalies', skew);
        count += Object.keys(skew.anomalyInfo ?? {}).length;
      }
      return {
        anomalies: {
          properties: {
            span: { intValue: resolved.statistics?.[0]?.properties.span?.intValue ?? 0 },
            split_names: { stringValue: JSON.stringify([options.split]) },
          },
          customProperties: {
            num_anomalies: { intValue: count },
            version: { intValue: resolved.statistics?.[0]?.customProperties.version?.intValue ?? 0 },
            ...(failedChecks !== undefined ? { num_failed_checks: { intValue: failedChecks } } : {}),
          },
        },
      };
    },
  };
}
