import { TOP_VALUES_COUNT_ERROR } from '../tfmd/custom-stat-names.js';
import { type FeatureSchemaChange, featureSchemaChange } from '../tfmd/feature-schema-change.js';
import { parseTextFormat } from '../tfmd/index.js';
import { featureAt } from '../tfmd/schema-entries.js';
import type {
  AnomalyInfo,
  DatasetFeatureStatistics,
  DriftSkewInfo,
  FeatureNameStatistics,
  FreqAndValue,
  Histogram,
  IntegerTimeFormat,
  RankHistogram,
} from '../tfmd/types.js';
import { DEFAULT_SLICE_NAME, featurePathText, statisticsFeatureName } from '../tfmd/vocabulary.js';
import type { FeatureDriftScore, ReportInput } from './report-input.js';
import { schemaChangeText } from './schema-change-text.js';
import { formatSchemaEntry } from './schema-entry-text.js';

/**
 * The report's data: one plain, JSON-serializable record per feature, read straight off the
 * input messages. The HTML report embeds it and the text summary prints it; neither computes
 * statistics (the only derived numbers are display ratios such as missing %).
 */
export interface ReportModel {
  readonly title: string;
  readonly datasets: ReportDataset[];
  /** The datasets' groups in order (a statistics list with its slices; a lone dataset is its own). */
  readonly groups: string[];
  /** True when a list holds slices: the page then names each row's dataset. */
  readonly sliced: boolean;
  readonly features: ReportFeature[];
  /** Dataset-level anomaly (e.g. too few examples), if any. */
  readonly datasetAnomaly?: ReportAnomaly;
  /** True when at least one feature carries a drift or skew score. */
  readonly hasDrift: boolean;
}

export interface ReportDataset {
  /** The dataset's display name: the group's for the unsliced data, else `<group> · <slice>`. */
  readonly label: string;
  readonly numExamples: number;
  /** The statistics the dataset came from (one list: a file, a split), shared by its slices. */
  readonly group: string;
  /** The slice's readable name (`weather = rain`), absent for the unsliced data. */
  readonly slice?: string;
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
  /**
   * Set when the numbers are times: counts since the Unix epoch in this unit (the schema's
   * `time_domain`, else the statistics' `domain_info`). Displays show them as dates.
   */
  readonly timeFormat?: IntegerTimeFormat;
}

/** Top values and buckets kept per feature and dataset; more adds size but little to read. */
const MAX_TOP_VALUES = 50;
const MAX_VALUE_LENGTH = 160;

/** A stats feature's path, steps joined with '.' (the display form; kept for the report API). */
export const featurePath: (feature: FeatureNameStatistics) => string = statisticsFeatureName;

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

/** The integer time format a `domain_info` custom statistic announces, if any. */
function timeFormatOfStats(feature: FeatureNameStatistics | undefined): IntegerTimeFormat | undefined {
  const text = feature?.customStats?.find((c) => c.name === 'domain_info')?.str;
  if (text === undefined || !text.includes('time_domain')) return undefined;
  try {
    return parseTextFormat('Feature', text).timeDomain?.integerFormat;
  } catch {
    return undefined; // not a Feature textproto: TFDV ignores it too
  }
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

/** The unit of each measurement TFDV writes (the same words the drift layer prints for its methods). */
const measurementUnits: Record<string, string> = {
  L_INFTY: 'largest share difference',
  JENSEN_SHANNON_DIVERGENCE: 'bits, in [0, 1]',
  NORMALIZED_ABSOLUTE_DIFFERENCE: 'share of counts, in [0, 1]',
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
      ...(m.type !== undefined && Object.hasOwn(measurementUnits, m.type) ? { unit: measurementUnits[m.type]! } : {}),
      ...(m.threshold !== undefined ? { threshold: m.threshold } : {}),
      drifted: m.threshold !== undefined && value > m.threshold,
    };
    if (!worst || (score.drifted && !worst.drifted) || (score.drifted === worst.drifted && value > worst.value)) {
      worst = score;
    }
  }
  return worst;
}

/**
 * A slice's readable name. TFDV names a feature-value slice `<feature>_<value>` (several joined
 * with `_`); where the name starts with a feature of the statistics it reads `feature = value`.
 */
function sliceName(name: string, features: ReadonlySet<string>): string {
  let best = '';
  for (const feature of features) {
    if (feature.length > best.length && name.startsWith(`${feature}_`)) best = feature;
  }
  return best ? `${best} = ${name.slice(best.length + 1)}` : name;
}

/**
 * The datasets of one statistics list. A list with the unsliced data (TFDV's `All Examples`) and
 * slices is a group named after the list, each slice `<group> · <slice>`; `labels` (the caller's,
 * one per dataset) replace the names, and name the group of a dataset that is its own.
 */
function datasetsOf(
  list: readonly DatasetFeatureStatistics[],
  group: string,
  labels: readonly (string | undefined)[],
): ReportDataset[] {
  const unnamed = list.filter((d) => !d.name || d.name === DEFAULT_SLICE_NAME).length;
  const features = new Set(list.flatMap((d) => (d.features ?? []).map(featurePath)));
  let n = 0;
  return list.map((dataset, i) => {
    const numExamples = Number(dataset.numExamples ?? 0);
    const named = dataset.name && dataset.name !== DEFAULT_SLICE_NAME ? dataset.name : undefined;
    const given = labels[i];
    if (list.length === 1 || unnamed === 0) {
      // A lone dataset, or named datasets with no unsliced one beside them (splits, spans in one
      // file): each is its own group, named by itself, else by the list.
      const label = given ?? named ?? (list.length === 1 ? group : `${group} ${i + 1}`);
      return { label, numExamples, group: label };
    }
    if (named === undefined) {
      n++;
      return { label: given ?? (unnamed > 1 ? `${group} ${n}` : group), numExamples, group };
    }
    const slice = sliceName(named, features);
    return { label: given ?? `${group} · ${slice}`, numExamples, group, slice };
  });
}

/** Reads the input messages into the report's per-feature records. */
export function buildReportModel(input: ReportInput): ReportModel {
  const primary = input.statistics.datasets ?? [];
  const compared = input.compareWith?.datasets ?? [];
  const all = [...primary, ...compared];
  const labels = input.labels ?? [];
  const datasets: ReportDataset[] = [
    ...datasetsOf(primary, input.sources?.[0] ?? 'dataset', labels.slice(0, primary.length)),
    ...datasetsOf(compared, input.sources?.[1] ?? 'baseline', labels.slice(primary.length)),
  ];

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
    const path = info.path?.step?.length ? featurePathText(info.path) : key;
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
    if (score) driftByPath.set(featurePathText(info.path), score);
  }
  for (const [path, score] of Object.entries(input.driftScores ?? {})) driftByPath.set(path, score);

  const schema = input.schema ?? input.anomalies?.baseline;
  const changeByPath = new Map((input.schemaChanges ?? []).map((c) => [featurePathText(c.path), c]));
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
    const entry = featureAt(schema, steps);
    const timeFormat = entry?.timeDomain
      ? entry.timeDomain.integerFormat
      : row.map(timeFormatOfStats).find((t) => t !== undefined);
    if (timeFormat !== undefined && timeFormat !== 'FORMAT_UNKNOWN' && feature.kind === 'numeric') {
      feature.timeFormat = timeFormat;
    }
    const schemaEntry = entry ? formatSchemaEntry(entry) : undefined;
    if (schemaEntry !== undefined) feature.schemaEntry = schemaEntry;
    // The change: the one attached to the anomaly, else the difference to the suggested schema.
    let change = changeByPath.get(path);
    if (!change && input.suggestedSchema) change = featureSchemaChange(schema, input.suggestedSchema, steps);
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
    groups: [...new Set(datasets.map((d) => d.group))],
    sliced: datasets.some((d) => d.slice !== undefined),
    features,
    ...(datasetInfo ? { datasetAnomaly: anomalyOf(datasetInfo) } : {}),
    hasDrift: features.some((f) => f.drift !== undefined),
  };
}
