import { hasRequiredPresence, isFeatureDeprecated, isFeatureInEnvironment } from '../environments/index.js';
import { int64JsonReplacer, int64Product, maxInt64, minInt64 } from '../tfmd/int64.js';
import type { DatasetConstraints, Feature, FeatureComparator, Int64, Schema, StringDomain } from '../tfmd/types.js';
import { type DomainKey, domainKind as domainKeyOf } from '../tfmd/vocabulary.js';
import { serializePath } from './feature-path.js';
import { getStringDomain } from './get-feature.js';

/** What kind of change one entry of a schema diff is. Stable codes: add new ones, never rename. */
export type SchemaChangeKind =
  | 'FEATURE_ADDED'
  | 'FEATURE_REMOVED'
  | 'FEATURE_DEPRECATED'
  | 'FEATURE_UNDEPRECATED'
  | 'TYPE_CHANGED'
  | 'PRESENCE_TIGHTENED'
  | 'PRESENCE_RELAXED'
  | 'PRESENCE_CHANGED'
  | 'DOMAIN_VALUES_ADDED'
  | 'DOMAIN_VALUES_REMOVED'
  | 'DOMAIN_ADDED'
  | 'DOMAIN_REMOVED'
  | 'DOMAIN_KIND_CHANGED'
  | 'DOMAIN_CHANGED'
  | 'DISTRIBUTION_CONSTRAINT_TIGHTENED'
  | 'DISTRIBUTION_CONSTRAINT_RELAXED'
  | 'RANGE_WIDENED'
  | 'RANGE_NARROWED'
  | 'RANGE_SHIFTED'
  | 'VALENCY_WIDENED'
  | 'VALENCY_NARROWED'
  | 'VALENCY_SHIFTED'
  | 'ENVIRONMENT_ADDED'
  | 'ENVIRONMENT_REMOVED'
  | 'COMPARATOR_ADDED'
  | 'COMPARATOR_REMOVED'
  | 'COMPARATOR_TIGHTENED'
  | 'COMPARATOR_RELAXED'
  | 'DATASET_CONSTRAINT_TIGHTENED'
  | 'DATASET_CONSTRAINT_RELAXED'
  | 'DEFAULT_ENVIRONMENTS_CHANGED'
  | 'CONSTRAINT_CHANGED'
  | 'UNENFORCED_CONSTRAINT_CHANGED';

/**
 * One change between two schemas. `backward` says whether data valid under the old schema
 * stays valid under the new one after this change; `forward` the reverse (docs/schema-evolution.md).
 */
export interface SchemaChange {
  readonly kind: SchemaChangeKind;
  /** Serialized feature path (`parent.child`), or '' for schema-level changes. */
  readonly path: string;
  readonly description: string;
  readonly before?: unknown;
  readonly after?: unknown;
  readonly backward: boolean;
  readonly forward: boolean;
}

/** Both schemas' environments matter for membership; compare over their union. */
function environmentsOf(oldSchema: Schema, newSchema: Schema): string[] {
  return [...new Set([...(oldSchema.defaultEnvironment ?? []), ...(newSchema.defaultEnvironment ?? [])])];
}

// Keys are TFDV's serialized paths (as in Anomalies): a top-level feature named `a.b` is `'a.b'` and
// never collides with struct `a`'s child `b`.
function flatten(features: readonly Feature[] | undefined, prefix: readonly string[], out: Map<string, Feature>): void {
  for (const feature of features ?? []) {
    const steps = [...prefix, feature.name ?? ''];
    out.set(serializePath(steps), feature);
    if (feature.structDomain?.feature) flatten(feature.structDomain.feature, steps, out);
  }
}

/** Features of a schema by serialized path, struct children included. */
export function featuresByPath(schema: Schema): Map<string, Feature> {
  const out = new Map<string, Feature>();
  flatten(schema.feature, [], out);
  return out;
}

/** The string values a feature's domain allows, resolving schema-level `domain` references as validation does. */
function stringDomainOf(feature: Feature, schema: Schema): StringDomain | undefined {
  if (feature.stringDomain) return feature.stringDomain;
  if (feature.domain !== undefined) return getStringDomain(schema, feature.domain);
  return undefined;
}

/**
 * The domain a feature sets, by `domain_info` member, in the words of the change descriptions
 * (`int domain changed`). A schema-level `domain` reference counts as a string domain when it
 * resolves (an unresolved one is a schema error either way).
 */
const diffKinds = {
  domain: 'string',
  intDomain: 'int',
  floatDomain: 'float',
  stringDomain: 'string',
  boolDomain: 'bool',
  naturalLanguageDomain: 'natural_language',
  imageDomain: 'image',
  midDomain: 'mid',
  urlDomain: 'url',
  timeDomain: 'time',
  structDomain: 'struct',
  timeOfDayDomain: 'time_of_day',
  audioDomain: 'other',
  videoDomain: 'other',
  contentChunkDomain: 'other',
} as const satisfies Record<DomainKey, string>;

type DomainKind = (typeof diffKinds)[DomainKey] | 'other' | 'none';

function domainKind(feature: Feature, schema: Schema): DomainKind {
  const key = domainKeyOf(feature);
  if (key === undefined) return 'none';
  if (key === 'domain' && !stringDomainOf(feature, schema)) return 'other';
  return diffKinds[key];
}

/** Domains validation never looks at (TFDV has no check for them): changing them is inert. */
const uncheckedDomains: ReadonlySet<DomainKind> = new Set(['mid', 'url', 'time', 'time_of_day', 'struct']);

/** Whether a feature, if present in data, is checked at all (deprecated features are not). */
function isChecked(feature: Feature): boolean {
  return !isFeatureDeprecated(feature);
}

function required(feature: Feature): boolean {
  return isChecked(feature) && hasRequiredPresence(feature.presence);
}

type Relation = 'same' | 'widened' | 'narrowed' | 'shifted';

/**
 * Compares an interval [lo, hi] (undefined = unbounded): 'same', 'widened' (new contains old),
 * 'narrowed' (old contains new) or 'shifted' (neither).
 */
/** A bound of a range: a float, an exact 64-bit integer, or unset (unbounded). */
type Bound = number | bigint | undefined;

function compareRange(oldLo: Bound, oldHi: Bound, newLo: Bound, newHi: Bound): Relation {
  // Number/bigint comparisons are exact in JS, so int64 bounds beyond 2^53 compare correctly.
  const lo = (a: Bound) => a ?? Number.NEGATIVE_INFINITY;
  const hi = (a: Bound) => a ?? Number.POSITIVE_INFINITY;
  return relate(lo(newLo) <= lo(oldLo) && hi(newHi) >= hi(oldHi), lo(oldLo) <= lo(newLo) && hi(oldHi) >= hi(newHi));
}

/** 'same' when each side contains the other, else which one contains which. */
function relate(newContainsOld: boolean, oldContainsNew: boolean): Relation {
  if (newContainsOld && oldContainsNew) return 'same';
  if (newContainsOld) return 'widened';
  if (oldContainsNew) return 'narrowed';
  return 'shifted';
}

const showRange = (a: Bound, b: Bound) => `[${a ?? '-inf'}, ${b ?? '+inf'}]`;

function rangeChange(
  path: string,
  what: string,
  family: 'RANGE' | 'VALENCY',
  oldLo: Bound,
  oldHi: Bound,
  newLo: Bound,
  newHi: Bound,
): SchemaChange | undefined {
  const relation = compareRange(oldLo, oldHi, newLo, newHi);
  if (relation === 'same') return undefined;
  const kind = `${family}_${relation.toUpperCase()}` as SchemaChangeKind;
  return {
    kind,
    path,
    description: `${what} ${relation} from ${showRange(oldLo, oldHi)} to ${showRange(newLo, newHi)}`,
    before: { min: oldLo, max: oldHi },
    after: { min: newLo, max: newHi },
    backward: relation === 'widened',
    forward: relation === 'narrowed',
  };
}

/** A presence bound of 0 demands nothing: the same as unset. */
function presenceStrictness(feature: Feature): { minFraction: number; minCount: Int64 } {
  return {
    minFraction: Math.max(0, feature.presence?.minFraction ?? 0),
    minCount: maxInt64(0, feature.presence?.minCount ?? 0),
  };
}

function comparatorThresholds(comparator: FeatureComparator | undefined): Map<string, number> {
  const out = new Map<string, number>();
  if (!comparator) return out;
  // A comparator message without a threshold measures nothing (validation skips it).
  const add = (name: string, threshold: number | undefined) => {
    if (threshold !== undefined) out.set(name, threshold);
  };
  add('infinity_norm', comparator.infinityNorm?.threshold);
  add('jensen_shannon_divergence', comparator.jensenShannonDivergence?.threshold);
  add('normalized_abs_difference', comparator.normalizedAbsDifference?.threshold);
  return out;
}

function diffComparators(path: string, which: 'skew' | 'drift', before: Feature, after: Feature): SchemaChange[] {
  const changes: SchemaChange[] = [];
  const key = which === 'skew' ? 'skewComparator' : 'driftComparator';
  const a = comparatorThresholds(before[key]);
  const b = comparatorThresholds(after[key]);
  for (const [name, threshold] of b) {
    const old = a.get(name);
    if (old === undefined) {
      changes.push({
        kind: 'COMPARATOR_ADDED',
        path,
        description: `${which} comparator ${name} added with threshold ${threshold}`,
        after: threshold,
        backward: false,
        forward: true,
      });
    } else if (old !== threshold) {
      const tighter = threshold < old;
      changes.push({
        kind: tighter ? 'COMPARATOR_TIGHTENED' : 'COMPARATOR_RELAXED',
        path,
        description: `${which} comparator ${name} threshold ${old} -> ${threshold}`,
        before: old,
        after: threshold,
        backward: !tighter,
        forward: tighter,
      });
    }
  }
  for (const [name, threshold] of a) {
    if (!b.has(name)) {
      changes.push({
        kind: 'COMPARATOR_REMOVED',
        path,
        description: `${which} comparator ${name} (threshold ${threshold}) removed`,
        before: threshold,
        backward: true,
        forward: false,
      });
    }
  }
  const source = (f: Feature) => f[key]?.jensenShannonDivergence?.source?.type;
  if (a.has('jensen_shannon_divergence') && b.has('jensen_shannon_divergence') && source(before) !== source(after)) {
    changes.push({
      kind: 'COMPARATOR_TIGHTENED',
      path,
      description: `${which} comparator jensen_shannon_divergence source ${source(before) ?? 'default'} -> ${source(after) ?? 'default'}`,
      before: source(before),
      after: source(after),
      backward: false,
      forward: false,
    });
  }
  return changes;
}

/** The strings a BYTES feature may hold: a string domain's values or a bool domain's two words. */
function allowedStrings(feature: Feature, schema: Schema): Set<string> | undefined {
  const strings = stringDomainOf(feature, schema);
  if (strings) return new Set(strings.value ?? []);
  if (feature.boolDomain && feature.type === 'BYTES') {
    const values = new Set<string>();
    if (feature.boolDomain.trueValue !== undefined) values.add(feature.boolDomain.trueValue);
    if (feature.boolDomain.falseValue !== undefined) values.add(feature.boolDomain.falseValue);
    return values;
  }
  return undefined;
}

/** Share of values allowed outside a string domain: 1 - min_domain_mass (0 when unset). */
function maxOffDomain(feature: Feature): number {
  const mass = feature.distributionConstraints?.minDomainMass;
  return mass === undefined ? 0 : 1 - mass;
}

/**
 * What an int or float domain demands of numbers, when the domain fits the feature's type (an
 * int domain on INT data, a float domain on FLOAT data). No domain demands nothing.
 */
interface NumericConstraint {
  readonly min: Bound;
  readonly max: Bound;
  readonly noNan: boolean;
  readonly noInf: boolean;
}

function numericConstraint(feature: Feature, kind: DomainKind): NumericConstraint | undefined {
  const type = feature.type;
  if (kind === 'none' && (type === 'INT' || type === 'FLOAT')) {
    return { min: undefined, max: undefined, noNan: false, noInf: false };
  }
  if (kind === 'int' && (type === 'INT' || type === 'BYTES')) {
    return { min: feature.intDomain?.min, max: feature.intDomain?.max, noNan: false, noInf: false };
  }
  if (kind === 'float' && (type === 'FLOAT' || type === 'BYTES')) {
    const d = feature.floatDomain ?? {};
    // Bounds are compared in single precision, as validation does.
    const f32 = (x: number | undefined) => (x === undefined ? undefined : Math.fround(x));
    return { min: f32(d.min), max: f32(d.max), noNan: d.disallowNan === true, noInf: d.disallowInf === true };
  }
  return undefined;
}

function diffNumeric(
  path: string,
  before: Feature,
  after: Feature,
  oldKind: DomainKind,
  newKind: DomainKind,
): SchemaChange[] | undefined {
  // On BYTES data an int/float domain also demands that strings parse: only comparable within one kind.
  if (oldKind !== newKind && (before.type === 'BYTES' || after.type === 'BYTES')) return undefined;
  const a = numericConstraint(before, oldKind);
  const b = numericConstraint(after, newKind);
  if (!a || !b) return undefined;
  const changes: SchemaChange[] = [];
  const what = newKind === 'none' ? `${oldKind} range` : `${newKind} range`;
  const range = rangeChange(path, what, 'RANGE', a.min, a.max, b.min, b.max);
  if (range) changes.push(range);
  for (const flag of ['noNan', 'noInf'] as const) {
    if (a[flag] === b[flag]) continue;
    const now = b[flag];
    changes.push({
      kind: now ? 'RANGE_NARROWED' : 'RANGE_WIDENED',
      path,
      description: `${flag === 'noNan' ? 'NaN' : 'infinity'} ${now ? 'no longer allowed' : 'now allowed'}`,
      before: a[flag],
      after: now,
      backward: !now,
      forward: now,
    });
  }
  if (oldKind === newKind) return changes;
  // A domain appears or goes: one entry that carries the combined effect of its bounds.
  const backward = changes.every((c) => c.backward);
  const forward = changes.every((c) => c.forward);
  const detail = changes.map((c) => c.description).join('; ');
  return [
    oldKind === 'none'
      ? {
          kind: 'DOMAIN_ADDED',
          path,
          description: `${newKind} domain added${detail ? ` (${detail})` : ' (no bounds: constrains nothing)'}`,
          after: newKind,
          backward,
          forward,
        }
      : {
          kind: 'DOMAIN_REMOVED',
          path,
          description: `${oldKind} domain removed${detail ? ` (${detail})` : ''}`,
          before: oldKind,
          backward,
          forward,
        },
  ];
}

function diffDomains(
  path: string,
  before: Feature,
  after: Feature,
  oldSchema: Schema,
  newSchema: Schema,
): SchemaChange[] {
  const oldKind = domainKind(before, oldSchema);
  const newKind = domainKind(after, newSchema);
  const numeric = diffNumeric(path, before, after, oldKind, newKind);
  if (numeric) return numeric;
  const oldStrings = allowedStrings(before, oldSchema);
  const newStrings = allowedStrings(after, newSchema);
  const sameFamily = oldKind === newKind || (oldStrings !== undefined && newStrings !== undefined);
  if (!sameFamily) {
    const inert = (k: DomainKind) => k === 'none' || uncheckedDomains.has(k);
    if (inert(oldKind) && inert(newKind)) return [];
    if (inert(oldKind)) {
      return [
        {
          kind: 'DOMAIN_ADDED',
          path,
          description: `${newKind} domain added`,
          after: newKind,
          backward: false,
          forward: true,
        },
      ];
    }
    if (inert(newKind)) {
      return [
        {
          kind: 'DOMAIN_REMOVED',
          path,
          description: `${oldKind} domain removed`,
          before: oldKind,
          backward: true,
          forward: false,
        },
      ];
    }
    return [
      {
        kind: 'DOMAIN_KIND_CHANGED',
        path,
        description: `domain changed from ${oldKind} to ${newKind}`,
        before: oldKind,
        after: newKind,
        backward: false,
        forward: false,
      },
    ];
  }
  const changes: SchemaChange[] = [];
  if (oldStrings && newStrings) {
    if (oldKind !== newKind) {
      changes.push({
        kind: 'DOMAIN_KIND_CHANGED',
        path,
        description: `domain changed from ${oldKind} to ${newKind}`,
        before: oldKind,
        after: newKind,
        // A bool domain tolerates no value outside it; a string domain may (min_domain_mass).
        backward: false,
        forward: false,
      });
      return changes;
    }
    const added = [...newStrings].filter((v) => !oldStrings.has(v));
    const removed = [...oldStrings].filter((v) => !newStrings.has(v));
    if (added.length) {
      changes.push({
        kind: 'DOMAIN_VALUES_ADDED',
        path,
        description: `domain values added: ${added.join(', ')}`,
        after: added,
        backward: true,
        forward: false,
      });
    }
    if (removed.length) {
      changes.push({
        kind: 'DOMAIN_VALUES_REMOVED',
        path,
        description: `domain values removed: ${removed.join(', ')}`,
        before: removed,
        backward: false,
        forward: true,
      });
    }
    if (oldKind === 'string') {
      const a = maxOffDomain(before);
      const b = maxOffDomain(after);
      if (a !== b) {
        const tighter = b < a;
        changes.push({
          kind: tighter ? 'DISTRIBUTION_CONSTRAINT_TIGHTENED' : 'DISTRIBUTION_CONSTRAINT_RELAXED',
          path,
          description: `min_domain_mass ${1 - a} -> ${1 - b}`,
          before: 1 - a,
          after: 1 - b,
          backward: !tighter,
          forward: tighter,
        });
      }
    }
    return changes;
  }
  if (uncheckedDomains.has(oldKind) || oldKind === 'none') return changes;
  // Domains compared by value; the others (semantic ones) are classified conservatively below.
  const byValue = ['natural_language', 'image', 'bool', 'int', 'float'].includes(oldKind);
  const key = byValue ? domainKeyOf(before) : undefined;
  const a = key ? before[key] : undefined;
  const b = key ? after[key] : undefined;
  if (JSON.stringify(a, int64JsonReplacer) !== JSON.stringify(b, int64JsonReplacer) || key === undefined) {
    // Semantic domains (natural language, image, ...) have data-dependent checks: any change is
    // classified conservatively.
    changes.push({
      kind: 'DOMAIN_CHANGED',
      path,
      description: `${oldKind} domain changed`,
      before: a,
      after: b,
      backward: false,
      forward: false,
    });
  }
  return changes;
}

/**
 * What a feature demands of the number of values per example: a range (value_count, min 0 =
 * unbounded) and, with a fixed `shape`, an exact count in every example (no missing values).
 */
interface Valency {
  readonly min: Bound;
  readonly max: Bound;
  readonly everywhere: boolean;
}

function valencyOf(feature: Feature): Valency {
  let min: Bound =
    feature.valueCount?.min !== undefined && feature.valueCount.min > 0 ? feature.valueCount.min : undefined;
  let max: Bound = feature.valueCount?.max;
  if (feature.shape) {
    const size = int64Product((feature.shape.dim ?? []).map((dim) => dim.size ?? 1));
    min = maxInt64(min ?? 0, size);
    max = max === undefined ? size : minInt64(max, size);
  }
  return { min, max, everywhere: feature.shape !== undefined };
}

function diffValency(path: string, before: Feature, after: Feature): SchemaChange[] {
  const changes: SchemaChange[] = [];
  const a = valencyOf(before);
  const b = valencyOf(after);
  const range = compareRange(a.min, a.max, b.min, b.max);
  const relation = relate(
    (range === 'same' || range === 'widened') && (!b.everywhere || a.everywhere),
    (range === 'same' || range === 'narrowed') && (!a.everywhere || b.everywhere),
  );
  if (relation !== 'same') {
    const show = (v: Valency) => `${showRange(v.min, v.max)}${v.everywhere ? ' in every example (shape)' : ''}`;
    changes.push({
      kind: `VALENCY_${relation.toUpperCase()}` as SchemaChangeKind,
      path,
      description: `values per example ${relation} from ${show(a)} to ${show(b)}`,
      before: a,
      after: b,
      backward: relation === 'widened',
      forward: relation === 'narrowed',
    });
  }
  const levels = (f: Feature) => JSON.stringify(f.valueCounts ?? null, int64JsonReplacer);
  if (levels(before) !== levels(after)) {
    changes.push({
      kind: 'VALENCY_SHIFTED',
      path,
      description: 'nested value_counts changed',
      before: before.valueCounts,
      after: after.valueCounts,
      backward: false,
      forward: false,
    });
  }
  return changes;
}

function diffPresence(path: string, before: Feature, after: Feature): SchemaChange[] {
  const p0 = presenceStrictness(before);
  const p1 = presenceStrictness(after);
  if (p0.minFraction === p1.minFraction && p0.minCount === p1.minCount) return [];
  const tighter = p1.minFraction >= p0.minFraction && p1.minCount >= p0.minCount;
  const looser = p1.minFraction <= p0.minFraction && p1.minCount <= p0.minCount;
  return [
    {
      kind: tighter ? 'PRESENCE_TIGHTENED' : looser ? 'PRESENCE_RELAXED' : 'PRESENCE_CHANGED',
      path,
      description: `presence min_fraction ${p0.minFraction} -> ${p1.minFraction}, min_count ${p0.minCount} -> ${p1.minCount}`,
      before: p0,
      after: p1,
      backward: looser,
      forward: tighter,
    },
  ];
}

/** Feature fields with checks this diff does not model: any change is classified conservatively. */
function diffOtherConstraints(path: string, before: Feature, after: Feature): SchemaChange[] {
  const changes: SchemaChange[] = [];
  for (const key of ['uniqueConstraints', 'validationDerivedSource'] as const) {
    if (
      JSON.stringify(before[key] ?? null, int64JsonReplacer) === JSON.stringify(after[key] ?? null, int64JsonReplacer)
    )
      continue;
    changes.push({
      kind: 'CONSTRAINT_CHANGED',
      path,
      description: `${key === 'uniqueConstraints' ? 'unique_constraints' : 'validation_derived_source'} changed`,
      before: before[key],
      after: after[key],
      backward: false,
      forward: false,
    });
  }
  return changes;
}

function diffFeature(
  path: string,
  before: Feature,
  after: Feature,
  oldSchema: Schema,
  newSchema: Schema,
  environments: readonly string[],
): SchemaChange[] {
  const changes: SchemaChange[] = [];
  const wasChecked = isChecked(before);
  const isNowChecked = isChecked(after);
  if (wasChecked && !isNowChecked) {
    // Deprecated features are not validated: anything old data had still passes; new data may
    // now hold values (or omit values) the old schema would reject.
    return [{ kind: 'FEATURE_DEPRECATED', path, description: 'feature deprecated', backward: true, forward: false }];
  }
  if (!wasChecked && isNowChecked) {
    return [
      {
        kind: 'FEATURE_UNDEPRECATED',
        path,
        description: 'feature no longer deprecated',
        backward: false,
        forward: true,
      },
    ];
  }
  if (!wasChecked && !isNowChecked) return changes;

  if ((before.type ?? 'TYPE_UNKNOWN') !== (after.type ?? 'TYPE_UNKNOWN')) {
    changes.push({
      kind: 'TYPE_CHANGED',
      path,
      description: `type changed from ${before.type ?? 'TYPE_UNKNOWN'} to ${after.type ?? 'TYPE_UNKNOWN'}`,
      before: before.type,
      after: after.type,
      backward: false,
      forward: false,
    });
  }
  changes.push(...diffPresence(path, before, after));
  changes.push(...diffDomains(path, before, after, oldSchema, newSchema));
  changes.push(...diffValency(path, before, after));

  for (const environment of environments) {
    const was = isFeatureInEnvironment(before, oldSchema, environment);
    const now = isFeatureInEnvironment(after, newSchema, environment);
    if (was === now) continue;
    // Leaving an environment makes its presence there an anomaly (SCHEMA_NEW_COLUMN); joining one
    // makes its absence an anomaly when the feature is required.
    changes.push(
      now
        ? {
            kind: 'ENVIRONMENT_ADDED',
            path,
            description: `feature now expected in environment ${environment}`,
            after: environment,
            backward: !required(after),
            forward: false,
          }
        : {
            kind: 'ENVIRONMENT_REMOVED',
            path,
            description: `feature no longer expected in environment ${environment}`,
            before: environment,
            backward: false,
            forward: !required(before),
          },
    );
  }

  changes.push(...diffComparators(path, 'skew', before, after));
  changes.push(...diffComparators(path, 'drift', before, after));
  changes.push(...diffOtherConstraints(path, before, after));
  return changes;
}

/** Validation checks max_examples_count only together with min_examples_count (as TFDV). */
function exampleCountBounds(c: DatasetConstraints | undefined): { min?: Int64; max?: Int64 } {
  if (c?.minExamplesCount === undefined) return {};
  return {
    ...(c.minExamplesCount > 0 ? { min: c.minExamplesCount } : {}),
    ...(c.maxExamplesCount !== undefined ? { max: c.maxExamplesCount } : {}),
  };
}

function relaxedOrTightened(change: SchemaChange, description: string): SchemaChange {
  return {
    ...change,
    kind: change.backward ? 'DATASET_CONSTRAINT_RELAXED' : 'DATASET_CONSTRAINT_TIGHTENED',
    description,
  };
}

function diffDatasetConstraints(oldSchema: Schema, newSchema: Schema): SchemaChange[] {
  const a = oldSchema.datasetConstraints;
  const b = newSchema.datasetConstraints;
  const changes: SchemaChange[] = [];
  const ea = exampleCountBounds(a);
  const eb = exampleCountBounds(b);
  const count = rangeChange('', 'example count', 'RANGE', ea.min, ea.max, eb.min, eb.max);
  if (count) changes.push(relaxedOrTightened(count, `dataset ${count.description}`));
  else if (a?.minExamplesCount !== b?.minExamplesCount || a?.maxExamplesCount !== b?.maxExamplesCount) {
    changes.push({
      kind: 'UNENFORCED_CONSTRAINT_CHANGED',
      path: '',
      description: `dataset example count bounds ${showRange(a?.minExamplesCount, a?.maxExamplesCount)} -> ${showRange(b?.minExamplesCount, b?.maxExamplesCount)} (not enforced: max_examples_count is only checked with min_examples_count)`,
      before: { min: a?.minExamplesCount, max: a?.maxExamplesCount },
      after: { min: b?.minExamplesCount, max: b?.maxExamplesCount },
      backward: true,
      forward: true,
    });
  }
  // num_examples ratios against the previous span / version: [min, max] fraction thresholds.
  for (const key of ['numExamplesDriftComparator', 'numExamplesVersionComparator'] as const) {
    const ca = a?.[key];
    const cb = b?.[key];
    const ratio = rangeChange(
      '',
      `${key === 'numExamplesDriftComparator' ? 'num_examples drift' : 'num_examples version'} ratio`,
      'RANGE',
      ca?.minFractionThreshold,
      ca?.maxFractionThreshold,
      cb?.minFractionThreshold,
      cb?.maxFractionThreshold,
    );
    if (ratio) changes.push(relaxedOrTightened(ratio, `dataset ${ratio.description}`));
  }
  return changes;
}

/** Sparse and weighted features: validated as units; a change is classified conservatively. */
function diffCompositeFeatures(oldSchema: Schema, newSchema: Schema): SchemaChange[] {
  const changes: SchemaChange[] = [];
  for (const key of ['sparseFeature', 'weightedFeature'] as const) {
    const label = key === 'sparseFeature' ? 'sparse feature' : 'weighted feature';
    const a = new Map((oldSchema[key] ?? []).map((f) => [f.name ?? '', JSON.stringify(f, int64JsonReplacer)]));
    const b = new Map((newSchema[key] ?? []).map((f) => [f.name ?? '', JSON.stringify(f, int64JsonReplacer)]));
    for (const name of new Set([...a.keys(), ...b.keys()])) {
      if (a.get(name) === b.get(name)) continue;
      const what = !a.has(name) ? 'added' : !b.has(name) ? 'removed' : 'changed';
      changes.push({
        kind: 'CONSTRAINT_CHANGED',
        path: name,
        description: `${label} ${what}`,
        backward: false,
        forward: false,
      });
    }
  }
  return changes;
}

/**
 * Lists the changes from `oldSchema` to `newSchema`, feature by feature (struct children by
 * their serialized path, as Anomalies keys them), each classified as backward and/or forward compatible.
 */
export function diffSchemas(oldSchema: Schema, newSchema: Schema): SchemaChange[] {
  const before = featuresByPath(oldSchema);
  const after = featuresByPath(newSchema);
  const environments = environmentsOf(oldSchema, newSchema);
  const changes: SchemaChange[] = [];
  const oldEnvs = oldSchema.defaultEnvironment ?? [];
  const newEnvs = newSchema.defaultEnvironment ?? [];
  if (oldEnvs.join('\u0000') !== newEnvs.join('\u0000')) {
    changes.push({
      kind: 'DEFAULT_ENVIRONMENTS_CHANGED',
      path: '',
      description: `default environments [${oldEnvs.join(', ')}] -> [${newEnvs.join(', ')}]`,
      before: oldEnvs,
      after: newEnvs,
      // Renaming or dropping an environment breaks callers that validate in it.
      backward: oldEnvs.every((env) => newEnvs.includes(env)),
      forward: newEnvs.every((env) => oldEnvs.includes(env)),
    });
  }
  for (const [path, feature] of before) {
    const next = after.get(path);
    if (!next) {
      changes.push({
        kind: 'FEATURE_REMOVED',
        path,
        description: 'feature removed from the schema',
        before: feature.type,
        // Old data may carry the feature, which the new schema reports as a new column.
        backward: false,
        // New data lacks it, which the old schema accepts unless it was required.
        forward: !required(feature),
      });
      continue;
    }
    changes.push(...diffFeature(path, feature, next, oldSchema, newSchema, environments));
  }
  for (const [path, feature] of after) {
    if (before.has(path)) continue;
    changes.push({
      kind: 'FEATURE_ADDED',
      path,
      description: `feature added${required(feature) ? ' (required)' : ''}`,
      after: feature.type,
      backward: !required(feature),
      // New data may carry the feature, which the old schema reports as a new column.
      forward: false,
    });
  }
  changes.push(...diffDatasetConstraints(oldSchema, newSchema));
  changes.push(...diffCompositeFeatures(oldSchema, newSchema));
  return changes;
}
