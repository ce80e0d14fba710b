import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UsageError } from '../../_util/errors.js';
import { formatTextTable } from '../../_util/text-table.js';
import { validateStatistics } from '../../anomalies/index.js';
import {
  type CheckMeasurements,
  type CheckSet,
  checkPlan,
  columnTypesFromSchema,
  compileChecks,
  evaluateChecks,
  summarizeResults,
  withCheckAnomalies,
} from '../../checks/index.js';
import { computeStatisticsAndChecks } from '../../pipeline/parallel-statistics.js';
import { parsePartial } from '../../pipeline/partial-state.js';
import { printTextFormat, readMessageFile, toJsonString, writeMessageFile } from '../../tfmd/index.js';
import type { Anomalies, AnomalyInfo, DatasetFeatureStatisticsList, Schema, Severity } from '../../tfmd/types.js';
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
} from '../command.js';
import { checkOptions, readCheckFile, writeCheckResults } from './check-options.js';

const rank: Record<Severity, number> = { UNKNOWN: 0, WARNING: 1, ERROR: 2 };

/** Rows of the readable report: one per feature anomaly, then the dataset-level one. */
function rows(anomalies: Anomalies): { where: string; info: AnomalyInfo }[] {
  const out = Object.entries(anomalies.anomalyInfo ?? {}).map(([where, info]) => ({ where, info }));
  if (anomalies.datasetAnomalyInfo) out.push({ where: '(dataset)', info: anomalies.datasetAnomalyInfo });
  return out;
}

function table(anomalies: Anomalies): string {
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
    lines.push(...formatTextTable([head, ...body]));
    const errors = body.filter((r) => r[1] === 'ERROR').length;
    lines.push('', `${body.length} with anomalies: ${errors} error, ${body.length - errors} warning or lower`);
  }
  for (const info of anomalies.driftSkewInfo ?? []) {
    const path = (info.path?.step ?? []).join('.');
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

export default defineCommand({
  name: 'validate',
  summary: 'Validate statistics against a schema (TFDV anomalies, skew and drift)',
  description:
    'Reports every anomaly TFDV would find, with its severity and description. Exit code 1 when an anomaly at or above --fail-on (default error) is found, 0 otherwise.',
  options: {
    stats: {
      type: 'string',
      description: 'Statistics to validate (.pb, .pbtxt or .json), or a partial state (from stats --partial).',
      valueName: 'FILE',
    },
    data: {
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
    schema: { type: 'string', description: 'Schema to validate against.', valueName: 'FILE' },
    environment: { type: 'string', description: 'Environment of the statistics (e.g. SERVING).', valueName: 'NAME' },
    serving: { type: 'string', description: 'Serving statistics: enables skew comparators.', valueName: 'FILE' },
    previous: {
      type: 'string',
      description: 'Previous span statistics: enables drift comparators.',
      valueName: 'FILE',
    },
    output: {
      type: 'string',
      short: 'o',
      description: 'Write the Anomalies message (.pbtxt, .pb or .json).',
      valueName: 'FILE',
    },
    format: {
      type: 'string',
      description: 'stdout: a readable table, the Anomalies text format, or proto3 JSON.',
      choices: ['table', 'text', 'json'],
      default: 'table',
    },
    'fail-on': {
      type: 'string',
      description: 'Lowest severity that makes the exit code 1.',
      choices: ['error', 'warning'],
      default: 'error',
    },
  },
  examples: [
    'datavet validate --stats eval_stats.pb --schema schema.pbtxt',
    'datavet validate --stats serving_stats.pb --schema schema.pbtxt --environment SERVING --format json',
    'datavet validate --data train.csv --schema schema.pbtxt --checks checks.yaml',
  ],
  async run(args, io) {
    const read = (path: string) => readMessageFile(resolve(io.cwd, path), 'DatasetFeatureStatisticsList');
    const schema = await readMessageFile(resolve(io.cwd, requiredStringOption(args, 'schema', 'validate')), 'Schema');
    // Checks are read and type-checked against the schema before any data (or statistics) is read.
    const checksPath = stringOption(args, 'checks');
    const checkSet = checksPath !== undefined ? await readCheckFile(io.cwd, checksPath) : undefined;
    if (checkSet) compileChecks(checkSet, columnTypesFromSchema(schema));
    const resultsPath = stringOption(args, 'check-results');
    if (resultsPath !== undefined && !checkSet) throw new UsageError('--check-results needs --checks');
    const { stats, measurements } = await statisticsToValidate(args, io, schema, checkSet);
    const environment = stringOption(args, 'environment');
    const serving = stringOption(args, 'serving');
    const previous = stringOption(args, 'previous');
    const previousStats = previous !== undefined ? await read(previous) : undefined;
    let anomalies = validateStatistics(stats, schema, {
      ...(environment !== undefined ? { environment } : {}),
      ...(serving !== undefined ? { servingStatistics: await read(serving) } : {}),
      ...(previousStats !== undefined ? { previousStatistics: previousStats } : {}),
    });
    let summary = '';
    if (checkSet) {
      const results = evaluateChecks(checkSet, {
        ...(measurements ? { measurements } : {}),
        ...(stats.datasets?.[0] ? { statistics: stats.datasets[0] } : {}),
        ...(previousStats?.datasets?.[0] ? { previous: previousStats.datasets[0] } : {}),
        types: columnTypesFromSchema(schema),
        ...(environment !== undefined ? { environment } : {}),
      });
      anomalies = withCheckAnomalies(anomalies, results);
      if (resultsPath !== undefined) await writeCheckResults(io.cwd, resultsPath, results);
      summary = `${summarizeResults(results)}\n`;
    }
    const output = stringOption(args, 'output');
    if (output !== undefined) await writeMessageFile(resolve(io.cwd, output), 'Anomalies', anomalies);
    const format = stringOption(args, 'format') ?? 'table';
    if (format === 'json') io.stdout.write(toJsonString('Anomalies', anomalies));
    else if (format === 'text') io.stdout.write(printTextFormat('Anomalies', anomalies));
    else io.stdout.write(table(anomalies) + summary);
    if (output !== undefined && !booleanOption(args, 'quiet')) io.stderr.write(`wrote ${output}\n`);
    const threshold = stringOption(args, 'fail-on') === 'warning' ? rank.WARNING : rank.ERROR;
    const failed = rows(anomalies).some(({ info }) => rank[info.severity ?? 'UNKNOWN'] >= threshold);
    return failed ? ExitCode.FAILED : ExitCode.OK;
  },
});

/**
 * The statistics to validate and the custom checks' measurements: from `--data` (one pass over
 * the data), from a partial state (`--stats` of `stats --partial`, with its checks), or from
 * statistics (`--stats`; then only dataset checks can run).
 */
async function statisticsToValidate(
  args: ParsedCommandArgs,
  io: CliIo,
  schema: Schema,
  checkSet: CheckSet | undefined,
): Promise<{ stats: DatasetFeatureStatisticsList; measurements?: CheckMeasurements }> {
  const data = stringListOption(args, 'data');
  const statsPath = stringOption(args, 'stats');
  if (data.length > 0 && statsPath !== undefined) throw new UsageError('give --stats or --data, not both');
  if (data.length > 0) {
    const jobs = integerOption(args, 'jobs');
    if (jobs !== undefined && jobs < 1) throw new UsageError('--jobs must be at least 1');
    const nullValues = stringListOption(args, 'null-values');
    const { statistics, checks } = await computeStatisticsAndChecks(
      data.map((p) => resolve(io.cwd, p)),
      {
        read: nullValues.length > 0 ? { nullValues } : {},
        stats: { schema },
        ...(jobs !== undefined ? { jobs } : {}),
        ...(checkSet ? { checks: checkPlan(checkSet, columnTypesFromSchema(schema)) } : {}),
      },
    );
    return { stats: statistics.finish(), ...(checks ? { measurements: checks.finish() } : {}) };
  }
  const path = requiredStringOption(args, 'stats', 'validate');
  if (path.endsWith('.json')) {
    const partial = parsePartial(await readFile(resolve(io.cwd, path), 'utf8'));
    if (partial) {
      if (checkSet && partial.checks) {
        // The partial state must have been computed with these checks.
        const fresh = checkPlan(checkSet);
        if (JSON.stringify(fresh.checks) !== JSON.stringify(partial.checks.plan.checks)) {
          throw new UsageError(`${path} was computed with other checks than ${stringOption(args, 'checks')}`, {
            hint: "recompute it with 'datavet stats --checks' and the same checks file",
          });
        }
      }
      return {
        stats: partial.statistics.finish(),
        ...(partial.checks ? { measurements: partial.checks.finish() } : {}),
      };
    }
  }
  return { stats: await readMessageFile(resolve(io.cwd, path), 'DatasetFeatureStatisticsList') };
}
