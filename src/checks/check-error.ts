import { InputError, type SourceLocation } from '../_util/errors.js';

/** Where a check's text starts in its file, and how an offset into that text maps to line:column. */
export interface CheckSource {
  /** The file the check comes from (config or checks file), for messages. */
  readonly file?: string;
  /** The check's name and field (e.g. `fare_non_negative.row`), for messages. */
  readonly where?: string;
  /** The 1-based line and column of an offset into the expression text. */
  readonly locate?: (offset: number) => { line: number; column: number };
}

/**
 * A malformed check: a syntax error, an unknown column or function, a type mismatch, a bad
 * definition. Always thrown before any data is read; the CLI exits 2 and prints `file:line:col`.
 */
export class CheckError extends InputError {}

/** A CheckError at `offset` of the expression text of `source`. */
export function checkError(
  code: 'CHECK_SYNTAX' | 'CHECK_TYPE' | 'CHECK_DEFINITION',
  source: CheckSource,
  offset: number | undefined,
  message: string,
  hint?: string,
): CheckError {
  const pos = offset !== undefined ? source.locate?.(offset) : undefined;
  const location: SourceLocation = {
    ...(source.file !== undefined ? { file: source.file } : {}),
    ...(pos ? { line: pos.line, column: pos.column } : {}),
  };
  const prefix = source.where ? `check ${source.where}: ` : '';
  // Without a map to the file, say where in the expression text.
  const within = offset !== undefined && !pos ? ` (at character ${offset + 1} of the expression)` : '';
  return new CheckError(code, `${prefix}${message}${within}`, {
    ...(Object.keys(location).length > 0 ? { location } : {}),
    ...(hint !== undefined ? { hint } : {}),
  });
}
