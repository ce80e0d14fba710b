import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { formatTextTable } from '../../_util/text-table.js';
import { anomalyHints, validateStatistics } from '../../anomalies/index.js';
import { outcomesFail, type ValidationOutcome } from '../../report/validation-outcome.js';
import {
  formatFromPath,
  parseTextFormat,
  printTextFormat,
  readMessageFile,
  toJsonString,
  writeMessageFile,
} from '../../tfmd/index.js';
import type { Anomalies, AnomalyInfo, Schema } from '../../tfmd/types.js';
import { booleanOption, defineCommand, ExitCode, requiredStringOption, stringOption } from '../command.js';
import { CI_FORMATS, failOnOf, gateOptions, renderCiFormat, schemaSource, severityOverrides } from '../gate.js';
import { readStatisticsArg } from '../read-statistics.js';

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
    // Rows are features (and the dataset); a row may hold several anomaly types: say what is counted.
    const anomalyCount = rows(anomalies).reduce((n, { info }) => n + Math.max(1, info.reason?.length ?? 0), 0);
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    const features = body.filter((r) => r[0] !== '(dataset)').length;
    const what = `${plural(features, 'feature')}${features < body.length ? ' and the dataset' : ''}`;
    lines.push(
      '',
      `${what} with anomalies (${errors} at ERROR, ${body.length - errors} at WARNING or lower); ${plural(anomalyCount, 'anomaly type')} in all`,
    );
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
    stats: { type: 'string', description: 'Statistics to validate (.pb, .pbtxt or .json).', valueName: 'FILE' },
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
      description:
        'stdout: a readable table, the Anomalies text format, proto3 JSON, JUnit XML, GitHub annotations (pointing at the schema line of each feature) or Markdown.',
      choices: ['table', 'text', ...CI_FORMATS],
      default: 'table',
    },
    ...gateOptions,
  },
  examples: [
    'datavet validate --stats eval_stats.pb --schema schema.pbtxt',
    'datavet validate --stats serving_stats.pb --schema schema.pbtxt --environment SERVING --format json',
    'datavet validate --stats eval_stats.pb --schema schema.pbtxt --format github --severity ENUM_TYPE_UNEXPECTED_STRING_VALUES=WARNING',
  ],
  async run(args, io) {
    const statsArg = requiredStringOption(args, 'stats', 'validate');
    const overrides = severityOverrides(args);
    const stats = await readStatisticsArg(statsArg, io);
    const schemaPath = resolve(io.cwd, requiredStringOption(args, 'schema', 'validate'));
    // A text schema is read as text once: annotations point at its lines.
    const schemaText = formatFromPath(schemaPath) === 'text' ? await readFile(schemaPath, 'utf8') : undefined;
    const schema: Schema =
      schemaText !== undefined
        ? parseTextFormat('Schema', schemaText, { file: stringOption(args, 'schema') ?? '' })
        : await readMessageFile(schemaPath, 'Schema');
    const environment = stringOption(args, 'environment');
    const serving = stringOption(args, 'serving');
    const previous = stringOption(args, 'previous');
    const anomalies = validateStatistics(stats, schema, {
      ...(environment !== undefined ? { environment } : {}),
      ...(serving !== undefined ? { servingStatistics: await readStatisticsArg(serving, io, '--serving') } : {}),
      ...(previous !== undefined ? { previousStatistics: await readStatisticsArg(previous, io, '--previous') } : {}),
      validationOptions: {
        ...(overrides.length ? { severityOverrides: overrides } : {}),
        ...(booleanOption(args, 'new-features-as-warnings') ? { newFeaturesAreWarnings: true } : {}),
      },
    });
    const output = stringOption(args, 'output');
    if (output !== undefined) await writeMessageFile(resolve(io.cwd, output), 'Anomalies', anomalies);
    const failOn = failOnOf(args);
    const source = schemaSource(schemaPath, schemaText, io);
    const dataset = stats.datasets?.find((d) => !d.name || d.name === 'All Examples') ?? stats.datasets?.[0];
    const outcome: ValidationOutcome = {
      name: `${statsArg}${environment !== undefined ? ` (${environment})` : ''}`,
      anomalies,
      features: (dataset?.features ?? []).map((f) => (f.path?.step ?? [f.name ?? '']).join('.')),
      ...(source ? { source } : {}),
    };
    const format = stringOption(args, 'format') ?? 'table';
    if (format === 'json') io.stdout.write(toJsonString('Anomalies', anomalies));
    else if (format === 'text') io.stdout.write(printTextFormat('Anomalies', anomalies));
    else {
      const ci = renderCiFormat(format, [outcome], failOn);
      const hints = anomalyHints(anomalies, stats, schema).map((h) => `hint: ${h.feature}: ${h.text}`);
      io.stdout.write(ci ?? `${table(anomalies)}${hints.length ? `\n${hints.join('\n')}\n` : ''}`);
    }
    if (output !== undefined && !booleanOption(args, 'quiet')) io.stderr.write(`wrote ${output}\n`);
    return outcomesFail([outcome], failOn) ? ExitCode.FAILED : ExitCode.OK;
  },
});
