import type {
  DatasetFeatureStatisticsList,
  Feature,
  FeatureNameStatistics,
  FeatureType,
  NumericStatistics,
  Schema,
} from '../../../src/tfmd/types.js';

export type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const chance = (random: Random, p: number) => random() < p;
const int = (random: Random, lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));

/**
 * What both schemas say about one feature: the generator draws values around every bound and
 * from every domain value either schema mentions, so data lands on both sides of each constraint.
 */
interface Hints {
  types: Set<FeatureType>;
  numbers: Set<number>;
  strings: Set<string>;
  counts: Set<number>;
}

function collectHints(schemas: readonly Schema[]): Map<string, Hints> {
  const out = new Map<string, Hints>();
  for (const schema of schemas) {
    for (const feature of schema.feature ?? []) {
      const name = feature.name ?? '';
      const hints = out.get(name) ?? { types: new Set(), numbers: new Set(), strings: new Set(), counts: new Set() };
      out.set(name, hints);
      if (feature.type) hints.types.add(feature.type);
      addFeatureHints(feature, schema, hints);
    }
  }
  return out;
}

function addFeatureHints(feature: Feature, schema: Schema, hints: Hints): void {
  const around = (set: Set<number>, bound: number | bigint | undefined, step: number) => {
    if (bound === undefined) return;
    const value = Number(bound);
    for (const v of [value - step, value, value + step]) set.add(v);
  };
  for (const bound of [feature.intDomain?.min, feature.intDomain?.max]) around(hints.numbers, bound, 1);
  for (const bound of [feature.floatDomain?.min, feature.floatDomain?.max]) around(hints.numbers, bound, 0.5);
  for (const bound of [feature.valueCount?.min, feature.valueCount?.max]) around(hints.counts, bound, 1);
  for (const dim of feature.shape?.dim ?? []) around(hints.counts, dim.size, 1);
  const domain =
    feature.stringDomain ?? (feature.domain ? schema.stringDomain?.find((d) => d.name === feature.domain) : undefined);
  for (const value of domain?.value ?? []) hints.strings.add(value);
  if (feature.boolDomain?.trueValue) hints.strings.add(feature.boolDomain.trueValue);
  if (feature.boolDomain?.falseValue) hints.strings.add(feature.boolDomain.falseValue);
}

/** Dataset-level hints: example counts around the dataset constraints. */
function exampleCounts(schemas: readonly Schema[]): number[] {
  const out = new Set([1, 2, 5, 10, 20]);
  for (const schema of schemas) {
    const c = schema.datasetConstraints;
    for (const bound of [c?.minExamplesCount, c?.maxExamplesCount]) {
      if (bound === undefined) continue;
      const n = Number(bound);
      for (const v of [n - 1, n, n + 1]) if (v >= 1) out.add(v);
    }
  }
  return [...out];
}

function numericStats(
  random: Random,
  type: 'INT' | 'FLOAT',
  hints: Hints,
  common: NumericStatistics,
): NumericStatistics {
  const candidates = [...hints.numbers, 0, 1, 3, 7, -2];
  if (type === 'FLOAT') candidates.push(0.25, 2.5);
  let a = pick(random, candidates);
  let b = chance(random, 0.3) ? a : pick(random, candidates);
  if (type === 'INT') {
    a = Math.round(a);
    b = Math.round(b);
  }
  if (type === 'FLOAT' && chance(random, 0.1)) b = Number.POSITIVE_INFINITY;
  const numNan = type === 'FLOAT' && chance(random, 0.1) ? 1 : 0;
  return {
    ...common,
    min: Math.min(a, b),
    max: Math.max(a, b),
    histograms: [{ numNan, buckets: [{ lowValue: Math.min(a, b), highValue: Math.max(a, b), sampleCount: 1 }] }],
  };
}

/**
 * Random statistics for the features two schemas describe: each feature present or not, of the
 * schema's type (sometimes another), with presence, values per example, numeric ranges and
 * string values drawn around both schemas' constraints. Filter with validation to get data
 * valid under one schema.
 */
export function randomStatistics(random: Random, schemas: readonly Schema[]): DatasetFeatureStatisticsList {
  const numExamples = pick(random, exampleCounts(schemas));
  const features: FeatureNameStatistics[] = [];
  for (const [name, hints] of collectHints(schemas)) {
    if (chance(random, 0.2)) continue;
    const types: FeatureType[] =
      hints.types.size && !chance(random, 0.1) ? [...hints.types] : ['INT', 'FLOAT', 'BYTES'];
    const type = pick(random, types);
    const missing = chance(random, 0.4) ? 0 : int(random, 0, numExamples);
    const present = numExamples - missing;
    const counts = [...hints.counts, 0, 1, 2, 3].filter((c) => c >= 0);
    let minValues = pick(random, counts);
    let maxValues = chance(random, 0.4) ? minValues : pick(random, counts);
    if (minValues > maxValues) [minValues, maxValues] = [maxValues, minValues];
    if (present === 0) [minValues, maxValues] = [0, 0];
    const tot = present * Math.max(1, Math.round((minValues + maxValues) / 2));
    const common = {
      numNonMissing: present,
      numMissing: missing,
      minNumValues: minValues,
      maxNumValues: maxValues,
      avgNumValues: present ? tot / present : 0,
      totNumValues: present && maxValues > 0 ? tot : 0,
    };
    const stats: FeatureNameStatistics = { name, type: type === 'BYTES' ? 'STRING' : (type as 'INT' | 'FLOAT') };
    if (type === 'INT' || type === 'FLOAT') {
      stats.numStats = numericStats(random, type, hints, { commonStats: common });
    } else {
      // Mostly values the schemas name, sometimes others (an integer and a float among them).
      const extra = ['other', '42', '1.5'];
      const chosen = [
        ...[...hints.strings].filter(() => chance(random, 0.5)),
        ...extra.filter(() => chance(random, 0.12)),
      ];
      const values = chosen.length ? chosen : [pick(random, [...hints.strings, ...extra])];
      const total = Math.max(common.totNumValues, values.length);
      let left = total;
      const buckets = values.map((label, i) => {
        const count = i === values.length - 1 ? left : Math.max(1, Math.floor(left / 2));
        left -= count;
        return { lowRank: i, highRank: i, label, sampleCount: Math.max(count, 1) };
      });
      stats.stringStats = {
        commonStats: { ...common, totNumValues: buckets.reduce((s, b) => s + b.sampleCount, 0) },
        unique: values.length,
        rankHistogram: { buckets },
        topValues: buckets.map((b) => ({ value: b.label, frequency: b.sampleCount })),
      };
    }
    features.push(stats);
  }
  return { datasets: [{ name: 'random', numExamples, features }] };
}

/** The same statistics with string value counts redistributed (a drifted copy of a span). */
export function reweighted(random: Random, stats: DatasetFeatureStatisticsList): DatasetFeatureStatisticsList {
  const copy = structuredClone(stats);
  for (const feature of copy.datasets?.[0]?.features ?? []) {
    for (const bucket of feature.stringStats?.rankHistogram?.buckets ?? []) {
      bucket.sampleCount = 1 + Math.floor(random() * 6);
    }
  }
  return copy;
}
