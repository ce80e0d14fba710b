import { UsageError } from '../_util/errors.js';
import type { Schema } from '../tfmd/types.js';
import type { RequestAnomaly } from './request-anomaly.js';
import { createRequestValidator, type RequestValidator, type RequestValidatorOptions } from './request-validator.js';

/** Options of {@link createMultiVersionValidator}: one validator option set for every version. */
export type MultiVersionValidatorOptions = RequestValidatorOptions;

/** Which versions accept one request. */
export interface MultiVersionVerdict {
  /** Labels of the versions with no anomaly for the request, in the order given. */
  readonly accepting: readonly string[];
  /** Anomalies per version label (an empty array for accepting versions). */
  readonly anomalies: Readonly<Record<string, readonly RequestAnomaly[]>>;
}

/** Request validators for several schema versions at once. */
export interface MultiVersionValidator {
  readonly labels: readonly string[];
  readonly validators: ReadonlyMap<string, RequestValidator>;
  /** Runs every version's validator on the request. Never throws. */
  readonly validate: (request: unknown) => MultiVersionVerdict;
  /** Labels of the versions that accept the request; allocates little (the validators' `isValid`). */
  readonly accepting: (request: unknown) => string[];
  /** True when every version accepts the request. */
  readonly acceptedByAll: (request: unknown) => boolean;
}

/**
 * Compiles one request validator per schema version (createRequestValidator), so a service can
 * check that it keeps accepting requests from clients built against earlier schemas while it
 * moves to a new one. Labels must be unique (e.g. `v2`, `v3`).
 */
export function createMultiVersionValidator(
  versions: readonly { readonly label: string; readonly schema: Schema }[],
  options: MultiVersionValidatorOptions = {},
): MultiVersionValidator {
  const validators = new Map<string, RequestValidator>();
  for (const { label, schema } of versions) {
    if (validators.has(label)) throw new UsageError(`duplicate schema version label '${label}'`);
    validators.set(label, createRequestValidator(schema, options));
  }
  const entries = [...validators];
  return {
    labels: entries.map(([label]) => label),
    validators,
    validate(request) {
      const anomalies: Record<string, readonly RequestAnomaly[]> = {};
      const accepting: string[] = [];
      for (const [label, validator] of entries) {
        const found = validator.validate(request);
        anomalies[label] = found;
        if (found.length === 0) accepting.push(label);
      }
      return { accepting, anomalies };
    },
    accepting(request) {
      const out: string[] = [];
      for (const [label, validator] of entries) if (validator.isValid(request)) out.push(label);
      return out;
    },
    acceptedByAll(request) {
      for (const [, validator] of entries) if (!validator.isValid(request)) return false;
      return true;
    },
  };
}
