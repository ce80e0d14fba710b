import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InputError, UsageError } from '../../_util/errors.js';
import { formatTextTable } from '../../_util/text-table.js';
import type { SeverityPolicy } from '../../anomalies/severity.js';
import {
  type CompareOptions,
  compareStatistics,
  type FeatureComparison,
  type StatisticsComparison,
} from '../../drift/compare.js';
import type { DriftMethod, DriftResult } from '../../drift/drift-result.js';
import { DRIFT_METHOD_NAMES, DRIFT_METHODS } from '../../drift/method-registry.js';
import { comparatorsFromSchema } from '../../drift/schema-comparators.js';
import { outcomesFail, type ValidationOutcome } from '../../report/validation-outcome.js';
import { readMessageFile, type TfmdMessageTypes } from '../../tfmd/index.js';
import type { AnomalyInfo, AnomalyType, Severity } from '../../tfmd/types.js';
import { type CliIo, defineCommand, ExitCode, stringListOption, stringOption } from '../command.js';
import { CI_FORMATS, failOnOf, gateOptions, renderCiFormat, severityPolicyOf } from '../gate.js';
import { readStatisticsArg } from '../read-statistics.js';

/** Reads a statistics or schema file (.pb, .pbtxt/.textproto, .json); an unreadable file is an input error. */
async function readMessage<K extends 'DatasetFeatureStatisticsList' | 'Schema'>(
  path: string,
  kind: K,
  io: CliIo,
): Promise<TfmdMessageTypes[K]> {
  const file = resolve(io.cwd, path);
  try {
    await access(file, constants.R_OK);
  } catch (error) {
    throw new InputError('FILE_NOT_READABLE', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code}`, {
      location: { file: path },
    });
  }
  if (kind === 'DatasetFeatureStatisticsList') return (await readStatisticsArg(path, io, path)) as TfmdMessageTypes[K];
  return readMessageFile(file, kind);
}

const fmt = (x: number): string => {
  if (Number.isNaN(x)) return 'n/a';
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1e-3 && a < 1e6 ? String(Number(x.toPrecision(4))) : x.toExponential(2);
};

function why(result: DriftResult): string {
  return result.contributions
    .slice(0, 3)
    .map((c) => `${c.bin} ${fmt(c.reference)}→${fmt(c.current)}`)
    .join('; ');
}

function textReport(comparison: StatisticsComparison, a: string, b: string): string {
  const n = comparison.numExamples;
  const lines = [
    `reference: ${a} (${n.reference} examples)`,
    `current:   ${b} (${n.current} examples${n.ratio === null ? '' : `, ratio ${fmt(n.ratio)}`}${
      n.drifted ? `, outside [${n.minFraction ?? '-'}, ${n.maxFraction ?? '-'}]: DRIFT` : ''
    })`,
    '',
  ];
  const rows: string[][] = [['feature', 'kind', 'method', 'value', 'unit', 'threshold', 'verdict', 'why']];
  const add = (f: FeatureComparison) => {
    if (!f.results.length) {
      rows.push([f.feature, f.kind, '-', '-', '-', '-', 'skipped', f.skipped ?? '']);
      return;
    }
    for (const r of f.results) {
      const fresh = f.newValues ?? [];
      const listed = fresh.slice(0, 5).join(', ') + (fresh.length > 5 ? ` (+${fresh.length - 5} more)` : '');
      const reason = [why(r), fresh.length ? `new values: ${listed}` : ''].filter(Boolean).join('; ');
      const test = r.kind === 'p_value' ? `p<${fmt(r.threshold)}` : `>${fmt(r.threshold)}`;
      rows.push([
        f.feature,
        f.kind,
        r.method,
        fmt(r.value),
        DRIFT_METHODS[r.method].unit,
        test,
        r.drifted ? 'DRIFT' : 'ok',
        reason,
      ]);
    }
  };
  comparison.features.forEach(add);
  lines.push(...formatTextTable(rows));
  const { compared, share, threshold } = comparison.dataset;
  lines.push(
    '',
    `${comparison.driftedFeatures.length} of ${compared} compared features drifted (${percent(share)})${
      comparison.driftedFeatures.length ? `: ${comparison.driftedFeatures.join(', ')}` : ''
    }`,
  );
  if (threshold !== undefined) {
    lines.push(
      `dataset drift: ${share >= threshold && compared > 0 ? 'YES' : 'no'} (drifted share ${percent(share)}, threshold ${percent(threshold)})`,
    );
  }
  return `${lines.join('\n')}\n`;
}

const percent = (x: number): string => `${Number((x * 100).toFixed(1))}%`;

/** TFDV's anomaly type for its own comparators; the methods beyond TFDV have none. */
const TFDV_TYPES: Partial<Record<DriftMethod, AnomalyType>> = {
  linf: 'COMPARATOR_L_INFTY_HIGH',
  jsd: 'COMPARATOR_JENSEN_SHANNON_DIVERGENCE_HIGH',
  nad: 'COMPARATOR_NORMALIZED_ABSOLUTE_DIFFERENCE_HIGH',
};

/**
 * The comparison as the gate's outcome: each drifted feature an anomaly (ERROR; WARNING when a
 * dataset-level share decides), the dataset verdict and the example count a dataset anomaly.
 */
function comparisonOutcome(comparison: StatisticsComparison, name: string, policy: SeverityPolicy): ValidationOutcome {
  // Drift is graded by the policy where it names the type, else by the comparison's own default.
  const graded = (type: AnomalyType, fallback: Severity): Severity => policy[type] ?? fallback;
  const featureSeverity: Severity = comparison.dataset.threshold === undefined ? 'ERROR' : 'WARNING';
  const anomalyInfo: Record<string, AnomalyInfo> = Object.create(null);
  for (const f of comparison.features) {
    const reasons = f.results
      .filter((r) => r.drifted)
      .map((r) => {
        const type = TFDV_TYPES[r.method] ?? 'UNKNOWN_TYPE';
        const test = r.kind === 'p_value' ? `below ${fmt(r.threshold)}` : `above ${fmt(r.threshold)}`;
        return {
          type,
          shortDescription: `Drift (${r.method})`,
          description: `${r.method} = ${fmt(r.value)} ${DRIFT_METHODS[r.method].unit}, ${test}.`,
        };
      });
    if (reasons.length === 0) continue;
    const severities = reasons.map((r) => graded(r.type, featureSeverity));
    const severity = severities.includes('ERROR') ? 'ERROR' : severities.includes('WARNING') ? 'WARNING' : 'UNKNOWN';
    anomalyInfo[f.feature] = {
      severity,
      shortDescription: reasons[0]?.shortDescription ?? 'Drift',
      description: reasons.map((r) => r.description).join(' '),
      reason: reasons,
    };
  }
  const { compared, share, threshold } = comparison.dataset;
  const datasetReasons: { type: AnomalyType; shortDescription: string; description: string }[] = [];
  if (threshold !== undefined && compared > 0 && share >= threshold) {
    datasetReasons.push({
      type: 'UNKNOWN_TYPE',
      shortDescription: 'Dataset drift',
      description: `${percent(share)} of ${compared} compared features drifted (threshold ${percent(threshold)}).`,
    });
  }
  if (comparison.numExamples.drifted) {
    datasetReasons.push({
      type: 'COMPARATOR_HIGH_NUM_EXAMPLES',
      shortDescription: 'Example count out of bounds',
      description: `current/reference example count ratio ${fmt(comparison.numExamples.ratio ?? Number.NaN)} is outside [${comparison.numExamples.minFraction ?? '-'}, ${comparison.numExamples.maxFraction ?? '-'}].`,
    });
  }
  return {
    name,
    features: comparison.features.filter((f) => f.results.length > 0).map((f) => f.feature),
    anomalies: {
      anomalyInfo,
      ...(datasetReasons.length
        ? {
            datasetAnomalyInfo: {
              severity: 'ERROR',
              shortDescription: datasetReasons[0]?.shortDescription ?? '',
              description: datasetReasons.map((r) => r.description).join(' '),
              reason: datasetReasons,
            },
          }
        : {}),
    },
  };
}

export default defineCommand({
  name: 'compare',
  summary: 'Compare two statistics files feature by feature for drift or skew.',
  description: [
    'A is the reference (training data, the previous span), B the current statistics (serving',
    'data, today). Each feature is compared with --method (auto picks by feature type and sample',
    'size: tests up to 1000 values, distances above). With --schema, features that have a',
    'drift_comparator (or skew_comparator with --comparator skew) use its L-infinity / JSD / NAD',
    'thresholds, and num_examples_drift_comparator bounds the example-count ratio. Exits 1 when',
    'any feature drifts beyond its threshold, 0 otherwise. See docs/drift.md.',
  ].join('\n'),
  positionals: [
    { name: 'A', role: 'input', description: 'Reference statistics (.pb, .pbtxt or .json).', required: true },
    { name: 'B', role: 'input', description: 'Current statistics (.pb, .pbtxt or .json).', required: true },
  ],
  options: {
    method: {
      type: 'string',
      description: 'Drift method for every feature.',
      choices: ['auto', ...DRIFT_METHOD_NAMES],
      default: 'auto',
      valueName: 'METHOD',
    },
    threshold: {
      type: 'string',
      description: "Threshold for --method (a distance, or a p-value's significance level).",
      valueName: 'X',
    },
    schema: {
      role: 'input',
      type: 'string',
      description: 'Schema whose comparators give per-feature thresholds.',
      valueName: 'FILE',
    },
    comparator: {
      type: 'string',
      description: 'Which schema comparators to use.',
      choices: ['drift', 'skew'],
      default: 'drift',
      valueName: 'KIND',
    },
    feature: { type: 'string', multiple: true, description: 'Compare only this feature.', valueName: 'NAME' },
    exclude: {
      type: 'string',
      multiple: true,
      description: 'Leave this feature out (ids, timestamps). Repeatable or comma-separated.',
      valueName: 'NAME',
    },
    'drift-share': {
      type: 'string',
      valueName: 'X',
      description:
        "Dataset-level verdict (Evidently's): the dataset drifts when at least this share of the compared features drifts (e.g. 0.5); single drifted features are then warnings.",
    },
    dataset: { type: 'string', description: 'Dataset (slice) name to compare; default the first.', valueName: 'NAME' },
    format: {
      type: 'string',
      description:
        'Output format: a readable table, the comparison as JSON, JUnit XML, GitHub annotations or Markdown.',
      choices: ['text', ...CI_FORMATS],
      default: 'text',
    },
    'fail-on': gateOptions['fail-on'],
    severity: gateOptions.severity,
  },
  examples: [
    'datavet compare train_stats.pb eval_stats.pb',
    'datavet compare train_stats.pb serving_stats.pb --schema schema.pbtxt --comparator skew',
    'datavet compare day1.pbtxt day2.pbtxt --method psi --threshold 0.2 --format json',
    'datavet compare train.pb today.pb --exclude trip_id --drift-share 0.5 --format github',
  ],
  async run(args, io) {
    const [a, b] = args.positionals as [string, string];
    const method = (stringOption(args, 'method') ?? 'auto') as DriftMethod | 'auto';
    const rawThreshold = stringOption(args, 'threshold');
    let thresholds: CompareOptions['thresholds'];
    if (rawThreshold !== undefined) {
      const value = Number(rawThreshold);
      if (!Number.isFinite(value) || value < 0) {
        throw new UsageError(`--threshold expects a non-negative number, got '${rawThreshold}'`);
      }
      if (method === 'auto') {
        throw new UsageError('--threshold needs a --method other than auto', {
          hint: 'auto mixes p-values and distances; name the method the threshold is for',
        });
      }
      thresholds = { [method]: value };
    }
    const reference = await readMessage(a, 'DatasetFeatureStatisticsList', io);
    const current = await readMessage(b, 'DatasetFeatureStatisticsList', io);
    const schemaPath = stringOption(args, 'schema');
    const fromSchema = schemaPath
      ? comparatorsFromSchema(await readMessage(schemaPath, 'Schema', io), stringOption(args, 'comparator') as 'drift')
      : {};
    const features = stringListOption(args, 'feature');
    const exclude = stringListOption(args, 'exclude');
    const dataset = stringOption(args, 'dataset');
    const rawShare = stringOption(args, 'drift-share');
    const driftShare = rawShare === undefined ? undefined : Number(rawShare);
    if (driftShare !== undefined && (rawShare?.trim() === '' || !(driftShare > 0 && driftShare <= 1))) {
      throw new UsageError(`--drift-share expects a share above 0 and at most 1 (e.g. 0.5), got '${rawShare}'`);
    }
    const policy = severityPolicyOf(args);
    const comparison = compareStatistics(reference, current, {
      method,
      ...(thresholds ? { thresholds } : {}),
      ...fromSchema,
      ...(features.length ? { features } : {}),
      ...(exclude.length ? { exclude } : {}),
      ...(driftShare !== undefined ? { driftShare } : {}),
      ...(dataset === undefined ? {} : { dataset }),
    });
    const failOn = failOnOf(args);
    const outcome = comparisonOutcome(comparison, `${b} vs ${a}`, policy);
    const format = stringOption(args, 'format') ?? 'text';
    if (format === 'json') {
      io.stdout.write(`${JSON.stringify(comparison, (_, v) => (Number.isNaN(v) ? null : v), 2)}\n`);
    } else {
      io.stdout.write(renderCiFormat(format, [outcome], failOn) ?? textReport(comparison, a, b));
    }
    return outcomesFail([outcome], failOn) ? ExitCode.FAILED : ExitCode.OK;
  },
});

/** The method names with their one-line summaries (for docs and help). */
export const methodSummaries = DRIFT_METHOD_NAMES.map((m) => `${m}: ${DRIFT_METHODS[m].summary}`);
