/**
 * Where a problem was found. Every field is optional because different inputs have
 * different coordinates: a CSV has lines and columns, a TFRecord has byte offsets,
 * a statistics file has features.
 */
export interface SourceLocation {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly row?: number;
  readonly byteOffset?: number;
  readonly feature?: string;
}

/** Options shared by every datavet error. */
export interface DatavetErrorOptions {
  /** What the user can do about it, one sentence. */
  readonly hint?: string;
  readonly location?: SourceLocation;
  readonly cause?: unknown;
}

/**
 * Base class of the errors datavet throws for misuse or bad input (never for anomalies in
 * data, which are returned as values). `code` is stable and machine-readable.
 */
export class DatavetError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly location: SourceLocation | undefined;

  constructor(code: string, message: string, options: DatavetErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
    this.location = options.location;
  }

  /** `file:line:col: message` followed by the hint, the form editors and CI logs understand. */
  describe(): string {
    const where = formatLocation(this.location);
    const head = where ? `${where}: ${this.message}` : this.message;
    return this.hint ? `${head}\n  hint: ${this.hint}` : head;
  }
}

/** Wrong options, arguments or configuration: the CLI exits 2. */
export class UsageError extends DatavetError {
  constructor(message: string, options: DatavetErrorOptions = {}) {
    super('USAGE', message, options);
  }
}

/** A file or message that cannot be read as what it claims to be: the CLI exits 2. */
export class InputError extends DatavetError {}

/**
 * An output that cannot be written (no space, read-only file system, no permission, a parent
 * that is a file, or an output that is one of the inputs): the CLI exits 2.
 */
export class OutputError extends DatavetError {
  constructor(message: string, options: DatavetErrorOptions = {}) {
    super('OUTPUT', message, options);
  }
}

/** Renders a location as `file:line:col` (or `file@byte N`, `feature F`), empty when unknown. */
export function formatLocation(location: SourceLocation | undefined): string {
  if (!location) return '';
  const parts: string[] = [];
  if (location.file !== undefined) {
    let head = location.file;
    if (location.line !== undefined) {
      head += `:${location.line}`;
      if (location.column !== undefined) head += `:${location.column}`;
    }
    parts.push(head);
  } else if (location.line !== undefined) {
    parts.push(location.column !== undefined ? `${location.line}:${location.column}` : `line ${location.line}`);
  }
  if (location.row !== undefined) parts.push(`row ${location.row}`);
  if (location.byteOffset !== undefined) parts.push(`byte ${location.byteOffset}`);
  if (location.feature !== undefined) parts.push(`feature '${location.feature}'`);
  return parts.join(', ');
}

/** True for any datavet error, also across two copies of the library (no instanceof). */
export function isDatavetError(value: unknown): value is DatavetError {
  return value instanceof Error && typeof (value as { code?: unknown }).code === 'string' && 'describe' in value;
}
