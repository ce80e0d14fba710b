import { maxOffDomain } from '../anomalies/checks/string-domain.js';
import type { Finding } from '../anomalies/finding.js';
import { messages } from '../anomalies/messages.js';
import { isFeatureDeprecated, isFeatureInEnvironment, isPresenceRequired } from '../environments/index.js';
import type { Feature, FeatureType, Schema, SparseFeature, StringDomain } from '../tfmd/types.js';
import { allowedTypesOf, domainKind, featurePathText } from '../tfmd/vocabulary.js';
import { compileFeatureCheck, type FeatureCheck } from './feature-check.js';
import { compileLeafRule, type Emit, type ResolvedDomain } from './leaf-rule.js';
import {
  type RequestAnomaly,
  type RequestAnomalyType,
  type RequestSeverity,
  requestMessages,
} from './request-anomaly.js';

/** How a request's missing feature is judged (see `RequestValidatorOptions.presence`). */
export type PresenceRule = 'every-example' | 'existence';

/** Everything compilation needs besides the features themselves. */
export interface PlanContext {
  readonly schema: Schema;
  readonly environment: string | undefined;
  readonly presence: PresenceRule;
  /** The validator's severity policy, applied to each type (see `RequestValidatorOptions`). */
  readonly severity: (type: RequestAnomalyType) => RequestSeverity;
  readonly maxValues: number;
  readonly maxKeys: number;
  readonly codegen: boolean;
  readonly stringDomains: ReadonlyMap<string, StringDomain>;
  /** Problems of the schema itself found while compiling (TFDV's self-check reasons). */
  readonly schemaIssues: RequestAnomaly[];
}

/** One schema feature as the plan checks it. */
export interface CompiledFeature {
  readonly name: string;
  readonly path: readonly string[];
  /** A missing value (absent or null) is an anomaly. */
  readonly required: boolean;
  readonly check: FeatureCheck;
  /** The anomaly reported when a required feature is missing (shared, immutable). */
  readonly missing: RequestAnomaly;
}

/** The compiled check of one object level (the request, or the value of a STRUCT feature). */
export interface ObjectPlan {
  readonly features: readonly CompiledFeature[];
  readonly isValid: (value: Record<string, unknown>) => boolean;
  readonly validateInto: (value: Record<string, unknown>, out: RequestAnomaly[]) => void;
  /** Whether the fast paths are generated code (true) or closures (false). */
  readonly generated: boolean;
}

// The finding of an unknown key has no parameters: built once, shared by every request.
const NEW_COLUMN = messages.newColumn();
Object.freeze(NEW_COLUMN.params);

/** Roles of keys that are not checked as active features. */
const KeyRole = { Active: 0, Ignored: 1, OutOfEnvironment: 2 } as const;
type KeyRole = (typeof KeyRole)[keyof typeof KeyRole];

/**
 * Places a finding at a path and grades it. The anomaly is frozen; its parameters are the finding's
 * own object, fresh per finding (anomalies shared between requests freeze theirs: {@link shared}).
 * `feature` is the path as text, passed by callers that place many findings at one path.
 */
export function makeAnomaly(
  ctx: Pick<PlanContext, 'severity'>,
  finding: Finding<RequestAnomalyType>,
  path: readonly string[],
  feature: string = featurePathText(path),
): RequestAnomaly {
  return Object.freeze({
    type: finding.type,
    code: finding.type,
    path,
    feature,
    severity: ctx.severity(finding.type),
    params: finding.params,
    shortDescription: finding.shortDescription,
    description: finding.description,
  });
}

/** An anomaly built once and handed to every request that has it: its parameters are frozen too. */
function shared(anomaly: RequestAnomaly): RequestAnomaly {
  Object.freeze(anomaly.params);
  return anomaly;
}

function resolveDomain(
  feature: Feature,
  type: FeatureType | undefined,
  path: string[],
  ctx: PlanContext,
): ResolvedDomain {
  const kind = domainKind(feature);
  if (kind === undefined) return { kind: 'none' };
  // A domain on a type it does not fit is a schema problem (TFDV's allowed types per domain).
  if (type !== undefined && !allowedTypesOf(kind).includes(type)) {
    ctx.schemaIssues.push(
      // The domain is then not checked.
      makeAnomaly(ctx, messages.domainInvalidForType(kind, type), path),
    );
    return { kind: 'none' };
  }
  const maxOff = feature.distributionConstraints ? maxOffDomain(feature.distributionConstraints) : undefined;
  if (feature.domain !== undefined) {
    const domain = ctx.stringDomains.get(feature.domain);
    if (!domain) {
      ctx.schemaIssues.push(
        // The referenced string domain does not exist: the domain is not checked.
        makeAnomaly(ctx, messages.missingStringDomain(feature.domain), path),
      );
      return { kind: 'none' };
    }
    return { kind: 'string', domain, maxOffDomain: maxOff };
  }
  if (feature.stringDomain) return { kind: 'string', domain: feature.stringDomain, maxOffDomain: maxOff };
  if (feature.intDomain) return { kind: 'int', domain: feature.intDomain };
  if (feature.floatDomain) return { kind: 'float', domain: feature.floatDomain };
  if (feature.boolDomain) return { kind: 'bool', domain: feature.boolDomain };
  // Image, natural-language, URL, time and MID domains describe whole datasets: nothing per value.
  return { kind: 'none' };
}

function featureType(feature: Feature, path: string[], ctx: PlanContext): FeatureType | undefined {
  if (feature.type !== undefined && feature.type !== 'TYPE_UNKNOWN') return feature.type;
  // TFDV: a feature with a string domain but no type is BYTES; otherwise its values are untyped.
  const bytes = feature.domain !== undefined || feature.stringDomain !== undefined;
  ctx.schemaIssues.push(makeAnomaly(ctx, bytes ? messages.missingTypeWithDomain() : messages.missingType(), path));
  return bytes ? 'BYTES' : undefined;
}

/** Whether a missing value of `feature` in one request is an anomaly. */
function isRequiredInRequest(feature: Feature, ctx: PlanContext): boolean {
  if (!isPresenceRequired(feature, ctx.schema, ctx.environment)) return false;
  // TFDV drops the dataset-level presence reasons for single examples (docs/serving.md); only a
  // feature declared present in every example (min_fraction 1) must be in every request.
  return ctx.presence === 'existence' || (feature.presence?.minFraction ?? 0) >= 1;
}

function compileFeature(
  feature: Feature,
  name: string,
  parentPath: readonly string[],
  ctx: PlanContext,
): CompiledFeature {
  const path = [...parentPath, name];
  const type = featureType(feature, path, ctx);
  const domain = resolveDomain(feature, type, path, ctx);
  const child =
    type === 'STRUCT'
      ? compileObjectPlan(feature.structDomain?.feature ?? [], feature.structDomain?.sparseFeature ?? [], path, ctx)
      : undefined;
  const leaf = compileLeafRule(type, domain, child);
  const simpleLeaf = type !== undefined && !(domain.kind === 'string' && domain.maxOffDomain !== undefined);
  const featureText = featurePathText(path);
  const makeEmit =
    (out: RequestAnomaly[]): Emit =>
    (finding) =>
      out.push(makeAnomaly(ctx, finding, path, featureText));
  return {
    name,
    path,
    required: isRequiredInRequest(feature, ctx),
    check: compileFeatureCheck(feature, leaf, { maxValues: ctx.maxValues }, makeEmit, { simpleLeaf }),
    missing: shared(makeAnomaly(ctx, messages.missingColumn(), path, featureText)),
  };
}

// Reading these names with `o[name]` would find Object.prototype members; read own properties only.
function needsOwnRead(name: string): boolean {
  return name === '__proto__' || name in Object.prototype;
}

function readOwn(o: Record<string, unknown>, name: string): unknown {
  return Object.hasOwn(o, name) ? o[name] : undefined;
}

/**
 * Compiles the features of one object level into a plan. Request keys are only ever looked up
 * (in a Map) and read; they are never written into objects, so no key can pollute a prototype.
 */
export function compileObjectPlan(
  features: readonly Feature[],
  sparseFeatures: readonly SparseFeature[],
  parentPath: readonly string[],
  ctx: PlanContext,
): ObjectPlan {
  const roles = new Map<string, KeyRole>();
  const compiled: CompiledFeature[] = [];
  for (const sparse of sparseFeatures) {
    if (sparse.name !== undefined) roles.set(sparse.name, KeyRole.Ignored);
    for (const index of sparse.indexFeature ?? []) if (index.name !== undefined) roles.set(index.name, KeyRole.Ignored);
    if (sparse.valueFeature?.name !== undefined) roles.set(sparse.valueFeature.name, KeyRole.Ignored);
  }
  for (const feature of features) {
    const name = feature.name;
    if (name === undefined || name === '') {
      ctx.schemaIssues.push(
        // The feature is ignored.
        makeAnomaly(ctx, messages.missingName(), [...parentPath]),
      );
      continue;
    }
    if (isFeatureDeprecated(feature)) {
      roles.set(name, KeyRole.Ignored);
    } else if (!isFeatureInEnvironment(feature, ctx.schema, ctx.environment)) {
      roles.set(name, KeyRole.OutOfEnvironment);
    } else {
      roles.set(name, KeyRole.Active);
      compiled.push(compileFeature(feature, name, parentPath, ctx));
    }
  }

  /** The slow pass over every own key: unknown and out-of-environment features. */
  const scanKeys = (o: Record<string, unknown>, out: RequestAnomaly[] | undefined): boolean => {
    const keys = Object.keys(o);
    if (keys.length > ctx.maxKeys) {
      out?.push(makeAnomaly(ctx, requestMessages.tooManyKeys(keys.length, ctx.maxKeys), [...parentPath]));
      return false;
    }
    let ok = true;
    for (const key of keys) {
      const role = roles.get(key);
      if (role === KeyRole.Active || role === KeyRole.Ignored) continue;
      const value = o[key];
      // null means "not provided", as for schema features.
      if (value === undefined || value === null) continue;
      if (!out) return false;
      ok = false;
      const path = [...parentPath, key];
      out.push(
        role === KeyRole.OutOfEnvironment
          ? makeAnomaly(ctx, messages.newColumnInEnvironment(featurePathText(path), String(ctx.environment)), path)
          : makeAnomaly(ctx, NEW_COLUMN, path),
      );
    }
    return ok;
  };

  if (ctx.codegen) {
    const generated = generatePlan(compiled, scanKeys);
    if (generated) return { features: compiled, ...generated, generated: true };
  }
  return { features: compiled, ...closurePlan(compiled, scanKeys), generated: false };
}

type ScanKeys = (o: Record<string, unknown>, out: RequestAnomaly[] | undefined) => boolean;

function closurePlan(
  compiled: readonly CompiledFeature[],
  scanKeys: ScanKeys,
): Pick<ObjectPlan, 'isValid' | 'validateInto'> {
  const n = compiled.length;
  const names = compiled.map((c) => c.name);
  const own = compiled.map((c) => needsOwnRead(c.name));
  const oks = compiled.map((c) => c.check.ok);
  const required = compiled.map((c) => c.required);
  return {
    isValid(o) {
      let present = 0;
      for (let i = 0; i < n; i++) {
        const name = names[i] as string;
        const v = own[i] ? readOwn(o, name) : o[name];
        if (v === undefined || v === null) {
          if (v === null) present++;
          if (required[i]) return false;
          continue;
        }
        present++;
        if (!(oks[i] as FeatureCheck['ok'])(v)) return false;
      }
      let keys = 0;
      for (const _ in o) keys++;
      return keys === present || scanKeys(o, undefined);
    },
    validateInto(o, out) {
      let present = 0;
      for (const c of compiled) {
        const v = needsOwnRead(c.name) ? readOwn(o, c.name) : o[c.name];
        if (v === undefined || v === null) {
          if (v === null) present++;
          if (c.required) out.push(c.missing);
          continue;
        }
        present++;
        if (!c.check.ok(v)) c.check.explain(v, out);
      }
      let keys = 0;
      for (const _ in o) keys++;
      if (keys !== present) scanKeys(o, out);
    },
  };
}

/**
 * Generates the two plan functions as straight-line code: one named property read and one
 * direct call per feature, so V8 keeps every access monomorphic. Names enter the source only
 * through JSON.stringify. Returns undefined where code generation is disallowed (CSP).
 */
function generatePlan(
  compiled: readonly CompiledFeature[],
  scanKeys: ScanKeys,
): Pick<ObjectPlan, 'isValid' | 'validateInto'> | undefined {
  const lines: string[] = ['"use strict";'];
  compiled.forEach((_, i) => {
    lines.push(`const ok${i} = C[${i}].check.ok, ex${i} = C[${i}].check.explain, m${i} = C[${i}].missing;`);
  });
  const read = (c: CompiledFeature): string => {
    const key = JSON.stringify(c.name);
    return needsOwnRead(c.name) ? `(hasOwn(o, ${key}) ? o[${key}] : undefined)` : `o[${key}]`;
  };
  const body = (mode: 'valid' | 'explain'): string[] => {
    const out: string[] = ['let p = 0, v;'];
    compiled.forEach((c, i) => {
      out.push(`v = ${read(c)};`);
      const onMissing = c.required ? (mode === 'valid' ? ' return false;' : ` out.push(m${i});`) : '';
      out.push(`if (v === undefined || v === null) { if (v === null) p++;${onMissing} }`);
      out.push(
        mode === 'valid'
          ? `else { p++; if (!ok${i}(v)) return false; }`
          : `else { p++; if (!ok${i}(v)) ex${i}(v, out); }`,
      );
    });
    out.push('let k = 0; for (const _ in o) k++;');
    out.push(mode === 'valid' ? 'return k === p || scan(o, undefined);' : 'if (k !== p) scan(o, out);');
    return out;
  };
  lines.push('function isValid(o) {', ...body('valid'), '}');
  lines.push('function validateInto(o, out) {', ...body('explain'), '}');
  lines.push('return { isValid, validateInto };');
  try {
    const factory = new Function('C', 'scan', 'hasOwn', lines.join('\n')) as (
      c: readonly CompiledFeature[],
      scan: ScanKeys,
      hasOwn: (o: object, key: PropertyKey) => boolean,
    ) => Pick<ObjectPlan, 'isValid' | 'validateInto'>;
    return factory(compiled, scanKeys, Object.hasOwn);
  } catch {
    return undefined;
  }
}
