import type { Dialect } from './dialect.js';
import { bigquery } from './dialects/bigquery.js';
import { clickhouse } from './dialects/clickhouse.js';
import { duckdb } from './dialects/duckdb.js';
import { postgres } from './dialects/postgres.js';
import { snowflake } from './dialects/snowflake.js';
import { spark } from './dialects/spark.js';
import { trino } from './dialects/trino.js';

/** Every dialect, by `--engine` name. Adding one is a file under dialects/ and a row here. */
export const DIALECTS: Readonly<Record<string, Dialect>> = {
  duckdb,
  postgres,
  clickhouse,
  bigquery,
  snowflake,
  trino,
  spark,
};

/** The dialects that run live (they can connect); the rest compile SQL only. */
export const LIVE_ENGINES: readonly string[] = Object.values(DIALECTS)
  .filter((d) => d.connect !== undefined)
  .map((d) => d.name);
