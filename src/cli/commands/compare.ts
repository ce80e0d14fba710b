import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InputError, UsageError } from '../../_util/errors.js';
import { formatTextTable } from '../../_util/text-table.js';
import {
  type CompareOptions,
  compareStatistics,
  type FeatureComparison,
  type StatisticsComparison,
} from '../../drift/compare.js';
import type { DriftMethod, DriftResult } from '../../drift/drift-result.js';
import { DRIFT_METHOD_NAMES, DRIFT_METHODS } from '../../drift/method-registry.js';
import { comparatorsFromSchema } from '../../drift/schema-comparators.js';
import { readMessageFile, type TfmdMessageTypes } from '../../tfmd/index.js';
import { type CliIo, defineCommand, ExitCode, stringListOption, stringOption } from '../command.js';

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
  const rows: string[][] = [['feature', 'kind', 'method', 'value', 'threshold', 'verdict', 'why']];
  const add = (f: FeatureComparison) => {
    if (!f.results.length) {
      rows.push([f.feature, f.kind, '-', '-', '-', 'skipped', f.skipped ?? '']);
      return;
    }
    for (const r of f.results) {
      const fresh = f.newValues ?? [];
      const listed = fresh.slice(0, 5).join(', ') + (fresh.length > 5 ? ` (+${fresh.length - 5} more)` : '');
      const reason = [why(r), fresh.length ? `new values: ${listed}` : ''].filter(Boolean).join('; ');
      const test = r.kind === 'p_value' ? `p<${fmt(r.threshold)}` : `>${fmt(r.threshold)}`;
      rows.push([f.feature, f.kind, r.method, fmt(r.value), test, r.drifted ? 'DRIFT' : 'ok', reason]);
    }
  };
  comparison.features.forEach(add);
  lines.push(...formatTextTable(rows));
  const compared = comparison.features.filter((f) => f.results.length).length;
  lines.push(
    '',
    `${comparison.driftedFeatures.length} of ${compared} compared features drifted${
      comparison.driftedFeatures.length ? `: ${comparison.driftedFeatures.join(', ')}` : ''
    }`,
  );
  return `${lines.join('\n')}\n`;
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
    dataset: { type: 'string', description: 'Dataset (slice) name to compare; default the first.', valueName: 'NAME' },
    format: { type: 'string', description: 'Output format.', choices: ['text', 'json'], default: 'text' },
  },
  examples: [
    'datavet compare train_stats.pb eval_stats.pb',
    'datavet compare train_stats.pb serving_stats.pb --schema schema.pbtxt --comparator skew',
    'datavet compare day1.pbtxt day2.pbtxt --method psi --threshold 0.2 --format json',
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
    const dataset = stringOption(args, 'dataset');
    const comparison = compareStatistics(reference, current, {
      method,
      ...(thresholds ? { thresholds } : {}),
      ...fromSchema,
      ...(features.length ? { features } : {}),
      ...(dataset === undefined ? {} : { dataset }),
    });
    if (stringOption(args, 'format') === 'json') {
      io.stdout.write(`${JSON.stringify(comparison, (_, v) => (Number.isNaN(v) ? null : v), 2)}\n`);
    } else {
      io.stdout.write(textReport(comparison, a, b));
    }
    return comparison.drifted ? ExitCode.FAILED : ExitCode.OK;
  },
});

/** The method names with their one-line summaries (for docs and help). */
export const methodSummaries = DRIFT_METHOD_NAMES.map((m) => `${m}: ${DRIFT_METHODS[m].summary}`);
