import type { CustomStatistic, Feature, Schema, StringDomain, ValueCount } from '../tfmd/types.js';
import { isInt64 } from '../tfmd/vocabulary.js';
import { parseDomainInfo } from './_domain-info.js';
import { serializePath } from './feature-path.js';
import { domainKind, getStringDomain } from './get-feature.js';
import type { FeatureStatsView } from './stats-view.js';

/**
 * How new features are created from statistics (TFDV's FeatureStatisticsToProtoConfig, the part
 * that shapes inference).
 */
export interface FeatureCreationConfig {
  /** Largest number of distinct strings that still becomes a string domain (0: never). */
  readonly enumThreshold: number;
  /** Infer `shape` for features always present with a fixed number of values. */
  readonly inferFeatureShape: boolean;
  /** Serialized paths of columns created deprecated. */
  readonly columnsToIgnore?: ReadonlySet<string>;
  /** Serialized path -> name of a shared schema-level string domain. */
  readonly groupedEnums?: ReadonlyMap<string, string>;
}

/** The feature at `path` among `features` (one level), if any. */
function findChild(features: readonly Feature[] | undefined, name: string): Feature | undefined {
  return features?.find((f) => (f.name ?? '') === name);
}

/** Finds a feature by path in a schema (one step per struct level). */
export function findFeature(schema: Schema, path: readonly string[]): Feature | undefined {
  let features = schema.feature;
  let found: Feature | undefined;
  for (const step of path) {
    found = findChild(features, step);
    if (!found) return undefined;
    features = found.structDomain?.feature;
  }
  return found;
}

/** Appends a new feature named after the last step, under its (existing) parent's struct_domain. */
export function addFeature(schema: Schema, path: readonly string[]): Feature {
  const feature: Feature = { name: path[path.length - 1] ?? '' };
  if (path.length > 1) {
    const parent = findFeature(schema, path.slice(0, -1));
    if (!parent) throw new Error(`internal: parent of ${serializePath(path)} missing`);
    parent.structDomain = { ...parent.structDomain, feature: [...(parent.structDomain?.feature ?? []), feature] };
  } else {
    schema.feature = [...(schema.feature ?? []), feature];
  }
  return feature;
}

/** Adds a schema-level string domain named `candidate` (or `candidate2`, `candidate3`, ... if taken). */
export function addStringDomain(schema: Schema, candidate: string): StringDomain {
  const names = new Set((schema.stringDomain ?? []).map((d) => d.name ?? ''));
  let name = candidate;
  for (let i = 2; names.has(name); i++) name = `${candidate}${i}`;
  const domain: StringDomain = { name };
  schema.stringDomain = [...(schema.stringDomain ?? []), domain];
  return domain;
}

/** Appends the values seen in the statistics that the domain lacks, in byte order. */
export function addMissingValues(view: FeatureStatsView, domain: StringDomain): void {
  const known = new Set(domain.value ?? []);
  const added = view.stringValues().filter((value) => !known.has(value));
  if (added.length > 0) domain.value = [...(domain.value ?? []), ...added];
}

function valueCountFor(min: number, max: number): ValueCount {
  if (min <= 0) return {};
  // Equal min and max lets TFT parse required fixed-length features as dense tensors.
  return min === max ? { min, max } : { min: 1 };
}

/** Sets `value_count` (flat) or `value_counts` (one per nest level) from observed valency. */
export function initValueCount(view: FeatureStatsView, feature: Feature): void {
  const levels = view.minMaxNumValues();
  if (view.hasNestedValues()) {
    feature.valueCounts = { valueCount: levels.map(([min, max]) => valueCountFor(min, max)) };
  } else if (levels.length === 1 && (levels[0] as [number, number])[0] > 0) {
    const [min, max] = levels[0] as [number, number];
    feature.valueCount = valueCountFor(min, max);
  }
}

function initFixedShape(view: FeatureStatsView, feature: Feature): void {
  if (view.featureType() === 'STRUCT') return;
  const levels = view.minMaxNumValues();
  const missing = view.numMissingNested();
  const dims: number[] = [];
  for (let i = 0; i < missing.length; i++) {
    const [min, max] = levels[i] ?? [0, 0];
    if (missing[i] !== 0 || min !== max || min <= 0) return;
    dims.push(min);
  }
  feature.shape = { dim: dims.map((size) => ({ size })) };
}

/**
 * Presence (`min_count` 1 when seen at all, `min_fraction` 1 when never missing) and then shape
 * or value counts, TFDV's InitPresenceAndShape.
 */
function initPresenceAndShape(view: FeatureStatsView, inferShape: boolean, feature: Feature): void {
  const present = view.numPresent();
  // Fractional weights below 1 also give min_count 0.
  feature.presence = { minCount: present < 1 ? 0 : 1 };
  if (present <= 0) return;
  if (view.numMissing() === 0) feature.presence = { minFraction: 1, minCount: feature.presence.minCount ?? 0 };
  if (inferShape) initFixedShape(view, feature);
  if (!feature.shape) initValueCount(view, feature);
}

const trueValues = new Set(['TRUE', 'true', 'SET', 'set', '1', '']);
const falseValues = new Set(['FALSE', 'false', 'CLEAR', 'clear', '0']);

/** INT with values in {0, 1} (max exactly 1), or 1-2 strings spelling one true and one false value. */
function isBoolDomainCandidate(view: FeatureStatsView): boolean {
  if (view.type === 'INT') {
    const n = view.data.numStats;
    return (n?.min ?? 0) >= 0 && (n?.max ?? 0) === 1;
  }
  if (view.type !== 'STRING') return false;
  const tokens = view.stringValues();
  if (tokens.length === 0 || tokens.length > 2) return false;
  let trueSeen = false;
  let falseSeen = false;
  for (const token of tokens) {
    if (!trueSeen && trueValues.has(token)) trueSeen = true;
    else if (!falseSeen && falseValues.has(token)) falseSeen = true;
    else return false;
  }
  return true;
}

function boolDomainFromStats(view: FeatureStatsView): NonNullable<Feature['boolDomain']> {
  const domain: NonNullable<Feature['boolDomain']> = {};
  if (view.type !== 'STRING' && view.type !== 'BYTES') return domain;
  const values = view.stringValues();
  const t = values.find((v) => trueValues.has(v));
  const f = values.find((v) => falseValues.has(v));
  if (t !== undefined) domain.trueValue = t;
  if (f !== undefined) domain.falseValue = f;
  return domain;
}

/** True when `text` is what absl::SimpleAtoi accepts as an int64 (decimal, optional sign, spaces). */
export function parseInt64(text: string): bigint | undefined {
  const m = /^[ \t\n\v\f\r]*([-+]?)(\d+)[ \t\n\v\f\r]*$/.exec(text);
  if (!m) return undefined;
  const value = BigInt(`${m[1]}${m[2]}`);
  if (!isInt64(value)) return undefined;
  return value;
}

function isIntDomainCandidate(view: FeatureStatsView): boolean {
  if (view.type !== 'STRING' || view.hasInvalidUtf8Strings()) return false;
  const values = view.stringValues();
  return values.length > 0 && values.every((v) => parseInt64(v) !== undefined);
}

function isStringDomainCandidate(view: FeatureStatsView, enumThreshold: number): boolean {
  if (view.hasInvalidUtf8Strings()) return false;
  const n = view.stringValues().length;
  return n > 0 && n <= enumThreshold;
}

/**
 * Adopts the semantic domain announced by a single `domain_info` custom statistic, unless the
 * feature already has a domain (TFDV's BestEffortUpdateCustomDomain). Returns whether it did.
 */
export function adoptCustomDomain(customStats: readonly CustomStatistic[], feature: Feature): boolean {
  let text = '';
  for (const stat of customStats) {
    if ((stat.name ?? '') !== 'domain_info') continue;
    if (text !== '') return false; // duplicate domain_info: a statistics bug, ignored
    text = stat.str ?? '';
  }
  if (text === '' || domainKind(feature) !== undefined) return false;
  const parsed = parseDomainInfo(text);
  if (!parsed) return false;
  Object.assign(feature, parsed);
  return true;
}

/**
 * Creates the schema feature for statistics that the schema lacks, with TFDV's inference rules:
 * type, presence, shape or value counts, then the first matching domain (semantic domain_info,
 * grouped enum, none for BYTES or invalid UTF-8, bool, int-as-string, string domain).
 * Mutates `schema`; the parent of a nested path must already exist.
 */
export function createFeature(schema: Schema, view: FeatureStatsView, config: FeatureCreationConfig): Feature {
  const key = serializePath(view.path);
  const feature = addFeature(schema, view.path);
  feature.type = view.featureType();
  initPresenceAndShape(view, config.inferFeatureShape, feature);
  if (config.columnsToIgnore?.has(key)) {
    feature.lifecycleStage = 'DEPRECATED';
    return feature;
  }
  const derived = view.data.validationDerivedSource;
  if (derived) {
    feature.lifecycleStage = 'VALIDATION_DERIVED';
    feature.validationDerivedSource = structuredClone(derived);
  }
  const grouped = config.groupedEnums?.get(key);
  if (adoptCustomDomain(view.customStats(), feature)) return feature;
  if (grouped !== undefined) {
    const domain = getStringDomain(schema, grouped) ?? addStringDomain(schema, grouped);
    addMissingValues(view, domain);
  } else if (view.hasInvalidUtf8Strings() || view.type === 'BYTES') {
    // Not interpretable as text: no domain.
  } else if (isBoolDomainCandidate(view)) {
    feature.boolDomain = boolDomainFromStats(view);
  } else if (isIntDomainCandidate(view)) {
    feature.intDomain = {};
  } else if (isStringDomainCandidate(view, config.enumThreshold)) {
    const domain = addStringDomain(schema, key);
    addMissingValues(view, domain);
    feature.domain = domain.name ?? key;
  }
  return feature;
}
