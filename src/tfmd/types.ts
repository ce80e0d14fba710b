// GENERATED from src/tfmd/descriptors.ts by src/tfmd/render-types.ts (npm run generate:tfmd-types).
// Do not edit: change the descriptors and regenerate; test/tfmd/types-generated.test.ts checks it.

/**
 * The tensorflow_metadata (TFMD) v0 message model as plain TypeScript data, one type per message
 * and enum of the descriptors (field numbers live there); what the codecs produce and consume.
 *
 * Representation rules, the same for every message:
 * - field names are the proto3 JSON lowerCamelCase names (`num_examples` -> `numExamples`);
 * - enums are their value names (`'INT'`, `'QUANTILES'`, `'ERROR'`);
 * - 32-bit integers are JS numbers; 64-bit integers (int64, uint64, ...) are `Int64`: a number when
 *   the value is a safe integer (|v| <= 2^53 - 1), a bigint otherwise, so every value is exact;
 *   encoders accept either; bytes are `Uint8Array`;
 * - repeated fields are optional arrays, maps are records, oneof members are optional fields of
 *   which at most one is set;
 * - an unset field is an absent property (presence matters for the proto2 messages: schema,
 *   anomalies, path);
 * - 32-bit `float` fields (e.g. `avgNumValues`, `FloatDomain.min`) hold the float32 value once
 *   parsed or decoded (`0.1` reads as 0.10000000149011612); printers show the shortest form (`0.1`);
 * - an enum number a proto3 (open) enum does not define is kept as a number.
 */

/** A 64-bit protobuf integer: a number when it is a safe integer, a bigint beyond 2^53 - 1. */
export type Int64 = number | bigint;

// ---------------------------------------------------------------------------------------------
// Enums

/** SliceValueTypes (proto3 enum). */
export type SliceValueType =
  | 'VALUE_TYPE_DEFAULT'
  | 'VALUE_TYPE_INTEGER'
  | 'VALUE_TYPE_FLOAT'
  | 'VALUE_TYPE_UNSUPPORTED';

/** FeatureNameStatistics.Type (proto3 enum). */
export type StatisticsFeatureType = 'INT' | 'FLOAT' | 'STRING' | 'BYTES' | 'STRUCT';

/** Histogram.HistogramType (proto3 enum). */
export type HistogramType = 'STANDARD' | 'QUANTILES';

/** LifecycleStage (proto2 enum). */
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

/** StringDomain.Categorical (proto2 enum). */
export type StringDomainCategorical = 'CATEGORICAL_UNSPECIFIED' | 'CATEGORICAL_YES' | 'CATEGORICAL_NO';

/** TimeDomain.IntegerTimeFormat (proto2 enum). */
export type IntegerTimeFormat =
  | 'FORMAT_UNKNOWN'
  | 'UNIX_DAYS'
  | 'UNIX_SECONDS'
  | 'UNIX_MILLISECONDS'
  | 'UNIX_MICROSECONDS'
  | 'UNIX_NANOSECONDS';

/** TimeOfDayDomain.IntegerTimeOfDayFormat (proto2 enum). */
export type IntegerTimeOfDayFormat = 'FORMAT_UNKNOWN' | 'PACKED_64_NANOS';

/** FeatureType (proto2 enum). */
export type FeatureType = 'TYPE_UNKNOWN' | 'BYTES' | 'INT' | 'FLOAT' | 'STRUCT';

/** HistogramSelection.Type (proto2 enum). */
export type HistogramSelectionType = 'DEFAULT' | 'QUANTILES' | 'STANDARD';

/** TensorRepresentation.RowPartitionDType (proto2 enum). */
export type RowPartitionDType = 'UNSPECIFIED' | 'INT64' | 'INT32';

/** SequenceMetadata.SequentialStatus (proto2 enum). */
export type SequentialStatus = 'SEQUENTIAL_UNSPECIFIED' | 'SEQUENTIAL_YES' | 'SEQUENTIAL_NO';

/** AnomalyInfo.Severity (proto2 enum). */
export type Severity = 'UNKNOWN' | 'WARNING' | 'ERROR';

/** AnomalyInfo.Type (proto2 enum). */
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

/** Anomalies.AnomalyNameFormat (proto2 enum). */
export type AnomalyNameFormat = 'UNKNOWN' | 'SERIALIZED_PATH';

/** DriftSkewInfo.Measurement.Type (proto2 enum). */
export type MeasurementType = 'UNKNOWN' | 'L_INFTY' | 'JENSEN_SHANNON_DIVERGENCE' | 'NORMALIZED_ABSOLUTE_DIFFERENCE';

// ---------------------------------------------------------------------------------------------
// Messages

/** google.protobuf.Any (proto3). */
export interface AnyMessage {
  typeUrl?: string;
  value?: Uint8Array;
}

/** Path (proto2). */
export interface Path {
  step?: string[];
}

/** DerivedFeatureSource (proto3). */
export interface DerivedFeatureSource {
  deriverName?: string;
  description?: string;
  sourcePath?: Path[];
  declarativelyConfigured?: boolean;
  config?: DerivedFeatureConfig;
}

/** DerivedFeatureConfig (proto3). */
export interface DerivedFeatureConfig {
  /** oneof type */
  allowlist?: AllowlistDeriver;
  /** oneof type */
  argmaxTopK?: ArgmaxTopK;
  /** oneof type */
  reduceOp?: ReduceOp;
  /** oneof type */
  sliceSql?: SliceSql;
  /** oneof type */
  imageQuality?: ImageQualityDeriver;
}

/** AllowlistDeriver (proto3). */
export interface AllowlistDeriver {
  allowedBytesValue?: Uint8Array[];
  placeholderValue?: Uint8Array;
}

/** ArgmaxTopK (proto3). */
export interface ArgmaxTopK {
  k?: number;
}

/** ReduceOp (proto3). */
export interface ReduceOp {
  opName?: string;
}

/** ImageQualityDeriver (proto3). */
export interface ImageQualityDeriver {
  modelName?: string;
}

/** SliceSql (proto3). */
export interface SliceSql {
  expression?: string;
  featureValueType?: SliceValueType;
  dropStructName?: boolean;
  /** oneof default_feature_value_for_failed_sql */
  int64DefaultFeatureValue?: Int64;
  /** oneof default_feature_value_for_failed_sql */
  floatDefaultFeatureValue?: number;
  /** oneof default_feature_value_for_failed_sql */
  stringDefaultFeatureValue?: string;
}

/** DatasetFeatureStatisticsList (proto3). */
export interface DatasetFeatureStatisticsList {
  datasets?: DatasetFeatureStatistics[];
}

/** DatasetFeatureStatistics (proto3). */
export interface DatasetFeatureStatistics {
  name?: string;
  numExamples?: Int64;
  features?: FeatureNameStatistics[];
  weightedNumExamples?: number;
  crossFeatures?: CrossFeatureStatistics[];
}

/** CrossFeatureStatistics (proto3). */
export interface CrossFeatureStatistics {
  pathX?: Path;
  pathY?: Path;
  count?: Int64;
  /** oneof cross_stats */
  numCrossStats?: NumericCrossStatistics;
  /** oneof cross_stats */
  categoricalCrossStats?: CategoricalCrossStatistics;
}

/** NumericCrossStatistics (proto3). */
export interface NumericCrossStatistics {
  correlation?: number;
  covariance?: number;
}

/** CategoricalCrossStatistics (proto3). */
export interface CategoricalCrossStatistics {
  lift?: LiftStatistics;
}

/** LiftStatistics (proto3). */
export interface LiftStatistics {
  liftSeries?: LiftSeries[];
  weightedLiftSeries?: LiftSeries[];
}

/** LiftSeries (proto3). */
export interface LiftSeries {
  /** oneof y_value */
  yInt?: number;
  /** oneof y_value */
  yString?: string;
  /** oneof y_value */
  yBucket?: LiftSeriesBucket;
  /** oneof y_count_value */
  yCount?: Int64;
  /** oneof y_count_value */
  weightedYCount?: number;
  liftValues?: LiftValue[];
}

/** LiftSeries.Bucket (proto3). */
export interface LiftSeriesBucket {
  lowValue?: number;
  highValue?: number;
}

/** LiftSeries.LiftValue (proto3). */
export interface LiftValue {
  /** oneof x_value */
  xInt?: number;
  /** oneof x_value */
  xString?: string;
  lift?: number;
  /** oneof x_count_value */
  xCount?: Int64;
  /** oneof x_count_value */
  weightedXCount?: number;
  /** oneof x_and_y_count_value */
  xAndYCount?: Int64;
  /** oneof x_and_y_count_value */
  weightedXAndYCount?: number;
}

/** FeatureNameStatistics (proto3). */
export interface FeatureNameStatistics {
  /** oneof field_id */
  name?: string;
  type?: StatisticsFeatureType;
  /** oneof stats */
  numStats?: NumericStatistics;
  /** oneof stats */
  stringStats?: StringStatistics;
  /** oneof stats */
  bytesStats?: BytesStatistics;
  customStats?: CustomStatistic[];
  /** oneof stats */
  structStats?: StructStatistics;
  /** oneof field_id */
  path?: Path;
  validationDerivedSource?: DerivedFeatureSource;
}

/** WeightedCommonStatistics (proto3). */
export interface WeightedCommonStatistics {
  numNonMissing?: number;
  numMissing?: number;
  avgNumValues?: number;
  totNumValues?: number;
}

/** CustomStatistic (proto3). */
export interface CustomStatistic {
  name?: string;
  /** oneof val */
  num?: number;
  /** oneof val */
  str?: string;
  /** oneof val */
  histogram?: Histogram;
  /** oneof val */
  rankHistogram?: RankHistogram;
  /** oneof val */
  any?: AnyMessage;
}

/** NumericStatistics (proto3). */
export interface NumericStatistics {
  commonStats?: CommonStatistics;
  mean?: number;
  stdDev?: number;
  numZeros?: Int64;
  min?: number;
  median?: number;
  max?: number;
  histograms?: Histogram[];
  weightedNumericStats?: WeightedNumericStatistics;
}

/** StringStatistics (proto3). */
export interface StringStatistics {
  commonStats?: CommonStatistics;
  unique?: Int64;
  topValues?: FreqAndValue[];
  avgLength?: number;
  rankHistogram?: RankHistogram;
  weightedStringStats?: WeightedStringStatistics;
  vocabularyFile?: string;
  invalidUtf8Count?: Int64;
}

/** StringStatistics.FreqAndValue (proto3). */
export interface FreqAndValue {
  value?: string;
  frequency?: number;
}

/** NaturalLanguageStatistics (proto3). */
export interface NaturalLanguageStatistics {
  featureCoverage?: number;
  avgTokenLength?: number;
  tokenLengthHistogram?: Histogram;
  locationMisses?: Int64;
  reportedSequences?: string[];
  tokenStatistics?: TokenStatistics[];
  rankHistogram?: RankHistogram;
  weightedNlStatistics?: WeightedNaturalLanguageStatistics;
  sequenceLengthHistogram?: Histogram;
  minSequenceLength?: Int64;
  maxSequenceLength?: Int64;
}

/** NaturalLanguageStatistics.TokenStatistics (proto3). */
export interface TokenStatistics {
  /** oneof token */
  stringToken?: string;
  /** oneof token */
  intToken?: Int64;
  frequency?: number;
  fractionOfSequences?: number;
  perSequenceMinFrequency?: number;
  perSequenceAvgFrequency?: number;
  perSequenceMaxFrequency?: number;
  positions?: Histogram;
}

/** WeightedNaturalLanguageStatistics (proto3). */
export interface WeightedNaturalLanguageStatistics {
  featureCoverage?: number;
  avgTokenLength?: number;
  tokenLengthHistogram?: Histogram;
  locationMisses?: number;
  tokenStatistics?: TokenStatistics;
  rankHistogram?: RankHistogram;
  sequenceLengthHistogram?: Histogram;
}

/** WeightedNumericStatistics (proto3). */
export interface WeightedNumericStatistics {
  mean?: number;
  stdDev?: number;
  median?: number;
  histograms?: Histogram[];
}

/** WeightedStringStatistics (proto3). */
export interface WeightedStringStatistics {
  topValues?: FreqAndValue[];
  rankHistogram?: RankHistogram;
}

/** BytesStatistics (proto3). */
export interface BytesStatistics {
  commonStats?: CommonStatistics;
  unique?: Int64;
  avgNumBytes?: number;
  minNumBytes?: number;
  maxNumBytes?: number;
  maxNumBytesInt?: Int64;
}

/** StructStatistics (proto3). */
export interface StructStatistics {
  commonStats?: CommonStatistics;
}

/** PresenceAndValencyStatistics (proto3). */
export interface PresenceAndValencyStatistics {
  numNonMissing?: Int64;
  numMissing?: Int64;
  minNumValues?: Int64;
  maxNumValues?: Int64;
  totNumValues?: Int64;
}

/** CommonStatistics (proto3). */
export interface CommonStatistics {
  numNonMissing?: Int64;
  numMissing?: Int64;
  minNumValues?: Int64;
  maxNumValues?: Int64;
  avgNumValues?: number;
  numValuesHistogram?: Histogram;
  weightedCommonStats?: WeightedCommonStatistics;
  totNumValues?: Int64;
  featureListLengthHistogram?: Histogram;
  presenceAndValencyStats?: PresenceAndValencyStatistics[];
  weightedPresenceAndValencyStats?: WeightedCommonStatistics[];
}

/** Histogram (proto3). */
export interface Histogram {
  numNan?: Int64;
  numUndefined?: Int64;
  buckets?: HistogramBucket[];
  type?: HistogramType;
  name?: string;
}

/** Histogram.Bucket (proto3). */
export interface HistogramBucket {
  lowValue?: number;
  highValue?: number;
  sampleCount?: number;
}

/** RankHistogram (proto3). */
export interface RankHistogram {
  buckets?: RankHistogramBucket[];
  name?: string;
}

/** RankHistogram.Bucket (proto3). */
export interface RankHistogramBucket {
  lowRank?: Int64;
  highRank?: Int64;
  label?: string;
  sampleCount?: number;
}

/** Schema (proto2). */
export interface Schema {
  feature?: Feature[];
  stringDomain?: StringDomain[];
  defaultEnvironment?: string[];
  sparseFeature?: SparseFeature[];
  annotation?: Annotation;
  floatDomain?: FloatDomain[];
  intDomain?: IntDomain[];
  datasetConstraints?: DatasetConstraints;
  weightedFeature?: WeightedFeature[];
  tensorRepresentationGroup?: Record<string, TensorRepresentationGroup>;
  representVariableLengthAsRagged?: boolean;
}

/** ValueCountList (proto2). */
export interface ValueCountList {
  valueCount?: ValueCount[];
}

/** Feature (proto2). */
export interface Feature {
  name?: string;
  deprecated?: boolean;
  /** oneof shape_type */
  valueCount?: ValueCount;
  type?: FeatureType;
  /** oneof domain_info */
  domain?: string;
  /** oneof domain_info */
  intDomain?: IntDomain;
  /** oneof domain_info */
  floatDomain?: FloatDomain;
  /** oneof domain_info */
  stringDomain?: StringDomain;
  /** oneof domain_info */
  boolDomain?: BoolDomain;
  /** oneof presence_constraints */
  presence?: FeaturePresence;
  distributionConstraints?: DistributionConstraints;
  annotation?: Annotation;
  /** oneof presence_constraints */
  groupPresence?: FeaturePresenceWithinGroup;
  skewComparator?: FeatureComparator;
  notInEnvironment?: string[];
  inEnvironment?: string[];
  driftComparator?: FeatureComparator;
  lifecycleStage?: LifecycleStage;
  /** oneof shape_type */
  shape?: FixedShape;
  /** oneof domain_info */
  naturalLanguageDomain?: NaturalLanguageDomain;
  /** oneof domain_info */
  imageDomain?: ImageDomain;
  /** oneof domain_info */
  midDomain?: MIDDomain;
  /** oneof domain_info */
  urlDomain?: URLDomain;
  /** oneof domain_info */
  timeDomain?: TimeDomain;
  /** oneof domain_info */
  structDomain?: StructDomain;
  /** oneof domain_info */
  timeOfDayDomain?: TimeOfDayDomain;
  uniqueConstraints?: UniqueConstraints;
  /** oneof shape_type */
  valueCounts?: ValueCountList;
  validationDerivedSource?: DerivedFeatureSource;
  sequenceMetadata?: SequenceMetadata;
  /** oneof domain_info */
  audioDomain?: AudioDomain;
  /** oneof domain_info */
  videoDomain?: VideoDomain;
  /** oneof domain_info */
  contentChunkDomain?: ContentChunkDomain;
}

/** Annotation (proto2). */
export interface Annotation {
  tag?: string[];
  comment?: string[];
  extraMetadata?: AnyMessage[];
}

/** NumericValueComparator (proto2). */
export interface NumericValueComparator {
  minFractionThreshold?: number;
  maxFractionThreshold?: number;
}

/** DatasetConstraints (proto2). */
export interface DatasetConstraints {
  numExamplesDriftComparator?: NumericValueComparator;
  numExamplesVersionComparator?: NumericValueComparator;
  minExamplesCount?: Int64;
  maxExamplesCount?: Int64;
}

/** FixedShape (proto2). */
export interface FixedShape {
  dim?: FixedShapeDim[];
}

/** FixedShape.Dim (proto2). */
export interface FixedShapeDim {
  size?: Int64;
  name?: string;
}

/** ValueCount (proto2). */
export interface ValueCount {
  min?: Int64;
  max?: Int64;
}

/** WeightedFeature (proto2). */
export interface WeightedFeature {
  name?: string;
  feature?: Path;
  weightFeature?: Path;
  lifecycleStage?: LifecycleStage;
}

/** SparseFeature (proto2). */
export interface SparseFeature {
  name?: string;
  deprecated?: boolean;
  presence?: FeaturePresence;
  denseShape?: FixedShape;
  indexFeature?: SparseFeatureIndexFeature[];
  lifecycleStage?: LifecycleStage;
  isSorted?: boolean;
  valueFeature?: SparseFeatureValueFeature;
  type?: FeatureType;
}

/** SparseFeature.IndexFeature (proto2). */
export interface SparseFeatureIndexFeature {
  name?: string;
}

/** SparseFeature.ValueFeature (proto2). */
export interface SparseFeatureValueFeature {
  name?: string;
}

/** DistributionConstraints (proto2). */
export interface DistributionConstraints {
  /** default 1 */
  minDomainMass?: number;
}

/** FeatureCoverageConstraints (proto2). */
export interface FeatureCoverageConstraints {
  minCoverage?: number;
  minAvgTokenLength?: number;
  excludedStringTokens?: string[];
  excludedIntTokens?: Int64[];
  oovStringTokens?: string[];
}

/** SequenceValueConstraints (proto2). */
export interface SequenceValueConstraints {
  /** oneof value */
  intValue?: Int64;
  /** oneof value */
  stringValue?: string;
  minPerSequence?: Int64;
  maxPerSequence?: Int64;
  minFractionOfSequences?: number;
  maxFractionOfSequences?: number;
}

/** SequenceLengthConstraints (proto2). */
export interface SequenceLengthConstraints {
  excludedIntValue?: Int64[];
  excludedStringValue?: string[];
  minSequenceLength?: Int64;
  maxSequenceLength?: Int64;
}

/** IntDomain (proto2). */
export interface IntDomain {
  name?: string;
  min?: Int64;
  max?: Int64;
  isCategorical?: boolean;
}

/** FloatDomain (proto2). */
export interface FloatDomain {
  name?: string;
  min?: number;
  max?: number;
  disallowNan?: boolean;
  disallowInf?: boolean;
  isEmbedding?: boolean;
  isCategorical?: boolean;
  embeddingDim?: Int64;
  embeddingType?: string;
}

/** StructDomain (proto2). */
export interface StructDomain {
  feature?: Feature[];
  sparseFeature?: SparseFeature[];
}

/** StringDomain (proto2). */
export interface StringDomain {
  name?: string;
  value?: string[];
  isCategorical?: StringDomainCategorical;
}

/** BoolDomain (proto2). */
export interface BoolDomain {
  name?: string;
  trueValue?: string;
  falseValue?: string;
}

/** NaturalLanguageDomain (proto2). */
export interface NaturalLanguageDomain {
  vocabulary?: string;
  coverage?: FeatureCoverageConstraints;
  tokenConstraints?: SequenceValueConstraints[];
  sequenceLengthConstraints?: SequenceLengthConstraints;
}

/** ImageDomain (proto2). */
export interface ImageDomain {
  minimumSupportedImageFraction?: number;
  maxImageByteSize?: Int64;
}

/** AudioDomain (proto2). */
export type AudioDomain = Record<string, never>;

/** VideoDomain (proto2). */
export type VideoDomain = Record<string, never>;

/** ContentChunkDomain (proto2). */
export type ContentChunkDomain = Record<string, never>;

/** MIDDomain (proto2). */
export type MIDDomain = Record<string, never>;

/** URLDomain (proto2). */
export type URLDomain = Record<string, never>;

/** TimeDomain (proto2). */
export interface TimeDomain {
  /** oneof format */
  stringFormat?: string;
  /** oneof format */
  integerFormat?: IntegerTimeFormat;
}

/** TimeOfDayDomain (proto2). */
export interface TimeOfDayDomain {
  /** oneof format */
  stringFormat?: string;
  /** oneof format */
  integerFormat?: IntegerTimeOfDayFormat;
}

/** FeaturePresence (proto2). */
export interface FeaturePresence {
  minFraction?: number;
  minCount?: Int64;
}

/** FeaturePresenceWithinGroup (proto2). */
export interface FeaturePresenceWithinGroup {
  required?: boolean;
}

/** InfinityNorm (proto2). */
export interface InfinityNorm {
  threshold?: number;
}

/** HistogramSelection (proto2). */
export interface HistogramSelection {
  type?: HistogramSelectionType;
}

/** JensenShannonDivergence (proto2). */
export interface JensenShannonDivergence {
  threshold?: number;
  source?: HistogramSelection;
}

/** NormalizedAbsoluteDifference (proto2). */
export interface NormalizedAbsoluteDifference {
  threshold?: number;
}

/** FeatureComparator (proto2). */
export interface FeatureComparator {
  infinityNorm?: InfinityNorm;
  jensenShannonDivergence?: JensenShannonDivergence;
  normalizedAbsDifference?: NormalizedAbsoluteDifference;
}

/** UniqueConstraints (proto2). */
export interface UniqueConstraints {
  min?: Int64;
  max?: Int64;
}

/** TensorRepresentation (proto2). */
export interface TensorRepresentation {
  /** oneof kind */
  denseTensor?: TensorRepresentationDenseTensor;
  /** oneof kind */
  varlenSparseTensor?: TensorRepresentationVarLenSparseTensor;
  /** oneof kind */
  sparseTensor?: TensorRepresentationSparseTensor;
  /** oneof kind */
  raggedTensor?: TensorRepresentationRaggedTensor;
}

/** TensorRepresentation.DefaultValue (proto2). */
export interface TensorRepresentationDefaultValue {
  /** oneof kind */
  floatValue?: number;
  /** oneof kind */
  intValue?: Int64;
  /** oneof kind */
  bytesValue?: Uint8Array;
  /** oneof kind */
  uintValue?: Int64;
}

/** TensorRepresentation.DenseTensor (proto2). */
export interface TensorRepresentationDenseTensor {
  columnName?: string;
  shape?: FixedShape;
  defaultValue?: TensorRepresentationDefaultValue;
}

/** TensorRepresentation.VarLenSparseTensor (proto2). */
export interface TensorRepresentationVarLenSparseTensor {
  columnName?: string;
}

/** TensorRepresentation.SparseTensor (proto2). */
export interface TensorRepresentationSparseTensor {
  denseShape?: FixedShape;
  indexColumnNames?: string[];
  valueColumnName?: string;
  alreadySorted?: boolean;
}

/** TensorRepresentation.RaggedTensor (proto2). */
export interface TensorRepresentationRaggedTensor {
  featurePath?: Path;
  rowPartitionDtype?: RowPartitionDType;
  partition?: TensorRepresentationRaggedTensorPartition[];
}

/** TensorRepresentation.RaggedTensor.Partition (proto2). */
export interface TensorRepresentationRaggedTensorPartition {
  /** oneof kind */
  uniformRowLength?: Int64;
  /** oneof kind */
  rowLength?: string;
}

/** TensorRepresentationGroup (proto2). */
export interface TensorRepresentationGroup {
  tensorRepresentation?: Record<string, TensorRepresentation>;
}

/** SequenceMetadata (proto2). */
export interface SequenceMetadata {
  sequentialStatus?: SequentialStatus;
  jointGroup?: string;
  sequenceTruncationLimit?: Int64;
}

/** AnomalyInfo (proto2). */
export interface AnomalyInfo {
  description?: string;
  diffRegions?: DiffRegion[];
  severity?: Severity;
  shortDescription?: string;
  reason?: AnomalyReason[];
  path?: Path;
}

/** AnomalyInfo.Reason (proto2). */
export interface AnomalyReason {
  /** default UNKNOWN_TYPE */
  type?: AnomalyType;
  shortDescription?: string;
  description?: string;
}

/** Anomalies (proto2). */
export interface Anomalies {
  /** oneof baseline_schema */
  baseline?: Schema;
  anomalyInfo?: Record<string, AnomalyInfo>;
  dataMissing?: boolean;
  /** oneof baseline_schema */
  baselineV1?: Schema;
  anomalyNameFormat?: AnomalyNameFormat;
  datasetAnomalyInfo?: AnomalyInfo;
  driftSkewInfo?: DriftSkewInfo[];
}

/** DriftSkewInfo (proto2). */
export interface DriftSkewInfo {
  path?: Path;
  driftMeasurements?: DriftSkewMeasurement[];
  skewMeasurements?: DriftSkewMeasurement[];
}

/** DriftSkewInfo.Measurement (proto2). */
export interface DriftSkewMeasurement {
  type?: MeasurementType;
  value?: number;
  threshold?: number;
}

/** DiffRegion (proto2). */
export interface DiffRegion {
  /** oneof details */
  unchanged?: UnchangedRegion;
  /** oneof details */
  removed?: OneSideRegion;
  /** oneof details */
  added?: OneSideRegion;
  /** oneof details */
  changed?: ChangedRegion;
  /** oneof details */
  hidden?: HiddenRegion;
}

/** UnchangedRegion (proto2). */
export interface UnchangedRegion {
  leftStart?: number;
  rightStart?: number;
  contents?: string[];
}

/** OneSideRegion (proto2). */
export interface OneSideRegion {
  start?: number;
  contents?: string[];
}

/** ChangedRegion (proto2). */
export interface ChangedRegion {
  leftStart?: number;
  leftContents?: string[];
  rightStart?: number;
  rightContents?: string[];
}

/** HiddenRegion (proto2). */
export interface HiddenRegion {
  leftStart?: number;
  rightStart?: number;
  size?: number;
}

/** ColumnConstraint (proto2). */
export interface ColumnConstraint {
  enumName?: string;
  columnPath?: Path[];
}

/** EnumsSimilarConfig (proto2). */
export interface EnumsSimilarConfig {
  /** default 10 */
  minCount?: number;
  /** default 0.5 */
  minJaccardSimilarity?: number;
}

/** SeverityOverride (proto2). */
export interface SeverityOverride {
  type?: AnomalyType;
  severity?: Severity;
}

/** FeatureStatisticsToProtoConfig (proto2). */
export interface FeatureStatisticsToProtoConfig {
  enumThreshold?: number;
  enumsSimilarConfig?: EnumsSimilarConfig;
  columnConstraint?: ColumnConstraint[];
  columnToIgnore?: string[];
  newFeaturesAreWarnings?: boolean;
  enumDeleteThreshold?: number;
  severityOverrides?: SeverityOverride[];
  inferFeatureShape?: boolean;
}

/** ValidationConfig (proto2). */
export interface ValidationConfig {
  newFeaturesAreWarnings?: boolean;
  severityOverrides?: SeverityOverride[];
}

/** ReasonFeatureNeeded (proto3). */
export interface ReasonFeatureNeeded {
  comment?: string;
}

/** PathAndReasonFeatureNeeded (proto3). */
export interface PathAndReasonFeatureNeeded {
  path?: Path;
  reasonFeatureNeeded?: ReasonFeatureNeeded[];
}

/** FeaturesNeededProto (proto3). */
export interface FeaturesNeededProto {
  pathAndReasonFeatureNeed?: PathAndReasonFeatureNeeded[];
}

/**
 * Message name -> TypeScript type, for the codec functions' return types: the names of
 * tensorflow.metadata.v0 (and tensorflow.data_validation) messages relative to their package.
 */
export interface TfmdMessageTypes {
  Path: Path;
  DerivedFeatureSource: DerivedFeatureSource;
  DerivedFeatureConfig: DerivedFeatureConfig;
  AllowlistDeriver: AllowlistDeriver;
  ArgmaxTopK: ArgmaxTopK;
  ReduceOp: ReduceOp;
  ImageQualityDeriver: ImageQualityDeriver;
  SliceSql: SliceSql;
  DatasetFeatureStatisticsList: DatasetFeatureStatisticsList;
  DatasetFeatureStatistics: DatasetFeatureStatistics;
  CrossFeatureStatistics: CrossFeatureStatistics;
  NumericCrossStatistics: NumericCrossStatistics;
  CategoricalCrossStatistics: CategoricalCrossStatistics;
  LiftStatistics: LiftStatistics;
  LiftSeries: LiftSeries;
  'LiftSeries.Bucket': LiftSeriesBucket;
  'LiftSeries.LiftValue': LiftValue;
  FeatureNameStatistics: FeatureNameStatistics;
  WeightedCommonStatistics: WeightedCommonStatistics;
  CustomStatistic: CustomStatistic;
  NumericStatistics: NumericStatistics;
  StringStatistics: StringStatistics;
  'StringStatistics.FreqAndValue': FreqAndValue;
  NaturalLanguageStatistics: NaturalLanguageStatistics;
  'NaturalLanguageStatistics.TokenStatistics': TokenStatistics;
  WeightedNaturalLanguageStatistics: WeightedNaturalLanguageStatistics;
  WeightedNumericStatistics: WeightedNumericStatistics;
  WeightedStringStatistics: WeightedStringStatistics;
  BytesStatistics: BytesStatistics;
  StructStatistics: StructStatistics;
  PresenceAndValencyStatistics: PresenceAndValencyStatistics;
  CommonStatistics: CommonStatistics;
  Histogram: Histogram;
  'Histogram.Bucket': HistogramBucket;
  RankHistogram: RankHistogram;
  'RankHistogram.Bucket': RankHistogramBucket;
  Schema: Schema;
  ValueCountList: ValueCountList;
  Feature: Feature;
  Annotation: Annotation;
  NumericValueComparator: NumericValueComparator;
  DatasetConstraints: DatasetConstraints;
  FixedShape: FixedShape;
  'FixedShape.Dim': FixedShapeDim;
  ValueCount: ValueCount;
  WeightedFeature: WeightedFeature;
  SparseFeature: SparseFeature;
  'SparseFeature.IndexFeature': SparseFeatureIndexFeature;
  'SparseFeature.ValueFeature': SparseFeatureValueFeature;
  DistributionConstraints: DistributionConstraints;
  FeatureCoverageConstraints: FeatureCoverageConstraints;
  SequenceValueConstraints: SequenceValueConstraints;
  SequenceLengthConstraints: SequenceLengthConstraints;
  IntDomain: IntDomain;
  FloatDomain: FloatDomain;
  StructDomain: StructDomain;
  StringDomain: StringDomain;
  BoolDomain: BoolDomain;
  NaturalLanguageDomain: NaturalLanguageDomain;
  ImageDomain: ImageDomain;
  AudioDomain: AudioDomain;
  VideoDomain: VideoDomain;
  ContentChunkDomain: ContentChunkDomain;
  MIDDomain: MIDDomain;
  URLDomain: URLDomain;
  TimeDomain: TimeDomain;
  TimeOfDayDomain: TimeOfDayDomain;
  FeaturePresence: FeaturePresence;
  FeaturePresenceWithinGroup: FeaturePresenceWithinGroup;
  InfinityNorm: InfinityNorm;
  HistogramSelection: HistogramSelection;
  JensenShannonDivergence: JensenShannonDivergence;
  NormalizedAbsoluteDifference: NormalizedAbsoluteDifference;
  FeatureComparator: FeatureComparator;
  UniqueConstraints: UniqueConstraints;
  TensorRepresentation: TensorRepresentation;
  'TensorRepresentation.DefaultValue': TensorRepresentationDefaultValue;
  'TensorRepresentation.DenseTensor': TensorRepresentationDenseTensor;
  'TensorRepresentation.VarLenSparseTensor': TensorRepresentationVarLenSparseTensor;
  'TensorRepresentation.SparseTensor': TensorRepresentationSparseTensor;
  'TensorRepresentation.RaggedTensor': TensorRepresentationRaggedTensor;
  'TensorRepresentation.RaggedTensor.Partition': TensorRepresentationRaggedTensorPartition;
  TensorRepresentationGroup: TensorRepresentationGroup;
  SequenceMetadata: SequenceMetadata;
  AnomalyInfo: AnomalyInfo;
  'AnomalyInfo.Reason': AnomalyReason;
  Anomalies: Anomalies;
  DriftSkewInfo: DriftSkewInfo;
  'DriftSkewInfo.Measurement': DriftSkewMeasurement;
  DiffRegion: DiffRegion;
  UnchangedRegion: UnchangedRegion;
  OneSideRegion: OneSideRegion;
  ChangedRegion: ChangedRegion;
  HiddenRegion: HiddenRegion;
  ColumnConstraint: ColumnConstraint;
  EnumsSimilarConfig: EnumsSimilarConfig;
  SeverityOverride: SeverityOverride;
  FeatureStatisticsToProtoConfig: FeatureStatisticsToProtoConfig;
  ValidationConfig: ValidationConfig;
  ReasonFeatureNeeded: ReasonFeatureNeeded;
  PathAndReasonFeatureNeeded: PathAndReasonFeatureNeeded;
  FeaturesNeededProto: FeaturesNeededProto;
}
