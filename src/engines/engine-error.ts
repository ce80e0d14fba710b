import { InputError } from '../_util/errors.js';

/**
 * A failure talking to a SQL engine (unreachable, refused credentials, missing table, a query the
 * engine rejects, a column type datavet cannot compute statistics of): bad input, so the CLI exits 2.
 * The message always names the engine, and the table or column when known; passwords never appear.
 */
export class EngineError extends InputError {}
