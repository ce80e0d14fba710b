import { DatavetError, type DatavetErrorOptions } from '../_util/errors.js';

/**
 * The status codes ML Metadata reports (absl/gRPC numbering), so a caller can branch on the
 * same condition the Python library raises as `ml_metadata.errors.*Error`.
 */
export const MetadataErrorCode = {
  CANCELLED: 1,
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  DATA_LOSS: 15,
} as const;
export type MetadataErrorCode = keyof typeof MetadataErrorCode;

/**
 * An error reported by the metadata store. `code` is the MLMD status name (`ALREADY_EXISTS`, …)
 * and `status` its gRPC number; the subclasses exist so callers can `instanceof` as in Python.
 */
export class MetadataError extends DatavetError {
  declare readonly code: MetadataErrorCode;
  readonly status: number;

  constructor(code: MetadataErrorCode, message: string, options: DatavetErrorOptions = {}) {
    super(code, message, options);
    this.status = MetadataErrorCode[code];
  }
}

/** A request is malformed (missing name, unknown property, bad filter_query, ...). */
export class InvalidArgumentError extends MetadataError {
  constructor(message: string, options: DatavetErrorOptions = {}) {
    super('INVALID_ARGUMENT', message, options);
  }
}

/** The named type, node or context does not exist. */
export class NotFoundError extends MetadataError {
  constructor(message: string, options: DatavetErrorOptions = {}) {
    super('NOT_FOUND', message, options);
  }
}

/** A uniqueness rule would be broken (same name, external id, event, or incompatible type). */
export class AlreadyExistsError extends MetadataError {
  constructor(message: string, options: DatavetErrorOptions = {}) {
    super('ALREADY_EXISTS', message, options);
  }
}

/** The store is not in the state the request needs (schema version, stale timestamp). */
export class FailedPreconditionError extends MetadataError {
  constructor(message: string, options: DatavetErrorOptions = {}) {
    super('FAILED_PRECONDITION', message, options);
  }
}

/** A concurrent writer won a race (lock timeout, deadlock); retrying the call is safe. */
export class AbortedError extends MetadataError {
  constructor(message: string, options: DatavetErrorOptions = {}) {
    super('ABORTED', message, options);
  }
}

/** An index in a request points outside the request's lists. */
export class OutOfRangeError extends MetadataError {
  constructor(message: string, options: DatavetErrorOptions = {}) {
    super('OUT_OF_RANGE', message, options);
  }
}

/** MLMD does not support this operation either (e.g. changing a type's base_type). */
export class UnimplementedError extends MetadataError {
  constructor(message: string, options: DatavetErrorOptions = {}) {
    super('UNIMPLEMENTED', message, options);
  }
}

/** The database holds something the store cannot read back: a bug or a corrupted store. */
export class InternalError extends MetadataError {
  constructor(message: string, options: DatavetErrorOptions = {}) {
    super('INTERNAL', message, options);
  }
}

/** True for any metadata store error, also across two copies of the library. */
export function isMetadataError(value: unknown): value is MetadataError {
  return value instanceof Error && typeof (value as { status?: unknown }).status === 'number' && 'code' in value;
}
