import { UsageError } from '../_util/errors.js';
import { gradeOf, severityPolicy } from '../anomalies/severity.js';
import { assertKnownEnvironment } from '../environments/index.js';
import type { AnomalyType, Schema, Severity, StringDomain } from '../tfmd/types.js';
import { isPlainRecord } from './leaf-rule.js';
import { type CompiledFeature, compileObjectPlan, makeAnomaly, type PresenceRule } from './object-plan.js';
import {
  type RequestAnomaly,
  type RequestAnomalyType,
  type RequestSeverity,
  requestMessages,
} from './request-anomaly.js';

/** Options of {@link createRequestValidator}. */
export interface RequestValidatorOptions {
  /** The schema environment requests come from (e.g. `SERVING`); must be a `default_environment`. */
  readonly environment?: string;
  /**
   * When a missing feature (absent key or `null`) is an anomaly (SCHEMA_MISSING_COLUMN):
   * - `every-example` (default): the feature is required in the environment (TFDV's existence
   *   rule) and declared present in every example (`presence.min_fraction: 1`). TFDV drops the
   *   dataset-level presence reasons when it validates single examples, so a `min_count` alone
   *   says nothing about one request.
   * - `existence`: TFDV's existence rule alone (`min_count > 0` or `min_fraction > 0`).
   */
  readonly presence?: PresenceRule;
  /** Report SCHEMA_NEW_COLUMN as WARNING (TFDV's `new_features_are_warnings`). */
  readonly newFeaturesAreWarnings?: boolean;
  /** Severity per anomaly type, applied after `newFeaturesAreWarnings` (TFDV's `severity_overrides`). */
  readonly severityOverrides?: Readonly<Partial<Record<RequestAnomalyType, RequestSeverity>>>;
  /** Most values one feature value may hold (list elements at all levels). Default 1,000,000. */
  readonly maxValuesPerFeature?: number;
  /** Most keys one request (or struct value) may have. Default 10,000. */
  readonly maxKeys?: number;
  /**
   * Generate the per-request function with `new Function` (default true, fastest). Set false
   * where code generation is forbidden (a strict CSP); the validator also falls back by itself.
   */
  readonly codegen?: boolean;
}

/** A compiled, reusable request validator. */
export interface RequestValidator {
  /** Every anomaly of one request; an empty (frozen, shared) array when it is valid. Never throws. */
  readonly validate: (request: unknown) => readonly RequestAnomaly[];
  /** True when `validate(request)` would return no anomaly; allocates nothing. */
  readonly isValid: (request: unknown) => boolean;
  readonly environment: string | undefined;
  /** The active features in check order, with whether each must be in every request. */
  readonly features: readonly { readonly name: string; readonly required: boolean }[];
  /** Problems in the schema itself, found while compiling (the affected checks are skipped). */
  readonly schemaIssues: readonly RequestAnomaly[];
  /** Whether the per-request functions are generated code. */
  readonly generated: boolean;
}

const EMPTY: readonly RequestAnomaly[] = Object.freeze([]);

function describeKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return 'non-plain object';
  return typeof value;
}

/**
 * Compiles `schema` (in `environment`) once into a per-request validator. Requests are plain
 * objects mapping feature names to a scalar, an array (nested arrays for `value_counts` and
 * `shape`, objects for STRUCT features) or `null`. `null` and an absent key both mean the
 * feature is missing; `[]` is a present feature with no values (tf.Example's empty list).
 * Anomaly codes are TFDV's AnomalyInfo types; only the checks that apply to a single example
 * run (docs/serving.md). An unknown environment is a UsageError.
 */
export function createRequestValidator(schema: Schema, options: RequestValidatorOptions = {}): RequestValidator {
  const environment = options.environment;
  assertKnownEnvironment(schema, environment);
  const maxValues = options.maxValuesPerFeature ?? 1_000_000;
  const maxKeys = options.maxKeys ?? 10_000;
  if (!(maxValues > 0) || !(maxKeys > 0)) {
    throw new UsageError('maxValuesPerFeature and maxKeys must be positive numbers');
  }
  // The anomalies layer's policy, normalised once; INVALID_REQUEST is graded like any type.
  const policy = severityPolicy({
    newFeaturesAreWarnings: options.newFeaturesAreWarnings,
    severityOverrides: options.severityOverrides as Readonly<Partial<Record<AnomalyType, Severity>>> | undefined,
  });
  // The options admit only ERROR and WARNING, so the grade is never UNKNOWN.
  const severity =
    Object.keys(policy).length === 0
      ? (): RequestSeverity => 'ERROR'
      : (type: RequestAnomalyType): RequestSeverity => gradeOf(type, policy) as RequestSeverity;
  const stringDomains = new Map<string, StringDomain>();
  for (const domain of schema.stringDomain ?? []) {
    if (domain.name !== undefined && !stringDomains.has(domain.name)) stringDomains.set(domain.name, domain);
  }
  const ctx = {
    schema,
    environment,
    presence: options.presence ?? 'every-example',
    severity,
    maxValues,
    maxKeys,
    codegen: options.codegen ?? true,
    stringDomains,
    schemaIssues: [] as RequestAnomaly[],
  };
  const plan = compileObjectPlan(schema.feature ?? [], schema.sparseFeature ?? [], [], ctx);
  const { isValid: planIsValid, validateInto } = plan;

  const notAnObject = (request: unknown): RequestAnomaly[] => [
    makeAnomaly(ctx, requestMessages.notAnObject(describeKind(request)), []),
  ];

  return {
    validate(request) {
      if (!isPlainRecord(request)) return notAnObject(request);
      if (planIsValid(request)) return EMPTY;
      const out: RequestAnomaly[] = [];
      validateInto(request, out);
      return out.length ? out : EMPTY;
    },
    isValid: (request) => isPlainRecord(request) && planIsValid(request),
    environment,
    features: plan.features.map((f: CompiledFeature) => ({ name: f.name, required: f.required })),
    schemaIssues: Object.freeze([...ctx.schemaIssues]),
    generated: plan.generated,
  };
}
