import type { SqlConnection } from './sql-connection.js';
import { listColumns, listIndexes, listTables } from './sql-introspection.js';
import {
  columnsAt,
  createTableStatement,
  indexesAt,
  indexSpecs,
  type MlmdTable,
  quoteIdentifier,
  SCHEMA_VERSION,
  type TableSpec,
  tableSpec,
} from './sql-schema.js';

/** What an upgrade did. */
export interface SchemaUpgradeReport {
  /** The schema version the database had (0 = ml-metadata 0.13.2, no MLMDEnv table). */
  readonly fromVersion: number;
  /** The schema version it has now. */
  readonly toVersion: number;
  /**
   * Events removed by the v8 step because an earlier event already recorded the same
   * (artifact, execution, type); see docs/metadata.md.
   */
  readonly removedDuplicateEvents: number;
}

/**
 * One version step v(n-1) → v(n) (docs/metadata.md). `create`: new tables; `extend`: columns
 * appended at the end (ALTER TABLE ADD COLUMN); `rebuild`: tables whose new columns sit
 * between existing ones or that gain a key, copied into a table of the new shape.
 */
interface Step {
  readonly create?: readonly MlmdTable[];
  readonly extend?: readonly MlmdTable[];
  readonly rebuild?: readonly MlmdTable[];
  /** Runs before the DDL; returns the number of duplicate events removed. */
  readonly prepare?: (db: SqlConnection) => Promise<number>;
}

const PROPERTY_TABLES = ['ArtifactProperty', 'ExecutionProperty', 'ContextProperty'] as const;

const STEPS: Readonly<Record<number, Step>> = {
  1: { create: ['MLMDEnv'] },
  2: { rebuild: ['Type'] },
  3: { create: ['Context', 'ContextProperty'] },
  4: { create: ['Association', 'Attribution'] },
  5: { rebuild: ['Artifact', 'Execution'], extend: ['Context'] },
  6: { create: ['ParentType', 'ParentContext'], rebuild: ['Type'] },
  7: { extend: PROPERTY_TABLES },
  8: { prepare: removeDuplicateEvents, rebuild: ['Event'] },
  9: { rebuild: ['Type', 'Artifact', 'Execution', 'Context'] },
  10: { extend: PROPERTY_TABLES },
};

/**
 * Brings an MLMD database from schema `fromVersion` (0..9) to `toVersion` (default 10) one
 * version at a time, keeping every row, and records each reached version in MLMDEnv.
 *
 * Runs inside the caller's transaction: in SQLite and PostgreSQL the whole upgrade commits or
 * rolls back as one. MySQL/MariaDB commit each DDL statement implicitly, so there a failure
 * leaves the database at the last completed step (MLMDEnv says which) or mid-step; every step
 * is idempotent (tables created if missing, columns added if missing, indexes created if
 * missing, a half-done table copy is undone first) so opening again with migration enabled
 * resumes it.
 */
export async function upgradeSchema(
  db: SqlConnection,
  fromVersion: number,
  toVersion: number = SCHEMA_VERSION,
): Promise<SchemaUpgradeReport> {
  let removedDuplicateEvents = 0;
  for (let version = fromVersion + 1; version <= toVersion; version++) {
    const step = STEPS[version];
    if (!step) throw new Error(`no upgrade step to schema version ${version}`);
    if (step.prepare) removedDuplicateEvents += await step.prepare(db);
    for (const table of step.create ?? []) {
      await db.run(createTableStatement(db.dialect, tableSpec(db.dialect, table), version));
    }
    for (const table of step.extend ?? []) await extendTable(db, tableSpec(db.dialect, table), version);
    for (const table of step.rebuild ?? []) await rebuildTable(db, tableSpec(db.dialect, table), version);
    await alignIndexes(db, version);
    await recordVersion(db, version);
  }
  return { fromVersion, toVersion: Math.max(fromVersion, toVersion), removedDuplicateEvents };
}

async function recordVersion(db: SqlConnection, version: number): Promise<void> {
  const rows = await db.all('SELECT schema_version FROM MLMDEnv');
  if (rows.length === 0) await db.run('INSERT INTO MLMDEnv (schema_version) VALUES (?)', [version]);
  else await db.run('UPDATE MLMDEnv SET schema_version = ?', [version]);
}

/** Appends the columns `version` added at the end of the table, skipping those present. */
async function extendTable(db: SqlConnection, spec: TableSpec, version: number): Promise<void> {
  const q = (name: string) => quoteIdentifier(db.dialect, name);
  const present = await listColumns(db, spec.name);
  let previous: string | undefined;
  for (const column of columnsAt(spec, version, new Set(present))) {
    if (!present.includes(column.name.toLowerCase())) {
      // MySQL can place the column where a new table has it; the others append (the steps
      // that use extend only add trailing columns).
      const after = db.dialect === 'mysql' && previous ? ` AFTER ${q(previous)}` : '';
      await db.run(`ALTER TABLE ${q(spec.name)} ADD COLUMN ${q(column.name)} ${column.definition}${after}`);
    }
    previous = column.name;
  }
}

/**
 * Reshapes a table to its `version` form: renames it aside, creates the new table, copies
 * the rows (ids included, renamed columns mapped, new columns at their defaults), carries the
 * id counter over and drops the old table. Secondary indexes are recreated by alignIndexes.
 * Columns of later versions the table already has are kept, so re-running a step never
 * loses data.
 */
async function rebuildTable(db: SqlConnection, spec: TableSpec, version: number): Promise<void> {
  const q = (name: string) => quoteIdentifier(db.dialect, name);
  const table = spec.name;
  const aside = `${table}__old`;
  let tables = await listTables(db);
  if (tables.has(aside.toLowerCase())) {
    // A copy interrupted on MySQL (non-transactional DDL): the renamed-aside table is the
    // complete original; the new one may be partial.
    if (tables.has(table.toLowerCase())) await db.run(`DROP TABLE ${q(table)}`);
    await renameTable(db, aside, table);
    tables = await listTables(db);
  }
  const present = await listColumns(db, table);
  const hasId = spec.columns.some((c) => c.name === 'id');
  const counter = hasId ? await readIdCounter(db, table) : 0;
  await renameTable(db, table, aside);
  if (db.dialect === 'postgres') await moveAsidePostgresNames(db, table, aside, hasId);
  const target = columnsAt(spec, version, new Set(present));
  await db.run(createTableStatement(db.dialect, spec, version, new Set(present)));
  const into: string[] = [];
  const from: string[] = [];
  for (const column of target) {
    if (present.includes(column.name.toLowerCase())) {
      into.push(q(column.name));
      from.push(q(column.name));
    } else if (column.renamedFrom && present.includes(column.renamedFrom.toLowerCase())) {
      into.push(q(column.name));
      // PostgreSQL's old flag column is BOOLEAN, type_kind a SMALLINT: true → 1, false → 0.
      from.push(db.dialect === 'postgres' ? `CAST(${q(column.renamedFrom)} AS INT)` : q(column.renamedFrom));
    }
  }
  await db.run(`INSERT INTO ${q(table)} (${into.join(', ')}) SELECT ${from.join(', ')} FROM ${q(aside)}`);
  if (hasId) await restoreIdCounter(db, table, counter);
  await db.run(`DROP TABLE ${q(aside)}`);
}

async function renameTable(db: SqlConnection, from: string, to: string): Promise<void> {
  const q = (name: string) => quoteIdentifier(db.dialect, name);
  await db.run(
    db.dialect === 'mysql' ? `RENAME TABLE ${q(from)} TO ${q(to)}` : `ALTER TABLE ${q(from)} RENAME TO ${q(to)}`,
  );
}

/**
 * PostgreSQL index, constraint and sequence names are unique per schema, and the renamed
 * table keeps them: rename them aside so the new table gets MLMD's usual names.
 */
async function moveAsidePostgresNames(db: SqlConnection, table: string, aside: string, hasId: boolean) {
  const rows = await db.all(
    'SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ?',
    [aside.toLowerCase()],
  );
  for (const row of rows) {
    const name = String(row.name);
    await db.run(`ALTER INDEX "${name}" RENAME TO "${name}__old"`);
  }
  if (hasId) {
    const seq = (await db.all("SELECT pg_get_serial_sequence(?, 'id') AS seq", [aside.toLowerCase()]))[0]?.seq;
    if (seq) await db.run(`ALTER SEQUENCE ${String(seq)} RENAME TO ${table.toLowerCase()}__old_id_seq`);
  }
}

/** The highest id the table has handed out (deleted rows included where the dialect tracks it). */
async function readIdCounter(db: SqlConnection, table: string): Promise<number> {
  const q = (name: string) => quoteIdentifier(db.dialect, name);
  const max = Number((await db.all(`SELECT MAX(${q('id')}) AS n FROM ${q(table)}`))[0]?.n ?? 0);
  let used = 0;
  if (db.dialect === 'sqlite') {
    used = Number((await db.all('SELECT seq FROM sqlite_sequence WHERE name = ?', [table]))[0]?.seq ?? 0);
  } else if (db.dialect === 'postgres') {
    const seq = (await db.all("SELECT pg_get_serial_sequence(?, 'id') AS seq", [table.toLowerCase()]))[0]?.seq;
    if (seq) {
      const row = (await db.all(`SELECT last_value, is_called FROM ${String(seq)}`))[0];
      if (row?.is_called) used = Number(row.last_value);
    }
  } else {
    const next = (
      await db.all(
        'SELECT AUTO_INCREMENT AS n FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?',
        [table],
      )
    )[0]?.n;
    if (next !== null && next !== undefined) used = Number(next) - 1;
  }
  return Math.max(max, used);
}

/** Makes the new table continue after `counter`, so ids are never reused (as AUTOINCREMENT promises). */
async function restoreIdCounter(db: SqlConnection, table: string, counter: number): Promise<void> {
  if (counter <= 0) return;
  const q = (name: string) => quoteIdentifier(db.dialect, name);
  if (db.dialect === 'sqlite') {
    const changed = await db.run('UPDATE sqlite_sequence SET seq = MAX(seq, ?) WHERE name = ?', [counter, table]);
    if (changed === 0) await db.run('INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)', [table, counter]);
  } else if (db.dialect === 'postgres') {
    await db.all(`SELECT setval(pg_get_serial_sequence(?, 'id'), ?)`, [table.toLowerCase(), counter]);
  } else {
    await db.run(`ALTER TABLE ${q(table)} AUTO_INCREMENT = ${counter + 1}`);
  }
}

/** Creates the secondary indexes `version` has and drops those it no longer has. */
async function alignIndexes(db: SqlConnection, version: number): Promise<void> {
  const q = (name: string) => quoteIdentifier(db.dialect, name);
  const present = await listIndexes(db);
  const wanted = indexesAt(db.dialect, version);
  const names = new Set(wanted.map((i) => i.name));
  for (const index of indexSpecs(db.dialect)) {
    if (names.has(index.name) || !present.has(index.name)) continue;
    await db.run(
      db.dialect === 'mysql' ? `DROP INDEX ${index.name} ON ${q(index.table)}` : `DROP INDEX IF EXISTS ${index.name}`,
    );
  }
  for (const index of wanted) {
    if (!present.has(index.name)) await db.run(index.sql);
  }
}

/**
 * v8 adds UNIQUE(artifact_id, execution_id, type) to Event. Older stores could record the same
 * event twice; the earliest (lowest id) is kept, the later copies and their paths are removed.
 */
async function removeDuplicateEvents(db: SqlConnection): Promise<number> {
  const q = (name: string) => quoteIdentifier(db.dialect, name);
  const rows = await db.all(
    `SELECT DISTINCT e.${q('id')} AS id FROM ${q('Event')} e JOIN ${q('Event')} f ON f.${q('artifact_id')} = e.${q('artifact_id')} AND f.${q('execution_id')} = e.${q('execution_id')} AND f.${q('type')} = e.${q('type')} AND f.${q('id')} < e.${q('id')}`,
  );
  const ids = rows.map((r) => Number(r.id));
  for (let start = 0; start < ids.length; start += 500) {
    const chunk = ids.slice(start, start + 500);
    const marks = chunk.map(() => '?').join(', ');
    await db.run(`DELETE FROM ${q('EventPath')} WHERE ${q('event_id')} IN (${marks})`, chunk);
    await db.run(`DELETE FROM ${q('Event')} WHERE ${q('id')} IN (${marks})`, chunk);
  }
  return ids.length;
}
