import type {
  Annotation,
  Anomalies,
  AnomalyInfo,
  CommonStatistics,
  CustomStatistic,
  DatasetFeatureStatistics,
  DatasetFeatureStatisticsList,
  DriftSkewInfo,
  Feature,
  FeatureComparator,
  FeatureNameStatistics,
  FeaturePresence,
  Histogram,
  NumericStatistics,
  Path,
  RankHistogram,
  Schema,
  SparseFeature,
  StringDomain,
  StringStatistics,
  ValueCount,
  WeightedFeature,
} from './types.js';

/** The three TFMD file kinds datavet reads and writes (what `--type` selects). */
export type TfmdKind = 'Schema' | 'DatasetFeatureStatisticsList' | 'Anomalies';

/** The kinds in the order `detectMessageKind` tries them. */
export const TFMD_KINDS: readonly TfmdKind[] = ['DatasetFeatureStatisticsList', 'Schema', 'Anomalies'];

/** `tensorflow.data_validation.AnomalyInfo.Type`/`Severity` override (TFDV's validation config). */
export interface SeverityOverride {
  type?: string;
  severity?: 'UNKNOWN' | 'WARNING' | 'ERROR';
}

/** TFDV's private `FeatureStatisticsToProtoConfig` (schema inference/update configuration, proto2). */
export interface FeatureStatisticsToProtoConfig {
  enumThreshold?: number;
  enumDeleteThreshold?: number;
  enumsSimilarConfig?: { minCount?: number; minJaccardSimilarity?: number };
  columnConstraint?: { columnPath?: Path[]; enumName?: string }[];
  columnToIgnore?: string[];
  newFeaturesAreWarnings?: boolean;
  severityOverrides?: SeverityOverride[];
  inferFeatureShape?: boolean;
}

/** TFDV's private `ValidationConfig` (proto2). */
export interface ValidationConfig {
  newFeaturesAreWarnings?: boolean;
  severityOverrides?: SeverityOverride[];
}

/**
 * Message name -> TypeScript type, for the codec functions' return types. Names are the short
 * names of tensorflow.metadata.v0 (and tensorflow.data_validation) messages; any other message of
 * the registry can be named by its full name and comes back as a plain record.
 */
export interface TfmdMessageTypes {
  Schema: Schema;
  DatasetFeatureStatisticsList: DatasetFeatureStatisticsList;
  Anomalies: Anomalies;
  DatasetFeatureStatistics: DatasetFeatureStatistics;
  FeatureNameStatistics: FeatureNameStatistics;
  CommonStatistics: CommonStatistics;
  NumericStatistics: NumericStatistics;
  StringStatistics: StringStatistics;
  Histogram: Histogram;
  RankHistogram: RankHistogram;
  CustomStatistic: CustomStatistic;
  Feature: Feature;
  FeaturePresence: FeaturePresence;
  ValueCount: ValueCount;
  StringDomain: StringDomain;
  SparseFeature: SparseFeature;
  WeightedFeature: WeightedFeature;
  FeatureComparator: FeatureComparator;
  Annotation: Annotation;
  AnomalyInfo: AnomalyInfo;
  DriftSkewInfo: DriftSkewInfo;
  Path: Path;
  FeatureStatisticsToProtoConfig: FeatureStatisticsToProtoConfig;
  ValidationConfig: ValidationConfig;
}

export type TfmdMessageName = keyof TfmdMessageTypes;

/** The plain-data type of a message name (a record for names outside `TfmdMessageTypes`). */
export type TfmdMessageOf<K extends string> = K extends TfmdMessageName ? TfmdMessageTypes[K] : Record<string, unknown>;
