import { TOP_VALUES_COUNT_ERROR } from '../tfmd/custom-stat-names.js';
import { printTextFormat } from '../tfmd/index.js';
import type {
  AnomalyInfo,
  DatasetFeatureStatistics,
  DriftSkewInfo,
  Feature,
  FeatureNameStatistics,
  FreqAndValue,
  Histogram,
  Path,
  RankHistogram,
  Schema,
} from '../tfmd/types.js';
import type { FeatureDriftScore, ReportInput } from './report-input.js';
import { type FeatureSchemaChange, schemaChangeText } from './schema-change-text.js';
import { formatSchemaEntry } from './schema-entry-text.js';

/**
 * The report's data: one plain, JSON-serializable record per feature, read straight off the
 * input messages. The HTML report embeds it and the text summary prints it; neither computes
 * statistics (the only derived numbers are display ratios such as missing %).
 */
export interface ReportModel {
  readonly title: string;
  readonly datasets: ReportDataset[];
  readonly features: ReportFeature[];
  /** Dataset-level anomaly (e.g. too few examples), if any. */
  readonly datasetAnomaly?: ReportAnomaly;
  /** True when at least one feature carries a drift or skew score. */
  readonly hasDrift: boolean;
}

export interface ReportDataset {
  readonly label: string;
  readonly numExamples: number;
}

export type FeatureKind = 'numeric' | 'categorical' | 'bytes' | 'struct' | 'unknown';

/** [lowValue, highValue, sampleCount]: compact so 500 features stay small. */
export type Bucket = [number, number, number];

/** One feature's statistics in one dataset (absent from the dataset: `null` in `stats`). */
export interface FeatureStatsEntry {
  readonly type: string;
  readonly count: number;
  readonly missing: number;
  /** numMissing / (numMissing + numNonMissing), or 0 when both are 0. */
  readonly missingFraction: number;
  readonly avgNumValues?: number;
  readonly minNumValues?: number;
  readonly maxNumValues?: number;
  readonly totNumValues?: number;
  // numeric
  readonly mean?: number;
  readonly stdDev?: number;
  readonly zeros?: number;
  readonly min?: number;
  readonly median?: number;
  readonly max?: number;
  readonly histogram?: Bucket[];
  readonly quantiles?: Bucket[];
  readonly numNan?: number;
  // categorical and bytes
  readonly unique?: number;
  readonly avgLength?: number;
  /** [value, frequency], most frequent first. */
  readonly topValues?: [string, number][];
  /** Set when the counts came from a sketch: how much they may undercount (values under it are not listed). */
  readonly topValuesCountError?: number;
  readonly minBytes?: number;
  readonly maxBytes?: number;
}

export interface ReportAnomaly {
  readonly severity: string;
  readonly shortDescription: string;
  readonly description: string;
  readonly reasons: { type: string; shortDescription: string; description: string }[];
  /** The schema change that makes the data pass, one line per edit (derived from the change itself). */
  readonly fix?: string[];
}

export interface ReportFeature {
  /** Steps joined with '.'. */
  readonly path: string;
  readonly kind: FeatureKind;
  /** Per dataset, in `ReportModel.datasets` order; null where the feature is absent. */
  readonly stats: (FeatureStatsEntry | null)[];
  readonly drift?: FeatureDriftScore;
  readonly anomaly?: ReportAnomaly;
  /** The feature's schema entry as text format. */
  readonly schemaEntry?: string;
  /** The entry in the suggested schema, when it differs from `schemaEntry`. */
  readonly suggestedEntry?: string;
}

/** Top values and buckets kept per feature and dataset; more adds size but little to read. */
const MAX_TOP_VALUES = 50;
const MAX_VALUE_LENGTH = 160;

/** A stats feature's path, steps joined with '.' (the display form). */
export function featurePath(feature: FeatureNameStatistics): string {
  if (feature.name !== undefined) return feature.name;
  return pathText(feature.path);
}

function pathText(path: Path | undefined): string {
  return (path?.step ?? []).join('.');
}

function histogramOf(histograms: Histogram[] | undefined, type: 'STANDARD' | 'QUANTILES'): Histogram | undefined {
  // An unset type is the enum's zero value, STANDARD.
  return histograms?.find((h) => (h.type ?? 'STANDARD') === type);
}

function buckets(histogram: Histogram | undefined): Bucket[] | undefined {
  if (!histogram?.buckets?.length) return undefined;
  return histogram.buckets.map((b) => [b.lowValue ?? 0, b.highValue ?? 0, b.sampleCount ?? 0]);
}

function clip(value: string): string {
  return value.length > MAX_VALUE_LENGTH ? `${value.slice(0, MAX_VALUE_LENGTH)}…` : value;
}

function topValuesOf(top: FreqAndValue[] | undefined, rank: RankHistogram | undefined): [string, number][] | undefined {
  if (top?.length) {
    return top.slice(0, MAX_TOP_VALUES).map((v) => [clip(v.value ?? ''), v.frequency ?? 0]);
  }
  // TFDV writes a rank histogram (labels with counts) even where top values were not kept.
  if (rank?.buckets?.length) {
    return rank.buckets.slice(0, MAX_TOP_VALUES).map((b) => [clip(b.label ?? ''), b.sampleCount ?? 0]);
  }
  return undefined;
}

function kindOf(feature: FeatureNameStatistics): FeatureKind {
  if (feature.numStats) return 'numeric';
  if (feature.stringStats) return 'categorical';
  if (feature.bytesStats) return 'bytes';
  if (feature.structStats) return 'struct';
  if (feature.type === 'INT' || feature.type === 'FLOAT') return 'numeric';
  if (feature.type === 'STRING') return 'categorical';
  if (feature.type === 'BYTES') return 'bytes';
  if (feature.type === 'STRUCT') return 'struct';
  return 'unknown';
}

/** Copies the defined entries of `source` into `target` (exactOptionalPropertyTypes-safe). */
function assignDefined<T extends object>(target: T, source: { [K in keyof T]?: T[K] | undefined }): T {
  for (const [key, value] of Object.entries(source)) {
    if (value !== undefined) (target as Record<string, unknown>)[key] = value;
  }
  return target;
}

function statsEntry(feature: FeatureNameStatistics): FeatureStatsEntry {
  const common =
    feature.numStats?.commonStats ??
    feature.stringStats?.commonStats ??
    feature.bytesStats?.commonStats ??
    feature.structStats?.commonStats ??
    {};
  const count = Number(common.numNonMissing ?? 0);
  const missing = Number(common.numMissing ?? 0);
  const entry: Record<string, unknown> = {
    type: feature.type ?? 'INT',
    count,
    missing,
    missingFraction: count + missing > 0 ? missing / (count + missing) : 0,
  };
  assignDefined(entry, {
    avgNumValues: common.avgNumValues,
    minNumValues: common.minNumValues,
    maxNumValues: common.maxNumValues,
    totNumValues: common.totNumValues,
  });
  const num = feature.numStats;
  if (num) {
    const standard = histogramOf(num.histograms, 'STANDARD');
    const quantiles = histogramOf(num.histograms, 'QUANTILES');
    assignDefined(entry, {
      mean: num.mean ?? 0,
      stdDev: num.stdDev ?? 0,
      zeros: num.numZeros ?? 0,
      min: num.min ?? 0,
      median: num.median ?? 0,
      max: num.max ?? 0,
      histogram: buckets(standard),
      quantiles: buckets(quantiles),
      numNan: standard?.numNan || quantiles?.numNan || undefined,
    });
  }
  const str = feature.stringStats;
  if (str) {
    assignDefined(entry, {
      unique: str.unique ?? 0,
      avgLength: str.avgLength ?? 0,
      topValues: topValuesOf(str.topValues, str.rankHistogram),
      topValuesCountError: feature.customStats?.find((c) => c.name === TOP_VALUES_COUNT_ERROR)?.num,
    });
  }
  const bytes = feature.bytesStats;
  if (bytes) {
    assignDefined(entry, {
      unique: bytes.unique ?? 0,
      avgLength: bytes.avgNumBytes ?? 0,
      minBytes: bytes.minNumBytes,
      maxBytes: bytes.maxNumBytes,
    });
  }
  return entry as unknown as FeatureStatsEntry;
}

/** The change at a path between a schema and its suggested version (entry and referenced string domain). */
function suggestedChange(
  schema: Schema | undefined,
  suggested: Schema,
  steps: string[],
): FeatureSchemaChange | undefined {
  const before = schemaFeatureAt(schema, steps);
  const after = schemaFeatureAt(suggested, steps);
  const name = before?.domain ?? after?.domain;
  const domainOf = (s: Schema | undefined) =>
    name === undefined ? undefined : s?.stringDomain?.find((d) => (d.name ?? '') === name);
  const domainBefore = domainOf(schema);
  const domainAfter = domainOf(suggested);
  const text = (x: object | undefined) => (x ? printTextFormat('Schema', { stringDomain: [x] }) : '');
  const domainChanged = name !== undefined && text(domainBefore) !== text(domainAfter);
  const entryText = (f: Feature | undefined) => (f ? formatSchemaEntry(f) : undefined);
  if (entryText(before) === entryText(after) && !domainChanged) return undefined;
  return {
    path: steps,
    ...(before ? { before } : {}),
    ...(after ? { after } : {}),
    ...(domainChanged && name !== undefined
      ? {
          stringDomain: {
            name,
            ...(domainBefore ? { before: domainBefore } : {}),
            ...(domainAfter ? { after: domainAfter } : {}),
          },
        }
      : {}),
  };
}

/** The schema entry at a path, following struct domains for nested features. */
function schemaFeatureAt(schema: Schema | undefined, steps: string[]): Feature | undefined {
  let features = schema?.feature;
  let found: Feature | undefined;
  for (const step of steps) {
    found = features?.find((f) => f.name === step);
    if (!found) return undefined;
    features = found.structDomain?.feature;
  }
  return found;
}

function anomalyOf(info: AnomalyInfo, change?: FeatureSchemaChange): ReportAnomaly {
  const reasons = (info.reason ?? []).map((r) => ({
    type: r.type ?? 'UNKNOWN_TYPE',
    shortDescription: r.shortDescription ?? '',
    description: r.description ?? '',
  }));
  const fix = change ? schemaChangeText(change) : [];
  return {
    severity: info.severity ?? 'UNKNOWN',
    shortDescription: info.shortDescription ?? reasons[0]?.shortDescription ?? '',
    description: info.description ?? reasons.map((r) => r.description).join(' '),
    reasons,
    ...(fix.length > 0 ? { fix } : {}),
  };
}

const measurementNames: Record<string, string> = {
  L_INFTY: 'L-inf',
  JENSEN_SHANNON_DIVERGENCE: 'JSD',
  NORMALIZED_ABSOLUTE_DIFFERENCE: 'NAD',
};

/** TFDV records the measured drift/skew in the anomalies; used where no score was passed in. */
function driftFromAnomalies(info: DriftSkewInfo): FeatureDriftScore | undefined {
  const measurements = [...(info.driftMeasurements ?? []), ...(info.skewMeasurements ?? [])];
  let worst: FeatureDriftScore | undefined;
  for (const m of measurements) {
    const value = m.value ?? 0;
    const score: FeatureDriftScore = {
      method: measurementNames[m.type ?? ''] ?? m.type ?? 'drift',
      value,
      ...(m.threshold !== undefined ? { threshold: m.threshold } : {}),
      drifted: m.threshold !== undefined && value > m.threshold,
    };
    if (!worst || (score.drifted && !worst.drifted) || (score.drifted === worst.drifted && value > worst.value)) {
      worst = score;
    }
  }
  return worst;
}

function defaultLabel(dataset: DatasetFeatureStatistics, index: number, fromCompare: boolean): string {
  // 'All Examples' is TFDV's name for the unsliced data: two of them would be indistinguishable.
  if (dataset.name && dataset.name !== 'All Examples') return dataset.name;
  return fromCompare ? `baseline${index > 0 ? ` ${index + 1}` : ''}` : `dataset ${index + 1}`;
}

/** Reads the input messages into the report's per-feature records. */
export function buildReportModel(input: ReportInput): ReportModel {
  const primary = input.statistics.datasets ?? [];
  const compared = input.compareWith?.datasets ?? [];
  const all = [...primary, ...compared];
  const datasets: ReportDataset[] = all.map((dataset, i) => ({
    label:
      input.labels?.[i] ??
      (i < primary.length ? defaultLabel(dataset, i, false) : defaultLabel(dataset, i - primary.length, true)),
    numExamples: Number(dataset.numExamples ?? 0),
  }));

  // Feature order: as in the first dataset, then those only found later, then schema/anomaly-only ones.
  const order: string[] = [];
  const byPath = new Map<string, (FeatureNameStatistics | undefined)[]>();
  all.forEach((dataset, i) => {
    for (const feature of dataset.features ?? []) {
      const path = featurePath(feature);
      let row = byPath.get(path);
      if (!row) {
        row = new Array<FeatureNameStatistics | undefined>(all.length).fill(undefined);
        byPath.set(path, row);
        order.push(path);
      }
      row[i] = feature;
    }
  });
  const anomalyByPath = new Map<string, AnomalyInfo>();
  for (const [key, info] of Object.entries(input.anomalies?.anomalyInfo ?? {})) {
    const path = info.path?.step?.length ? pathText(info.path) : key;
    anomalyByPath.set(path, info);
  }
  const extraPaths = [
    ...(input.schema?.feature ?? []).map((f) => f.name ?? ''),
    ...anomalyByPath.keys(),
    ...Object.keys(input.driftScores ?? {}),
  ];
  for (const path of extraPaths) {
    if (path && !byPath.has(path)) {
      byPath.set(path, new Array<FeatureNameStatistics | undefined>(all.length).fill(undefined));
      order.push(path);
    }
  }
  const driftByPath = new Map<string, FeatureDriftScore>();
  for (const info of input.anomalies?.driftSkewInfo ?? []) {
    const score = driftFromAnomalies(info);
    if (score) driftByPath.set(pathText(info.path), score);
  }
  for (const [path, score] of Object.entries(input.driftScores ?? {})) driftByPath.set(path, score);

  const schema = input.schema ?? input.anomalies?.baseline;
  const changeByPath = new Map((input.schemaChanges ?? []).map((c) => [c.path.join('.'), c]));
  const features: ReportFeature[] = order.map((path) => {
    const row = byPath.get(path) ?? [];
    const first = row.find((f) => f !== undefined);
    const steps = first?.path?.step ?? path.split('.');
    const feature: Record<string, unknown> = {
      path,
      kind: first ? kindOf(first) : 'unknown',
      stats: row.map((f) => (f ? statsEntry(f) : null)),
    };
    const drift = driftByPath.get(path);
    if (drift) feature.drift = drift;
    const entry = schemaFeatureAt(schema, steps);
    const schemaEntry = entry ? formatSchemaEntry(entry) : undefined;
    if (schemaEntry !== undefined) feature.schemaEntry = schemaEntry;
    // The change: the one attached to the anomaly, else the difference to the suggested schema.
    let change = changeByPath.get(path);
    if (!change && input.suggestedSchema) change = suggestedChange(schema, input.suggestedSchema, steps);
    if (change && (change.after || schemaEntry !== undefined)) {
      const suggestedEntry = change.after ? formatSchemaEntry(change.after) : '(removed from the schema)';
      if (suggestedEntry !== schemaEntry) feature.suggestedEntry = suggestedEntry;
    }
    const anomaly = anomalyByPath.get(path);
    if (anomaly) feature.anomaly = anomalyOf(anomaly, change);
    return feature as unknown as ReportFeature;
  });

  const datasetInfo = input.anomalies?.datasetAnomalyInfo;
  return {
    title: input.title ?? 'datavet report',
    datasets,
    features,
    ...(datasetInfo ? { datasetAnomaly: anomalyOf(datasetInfo) } : {}),
    hasDrift: features.some((f) => f.drift !== undefined),
  };
}
