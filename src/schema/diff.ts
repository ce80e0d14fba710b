import { hasRequiredPresence, isFeatureDeprecated, isFeatureInEnvironment } from '../environments/index.js';
import type { Feature, FeatureComparator, Schema, StringDomain } from '../tfmd/types.js';

/** What kind of change one entry of a schema diff is. Stable codes: add new ones, never rename. */
export type SchemaChangeKind =
  | 'FEATURE_ADDED'
  | 'FEATURE_REMOVED'
  | 'FEATURE_DEPRECATED'
  | 'FEATURE_UNDEPRECATED'
  | 'TYPE_CHANGED'
  | 'PRESENCE_TIGHTENED'
  | 'PRESENCE_RELAXED'
  | 'DOMAIN_VALUES_ADDED'
  | 'DOMAIN_VALUES_REMOVED'
  | 'DOMAIN_ADDED'
  | 'DOMAIN_REMOVED'
  | 'DOMAIN_KIND_CHANGED'
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
  | 'DEFAULT_ENVIRONMENTS_CHANGED';

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

function flatten(features: readonly Feature[] | undefined, prefix: string, out: Map<string, Feature>): void {
  for (const feature of features ?? []) {
    const path = prefix ? `${prefix}.${feature.name ?? ''}` : (feature.name ?? '');
    out.set(path, feature);
    if (feature.structDomain?.feature) flatten(feature.structDomain.feature, path, out);
  }
}

/** Features of a schema by serialized path, struct children included. */
export function featuresByPath(schema: Schema): Map<string, Feature> {
  const out = new Map<string, Feature>();
  flatten(schema.feature, '', out);
  return out;
}

/** The string values a feature's domain allows, resolving schema-level `domain` references. */
function stringDomainOf(feature: Feature, schema: Schema): StringDomain | undefined {
  if (feature.stringDomain) return feature.stringDomain;
  if (feature.domain !== undefined) return schema.stringDomain?.find((d) => d.name === feature.domain);
  return undefined;
}

type DomainKind = 'string' | 'int' | 'float' | 'bool' | 'other' | 'none';

function domainKind(feature: Feature, schema: Schema): DomainKind {
  if (stringDomainOf(feature, schema)) return 'string';
  if (feature.intDomain) return 'int';
  if (feature.floatDomain) return 'float';
  if (feature.boolDomain) return 'bool';
  const other =
    feature.structDomain ??
    feature.naturalLanguageDomain ??
    feature.imageDomain ??
    feature.timeDomain ??
    feature.timeOfDayDomain ??
    feature.midDomain ??
    feature.urlDomain;
  return other ? 'other' : 'none';
}

/** Whether a feature, if present in data, is checked at all (deprecated features are not). */
function isChecked(feature: Feature): boolean {
  return !isFeatureDeprecated(feature);
}

function required(feature: Feature): boolean {
  return isChecked(feature) && hasRequiredPresence(feature.presence);
}

/**
 * Compares an interval [lo, hi] (undefined = unbounded): 'same', 'widened' (new contains old),
 * 'narrowed' (old contains new) or 'shifted' (neither).
 */
function compareRange(
  oldLo: number | undefined,
  oldHi: number | undefined,
  newLo: number | undefined,
  newHi: number | undefined,
): 'same' | 'widened' | 'narrowed' | 'shifted' {
  const lo = (a: number | undefined) => a ?? Number.NEGATIVE_INFINITY;
  const hi = (a: number | undefined) => a ?? Number.POSITIVE_INFINITY;
  if (lo(oldLo) === lo(newLo) && hi(oldHi) === hi(newHi)) return 'same';
  const newContainsOld = lo(newLo) <= lo(oldLo) && hi(newHi) >= hi(oldHi);
  const oldContainsNew = lo(oldLo) <= lo(newLo) && hi(oldHi) >= hi(newHi);
  if (newContainsOld) return 'widened';
  if (oldContainsNew) return 'narrowed';
  return 'shifted';
}

function rangeChange(
  path: string,
  what: string,
  family: 'RANGE' | 'VALENCY',
  oldLo: number | undefined,
  oldHi: number | undefined,
  newLo: number | undefined,
  newHi: number | undefined,
): SchemaChange | undefined {
  const relation = compareRange(oldLo, oldHi, newLo, newHi);
  if (relation === 'same') return undefined;
  const show = (a: number | undefined, b: number | undefined) => `[${a ?? '-inf'}, ${b ?? '+inf'}]`;
  const kind = `${family}_${relation.toUpperCase()}` as SchemaChangeKind;
  return {
    kind,
    path,
    description: `${what} ${relation} from ${show(oldLo, oldHi)} to ${show(newLo, newHi)}`,
    before: { min: oldLo, max: oldHi },
    after: { min: newLo, max: newHi },
    backward: relation === 'widened',
    forward: relation === 'narrowed',
  };
}

function presenceStrictness(feature: Feature): { minFraction: number; minCount: number } {
  return { minFraction: feature.presence?.minFraction ?? 0, minCount: feature.presence?.minCount ?? 0 };
}

function comparatorThresholds(comparator: FeatureComparator | undefined): Map<string, number> {
  const out = new Map<string, number>();
  if (!comparator) return out;
  if (comparator.infinityNorm) out.set('infinity_norm', comparator.infinityNorm.threshold ?? 0);
  if (comparator.jensenShannonDivergence) {
    out.set('jensen_shannon_divergence', comparator.jensenShannonDivergence.threshold ?? 0);
  }
  if (comparator.normalizedAbsDifference) {
    out.set('normalized_abs_difference', comparator.normalizedAbsDifference.threshold ?? 0);
  }
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
  return changes;
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
  if (oldKind !== newKind) {
    if (oldKind === 'none') {
      return [{ kind: 'DOMAIN_ADDED', path, description: `${newKind} domain added`, backward: false, forward: true }];
    }
    if (newKind === 'none') {
      return [
        { kind: 'DOMAIN_REMOVED', path, description: `${oldKind} domain removed`, backward: true, forward: false },
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
  if (oldKind === 'string') {
    const oldValues = new Set(stringDomainOf(before, oldSchema)?.value ?? []);
    const newValues = new Set(stringDomainOf(after, newSchema)?.value ?? []);
    const added = [...newValues].filter((v) => !oldValues.has(v));
    const removed = [...oldValues].filter((v) => !newValues.has(v));
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
  } else if (oldKind === 'int') {
    const change = rangeChange(
      path,
      'int range',
      'RANGE',
      before.intDomain?.min,
      before.intDomain?.max,
      after.intDomain?.min,
      after.intDomain?.max,
    );
    if (change) changes.push(change);
  } else if (oldKind === 'float') {
    const change = rangeChange(
      path,
      'float range',
      'RANGE',
      before.floatDomain?.min,
      before.floatDomain?.max,
      after.floatDomain?.min,
      after.floatDomain?.max,
    );
    if (change) changes.push(change);
    for (const flag of ['disallowNan', 'disallowInf'] as const) {
      const was = before.floatDomain?.[flag] === true;
      const now = after.floatDomain?.[flag] === true;
      if (was !== now) {
        changes.push({
          kind: now ? 'RANGE_NARROWED' : 'RANGE_WIDENED',
          path,
          description: `${flag === 'disallowNan' ? 'NaN' : 'infinity'} ${now ? 'no longer allowed' : 'now allowed'}`,
          before: was,
          after: now,
          backward: !now,
          forward: now,
        });
      }
    }
  }
  return changes;
}

function valencyBounds(feature: Feature): { min: number | undefined; max: number | undefined } {
  if (feature.valueCount) return { min: feature.valueCount.min, max: feature.valueCount.max };
  if (feature.shape) {
    const size = (feature.shape.dim ?? []).reduce((product, dim) => product * (dim.size ?? 1), 1);
    return { min: size, max: size };
  }
  return { min: undefined, max: undefined };
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

  const p0 = presenceStrictness(before);
  const p1 = presenceStrictness(after);
  if (p0.minFraction !== p1.minFraction || p0.minCount !== p1.minCount) {
    const tighter = p1.minFraction >= p0.minFraction && p1.minCount >= p0.minCount;
    const looser = p1.minFraction <= p0.minFraction && p1.minCount <= p0.minCount;
    changes.push({
      kind: tighter ? 'PRESENCE_TIGHTENED' : 'PRESENCE_RELAXED',
      path,
      description: `presence min_fraction ${p0.minFraction} -> ${p1.minFraction}, min_count ${p0.minCount} -> ${p1.minCount}`,
      before: p0,
      after: p1,
      backward: looser,
      forward: tighter,
    });
  }

  changes.push(...diffDomains(path, before, after, oldSchema, newSchema));

  const v0 = valencyBounds(before);
  const v1 = valencyBounds(after);
  const valency = rangeChange(path, 'values per example', 'VALENCY', v0.min, v0.max, v1.min, v1.max);
  if (valency) changes.push(valency);

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
  return changes;
}

function diffDatasetConstraints(oldSchema: Schema, newSchema: Schema): SchemaChange[] {
  const a = oldSchema.datasetConstraints;
  const b = newSchema.datasetConstraints;
  const change = rangeChange(
    '',
    'example count',
    'RANGE',
    a?.minExamplesCount,
    a?.maxExamplesCount,
    b?.minExamplesCount,
    b?.maxExamplesCount,
  );
  if (!change) return [];
  return [
    {
      ...change,
      kind: change.backward ? 'DATASET_CONSTRAINT_RELAXED' : 'DATASET_CONSTRAINT_TIGHTENED',
      description: `dataset ${change.description}`,
    },
  ];
}

/**
 * Lists the changes from `oldSchema` to `newSchema`, feature by feature (struct children by
 * their dotted path), each classified as backward and/or forward compatible.
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
  return changes;
}
