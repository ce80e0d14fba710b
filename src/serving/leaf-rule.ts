import { compareBytes } from '../_util/compare-bytes.js';
import { boolDomainStrings, boolIntegerFinding, describeBoolStrings } from '../anomalies/checks/bool-domain.js';
import { aboveFloatMax, belowFloatMin } from '../anomalies/checks/float-domain.js';
import { aboveIntMax, belowIntMin } from '../anomalies/checks/int-domain.js';
import { tooManyOffDomain } from '../anomalies/checks/string-domain.js';
import type { Finding } from '../anomalies/finding.js';
import { messages } from '../anomalies/messages.js';
import type { BoolDomain, FeatureType, FloatDomain, IntDomain, StringDomain } from '../tfmd/types.js';
import { INT64_END_DOUBLE, INT64_MIN_DOUBLE, isInt64 } from '../tfmd/vocabulary.js';
import { excerpt, type RequestAnomaly, type RequestAnomalyType, type ValueKind, valueKind } from './request-anomaly.js';

/**
 * Adds one finding for the feature being checked (path and severity are bound by the caller).
 * Findings come from the anomalies layer's message table, the same builders and predicates the
 * statistics checks use, so a request and its one-row statistics read alike.
 */
export type Emit = (finding: Finding<RequestAnomalyType>) => void;

/**
 * The type and domain rule for the leaf values of one feature: `ok` is the allocation-free
 * fast check of one value, `explain` reports every anomaly over all leaves of one request in
 * TFDV's check order (type, then domain).
 */
export interface LeafRule {
  readonly ok: (value: unknown) => boolean;
  /** `out` receives anomalies of nested features (STRUCT children), which carry their own paths. */
  readonly explain: (leaves: readonly unknown[], emit: Emit, out: RequestAnomaly[]) => void;
}

/** The domain a feature carries once its schema is resolved (schema-level `domain` looked up). */
export type ResolvedDomain =
  | { readonly kind: 'none' }
  | { readonly kind: 'int'; readonly domain: IntDomain }
  | { readonly kind: 'float'; readonly domain: FloatDomain }
  | {
      readonly kind: 'string';
      readonly domain: StringDomain;
      /** Share of values allowed off the domain (1 − min_domain_mass), or undefined without distribution constraints. */
      readonly maxOffDomain: number | undefined;
    }
  | { readonly kind: 'bool'; readonly domain: BoolDomain };

/** Numbers TFDV would store as int64 (JSON integers within range, in-range bigints). */
function asInt64(v: unknown): number | undefined {
  if (typeof v === 'number' || typeof v === 'bigint') return isInt64(v) ? Number(v) : undefined;
  return undefined;
}

// absl::SimpleAtoi / SimpleAtof accept surrounding whitespace and a sign.
const INT_TEXT = /^\s*[+-]?\d+\s*$/;
const FLOAT_SPECIAL = /^\s*([+-]?)(nan|inf|infinity)\s*$/i;

/** Parses a string as TFDV parses int labels; undefined when it is not an int64. */
export function parseIntText(text: string): number | undefined {
  if (!INT_TEXT.test(text)) return undefined;
  const big = BigInt(text.trim());
  return isInt64(big) ? Number(big) : undefined;
}

/** Parses a string as TFDV parses float labels (`nan`, `inf` allowed); undefined when it is not one. */
export function parseFloatText(text: string): number | undefined {
  const special = FLOAT_SPECIAL.exec(text);
  if (special) {
    if (special[2]?.toLowerCase() === 'nan') return Number.NaN;
    return special[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isNaN(value) ? undefined : value;
}

/** Human type names in UNEXPECTED_DATA_TYPE, as TFDV prints schema and statistics types. */
function expectedName(type: FeatureType): string {
  return type;
}

/** What a STRUCT feature's rule needs from the compiled plan of its child features. */
export interface StructChild {
  readonly isValid: (value: Record<string, unknown>) => boolean;
  readonly validateInto: (value: Record<string, unknown>, out: RequestAnomaly[]) => void;
}

/** A plain data object: not null, not an array, with Object.prototype or no prototype. */
export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function structRule(child: StructChild): LeafRule {
  return {
    ok: (v) => isPlainRecord(v) && child.isValid(v),
    explain(leaves, emit, out) {
      const { good, wrong, kinds } = partition(leaves, (v) => (isPlainRecord(v) ? v : undefined));
      if (wrong.length) typeMismatch(emit, 'STRUCT', wrong, kinds);
      // Each child problem is reported once per path and code, however many objects repeat it.
      const nested: RequestAnomaly[] = [];
      for (const record of good) child.validateInto(record, nested);
      const seen = new Set<string>();
      for (const anomaly of nested) {
        const key = `${anomaly.type}\u0000${anomaly.feature}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(anomaly);
      }
    },
  };
}

/**
 * Builds the leaf rule for a feature of `type` with `domain`. The caller has already checked
 * that the domain is allowed for the type (docs/serving.md) and passes `none` otherwise.
 */
export function compileLeafRule(type: FeatureType | undefined, domain: ResolvedDomain, child?: StructChild): LeafRule {
  switch (type) {
    case 'INT':
      return intRule(domain);
    case 'FLOAT':
      return floatRule(domain);
    case 'BYTES':
      return bytesRule(domain);
    case 'STRUCT':
      if (!child) throw new Error('a STRUCT rule needs the plan of its children');
      return structRule(child);
    default:
      // TYPE_UNKNOWN or unset: TFDV reports FEATURE_MISSING_TYPE on the schema; values are not typed.
      return { ok: () => true, explain: () => {} };
  }
}

function typeMismatch(emit: Emit, expected: FeatureType, wrong: unknown[], kinds: Map<ValueKind, number>): void {
  const [firstKind = 'OTHER'] = kinds.keys();
  const example = wrong[0];
  const numeric = typeof example === 'string' && (expected === 'INT' || expected === 'FLOAT');
  emit(
    messages.unexpectedDataType(expectedName(expected), firstKind, {
      count: wrong.length,
      example: excerpt(example),
      ...(numeric ? { numericString: parseFloatText(example) !== undefined } : {}),
    }),
  );
}

/** Splits leaves into the ones of the right kind and the rest (counted by kind). */
function partition<T>(
  leaves: readonly unknown[],
  accept: (v: unknown) => T | undefined,
): { good: T[]; wrong: unknown[]; kinds: Map<ValueKind, number> } {
  const good: T[] = [];
  const wrong: unknown[] = [];
  const kinds = new Map<ValueKind, number>();
  for (const leaf of leaves) {
    const value = accept(leaf);
    if (value === undefined) {
      wrong.push(leaf);
      const kind = valueKind(leaf);
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    } else good.push(value);
  }
  return { good, wrong, kinds };
}

function minMax(values: readonly number[]): { min: number; max: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

/** Integers as TFDV prints int64 values: in full, never in exponent form. */
function int64Text(x: number): string {
  return Number.isInteger(x) ? BigInt(x).toString() : String(x);
}

function explainIntRange(values: readonly number[], domain: IntDomain, emit: Emit): void {
  if (values.length === 0) return;
  const { min, max } = minMax(values);
  if (belowIntMin(min, domain)) emit(messages.smallInt(int64Text(min)));
  if (aboveIntMax(max, domain)) emit(messages.bigInt(int64Text(max)));
}

function explainFloatRange(values: readonly number[], domain: FloatDomain, emit: Emit): void {
  if (values.length === 0) return;
  if (domain.disallowNan && values.some(Number.isNaN)) emit(messages.floatHasNan());
  // TFDV compares float32 statistics with float32 bounds.
  const { min, max } = minMax(values.filter((v) => !Number.isNaN(v)).map(Math.fround));
  if (min > max) return;
  if (belowFloatMin(min, domain)) emit(messages.smallFloat(min, Math.fround(domain.min as number)));
  if (aboveFloatMax(max, domain)) emit(messages.bigFloat(max, Math.fround(domain.max as number)));
  if (domain.disallowInf && (!Number.isFinite(min) || !Number.isFinite(max))) emit(messages.floatHasInf());
}

function intBounds(domain: IntDomain | undefined): { lo: number; hi: number } {
  return {
    // Request values are doubles: the bounds are compared as doubles too (int64 -> double, as TFDV).
    lo: Math.max(Number(domain?.min ?? INT64_MIN_DOUBLE), INT64_MIN_DOUBLE),
    hi: Math.min(Number(domain?.max ?? Number.MAX_VALUE), Number.MAX_VALUE),
  };
}

function intRule(domain: ResolvedDomain): LeafRule {
  const intDomain = domain.kind === 'int' ? domain.domain : undefined;
  const isBool = domain.kind === 'bool';
  const { lo, hi } = isBool ? { lo: 0, hi: 1 } : intBounds(intDomain);
  // JSON booleans stand for 0/1 only where the schema says the feature is boolean.
  const accept = (v: unknown): number | undefined => (isBool && typeof v === 'boolean' ? (v ? 1 : 0) : asInt64(v));
  return {
    ok: (v) =>
      typeof v === 'number'
        ? v >= lo && v <= hi && Number.isInteger(v) && v < INT64_END_DOUBLE
        : (() => {
            const n = accept(v);
            return n !== undefined && n >= lo && n <= hi;
          })(),
    explain(leaves, emit) {
      const { good, wrong, kinds } = partition(leaves, accept);
      if (wrong.length) typeMismatch(emit, 'INT', wrong, kinds);
      if (intDomain) explainIntRange(good, intDomain, emit);
      if (isBool && good.length) {
        const { min, max } = minMax(good);
        const found = boolIntegerFinding(min, max);
        if (found) emit(found);
      }
    },
  };
}

function floatRule(domain: ResolvedDomain): LeafRule {
  const floatDomain = domain.kind === 'float' ? domain.domain : undefined;
  const isBool = domain.kind === 'bool';
  const accept = (v: unknown): number | undefined => {
    if (typeof v === 'number') return v;
    if (typeof v === 'bigint') return asInt64(v);
    return isBool && typeof v === 'boolean' ? (v ? 1 : 0) : undefined;
  };
  let ok: (v: unknown) => boolean;
  if (isBool) {
    ok = (v) => v === 0 || v === 1 || typeof v === 'boolean';
  } else if (floatDomain) {
    const lo = floatDomain.min === undefined ? Number.NEGATIVE_INFINITY : Math.fround(floatDomain.min);
    const hi = floatDomain.max === undefined ? Number.POSITIVE_INFINITY : Math.fround(floatDomain.max);
    const nanOk = !floatDomain.disallowNan;
    const infOk = !floatDomain.disallowInf;
    const check = (n: number): boolean => {
      const f = Math.fround(n);
      // biome-ignore lint/suspicious/noSelfCompare: the fastest NaN test in the hot path
      if (f !== f) return nanOk;
      return f >= lo && f <= hi && (infOk || f - f === 0);
    };
    ok = (v) => {
      if (typeof v === 'number') return check(v);
      const n = accept(v);
      return n !== undefined && check(n);
    };
  } else {
    ok = (v) => typeof v === 'number' || asInt64(v) !== undefined;
  }
  return {
    ok,
    explain(leaves, emit) {
      const { good, wrong, kinds } = partition(leaves, accept);
      if (wrong.length) typeMismatch(emit, 'FLOAT', wrong, kinds);
      if (floatDomain) explainFloatRange(good, floatDomain, emit);
      if (isBool) {
        const bad = good.find((v) => v !== 0 && v !== 1);
        if (bad !== undefined) emit(Number.isNaN(bad) ? messages.boolNanValue() : messages.boolFloatValue(bad));
      }
    },
  };
}

/**
 * The smallest matching value in byte order: the statistics checks read the distinct values of a
 * feature in that order, so the value a message names is the same for a request and its statistics.
 */
function firstInByteOrder(values: readonly string[], matches: (v: string) => boolean): string | undefined {
  let first: string | undefined;
  for (const v of values) if (matches(v) && (first === undefined || compareBytes(v, first) < 0)) first = v;
  return first;
}

/** Distinct values of `values` not accepted, in first-seen order, with their counts. */
function countMissing(values: readonly string[], accept: (v: string) => boolean): Map<string, number> {
  const missing = new Map<string, number>();
  for (const v of values) if (!accept(v)) missing.set(v, (missing.get(v) ?? 0) + 1);
  return missing;
}

/** How a BYTES feature with an int or float domain reads its strings as numbers. */
interface NumericStrings {
  readonly parse: (text: string) => number | undefined;
  readonly inDomain: (value: number) => boolean;
  /** The finding when a string is not a number. */
  readonly notParsed: (example: string) => Finding<RequestAnomalyType>;
  readonly explainRange: (values: readonly number[], emit: Emit) => void;
}

/**
 * The rule of a BYTES feature with an int or float domain: every string must parse as a number
 * in the domain. The first unparsable string is reported and the range is then not checked.
 */
function numericStringRule(
  base: (leaves: readonly unknown[], emit: Emit) => string[],
  numeric: NumericStrings,
): LeafRule {
  const { parse, inDomain, notParsed, explainRange } = numeric;
  return {
    ok: (v) => {
      if (typeof v !== 'string') return false;
      const n = parse(v);
      return n !== undefined && inDomain(n);
    },
    explain(leaves, emit) {
      const good = base(leaves, emit);
      const bad = firstInByteOrder(good, (v) => parse(v) === undefined);
      if (bad !== undefined) {
        emit(notParsed(excerpt(bad)));
        return;
      }
      explainRange(
        good.map((v) => parse(v) as number),
        emit,
      );
    },
  };
}

// Messages list at most this many distinct offending values, so a huge request cannot make a huge anomaly.
const MAX_LISTED_VALUES = 20;

function bytesRule(domain: ResolvedDomain): LeafRule {
  const accept = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const base = (leaves: readonly unknown[], emit: Emit): string[] => {
    const { good, wrong, kinds } = partition(leaves, accept);
    if (wrong.length) typeMismatch(emit, 'BYTES', wrong, kinds);
    return good;
  };
  switch (domain.kind) {
    case 'string': {
      const values = new Set(domain.domain.value ?? []);
      const maxOff = domain.maxOffDomain ?? 0;
      return {
        ok: (v) => typeof v === 'string' && values.has(v),
        explain(leaves, emit) {
          const good = base(leaves, emit);
          const missing = countMissing(good, (v) => values.has(v));
          if (missing.size === 0) return;
          let offDomain = 0;
          for (const n of missing.values()) offDomain += n;
          if (!tooManyOffDomain(offDomain, missing.size, good.length, maxOff)) return;
          // Bounded: a huge request cannot make a huge anomaly (cut values, at most MAX_LISTED_VALUES).
          const listed = [...missing]
            .sort((a, b) => compareBytes(a[0], b[0]))
            .slice(0, MAX_LISTED_VALUES)
            .map(([v, n]): [string, number] => [excerpt(v), n]);
          emit(messages.unexpectedStringValues(listed, good.length));
        },
      };
    }
    case 'int': {
      const { lo, hi } = intBounds(domain.domain);
      return numericStringRule(base, {
        parse: parseIntText,
        inDomain: (n) => n >= lo && n <= hi,
        notParsed: messages.intNotIntString,
        explainRange: (values, emit) => explainIntRange(values, domain.domain, emit),
      });
    }
    case 'float': {
      const rule = floatRule(domain);
      return numericStringRule(base, {
        parse: parseFloatText,
        inDomain: rule.ok,
        notParsed: messages.floatNotFloatString,
        explainRange: (values, emit) => explainFloatRange(values, domain.domain, emit),
      });
    }
    case 'bool': {
      const sorted = boolDomainStrings(domain.domain);
      const valid = new Set(sorted);
      const described = describeBoolStrings(sorted);
      return {
        ok: (v) => typeof v === 'string' && valid.has(v),
        explain(leaves, emit) {
          const good = base(leaves, emit);
          const bad = firstInByteOrder(good, (v) => !valid.has(v));
          if (bad !== undefined) emit(messages.boolUnexpectedString(excerpt(bad), described));
        },
      };
    }
    default:
      return { ok: (v) => typeof v === 'string', explain: (leaves, emit) => void base(leaves, emit) };
  }
}
