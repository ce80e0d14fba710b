import { writeFileAtomic } from '../_util/atomic-write.js';
import { UsageError } from '../_util/errors.js';
import { LIVE_ENGINES } from '../engines/dialect-registry.js';
import type { StatisticsOptions } from '../stats/statistics-options.js';
import { writeMessageFile } from '../tfmd/message-file.js';
import { DEFAULT_SLICE_NAME } from '../tfmd/vocabulary.js';
import {
  booleanOption,
  type CliIo,
  ExitCode,
  type OptionSpec,
  type ParsedCommandArgs,
  stringOption,
} from './command.js';

/** The options `datavet stats` takes to compute in a SQL engine instead of reading files. */
export const engineOptions: Readonly<Record<string, OptionSpec>> = {
  engine: {
    type: 'string',
    description: 'Compute in this SQL engine instead of reading files (push-down).',
    choices: LIVE_ENGINES,
    valueName: 'E',
  },
  connection: {
    type: 'string',
    description:
      'Engine URL: duckdb:FILE, postgres://user:pass@host:5432/db, clickhouse://user:pass@host:8123/db (printed masked).',
    valueName: 'URL',
  },
  table: { type: 'string', description: 'Table or view to compute (with --engine).', valueName: 'T' },
  query: { type: 'string', description: 'SQL query whose rows to compute (with --engine).', valueName: 'SQL' },
};

/** `datavet stats --engine ...`: the statistics computed where the data lives. */
export async function runEngineStats(
  args: ParsedCommandArgs,
  io: CliIo,
  run: { stats: StatisticsOptions; output: string; outPath: string; partial: boolean },
): Promise<number> {
  const engine = stringOption(args, 'engine')!;
  const connection = stringOption(args, 'connection');
  const table = stringOption(args, 'table');
  const query = stringOption(args, 'query');
  if (connection === undefined) {
    throw new UsageError(`stats --engine ${engine}: missing --connection`, {
      hint:
        engine === 'duckdb'
          ? 'e.g. --connection duckdb:warehouse.duckdb'
          : `e.g. --connection ${engine}://user@host/db`,
    });
  }
  if ((table === undefined) === (query === undefined)) {
    throw new UsageError(`stats --engine ${engine}: give exactly one of --table and --query`);
  }
  if (args.positionals.length > 0) {
    throw new UsageError(`stats --engine ${engine}: data files and --engine exclude each other`, {
      hint: `the engine reads the rows; for files through DuckDB use --query "SELECT * FROM 'data/*.parquet'"`,
    });
  }
  if (stringOption(args, 'shard') !== undefined) {
    throw new UsageError('--shard splits files; an engine spreads its own scan');
  }
  // The engine layer's work (and its drivers) loads only when an engine is asked for.
  const { computeStatisticsInEngine } = await import('../engines/index.js');
  const result = await computeStatisticsInEngine({
    engine,
    connection,
    source: table !== undefined ? { table } : { query: query! },
    statistics: run.stats,
  });
  if (run.partial) await writeFileAtomic(run.outPath, JSON.stringify(result.partial));
  else await writeMessageFile(run.outPath, 'DatasetFeatureStatisticsList', result.statistics);
  if (!booleanOption(args, 'quiet')) {
    const p = result.provenance;
    io.stderr.write(
      `wrote ${run.partial ? 'partial statistics' : 'statistics'} of ${p.rows} examples to ${run.output} ` +
        `(${p.engine} ${p.table !== undefined ? `table ${p.table}` : 'query'}, ${p.scans} scan${p.scans === 1 ? '' : 's'})\n`,
    );
    for (const u of p.unmergeable.filter((n) => n.dataset === DEFAULT_SLICE_NAME)) {
      io.stderr.write(
        `note: ${u.dataset} / ${u.feature}: ${u.field === 'unique' ? `${u.value} distinct values, beyond the exact range: the partial cannot merge them` : 'weighted quantiles are not pushed down beyond the exact range'}\n`,
      );
    }
  }
  return ExitCode.OK;
}
