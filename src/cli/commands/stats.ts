import { resolve } from 'node:path';
import { writeFileAtomic } from '../../_util/atomic-write.js';
import { UsageError } from '../../_util/errors.js';
import { describeRange } from '../../_util/number-range.js';
import { INPUT_FORMATS } from '../../io/input-formats.js';
import type { InputFormat } from '../../io/read-options.js';
import {
  type ComputeStatisticsOptions,
  computeStatisticsAndChecks,
  type StatisticsProgress,
} from '../../pipeline/parallel-statistics.js';
import { computeShardStatistics, parseShard } from '../../pipeline/shard-statistics.js';
import { STATISTICS_OPTIONS, type StatisticsOptions, statisticsOptionRange } from '../../stats/statistics-options.js';
import { formatFromPath, readMessageFile, writeMessageFile } from '../../tfmd/message-file.js';
import type { Schema } from '../../tfmd/types.js';
import {
  booleanOption,
  type CliIo,
  defineCommand,
  ExitCode,
  integerOption,
  numberInRangeOption,
  requiredStringOption,
  stringListOption,
  stringOption,
} from '../command.js';
import { engineOptions, runEngineStats } from '../engine-stats.js';
import { checkOptions, readCheckFile, writeCheckResults } from './check-options.js';

/** A one-line progress bar on a TTY stderr, redrawn at most every 100 ms. */
export function progressBar(io: CliIo, quiet: boolean): { update(p: StatisticsProgress): void; done(): void } {
  if (quiet || !io.stderr.isTTY) return { update() {}, done() {} };
  let last = 0;
  let drawn = false;
  return {
    update(p) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      const fraction = p.totalBytes > 0 ? Math.min(1, p.bytes / p.totalBytes) : 0;
      const width = 30;
      const filled = Math.round(fraction * width);
      io.stderr.write(
        `\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%  ${p.rows.toLocaleString('en-US')} rows`,
      );
      drawn = true;
    },
    done() {
      if (drawn) io.stderr.write('\r\x1b[K');
    },
  };
}

export default defineCommand({
  name: 'stats',
  summary: "Compute TFDV's statistics (DatasetFeatureStatisticsList) of data files.",
  description:
    'Reads CSV, Parquet, Arrow IPC, JSON Lines or TFRecord (tf.Example) files and writes the statistics TFDV\n' +
    'computes: counts, presence, value counts, numeric moments, quantiles and histograms, string top values\n' +
    'and uniques, weighted and per slice. Memory per feature is bounded (sketches beyond exact ranges).\n' +
    'Output format by extension: .pb (binary, as TFX writes FeatureStats.pb), .pbtxt or .json.\n' +
    'With --partial the mergeable accumulator state is written instead (JSON), for `datavet merge`.\n' +
    'Parquet with 2 jobs (the default from 4 MB on two cores): this thread and a worker each read and summarise\n' +
    'half of the columns (with weights, slices or checks, one thread reads), with the same result as 1 job.\n' +
    "More jobs split files (or a Parquet file's row groups) over worker threads and merge the results.",
  positionals: [
    { name: 'INPUT', role: 'input', description: 'Data files or globs (none with --engine).', variadic: true },
  ],
  options: {
    output: {
      role: 'output',
      type: 'string',
      short: 'o',
      description: 'Output file (.pb, .pbtxt, .json).',
      valueName: 'FILE',
    },
    'slice-by': {
      type: 'string',
      multiple: true,
      description: 'Also compute statistics per value of this feature (TFDV slice keys FEATURE_VALUE).',
      valueName: 'COL',
    },
    weight: { type: 'string', description: 'Numeric column of example weights.', valueName: 'COL' },
    schema: {
      role: 'input',
      type: 'string',
      description: 'Schema steering the statistics (categorical ints, image bytes).',
      valueName: 'FILE',
    },
    'null-values': { type: 'string', multiple: true, description: 'CSV cells read as missing.', valueName: 'S' },
    'input-format': {
      type: 'string',
      description: 'Input format (default: from the extension).',
      choices: INPUT_FORMATS,
      valueName: 'F',
    },
    delimiter: { type: 'string', description: 'CSV delimiter.', valueName: 'D' },
    'batch-size': { type: 'string', description: 'Rows per record batch (default 32768).', valueName: 'N' },
    'skip-malformed': {
      type: 'boolean',
      description: 'Skip malformed CSV rows (e.g. ragged) instead of failing; the count is reported on stderr.',
    },
    partial: { type: 'boolean', description: 'Write the mergeable partial state instead of statistics.' },
    jobs: {
      type: 'string',
      short: 'j',
      description:
        'Threads (default: the cores, but at most one per 64 MB of input, and 2 for Parquet from 4 MB; 1 = no workers).',
      valueName: 'N',
    },
    'num-top-values': {
      type: 'string',
      description: `Size of top_values: ${describeRange(statisticsOptionRange('numTopValues'))} (default ${STATISTICS_OPTIONS.numTopValues.default}).`,
      valueName: 'N',
    },
    shard: {
      type: 'string',
      description: 'Compute shard i of n (files or Parquet row groups), with --partial; merge the n partials.',
      valueName: 'i/n',
    },
    ...engineOptions,
    ...checkOptions,
  },
  examples: [
    'datavet stats data/train.csv -o stats.pb',
    "datavet stats 'shards/*.parquet' -o stats.pbtxt --slice-by country --jobs 2",
    'datavet stats day1.csv --partial -o day1.partial.json',
    "datavet stats 'data/*.parquet' --shard 0/4 --partial -o shard0.partial.json",
    'datavet stats --engine postgres --connection postgres://user@db:5432/prod --table events -o stats.pb',
  ],
  async run(args, io) {
    const output = requiredStringOption(args, 'output', 'stats');
    const partial = booleanOption(args, 'partial');
    const outPath = resolve(io.cwd, output);
    if (!partial && formatFromPath(output) === undefined) {
      throw new UsageError(`stats: cannot tell the output format of '${output}'`, {
        hint: 'use .pb, .pbtxt or .json (or --partial for a partial state)',
      });
    }
    const jobs = integerOption(args, 'jobs');
    if (jobs !== undefined && jobs < 1) throw new UsageError('--jobs must be at least 1');
    const topValues = numberInRangeOption(args, 'num-top-values', statisticsOptionRange('numTopValues'));
    const schemaPath = stringOption(args, 'schema');
    const schema = schemaPath ? await readMessageFile(resolve(io.cwd, schemaPath), 'Schema') : undefined;
    const weight = stringOption(args, 'weight');
    const sliceBy = stringListOption(args, 'slice-by');
    const stats: StatisticsOptions = {
      ...(weight !== undefined ? { weightFeature: weight } : {}),
      ...(sliceBy.length > 0 ? { sliceBy } : {}),
      ...(schema !== undefined ? { schema: schema as Schema } : {}),
      ...(topValues !== undefined ? { numTopValues: topValues } : {}),
    };
    if (stringOption(args, 'engine') !== undefined) {
      return runEngineStats(args, io, { stats, output, outPath, partial });
    }
    if (args.positionals.length === 0) {
      throw new UsageError('stats: give the data files (or --engine with --connection and --table or --query)');
    }
    const shardText = stringOption(args, 'shard');
    const shard = shardText === undefined ? undefined : parseShard(shardText);
    if (shard !== undefined && !partial) {
      throw new UsageError('--shard writes one share of the input: add --partial, then datavet merge the shards');
    }
    const checksPath = stringOption(args, 'checks');
    const resultsPath = stringOption(args, 'check-results');
    if (resultsPath !== undefined && checksPath === undefined) throw new UsageError('--check-results needs --checks');
    if (shard !== undefined && checksPath !== undefined) {
      throw new UsageError('--checks with --shard is not supported yet', {
        hint: 'compute the statistics of each shard without --checks, or run the checks with --jobs on one machine',
      });
    }
    // The checks layer (expression compiler, YAML) is loaded only when checks are given.
    const given = checksPath !== undefined ? await readCheckFile(io.cwd, checksPath) : undefined;
    // With a schema the checks are type-checked now, before any data is read; otherwise against the data's columns.
    const checkTypes = given && schema ? given.layer.columnTypesFromSchema(schema as Schema) : undefined;
    if (given && checkTypes) given.layer.compileChecks(given.set, checkTypes);
    const nullValues = stringListOption(args, 'null-values');
    const format = stringOption(args, 'input-format') as InputFormat | undefined;
    const delimiter = stringOption(args, 'delimiter');
    const batchSize = integerOption(args, 'batch-size');
    if (batchSize !== undefined && batchSize < 1) throw new UsageError('--batch-size must be at least 1');
    const skipMalformed = booleanOption(args, 'skip-malformed');
    const bar = progressBar(io, booleanOption(args, 'quiet'));
    let skipped = 0;
    const compute = (paths: string[], o: ComputeStatisticsOptions) =>
      shard === undefined
        ? computeStatisticsAndChecks(paths, o)
        : computeShardStatistics(paths, shard, o).then((statistics) => ({ statistics, checks: undefined }));
    const { statistics: acc, checks } = await compute(
      args.positionals.map((p) => resolve(io.cwd, p)),
      {
        read: {
          ...(format ? { format } : {}),
          ...(nullValues.length > 0 ? { nullValues } : {}),
          ...(delimiter !== undefined ? { delimiter: delimiter === '\\t' ? '\t' : delimiter } : {}),
          ...(batchSize !== undefined ? { batchSize } : {}),
          ...(skipMalformed ? { skipMalformedRows: true } : {}),
        },
        stats,
        // Without --partial only the finished statistics are written.
        finishedOnly: !partial,
        ...(jobs !== undefined ? { jobs } : {}),
        ...(given ? { checks: given.layer.checkPlan(given.set, checkTypes) } : {}),
        onProgress: (p) => bar.update(p),
        onSkippedRows: (count) => {
          skipped = count;
        },
      },
    );
    bar.done();
    const result = acc.finish();
    if (partial) {
      // The partial-state module imports the checks layer (to read check states): loaded with --partial only.
      const { serializePartial } = await import('../../pipeline/partial-state.js');
      await writeFileAtomic(outPath, serializePartial({ statistics: acc, ...(checks ? { checks } : {}) }));
    } else await writeMessageFile(outPath, 'DatasetFeatureStatisticsList', result);
    if (checks && given) {
      const { evaluateChecks, checkSetOf, summarizeResults } = given.layer;
      const results = evaluateChecks(checkSetOf(checks.plan), {
        measurements: checks.finish(),
        ...(result.datasets?.[0] ? { statistics: result.datasets[0] } : {}),
      });
      if (resultsPath !== undefined) await writeCheckResults(io.cwd, resultsPath, results);
      if (!booleanOption(args, 'quiet')) {
        io.stderr.write(`${summarizeResults(results)}${resultsPath !== undefined ? `; wrote ${resultsPath}` : ''}
`);
      }
    }
    if (!booleanOption(args, 'quiet')) {
      const examples = result.datasets?.[0]?.numExamples ?? 0;
      io.stderr.write(`wrote ${partial ? 'partial statistics' : 'statistics'} of ${examples} examples to ${output}\n`);
      if (skipMalformed) io.stderr.write(`skipped ${skipped} malformed row${skipped === 1 ? '' : 's'}\n`);
    }
    return ExitCode.OK;
  },
});
