/**
 * The tensorflow_metadata (TFMD) v0 message model as plain TypeScript data: Schema,
 * DatasetFeatureStatisticsList and Anomalies, with the messages they import (Path, derived
 * features). Field numbers and enum numbers live in the descriptors (`descriptors.ts`); these
 * types are what the codecs produce and consume.
 *
 * Representation rules, the same for every message:
 * - field names are the proto3 JSON lowerCamelCase names (`num_examples` -> `numExamples`);
 * - enums are their value names (`'INT'`, `'QUANTILES'`, `'ERROR'`);
 * - int64/uint64/int32 are JS numbers; bytes are `Uint8Array`;
 * - repeated fields are optional arrays, maps are records, oneof members are optional fields of
 *   which at most one is set;
 * - an unset field is an absent property (presence matters for the proto2 messages: schema,
 *   anomalies, path);
 * - 32-bit `float` fields (e.g. `avgNumValues`, `FloatDomain.min`) hold the float32 value once
 *   parsed or decoded (`0.1` reads as 0.10000000149011612); printers show the shortest form (`0.1`);
 * - an enum number a proto3 (open) enum does not define is kept as a number.
 */

// ---------------------------------------------------------------------------------------------
// path.proto, derived_feature.proto

/** A feature's location: one step per nesting level (proto2). */
export interface Path {
  step?: string[];
}

export type SliceValueType =
  | 'VALUE_TYPE_DEFAULT'
  | 'VALUE_TYPE_INTEGER'
  | 'VALUE_TYPE_FLOAT'
  | 'VALUE_TYPE_UNSUPPORTED';

export interface DerivedFeatureSource {
  deriverName?: string;
  description?: string;
  sourcePath?: Path[];
  declarativelyConfigured?: boolean;
  config?: DerivedFeatureConfig;
}

export interface DerivedFeatureConfig {
  allowlist?: { allowedBytesValue?: Uint8Array[]; placeholderValue?: Uint8Array };
  argmaxTopK?: { k?: number };
  reduceOp?: { opName?: string };
  sliceSql?: {
    expression?: string;
    featureValueType?: SliceValueType;
    dropStructName?: boolean;
    int64DefaultFeatureValue?: number;
    floatDefaultFeatureValue?: number;
    stringDefaultFeatureValue?: string;
  };
  imageQuality?: { modelName?: string };
}

// ---------------------------------------------------------------------------------------------
// statistics.proto (proto3)

export interface DatasetFeatureStatisticsList {
  datasets?: DatasetFeatureStatistics[];
}

export interface DatasetFeatureStatistics {
  name?: string;
  numExamples?: number;
  weightedNumExamples?: number;
  features?: FeatureNameStatistics[];
  crossFeatures?: CrossFeatureStatistics[];
}

export interface CrossFeatureStatistics {
  pathX?: Path;
  pathY?: Path;
  count?: number;
  numCrossStats?: { correlation?: number; covariance?: number };
  categoricalCrossStats?: { lift?: LiftStatistics };
}

export interface LiftStatistics {
  liftSeries?: LiftSeries[];
  weightedLiftSeries?: LiftSeries[];
}

export interface LiftSeries {
  yInt?: number;
  yString?: string;
  yBucket?: { lowValue?: number; highValue?: number };
  yCount?: number;
  weightedYCount?: number;
  liftValues?: LiftValue[];
}

export interface LiftValue {
  xInt?: number;
  xString?: string;
  lift?: number;
  xCount?: number;
  weightedXCount?: number;
  xAndYCount?: number;
  weightedXAndYCount?: number;
}

/** FeatureNameStatistics.Type: the statistics' type names (numbered INT=0 ... STRUCT=4). */
export type StatisticsFeatureType = 'INT' | 'FLOAT' | 'STRING' | 'BYTES' | 'STRUCT';

export interface FeatureNameStatistics {
  /** oneof field_id */
  name?: string;
  /** oneof field_id */
  path?: Path;
  type?: StatisticsFeatureType;
  /** oneof stats */
  numStats?: NumericStatistics;
  /** oneof stats */
  stringStats?: StringStatistics;
  /** oneof stats */
  bytesStats?: BytesStatistics;
  /** oneof stats */
  structStats?: StructStatistics;
  customStats?: CustomStatistic[];
  validationDerivedSource?: DerivedFeatureSource;
}

export interface WeightedCommonStatistics {
  numNonMissing?: number;
  numMissing?: number;
  avgNumValues?: number;
  totNumValues?: number;
}

export interface PresenceAndValencyStatistics {
  numNonMissing?: number;
  numMissing?: number;
  minNumValues?: number;
  maxNumValues?: number;
  totNumValues?: number;
}

export interface CommonStatistics {
  numNonMissing?: number;
  numMissing?: number;
  minNumValues?: number;
  maxNumValues?: number;
  avgNumValues?: number;
  totNumValues?: number;
  numValuesHistogram?: Histogram;
  weightedCommonStats?: WeightedCommonStatistics;
  featureListLengthHistogram?: Histogram;
  presenceAndValencyStats?: PresenceAndValencyStatistics[];
  weightedPresenceAndValencyStats?: WeightedCommonStatistics[];
}

export interface NumericStatistics {
  commonStats?: CommonStatistics;
  mean?: number;
  stdDev?: number;
  numZeros?: number;
  min?: number;
  median?: number;
  max?: number;
  histograms?: Histogram[];
  weightedNumericStats?: WeightedNumericStatistics;
}

export interface WeightedNumericStatistics {
  mean?: number;
  stdDev?: number;
  median?: number;
  histograms?: Histogram[];
}

export interface FreqAndValue {
  value?: string;
  frequency?: number;
}

export interface StringStatistics {
  commonStats?: CommonStatistics;
  unique?: number;
  topValues?: FreqAndValue[];
  avgLength?: number;
  rankHistogram?: RankHistogram;
  weightedStringStats?: WeightedStringStatistics;
  vocabularyFile?: string;
  invalidUtf8Count?: number;
}

export interface WeightedStringStatistics {
  topValues?: FreqAndValue[];
  rankHistogram?: RankHistogram;
}

export interface BytesStatistics {
  commonStats?: CommonStatistics;
  unique?: number;
  avgNumBytes?: number;
  minNumBytes?: number;
  maxNumBytes?: number;
  maxNumBytesInt?: number;
}

export interface StructStatistics {
  commonStats?: CommonStatistics;
}

export type HistogramType = 'STANDARD' | 'QUANTILES';

export interface HistogramBucket {
  lowValue?: number;
  highValue?: number;
  sampleCount?: number;
}

export interface Histogram {
  numNan?: number;
  numUndefined?: number;
  buckets?: HistogramBucket[];
  type?: HistogramType;
  name?: string;
}

export interface RankHistogramBucket {
  lowRank?: number;
  highRank?: number;
  label?: string;
  sampleCount?: number;
}

export interface RankHistogram {
  buckets?: RankHistogramBucket[];
  name?: string;
}

/** google.protobuf.Any: kept as its type URL and raw bytes. */
export interface AnyMessage {
  typeUrl?: string;
  value?: Uint8Array;
}

export interface CustomStatistic {
  name?: string;
  num?: number;
  str?: string;
  histogram?: Histogram;
  rankHistogram?: RankHistogram;
  any?: AnyMessage;
}

// ---------------------------------------------------------------------------------------------
// schema.proto (proto2)

export type LifecycleStage =
  | 'UNKNOWN_STAGE'
  | 'PLANNED'
  | 'ALPHA'
  | 'BETA'
  | 'PRODUCTION'
  | 'DEPRECATED'
  | 'DEBUG_ONLY'
  | 'DISABLED'
  | 'VALIDATION_DERIVED';

/** Schema FeatureType (numbered TYPE_UNKNOWN=0, BYTES=1, INT=2, FLOAT=3, STRUCT=4). */
export type FeatureType = 'TYPE_UNKNOWN' | 'BYTES' | 'INT' | 'FLOAT' | 'STRUCT';

export interface Schema {
  feature?: Feature[];
  sparseFeature?: SparseFeature[];
  weightedFeature?: WeightedFeature[];
  stringDomain?: StringDomain[];
  floatDomain?: FloatDomain[];
  intDomain?: IntDomain[];
  defaultEnvironment?: string[];
  representVariableLengthAsRagged?: boolean;
  annotation?: Annotation;
  datasetConstraints?: DatasetConstraints;
  tensorRepresentationGroup?: Record<string, TensorRepresentationGroup>;
}

export interface Feature {
  name?: string;
  deprecated?: boolean;
  /** oneof presence_constraints */
  presence?: FeaturePresence;
  /** oneof presence_constraints */
  groupPresence?: { required?: boolean };
  /** oneof shape_type */
  shape?: FixedShape;
  /** oneof shape_type */
  valueCount?: ValueCount;
  /** oneof shape_type */
  valueCounts?: { valueCount?: ValueCount[] };
  type?: FeatureType;
  /** oneof domain_info: the name of a schema-level string_domain */
  domain?: string;
  intDomain?: IntDomain;
  floatDomain?: FloatDomain;
  stringDomain?: StringDomain;
  boolDomain?: BoolDomain;
  structDomain?: StructDomain;
  naturalLanguageDomain?: NaturalLanguageDomain;
  imageDomain?: ImageDomain;
  audioDomain?: Record<string, never>;
  videoDomain?: Record<string, never>;
  contentChunkDomain?: Record<string, never>;
  midDomain?: Record<string, never>;
  urlDomain?: Record<string, never>;
  timeDomain?: TimeDomain;
  timeOfDayDomain?: TimeOfDayDomain;
  distributionConstraints?: DistributionConstraints;
  annotation?: Annotation;
  skewComparator?: FeatureComparator;
  driftComparator?: FeatureComparator;
  inEnvironment?: string[];
  notInEnvironment?: string[];
  lifecycleStage?: LifecycleStage;
  uniqueConstraints?: UniqueConstraints;
  validationDerivedSource?: DerivedFeatureSource;
  sequenceMetadata?: SequenceMetadata;
}

export interface FeaturePresence {
  minFraction?: number;
  minCount?: number;
}

export interface ValueCount {
  min?: number;
  max?: number;
}

export interface FixedShape {
  dim?: { size?: number; name?: string }[];
}

export interface IntDomain {
  name?: string;
  min?: number;
  max?: number;
  isCategorical?: boolean;
}

export interface FloatDomain {
  name?: string;
  min?: number;
  max?: number;
  disallowNan?: boolean;
  disallowInf?: boolean;
  isEmbedding?: boolean;
  isCategorical?: boolean;
  embeddingDim?: number;
  embeddingType?: string;
}

export type StringDomainCategorical = 'CATEGORICAL_UNSPECIFIED' | 'CATEGORICAL_YES' | 'CATEGORICAL_NO';

export interface StringDomain {
  name?: string;
  value?: string[];
  isCategorical?: StringDomainCategorical;
}

export interface BoolDomain {
  name?: string;
  trueValue?: string;
  falseValue?: string;
}

export interface StructDomain {
  feature?: Feature[];
  sparseFeature?: SparseFeature[];
}

export interface NaturalLanguageDomain {
  vocabulary?: string;
  coverage?: FeatureCoverageConstraints;
  tokenConstraints?: SequenceValueConstraints[];
  sequenceLengthConstraints?: SequenceLengthConstraints;
}

export interface FeatureCoverageConstraints {
  minCoverage?: number;
  minAvgTokenLength?: number;
  excludedStringTokens?: string[];
  excludedIntTokens?: number[];
  oovStringTokens?: string[];
}

export interface SequenceValueConstraints {
  intValue?: number;
  stringValue?: string;
  minPerSequence?: number;
  maxPerSequence?: number;
  minFractionOfSequences?: number;
  maxFractionOfSequences?: number;
}

export interface SequenceLengthConstraints {
  excludedIntValue?: number[];
  excludedStringValue?: string[];
  minSequenceLength?: number;
  maxSequenceLength?: number;
}

export interface ImageDomain {
  minimumSupportedImageFraction?: number;
  maxImageByteSize?: number;
}

export type IntegerTimeFormat =
  | 'FORMAT_UNKNOWN'
  | 'UNIX_SECONDS'
  | 'UNIX_MILLISECONDS'
  | 'UNIX_MICROSECONDS'
  | 'UNIX_NANOSECONDS'
  | 'UNIX_DAYS';

export interface TimeDomain {
  stringFormat?: string;
  integerFormat?: IntegerTimeFormat;
}

export type IntegerTimeOfDayFormat = 'FORMAT_UNKNOWN' | 'PACKED_64_NANOS';

export interface TimeOfDayDomain {
  stringFormat?: string;
  integerFormat?: IntegerTimeOfDayFormat;
}

export interface DistributionConstraints {
  minDomainMass?: number;
}

export type HistogramSelectionType = 'DEFAULT' | 'QUANTILES' | 'STANDARD';

export interface FeatureComparator {
  infinityNorm?: { threshold?: number };
  jensenShannonDivergence?: { threshold?: number; source?: { type?: HistogramSelectionType } };
  normalizedAbsDifference?: { threshold?: number };
}

export interface UniqueConstraints {
  min?: number;
  max?: number;
}

export interface NumericValueComparator {
  minFractionThreshold?: number;
  maxFractionThreshold?: number;
}

export interface DatasetConstraints {
  numExamplesDriftComparator?: NumericValueComparator;
  numExamplesVersionComparator?: NumericValueComparator;
  minExamplesCount?: number;
  maxExamplesCount?: number;
}

export interface Annotation {
  tag?: string[];
  comment?: string[];
  extraMetadata?: AnyMessage[];
}

export interface SparseFeature {
  name?: string;
  deprecated?: boolean;
  lifecycleStage?: LifecycleStage;
  presence?: FeaturePresence;
  denseShape?: FixedShape;
  indexFeature?: { name?: string }[];
  isSorted?: boolean;
  valueFeature?: { name?: string };
  type?: FeatureType;
}

export interface WeightedFeature {
  name?: string;
  feature?: Path;
  weightFeature?: Path;
  lifecycleStage?: LifecycleStage;
}

export type SequentialStatus = 'SEQUENTIAL_UNSPECIFIED' | 'SEQUENTIAL_YES' | 'SEQUENTIAL_NO';

export interface SequenceMetadata {
  sequentialStatus?: SequentialStatus;
  jointGroup?: string;
  sequenceTruncationLimit?: number;
}

export interface TensorRepresentationGroup {
  tensorRepresentation?: Record<string, TensorRepresentation>;
}

export type RowPartitionDType = 'UNSPECIFIED' | 'INT64' | 'INT32';

export interface TensorRepresentationDefaultValue {
  floatValue?: number;
  intValue?: number;
  bytesValue?: Uint8Array;
  uintValue?: number;
}

export interface TensorRepresentation {
  denseTensor?: { columnName?: string; shape?: FixedShape; defaultValue?: TensorRepresentationDefaultValue };
  varlenSparseTensor?: { columnName?: string };
  sparseTensor?: {
    denseShape?: FixedShape;
    indexColumnNames?: string[];
    valueColumnName?: string;
    alreadySorted?: boolean;
  };
  raggedTensor?: {
    featurePath?: Path;
    partition?: { uniformRowLength?: number; rowLength?: string }[];
    rowPartitionDtype?: RowPartitionDType;
  };
}

// ---------------------------------------------------------------------------------------------
// anomalies.proto (proto2)

export type AnomalyNameFormat = 'UNKNOWN' | 'SERIALIZED_PATH';

export type Severity = 'UNKNOWN' | 'WARNING' | 'ERROR';

/** AnomalyInfo.Type, TFDV's stable anomaly codes (append-only enum; numbers in descriptors.ts). */
export type AnomalyType =
  | 'UNKNOWN_TYPE'
  | 'BOOL_TYPE_BIG_INT'
  | 'BOOL_TYPE_BYTES_NOT_INT'
  | 'BOOL_TYPE_BYTES_NOT_STRING'
  | 'BOOL_TYPE_FLOAT_NOT_INT'
  | 'BOOL_TYPE_FLOAT_NOT_STRING'
  | 'BOOL_TYPE_INT_NOT_STRING'
  | 'BOOL_TYPE_SMALL_INT'
  | 'BOOL_TYPE_STRING_NOT_INT'
  | 'BOOL_TYPE_UNEXPECTED_STRING'
  | 'ENUM_TYPE_BYTES_NOT_STRING'
  | 'ENUM_TYPE_FLOAT_NOT_STRING'
  | 'ENUM_TYPE_INT_NOT_STRING'
  | 'ENUM_TYPE_INVALID_UTF8'
  | 'ENUM_TYPE_UNEXPECTED_STRING_VALUES'
  | 'FEATURE_TYPE_HIGH_NUMBER_VALUES'
  | 'FEATURE_TYPE_LOW_FRACTION_PRESENT'
  | 'FEATURE_TYPE_LOW_NUMBER_PRESENT'
  | 'FEATURE_TYPE_LOW_NUMBER_VALUES'
  | 'FEATURE_TYPE_NOT_PRESENT'
  | 'FEATURE_TYPE_NO_VALUES'
  | 'FEATURE_TYPE_UNEXPECTED_REPEATED'
  | 'FLOAT_TYPE_BIG_FLOAT'
  | 'FLOAT_TYPE_NOT_FLOAT'
  | 'FLOAT_TYPE_SMALL_FLOAT'
  | 'FLOAT_TYPE_STRING_NOT_FLOAT'
  | 'FLOAT_TYPE_NON_STRING'
  | 'FLOAT_TYPE_UNKNOWN_TYPE_NUMBER'
  | 'INT_TYPE_BIG_INT'
  | 'INT_TYPE_INT_EXPECTED'
  | 'INT_TYPE_NOT_INT_STRING'
  | 'INT_TYPE_NOT_STRING'
  | 'INT_TYPE_SMALL_INT'
  | 'INT_TYPE_STRING_EXPECTED'
  | 'INT_TYPE_UNKNOWN_TYPE_NUMBER'
  | 'SCHEMA_MISSING_COLUMN'
  | 'SCHEMA_NEW_COLUMN'
  | 'SCHEMA_TRAINING_SERVING_SKEW'
  | 'STRING_TYPE_NOW_FLOAT'
  | 'STRING_TYPE_NOW_INT'
  | 'COMPARATOR_CONTROL_DATA_MISSING'
  | 'COMPARATOR_TREATMENT_DATA_MISSING'
  | 'COMPARATOR_L_INFTY_HIGH'
  | 'NO_DATA_IN_SPAN'
  | 'SPARSE_FEATURE_MISSING_VALUE'
  | 'SPARSE_FEATURE_MISSING_INDEX'
  | 'SPARSE_FEATURE_LENGTH_MISMATCH'
  | 'SPARSE_FEATURE_NAME_COLLISION'
  | 'SEMANTIC_DOMAIN_UPDATE'
  | 'COMPARATOR_LOW_NUM_EXAMPLES'
  | 'COMPARATOR_HIGH_NUM_EXAMPLES'
  | 'DATASET_LOW_NUM_EXAMPLES'
  | 'BOOL_TYPE_UNEXPECTED_FLOAT'
  | 'FLOAT_TYPE_HAS_NAN'
  | 'WEIGHTED_FEATURE_NAME_COLLISION'
  | 'WEIGHTED_FEATURE_MISSING_VALUE'
  | 'WEIGHTED_FEATURE_MISSING_WEIGHT'
  | 'WEIGHTED_FEATURE_LENGTH_MISMATCH'
  | 'DATASET_HIGH_NUM_EXAMPLES'
  | 'FEATURE_TYPE_HIGH_UNIQUE'
  | 'FEATURE_TYPE_LOW_UNIQUE'
  | 'FEATURE_TYPE_NO_UNIQUE'
  | 'FLOAT_TYPE_HAS_INF'
  | 'COMPARATOR_JENSEN_SHANNON_DIVERGENCE_HIGH'
  | 'LOW_SUPPORTED_IMAGE_FRACTION'
  | 'VALUE_NESTEDNESS_MISMATCH'
  | 'DOMAIN_INVALID_FOR_TYPE'
  | 'FEATURE_MISSING_NAME'
  | 'FEATURE_MISSING_TYPE'
  | 'INVALID_SCHEMA_SPECIFICATION'
  | 'UNEXPECTED_DATA_TYPE'
  | 'SEQUENCE_VALUE_TOO_FEW_OCCURRENCES'
  | 'SEQUENCE_VALUE_TOO_MANY_OCCURRENCES'
  | 'SEQUENCE_VALUE_TOO_SMALL_FRACTION'
  | 'SEQUENCE_VALUE_TOO_LARGE_FRACTION'
  | 'FEATURE_COVERAGE_TOO_LOW'
  | 'FEATURE_COVERAGE_TOO_SHORT_AVG_TOKEN_LENGTH'
  | 'NLP_WRONG_LOCATION'
  | 'EMBEDDING_SHAPE_INVALID'
  | 'MAX_IMAGE_BYTE_SIZE_EXCEEDED'
  | 'INVALID_FEATURE_SHAPE'
  | 'INVALID_DOMAIN_SPECIFICATION'
  | 'MULTIPLE_REASONS'
  | 'STATS_NOT_AVAILABLE'
  | 'DERIVED_FEATURE_BAD_LIFECYCLE'
  | 'DERIVED_FEATURE_INVALID_SOURCE'
  | 'CUSTOM_VALIDATION'
  | 'COMPARATOR_NORMALIZED_ABSOLUTE_DIFFERENCE_HIGH'
  | 'BOOL_TYPE_INVALID_CONFIG';

export interface AnomalyReason {
  type?: AnomalyType;
  shortDescription?: string;
  description?: string;
}

export interface DiffRegion {
  unchanged?: { leftStart?: number; rightStart?: number; contents?: string[] };
  removed?: { start?: number; contents?: string[] };
  added?: { start?: number; contents?: string[] };
  changed?: { leftStart?: number; leftContents?: string[]; rightStart?: number; rightContents?: string[] };
  hidden?: { leftStart?: number; rightStart?: number; size?: number };
}

export interface AnomalyInfo {
  path?: Path;
  severity?: Severity;
  description?: string;
  shortDescription?: string;
  diffRegions?: DiffRegion[];
  reason?: AnomalyReason[];
}

export type MeasurementType = 'UNKNOWN' | 'L_INFTY' | 'JENSEN_SHANNON_DIVERGENCE' | 'NORMALIZED_ABSOLUTE_DIFFERENCE';

export interface DriftSkewMeasurement {
  type?: MeasurementType;
  value?: number;
  threshold?: number;
}

export interface DriftSkewInfo {
  path?: Path;
  driftMeasurements?: DriftSkewMeasurement[];
  skewMeasurements?: DriftSkewMeasurement[];
}

export interface Anomalies {
  /** oneof baseline_schema */
  baseline?: Schema;
  /** oneof baseline_schema (deprecated; a Schema like `baseline`) */
  baselineV1?: Schema;
  anomalyNameFormat?: AnomalyNameFormat;
  anomalyInfo?: Record<string, AnomalyInfo>;
  datasetAnomalyInfo?: AnomalyInfo;
  dataMissing?: boolean;
  driftSkewInfo?: DriftSkewInfo[];
}
