import { basename, dirname, extname, resolve } from 'node:path';
import { writeFileAtomic } from '../../_util/atomic-write.js';
import { UsageError } from '../../_util/errors.js';
import { updateSchema } from '../../anomalies/update-schema.js';
import { compareStatistics } from '../../drift/compare.js';
import type { DriftMethod } from '../../drift/drift-result.js';
import { DRIFT_METHOD_NAMES, DRIFT_METHODS } from '../../drift/method-registry.js';
import { comparatorsFromSchema } from '../../drift/schema-comparators.js';
import { renderHtmlReport, renderTextSummary } from '../../report/index.js';
import type { FeatureDriftScore, ReportInput } from '../../report/report-input.js';
import { readMessageFile } from '../../tfmd/index.js';
import type { DatasetFeatureStatisticsList, Schema } from '../../tfmd/types.js';
import { DEFAULT_SLICE_NAME } from '../../tfmd/vocabulary.js';
import {
  booleanOption,
  defineCommand,
  ExitCode,
  requiredStringOption,
  stringListOption,
  stringOption,
  terminalWidth,
} from '../command.js';

/**
 * A dataset's display name from its statistics file when the statistics carry none: the file
 * name, or for TFX's generic `Split-train/FeatureStats.pb` the split ("train").
 */
function labelFromFile(path: string): string {
  const stem = basename(path, extname(path));
  if (/^(FeatureStats|stats|statistics)$/i.test(stem)) return basename(dirname(path)).replace(/^Split-/, '');
  return stem;
}

const METHOD_NAMES: Record<DriftMethod, string> = {
  psi: 'PSI',
  ks: 'KS',
  wasserstein: 'Wasserstein',
  hellinger: 'Hellinger',
  chi2: 'chi²',
  ztest: 'z-test',
  kl: 'KL',
  linf: 'L-infinity',
  jsd: 'Jensen-Shannon',
  nad: 'normalized abs. difference',
};

/**
 * Per-feature drift scores of the shown statistics against the compared ones (the reference):
 * the first result per feature, or the first that drifted. Features whose schema entry has a
 * drift comparator (or, failing any, a skew comparator) are measured with its method and threshold,
 * as TFDV's validation does; the others with `method`.
 */
function driftScores(
  current: DatasetFeatureStatisticsList,
  reference: DatasetFeatureStatisticsList,
  method: DriftMethod | 'auto',
  schema: Schema | undefined,
): Record<string, FeatureDriftScore> {
  // Keyed by feature names (user text): no prototype, or a feature named __proto__ would be lost.
  const scores: Record<string, FeatureDriftScore> = Object.create(null);
  let featureMethods = schema ? comparatorsFromSchema(schema, 'drift').featureMethods : undefined;
  if (schema && featureMethods && Object.keys(featureMethods).length === 0) {
    featureMethods = comparatorsFromSchema(schema, 'skew').featureMethods;
  }
  const options = { method, ...(featureMethods ? { featureMethods } : {}) };
  for (const feature of compareStatistics(reference, current, options).features) {
    const result = feature.results.find((r) => r.drifted) ?? feature.results[0];
    if (!result) continue;
    scores[feature.feature] = {
      method: METHOD_NAMES[result.method],
      value: result.value,
      threshold: result.threshold,
      drifted: result.drifted,
      kind: result.kind,
      unit: DRIFT_METHODS[result.method].unit,
    };
  }
  return scores;
}

/** A statistics list's name in the report: a lone dataset's own name, else the file's. */
function sourceName(list: DatasetFeatureStatisticsList, file: string): string {
  const datasets = list.datasets ?? [];
  const only = datasets.length === 1 ? datasets[0]?.name : undefined;
  return only && only !== DEFAULT_SLICE_NAME ? only : labelFromFile(file);
}

export default defineCommand({
  name: 'report',
  summary: 'Write statistics (and a comparison, schema, anomalies) as one offline HTML report.',
  description:
    'Reads statistics written by datavet or TFDV (.pb, .pbtxt/.textproto or .json) and writes a self-contained HTML\n' +
    'page: numeric and categorical feature tables with histograms/quantiles and top values, a second dataset\n' +
    'overlaid or side by side, anomalies with their suggested schema change. Prints the same facts as a table\n' +
    'on stdout unless --no-summary or -o - (the page itself on stdout); --quiet silences only stderr.',
  options: {
    stats: {
      role: 'input',
      type: 'string',
      valueName: 'FILE',
      description: 'Statistics to show (DatasetFeatureStatisticsList).',
    },
    compare: {
      role: 'input',
      type: 'string',
      valueName: 'FILE',
      description: 'Statistics to compare with: the reference (training, previous span) for drift scores.',
    },
    schema: { role: 'input', type: 'string', valueName: 'FILE', description: "Schema: each feature's entry is shown." },
    anomalies: {
      role: 'input',
      type: 'string',
      valueName: 'FILE',
      description: 'Anomalies to highlight on their features.',
    },
    'suggested-schema': {
      role: 'input',
      type: 'string',
      valueName: 'FILE',
      description:
        "The schema after the suggested fixes: shown as a change on each feature. Default with --anomalies: the schema (--schema, else the anomalies' baseline) relaxed for --stats by update-schema.",
    },
    'drift-method': {
      type: 'string',
      valueName: 'METHOD',
      default: 'auto',
      choices: ['auto', 'none', ...DRIFT_METHOD_NAMES],
      description: 'With --compare: the drift measure per feature (auto picks one per feature; none skips it).',
    },
    labels: {
      type: 'string',
      valueName: 'A,B',
      description: 'Dataset names (default: from the statistics or file names).',
    },
    title: { type: 'string', valueName: 'TEXT', description: 'Page title.' },
    output: {
      role: 'output',
      type: 'string',
      short: 'o',
      valueName: 'FILE',
      description: 'Where to write the HTML report (- for stdout, then without the summary).',
    },
    'no-summary': { type: 'boolean', description: 'Do not print the text summary on stdout.' },
  },
  examples: [
    'datavet report --stats train.stats.pb -o report.html',
    'datavet report --stats train.pb --compare serving.pb --schema schema.pbtxt --anomalies anomalies.pbtxt -o report.html',
  ],
  async run(args, io) {
    const statsPath = requiredStringOption(args, 'stats', 'report');
    const output = stringOption(args, 'output');
    if (output === undefined) {
      throw new UsageError('report: -o/--output is required', { hint: 'e.g. -o report.html' });
    }
    const quiet = booleanOption(args, 'quiet');
    const at = (path: string) => resolve(io.cwd, path);

    const statistics = await readMessageFile(at(statsPath), 'DatasetFeatureStatisticsList');
    const comparePath = stringOption(args, 'compare');
    const compareWith =
      comparePath === undefined ? undefined : await readMessageFile(at(comparePath), 'DatasetFeatureStatisticsList');
    const schemaPath = stringOption(args, 'schema');
    const anomaliesPath = stringOption(args, 'anomalies');
    const suggestedPath = stringOption(args, 'suggested-schema');
    const title = stringOption(args, 'title');
    const given = stringListOption(args, 'labels');
    const sources = [
      sourceName(statistics, statsPath),
      ...(compareWith && comparePath ? [sourceName(compareWith, comparePath)] : []),
    ];
    // A lone dataset's label names its list too (so the title follows --labels). Labels are given
    // per dataset: the compared list's first one follows the primary list's.
    const primaryCount = statistics.datasets?.length ?? 0;
    const lists = [statistics, compareWith];
    const firstLabel = [0, primaryCount];
    const names = sources.map((name, k) =>
      lists[k]?.datasets?.length === 1 ? (given[firstLabel[k] as number] ?? name) : name,
    );

    const method = stringOption(args, 'drift-method') ?? 'auto';
    const schema = schemaPath ? await readMessageFile(at(schemaPath), 'Schema') : undefined;
    const drift =
      compareWith && method !== 'none'
        ? driftScores(statistics, compareWith, method as DriftMethod | 'auto', schema)
        : undefined;

    const anomalies = anomaliesPath ? await readMessageFile(at(anomaliesPath), 'Anomalies') : undefined;
    // The fix beside each anomaly is a real schema change: update-schema's relaxation for these statistics.
    const baseline = schema ?? anomalies?.baseline;
    const suggestedSchema = suggestedPath
      ? await readMessageFile(at(suggestedPath), 'Schema')
      : anomalies && baseline
        ? updateSchema(baseline, statistics)
        : undefined;
    const input: ReportInput = {
      statistics,
      labels: given,
      sources,
      title: title ?? `datavet report: ${names.join(' vs ')}`,
      ...(compareWith ? { compareWith } : {}),
      ...(drift ? { driftScores: drift } : {}),
      ...(schema ? { schema } : {}),
      ...(anomalies ? { anomalies } : {}),
      ...(suggestedSchema ? { suggestedSchema } : {}),
    };
    const html = renderHtmlReport(input);
    if (output === '-') {
      // The page is the data on stdout; a summary after it would corrupt the HTML.
      io.stdout.write(html);
      return ExitCode.OK;
    }
    await writeFileAtomic(at(output), html);
    if (!booleanOption(args, 'no-summary')) {
      const width = terminalWidth(args, io);
      io.stdout.write(renderTextSummary(input, width !== undefined ? { width } : {}));
    }
    if (!quiet) io.stderr.write(`wrote ${output} (${Math.round(Buffer.byteLength(html) / 1024)} KiB)\n`);
    return ExitCode.OK;
  },
});
