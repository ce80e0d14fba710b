import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type DataType,
  DateDay,
  makeData,
  makeVector,
  Table,
  TimestampMicrosecond,
  TimestampSecond,
  tableToIPC,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import { afterAll, expect, it } from 'vitest';
import { computeStatisticsInEngine } from '../../src/engines/index.js';
import { computeStatistics } from '../../src/pipeline/parallel-statistics.js';
import { inferSchema } from '../../src/schema/index.js';
import { StatisticsAccumulator } from '../../src/stats/index.js';
import type { DatasetFeatureStatisticsList, IntegerTimeFormat, Schema } from '../../src/tfmd/types.js';
import { compareStatistics } from './compare-statistics.js';
import { agreement, type TestEngine } from './engine-suite.js';
import { readRows } from './load-table.js';

/** What the engine's types hold, so the file is the one an export of its table would be. */
export interface TimeColumnsOptions {
  /** The unit of the engine's TIMESTAMP type; the file's timestamps are written in it. */
  readonly timestampFormat: 'UNIX_SECONDS' | 'UNIX_MICROSECONDS';
  /** Whether the engine holds times before 1970 (ClickHouse's DateTime and Date do not). */
  readonly before1970: boolean;
  /** A query over `table` giving `at` as the engine's zoned timestamp type (the same instants), `day` and `label`. */
  readonly zonedQuery: (table: string) => string;
}

const ROWS = 400;
const JAN_2012_MICROS = 1_325_376_000_000_000;
const JAN_2012_DAYS = 15_340;
const FIFTY_YEARS_MICROS = 1_577_836_800_000_000;

/**
 * `at` (timestamps: repeating, with nulls, sub-second steps where the unit holds them, some
 * before 1970), `day` (dates, the same) and `label` (text), as counts of the engine's units.
 */
function timeRows(options: TimeColumnsOptions) {
  const step = options.timestampFormat === 'UNIX_MICROSECONDS' ? 3_600_000_123 : 3_601_000_000;
  const early = (i: number, k: number) => options.before1970 && i % k === 0;
  const at = Array.from({ length: ROWS }, (_, i) =>
    i % 9 === 4 ? null : JAN_2012_MICROS + (i % 150) * step - (early(i, 7) ? FIFTY_YEARS_MICROS : 0),
  );
  const day = Array.from({ length: ROWS }, (_, i) =>
    i % 11 === 3 ? null : JAN_2012_DAYS + (i % 60) - (early(i, 13) ? 20_000 : 0),
  );
  const label = Array.from({ length: ROWS }, (_, i) => ['a', 'b', 'c'][i % 3]!);
  return { at, day, label };
}

/** An Arrow column of counts (BigInt64 or Int32 values) with nulls. */
function countVector(type: DataType, values: readonly (number | null)[], wide: boolean, divisor = 1) {
  const nullBitmap = new Uint8Array(Math.ceil(values.length / 8));
  values.forEach((v, i) => {
    if (v !== null) nullBitmap[i >> 3]! |= 1 << (i & 7);
  });
  const counts = values.map((v) => (v === null ? 0 : v / divisor));
  const data = wide ? BigInt64Array.from(counts, (v) => BigInt(v)) : Int32Array.from(counts);
  const nullCount = values.filter((v) => v === null).length;
  return makeVector(makeData({ type, length: values.length, nullCount, nullBitmap, data } as never));
}

/** The rows as an Arrow IPC file, timestamps in the engine's unit: what datavet reads from a file. */
function writeTimeFile(dir: string, options: TimeColumnsOptions): string {
  const { at, day, label } = timeRows(options);
  const seconds = options.timestampFormat === 'UNIX_SECONDS';
  const table = new Table({
    at: countVector(seconds ? new TimestampSecond() : new TimestampMicrosecond(), at, true, seconds ? 1_000_000 : 1),
    day: countVector(new DateDay(), day, false),
    label: vectorFromArray(label, new Utf8()),
  });
  const path = join(dir, 'times.arrow');
  writeFileSync(path, tableToIPC(table, 'file'));
  return path;
}

const domainInfo = (stats: DatasetFeatureStatisticsList, name: string) =>
  stats.datasets?.[0]?.features
    ?.find((f) => f.path?.step?.[0] === name)
    ?.customStats?.find((c) => c.name === 'domain_info')?.str;
const entry = (schema: Schema, name: string) => schema.feature?.find((f) => f.name === name);
const timeDomain = (format: IntegerTimeFormat) => `time_domain { integer_format: ${format} }`;

/**
 * Timestamp and date columns of a table: the statistics pushed down to the engine carry the
 * same `domain_info` (and every other field) as datavet's statistics of the same rows read from
 * a file, so schema inference gives the same `time_domain` wherever the statistics came from.
 */
export function timeColumnsTest(engine: () => TestEngine, options: TimeColumnsOptions): void {
  const dir = mkdtempSync(join(tmpdir(), 'datavet-engine-times-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`timestamp and date columns: domain_info ${options.timestampFormat} and UNIX_DAYS, statistics and time_domain as from the file`, async () => {
    const file = writeTimeFile(dir, options);
    const table = await engine().load('time_columns', await readRows(file));
    // Every field, unsliced and sliced by the date (slice keys are the day counts, as in process).
    for (const statistics of [{}, { sliceBy: ['day'] }]) {
      const result = await agreement(engine(), table, file, statistics);
      expect(result.mismatches, JSON.stringify(statistics)).toEqual([]);
    }

    const inEngine = await computeStatisticsInEngine({
      engine: engine().name,
      connection: engine().connection,
      source: { table },
    });
    const fromFile = await computeStatistics([file], { jobs: 1 });
    const local = fromFile.finish();
    expect(inEngine.columns.map((c) => [c.name, c.kind, c.timeFormat])).toEqual([
      ['at', 'int', options.timestampFormat],
      ['day', 'int', 'UNIX_DAYS'],
      ['label', 'string', undefined],
    ]);
    expect(domainInfo(inEngine.statistics, 'at')).toBe(timeDomain(options.timestampFormat));
    expect(domainInfo(inEngine.statistics, 'day')).toBe(timeDomain('UNIX_DAYS'));
    expect(domainInfo(inEngine.statistics, 'label')).toBeUndefined();
    for (const name of ['at', 'day', 'label']) {
      expect(domainInfo(inEngine.statistics, name), name).toBe(domainInfo(local, name));
    }

    // Schema inference gives the same time_domain, and the same entries, from either.
    const engineSchema = inferSchema(inEngine.statistics);
    expect(entry(engineSchema, 'at')?.timeDomain).toEqual({ integerFormat: options.timestampFormat });
    expect(entry(engineSchema, 'day')?.timeDomain).toEqual({ integerFormat: 'UNIX_DAYS' });
    expect(engineSchema.feature).toEqual(inferSchema(local).feature);

    // The unit travels in the partial file: the engine's partial merged with the file's keeps it.
    const merged = StatisticsAccumulator.deserialize(JSON.stringify(inEngine.partial))
      .merge(StatisticsAccumulator.deserialize(fromFile.serialize()))
      .finish();
    expect(domainInfo(merged, 'at')).toBe(timeDomain(options.timestampFormat));
    expect(domainInfo(merged, 'day')).toBe(timeDomain('UNIX_DAYS'));

    // The zoned timestamp type holds the same instants: the same statistics.
    const zoned = await computeStatisticsInEngine({
      engine: engine().name,
      connection: engine().connection,
      source: { query: options.zonedQuery(table) },
    });
    expect(zoned.columns[0]!.type).not.toBe(inEngine.columns[0]!.type);
    expect(compareStatistics(zoned.statistics, inEngine.statistics).mismatches).toEqual([]);
  });
}
