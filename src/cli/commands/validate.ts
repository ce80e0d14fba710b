import { resolve } from 'node:path';
import { formatTextTable } from '../../_util/text-table.js';
import { validateStatistics } from '../../anomalies/index.js';
import { printTextFormat, readMessageFile, toJsonString, writeMessageFile } from '../../tfmd/index.js';
import type { Anomalies, AnomalyInfo, Severity } from '../../tfmd/types.js';
import { booleanOption, defineCommand, ExitCode, requiredStringOption, stringOption } from '../command.js';

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
      role: 'input',
      type: 'string',
      description: 'Statistics to validate (.pb, .pbtxt or .json).',
      valueName: 'FILE',
    },
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
  ],
  async run(args, io) {
    const read = (path: string) => readMessageFile(resolve(io.cwd, path), 'DatasetFeatureStatisticsList');
    const stats = await read(requiredStringOption(args, 'stats', 'validate'));
    const schema = await readMessageFile(resolve(io.cwd, requiredStringOption(args, 'schema', 'validate')), 'Schema');
    const environment = stringOption(args, 'environment');
    const serving = stringOption(args, 'serving');
    const previous = stringOption(args, 'previous');
    const anomalies = validateStatistics(stats, schema, {
      ...(environment !== undefined ? { environment } : {}),
      ...(serving !== undefined ? { servingStatistics: await read(serving) } : {}),
      ...(previous !== undefined ? { previousStatistics: await read(previous) } : {}),
    });
    const output = stringOption(args, 'output');
    if (output !== undefined) await writeMessageFile(resolve(io.cwd, output), 'Anomalies', anomalies);
    const format = stringOption(args, 'format') ?? 'table';
    if (format === 'json') io.stdout.write(toJsonString('Anomalies', anomalies));
    else if (format === 'text') io.stdout.write(printTextFormat('Anomalies', anomalies));
    else io.stdout.write(table(anomalies));
    if (output !== undefined && !booleanOption(args, 'quiet')) io.stderr.write(`wrote ${output}\n`);
    const threshold = stringOption(args, 'fail-on') === 'warning' ? rank.WARNING : rank.ERROR;
    const failed = rows(anomalies).some(({ info }) => rank[info.severity ?? 'UNKNOWN'] >= threshold);
    return failed ? ExitCode.FAILED : ExitCode.OK;
  },
});
