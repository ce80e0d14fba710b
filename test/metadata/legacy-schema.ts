import { MLMD_TABLES } from '../../src/metadata/sql-schema.js';
import type { StoreHandle } from './backends.js';

type Dialect = 'sqlite' | 'postgres' | 'mysql';

/**
 * The MLMD schema v0 (ml-metadata 0.13.2, before MLMDEnv existed), written out by hand from
 * MLMD schema v10 (docs/metadata.md) minus every table and column added after v0: 8 tables, no Context, no
 * timestamps, no node names or states, `Type.is_artifact_type` instead of `type_kind`, no
 * unique key on Event and no secondary indexes. Kept independent of src/metadata/sql-schema.ts
 * so it checks the upgrade rather than restating it.
 */
export function v0Statements(dialect: Dialect): string[] {
  const q = (name: string) => (dialect === 'postgres' ? name : `\`${name}\``);
  const id =
    dialect === 'sqlite'
      ? 'INTEGER PRIMARY KEY AUTOINCREMENT'
      : dialect === 'mysql'
        ? 'INTEGER PRIMARY KEY AUTO_INCREMENT'
        : 'SERIAL PRIMARY KEY';
  const flag = dialect === 'postgres' ? 'BOOLEAN' : 'TINYINT(1)';
  const time = dialect === 'sqlite' ? 'INT' : 'BIGINT';
  const double = dialect === 'postgres' ? 'DOUBLE PRECISION' : 'DOUBLE';
  const text = dialect === 'mysql' ? 'MEDIUMTEXT' : 'TEXT';
  const property = (table: string, owner: string) =>
    `CREATE TABLE ${q(table)} ( ${q(owner)} INT NOT NULL, ${q('name')} VARCHAR(255) NOT NULL, ${q('is_custom_property')} ${flag} NOT NULL, ${q('int_value')} INT, ${q('double_value')} ${double}, ${q('string_value')} ${text}, PRIMARY KEY (${q(owner)}, ${q('name')}, ${q('is_custom_property')}) )`;
  return [
    `CREATE TABLE ${q('Type')} ( ${q('id')} ${id}, ${q('name')} VARCHAR(255) NOT NULL, ${q('is_artifact_type')} ${flag} NOT NULL, ${q('input_type')} TEXT, ${q('output_type')} TEXT )`,
    `CREATE TABLE ${q('TypeProperty')} ( ${q('type_id')} INT NOT NULL, ${q('name')} VARCHAR(255) NOT NULL, ${q('data_type')} INT NULL, PRIMARY KEY (${q('type_id')}, ${q('name')}) )`,
    `CREATE TABLE ${q('Artifact')} ( ${q('id')} ${id}, ${q('type_id')} INT NOT NULL, ${q('uri')} TEXT )`,
    property('ArtifactProperty', 'artifact_id'),
    `CREATE TABLE ${q('Execution')} ( ${q('id')} ${id}, ${q('type_id')} INT NOT NULL )`,
    property('ExecutionProperty', 'execution_id'),
    `CREATE TABLE ${q('Event')} ( ${q('id')} ${id}, ${q('artifact_id')} INT NOT NULL, ${q('execution_id')} INT NOT NULL, ${q('type')} INT NOT NULL, ${q('milliseconds_since_epoch')} ${time} )`,
    `CREATE TABLE ${q('EventPath')} ( ${q('event_id')} INT NOT NULL, ${q('is_index_step')} ${flag} NOT NULL, ${q('step_index')} INT, ${q('step_key')} TEXT )`,
  ];
}

/**
 * A small v0 store: artifact types Examples (split: STRING) and Model, execution type Trainer
 * (steps: INT), artifacts 1 (data/train.csv) and 2 (models/1), execution 1 reading 1 and
 * writing 2, with one index path step and one key path step.
 */
export function v0Rows(dialect: Dialect): string[] {
  const q = (name: string) => (dialect === 'postgres' ? name : `\`${name}\``);
  return [
    `INSERT INTO ${q('Type')} (id, name, is_artifact_type) VALUES (1, 'Examples', TRUE), (2, 'Trainer', FALSE), (3, 'Model', TRUE)`,
    // PropertyType numbers: INT = 1, DOUBLE = 2, STRING = 3.
    `INSERT INTO ${q('TypeProperty')} (type_id, name, data_type) VALUES (1, 'split', 3), (2, 'steps', 1)`,
    `INSERT INTO ${q('Artifact')} (id, type_id, uri) VALUES (1, 1, 'data/train.csv'), (2, 3, 'models/1')`,
    `INSERT INTO ${q('ArtifactProperty')} (artifact_id, name, is_custom_property, int_value, double_value, string_value) VALUES (1, 'split', FALSE, NULL, NULL, 'train'), (1, 'rows', TRUE, 1000, NULL, NULL), (2, 'score', TRUE, NULL, 0.5, NULL)`,
    `INSERT INTO ${q('Execution')} (id, type_id) VALUES (1, 2)`,
    `INSERT INTO ${q('ExecutionProperty')} (execution_id, name, is_custom_property, int_value) VALUES (1, 'steps', FALSE, 100)`,
    // Event types: INPUT = 3, OUTPUT = 4.
    `INSERT INTO ${q('Event')} (id, artifact_id, execution_id, ${q('type')}, milliseconds_since_epoch) VALUES (1, 1, 1, 3, 1500000000000), (2, 2, 1, 4, 1500000001000)`,
    `INSERT INTO ${q('EventPath')} (event_id, is_index_step, step_index, step_key) VALUES (1, TRUE, 0, NULL), (2, FALSE, NULL, 'model')`,
  ];
}

/** Replaces the handle's (closed) store by the v0 store of {@link v0Rows}. */
export async function downgradeToV0(handle: StoreHandle, dialect: Dialect): Promise<void> {
  const exec = handle.exec;
  if (!exec) throw new Error('this backend has no persisted schema');
  const q = (name: string) => (dialect === 'postgres' ? name : `\`${name}\``);
  for (const table of MLMD_TABLES) await exec(`DROP TABLE IF EXISTS ${q(table)}`);
  for (const statement of [...v0Statements(dialect), ...v0Rows(dialect)]) await exec(statement);
}
