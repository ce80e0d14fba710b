import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InputError, UsageError } from '../../_util/errors.js';
import { formatTextTable, wrapLine } from '../../_util/text-table.js';
import { anomalyHints, validateStatistics } from '../../anomalies/index.js';
import type { CheckMeasurements, CheckResult } from '../../checks/index.js';
import { outcomesFail, type ValidationOutcome } from '../../report/validation-outcome.js';
import {
  formatFromPath,
  parseTextFormat,
  printTextFormat,
  readMessageFile,
  readMessageText,
  toJson,
  toJsonString,
  writeMessageFile,
} from '../../tfmd/index.js';
import type { Anomalies, AnomalyInfo, DatasetFeatureStatisticsList, Schema } from '../../tfmd/types.js';
import { featurePathText, statisticsFeatureName } from '../../tfmd/vocabulary.js';
import {
  booleanOption,
  type CliIo,
  defineCommand,
  ExitCode,
  integerOption,
  type ParsedCommandArgs,
  requiredStringOption,
  stringListOption,
  stringOption,
  terminalWidth,
} from '../command.js';
import { CI_FORMATS, failOnOf, gateOptions, renderCiFormat, schemaSource, severityPolicyOf } from '../gate.js';
import { readStatisticsArg } from '../read-statistics.js';
import { type CommandChecks, checkOptions, readCheckFile, writeCheckResults } from './check-options.js';

/** Rows of the readable report: one per feature anomaly, then the dataset-level one. */
function rows(anomalies: Anomalies): { where: string; info: AnomalyInfo }[] {
  const out = Object.entries(anomalies.anomalyInfo ?? {}).map(([where, info]) => ({ where, info }));
  if (anomalies.datasetAnomalyInfo) out.push({ where: '(dataset)', info: anomalies.datasetAnomalyInfo });
  return out;
}

function table(anomalies: Anomalies, width: number | undefined): string {
  if (anomalies.dataMissing) return 'No data: the statistics have 0 examples (data_missing).\n';
  const lines: string[] = [];
  const body = rows(anomalies).map(({ where, info }) => [
    where,
    info.severity ?? 'UNKNOWN',
    (info.reason ?? []).map((r) => r.type).join(', '),
    info.description || info.shortDescription || '',
  ]);
  if (body.length === 0) lines.push('No anomalies found.');
  else {
    const head = ['FEATURE', 'SEVERITY', 'ANOMALY', 'DESCRIPTION'];
    lines.push(...formatTextTable([head, ...body], width !== undefined ? { width } : {}));
    const errors = body.filter((r) => r[1] === 'ERROR').length;
    // Rows are features (and the dataset); a row may hold several anomaly types: say what is counted.
    const anomalyCount = rows(anomalies).reduce((n, { info }) => n + Math.max(1, info.reason?.length ?? 0), 0);
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    const features = body.filter((r) => r[0] !== '(dataset)').length;
    const what = `${plural(features, 'feature')}${features < body.length ? ' and the dataset' : ''}`;
    lines.push(
      '',
      ...wrapLine(
        `${what} with anomalies (${errors} at ERROR, ${body.length - errors} at WARNING or lower); ${plural(anomalyCount, 'anomaly type')} in all`,
        width,
      ),
    );
  }
  for (const info of anomalies.driftSkewInfo ?? []) {
    const path = featurePathText(info.path);
    for (const [kind, list] of [
      ['drift', info.driftMeasurements],
      ['skew', info.skewMeasurements],
    ] as const) {
      for (const m of list ?? []) {
        lines.push(
          `${kind} ${path}: ${m.type} = ${Number((m.value ?? 0).toPrecision(6))} (threshold ${m.threshold ?? 0})`,
        );
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The statistics to validate and the custom checks' measurements: from `--data` (one pass over
 * the data), from a partial state (`--stats` of `stats --partial`, with its checks), or from
 * statistics (`--stats`; then only dataset checks can run). `label` names them in outputs.
 */
async function statisticsToValidate(
  args: ParsedCommandArgs,
  io: CliIo,
  schema: Schema,
  checking: CommandChecks | undefined,
): Promise<{ stats: DatasetFeatureStatisticsList; measurements?: CheckMeasurements; label: string }> {
  const data = stringListOption(args, 'data');
  const statsPath = stringOption(args, 'stats');
  if (data.length > 0 && statsPath !== undefined) throw new UsageError('give --stats or --data, not both');
  if (data.length > 0) {
    const jobs = integerOption(args, 'jobs');
    if (jobs !== undefined && jobs < 1) throw new UsageError('--jobs must be at least 1');
    const nullValues = stringListOption(args, 'null-values');
    // The readers, Arrow and the statistics engine are loaded only when data is given (not --stats).
    const { computeStatisticsAndChecks } = await import('../../pipeline/parallel-statistics.js');
    const { statistics, checks } = await computeStatisticsAndChecks(
      data.map((p) => resolve(io.cwd, p)),
      {
        read: nullValues.length > 0 ? { nullValues } : {},
        stats: { schema },
        finishedOnly: true,
        ...(jobs !== undefined ? { jobs } : {}),
        ...(checking
          ? { checks: checking.layer.checkPlan(checking.set, checking.layer.columnTypesFromSchema(schema)) }
          : {}),
      },
    );
    return {
      stats: statistics.finish(),
      ...(checks ? { measurements: checks.finish() } : {}),
      label: data.join(' '),
    };
  }
  const path = requiredStringOption(args, 'stats', 'validate');
  if (path.endsWith('.json')) {
    // Partial states (which may carry checks' states) are read by a module loaded for them only.
    const { parsePartial } = await import('../../pipeline/partial-state.js');
    const text = await readFile(resolve(io.cwd, path), 'utf8');
    let partial: ReturnType<typeof parsePartial>;
    try {
      partial = parsePartial(text);
    } catch (error) {
      // A damaged partial state: name the file, as `datavet merge` does.
      if (error instanceof InputError && error.location === undefined) {
        throw new InputError(error.code, error.message, {
          location: { file: path },
          ...(error.hint !== undefined ? { hint: error.hint } : {}),
          cause: error,
        });
      }
      throw error;
    }
    if (partial) {
      if (checking && partial.checks) {
        // The partial state must have been computed with these checks.
        const fresh = checking.layer.checkPlan(checking.set);
        if (JSON.stringify(fresh.checks) !== JSON.stringify(partial.checks.plan.checks)) {
          throw new UsageError(`${path} was computed with other checks than ${stringOption(args, 'checks')}`, {
            hint: "recompute it with 'datavet stats --checks' and the same checks file",
          });
        }
      }
      return {
        stats: partial.statistics.finish(),
        ...(partial.checks ? { measurements: partial.checks.finish() } : {}),
        label: path,
      };
    }
  }
  return { stats: await readStatisticsArg(path, io), label: path };
}

async function optionalStatistics(
  path: string | undefined,
  io: CliIo,
  option: string,
): Promise<DatasetFeatureStatisticsList | undefined> {
  return path === undefined ? undefined : readStatisticsArg(path, io, option);
}

/** One dataset of the statistics to validate, as a list of its own. */
interface SliceToValidate {
  readonly name: string | undefined;
  readonly statistics: DatasetFeatureStatisticsList;
  /** Named with --slice or --all-slices (so outputs say which). */
  readonly explicit: boolean;
}

/**
 * The datasets to validate: TFDV's default (the only dataset, or "All Examples"), the slices
 * named with --slice, or every dataset with --all-slices. An unknown slice names the ones there are.
 */
function selectSlices(stats: DatasetFeatureStatisticsList, names: readonly string[], all: boolean): SliceToValidate[] {
  const datasets = stats.datasets ?? [];
  if (!all && names.length === 0) return [{ name: undefined, statistics: stats, explicit: false }];
  const chosen = all ? datasets : names.map((n) => datasets.find((d) => (d.name ?? '') === n));
  const missing = names.filter((_, i) => chosen[i] === undefined);
  if (missing.length) {
    throw new UsageError(`validate: the statistics have no slice ${missing.map((n) => `'${n}'`).join(', ')}`, {
      hint: `slices: ${datasets.map((d) => `'${d.name ?? ''}'`).join(', ') || 'none'}`,
    });
  }
  return chosen.map((d) => ({ name: d?.name ?? '', statistics: { datasets: d ? [d] : [] }, explicit: true }));
}

export default defineCommand({
  name: 'validate',
  summary: 'Validate statistics against a schema (TFDV anomalies, skew and drift)',
  description:
    'Reports every anomaly TFDV would find, with its severity and description. Exit code 1 when an anomaly at or above --fail-on (default error) is found, 0 otherwise.',
  options: {
    stats: {
      role: 'input',
      type: 'string',
      description: 'Statistics to validate (.pb, .pbtxt or .json), or a partial state (from stats --partial).',
      valueName: 'FILE',
    },
    data: {
      role: 'input',
      type: 'string',
      multiple: true,
      description: 'Data files or globs: statistics and custom checks computed in one pass (instead of --stats).',
      valueName: 'INPUT',
    },
    jobs: { type: 'string', short: 'j', description: 'Threads reading --data (as for stats).', valueName: 'N' },
    'null-values': {
      type: 'string',
      multiple: true,
      description: 'CSV cells read as missing (--data).',
      valueName: 'S',
    },
    ...checkOptions,
    schema: { role: 'input', type: 'string', description: 'Schema to validate against.', valueName: 'FILE' },
    environment: { type: 'string', description: 'Environment of the statistics (e.g. SERVING).', valueName: 'NAME' },
    serving: {
      role: 'input',
      type: 'string',
      description: 'Serving statistics: enables skew comparators.',
      valueName: 'FILE',
    },
    previous: {
      role: 'input',
      type: 'string',
      description: 'Previous span statistics: enables drift comparators.',
      valueName: 'FILE',
    },
    output: {
      role: 'output',
      type: 'string',
      short: 'o',
      description: 'Write the Anomalies message (.pbtxt, .pb or .json).',
      valueName: 'FILE',
    },
    format: {
      type: 'string',
      description:
        'stdout: a readable table, the Anomalies text format, proto3 JSON, JUnit XML, GitHub annotations (pointing at the schema line of each feature) or Markdown.',
      choices: ['table', 'text', ...CI_FORMATS],
      default: 'table',
    },
    slice: {
      type: 'string',
      multiple: true,
      valueName: 'NAME',
      description: 'Validate this slice of the statistics (see datavet stats --slice-by). Repeatable.',
    },
    'all-slices': { type: 'boolean', description: 'Validate every slice (and the unsliced dataset) on its own.' },
    ...gateOptions,
  },
  examples: [
    'datavet validate --stats eval_stats.pb --schema schema.pbtxt --all-slices',
    'datavet validate --data train.csv --schema schema.pbtxt --checks checks.yaml',
    'datavet validate --stats eval_stats.pb --schema schema.pbtxt',
    'datavet validate --stats serving_stats.pb --schema schema.pbtxt --environment SERVING --format json',
    'datavet validate --stats eval_stats.pb --schema schema.pbtxt --format github --severity ENUM_TYPE_UNEXPECTED_STRING_VALUES=WARNING',
  ],
  async run(args, io) {
    const policy = severityPolicyOf(args);
    const schemaPath = resolve(io.cwd, requiredStringOption(args, 'schema', 'validate'));
    // A text schema is read as text once: annotations point at its lines.
    const schemaText =
      formatFromPath(schemaPath) === 'text'
        ? await readMessageText(schemaPath, stringOption(args, 'schema') ?? '')
        : undefined;
    const schema: Schema =
      schemaText !== undefined
        ? parseTextFormat('Schema', schemaText, { file: stringOption(args, 'schema') ?? '' })
        : await readMessageFile(schemaPath, 'Schema');
    // Checks are read and type-checked against the schema before any data (or statistics) is read.
    const checksPath = stringOption(args, 'checks');
    // The checks layer (expression compiler, YAML) is loaded only when checks are given.
    const checks = checksPath !== undefined ? await readCheckFile(io.cwd, checksPath) : undefined;
    if (checks) checks.layer.compileChecks(checks.set, checks.layer.columnTypesFromSchema(schema));
    const resultsPath = stringOption(args, 'check-results');
    if (resultsPath !== undefined && !checks) throw new UsageError('--check-results needs --checks');
    const { stats, measurements, label: statsArg } = await statisticsToValidate(args, io, schema, checks);
    const environment = stringOption(args, 'environment');
    const servingStats = await optionalStatistics(stringOption(args, 'serving'), io, '--serving');
    const previousStats = await optionalStatistics(stringOption(args, 'previous'), io, '--previous');
    const slices = selectSlices(stats, stringListOption(args, 'slice'), booleanOption(args, 'all-slices'));
    // Custom checks run over all the data: their findings join the unsliced dataset's anomalies.
    let checkSummary = '';
    let checkResults: CheckResult[] | undefined;
    if (checks) {
      const { evaluateChecks, summarizeResults } = checks.layer;
      checkResults = evaluateChecks(checks.set, {
        ...(measurements ? { measurements } : {}),
        ...(stats.datasets?.[0] ? { statistics: stats.datasets[0] } : {}),
        ...(previousStats?.datasets?.[0] ? { previous: previousStats.datasets[0] } : {}),
        types: checks.layer.columnTypesFromSchema(schema),
        ...(environment !== undefined ? { environment } : {}),
      });
      if (resultsPath !== undefined) await writeCheckResults(io.cwd, resultsPath, checkResults);
      checkSummary = `${summarizeResults(checkResults)}\n`;
    }
    const unsliced = (slice: SliceToValidate) =>
      !slice.explicit || slice.name === '' || slice.name === stats.datasets?.[0]?.name;
    const output = stringOption(args, 'output');
    const format = stringOption(args, 'format') ?? 'table';
    if (slices.length > 1 && (output !== undefined || format === 'text')) {
      throw new UsageError(`validate: ${output !== undefined ? '-o' : '--format text'} writes one Anomalies message`, {
        hint: 'validate one slice with --slice NAME, or use --format json for every slice',
      });
    }
    const failOn = failOnOf(args);
    const source = schemaSource(schemaPath, schemaText, io);
    const results = slices.map((slice) => {
      // The same slice of the serving and previous statistics when they have it (else their default).
      const sameSlice = (list: DatasetFeatureStatisticsList | undefined) =>
        list && slice.name !== undefined && list.datasets?.some((d) => d.name === slice.name)
          ? { datasets: list.datasets?.filter((d) => d.name === slice.name) }
          : list;
      const sliceServing = sameSlice(servingStats);
      const slicePrevious = sameSlice(previousStats);
      const validated = validateStatistics(slice.statistics, schema, {
        ...(environment !== undefined ? { environment } : {}),
        ...(sliceServing ? { servingStatistics: sliceServing } : {}),
        ...(slicePrevious ? { previousStatistics: slicePrevious } : {}),
        // The normalised policy is itself a per-type record of severities.
        validationOptions: { severityOverrides: policy },
      });
      const anomalies =
        checkResults && checks && unsliced(slice)
          ? checks.layer.withCheckAnomalies(validated, checkResults)
          : validated;
      const dataset = slice.statistics.datasets?.[0];
      const outcome: ValidationOutcome = {
        name: `${statsArg}${slice.explicit ? ` [${slice.name}]` : ''}${environment !== undefined ? ` (${environment})` : ''}`,
        anomalies,
        features: (dataset?.features ?? []).map(statisticsFeatureName),
        ...(source ? { source } : {}),
      };
      return { slice, anomalies, outcome };
    });
    const first = results[0];
    if (output !== undefined && first) await writeMessageFile(resolve(io.cwd, output), 'Anomalies', first.anomalies);
    const outcomes = results.map((r) => r.outcome);
    if (format === 'json') {
      io.stdout.write(
        results.length === 1 && first && !first.slice.explicit
          ? toJsonString('Anomalies', first.anomalies)
          : `${JSON.stringify({ slices: Object.fromEntries(results.map((r) => [r.slice.name ?? '', toJson('Anomalies', r.anomalies)])) }, null, 2)}\n`,
      );
    } else if (format === 'text' && first) io.stdout.write(printTextFormat('Anomalies', first.anomalies));
    else {
      const ci = renderCiFormat(format, outcomes, failOn);
      const readable = results.map((r) => {
        const hints = anomalyHints(r.anomalies, r.slice.statistics, schema).map((h) => `hint: ${h.feature}: ${h.text}`);
        const heading = results.length > 1 ? `slice ${r.slice.name ?? '(unnamed)'}\n` : '';
        const width = terminalWidth(args, io);
        const hintLines = hints.flatMap((h) => wrapLine(h, width));
        return `${heading}${table(r.anomalies, width)}${hintLines.length ? `\n${hintLines.join('\n')}\n` : ''}`;
      });
      io.stdout.write(ci ?? `${readable.join('\n')}${checkSummary}`);
    }
    if (output !== undefined && !booleanOption(args, 'quiet')) io.stderr.write(`wrote ${output}\n`);
    return outcomesFail(outcomes, failOn) ? ExitCode.FAILED : ExitCode.OK;
  },
});
