import type { ProtoFileSpec } from '../proto/define-proto-file.js';
import { defineProtoFiles } from '../proto/define-proto-file.js';
import { ProtoRegistry } from '../proto/descriptor.js';
import { defineWellKnownTypes } from '../proto/well-known.js';

/**
 * The tensorflow_metadata v0 protos (path, derived_feature, statistics, schema, anomalies) and the
 * TFDV-private configuration protos that conformance inputs use, written from the field tables in
 * docs (tensorflow_metadata 1.18 / TFDV 1.22): same names, field numbers, types, labels, enum
 * numbers and defaults, so the codecs are wire-compatible with TFX. This text is the source; the
 * registry the library loads is its snapshot (descriptors.generated.ts, `npm run generate:tfmd-descriptors`).
 */

export const TFMD_PACKAGE = 'tensorflow.metadata.v0';
const PACKAGE = TFMD_PACKAGE;

const PATH_PROTO = `
message Path { repeated string step = 1; }
`;

const DERIVED_FEATURE_PROTO = `
message DerivedFeatureSource {
  string deriver_name = 1; string description = 2; repeated Path source_path = 3;
  bool declaratively_configured = 4; DerivedFeatureConfig config = 5;
}
message DerivedFeatureConfig {
  oneof type {
    AllowlistDeriver allowlist = 1; ArgmaxTopK argmax_top_k = 2; ReduceOp reduce_op = 3;
    SliceSql slice_sql = 4; ImageQualityDeriver image_quality = 5;
  }
}
message AllowlistDeriver { repeated bytes allowed_bytes_value = 1; bytes placeholder_value = 2; }
message ArgmaxTopK { uint32 k = 1; }
message ReduceOp { string op_name = 1; }
message ImageQualityDeriver { string model_name = 1; }
enum SliceValueTypes { VALUE_TYPE_DEFAULT = 0; VALUE_TYPE_INTEGER = 1; VALUE_TYPE_FLOAT = 2; VALUE_TYPE_UNSUPPORTED = 3; }
message SliceSql {
  string expression = 1; SliceValueTypes feature_value_type = 2; bool drop_struct_name = 3;
  oneof default_feature_value_for_failed_sql {
    int64 int64_default_feature_value = 4; float float_default_feature_value = 5;
    string string_default_feature_value = 6;
  }
}
`;

const STATISTICS_PROTO = `
message DatasetFeatureStatisticsList { repeated DatasetFeatureStatistics datasets = 1; }
message DatasetFeatureStatistics {
  string name = 1; uint64 num_examples = 2; double weighted_num_examples = 4;
  repeated FeatureNameStatistics features = 3; repeated CrossFeatureStatistics cross_features = 5;
}
message CrossFeatureStatistics {
  Path path_x = 1; Path path_y = 2; uint64 count = 3;
  oneof cross_stats { NumericCrossStatistics num_cross_stats = 4; CategoricalCrossStatistics categorical_cross_stats = 5; }
}
message NumericCrossStatistics { float correlation = 1; float covariance = 2; }
message CategoricalCrossStatistics { LiftStatistics lift = 1; }
message LiftStatistics { repeated LiftSeries lift_series = 1; repeated LiftSeries weighted_lift_series = 2; }
message LiftSeries {
  message Bucket { double low_value = 1; double high_value = 2; }
  oneof y_value { int32 y_int = 1; string y_string = 2; Bucket y_bucket = 3; }
  oneof y_count_value { uint64 y_count = 4; double weighted_y_count = 5; }
  message LiftValue {
    oneof x_value { int32 x_int = 1; string x_string = 2; }
    double lift = 3;
    oneof x_count_value { uint64 x_count = 4; double weighted_x_count = 5; }
    oneof x_and_y_count_value { uint64 x_and_y_count = 6; double weighted_x_and_y_count = 7; }
  }
  repeated LiftValue lift_values = 6;
}
message FeatureNameStatistics {
  enum Type { INT = 0; FLOAT = 1; STRING = 2; BYTES = 3; STRUCT = 4; }
  oneof field_id { string name = 1; Path path = 8; }
  Type type = 2;
  oneof stats {
    NumericStatistics num_stats = 3; StringStatistics string_stats = 4;
    BytesStatistics bytes_stats = 5; StructStatistics struct_stats = 7;
  }
  repeated CustomStatistic custom_stats = 6;
  DerivedFeatureSource validation_derived_source = 10;
  reserved 9;
}
message WeightedCommonStatistics {
  double num_non_missing = 1; double num_missing = 2; double avg_num_values = 3; double tot_num_values = 4;
}
message CustomStatistic {
  string name = 1;
  oneof val {
    double num = 2; string str = 3; Histogram histogram = 4; RankHistogram rank_histogram = 5;
    google.protobuf.Any any = 6;
  }
}
message NumericStatistics {
  CommonStatistics common_stats = 1; double mean = 2; double std_dev = 3; uint64 num_zeros = 4;
  double min = 5; double median = 6; double max = 7; repeated Histogram histograms = 8;
  WeightedNumericStatistics weighted_numeric_stats = 9;
}
message StringStatistics {
  CommonStatistics common_stats = 1; uint64 unique = 2;
  message FreqAndValue { reserved 1; string value = 2; double frequency = 3; }
  repeated FreqAndValue top_values = 3; float avg_length = 4; RankHistogram rank_histogram = 5;
  WeightedStringStatistics weighted_string_stats = 6; string vocabulary_file = 7; uint64 invalid_utf8_count = 8;
}
message NaturalLanguageStatistics {
  double feature_coverage = 1; double avg_token_length = 2; Histogram token_length_histogram = 3;
  int64 min_sequence_length = 10; int64 max_sequence_length = 11; Histogram sequence_length_histogram = 9;
  int64 location_misses = 4; repeated string reported_sequences = 5;
  message TokenStatistics {
    oneof token { string string_token = 1; int64 int_token = 2; }
    double frequency = 3; double fraction_of_sequences = 4; double per_sequence_min_frequency = 5;
    double per_sequence_avg_frequency = 6; double per_sequence_max_frequency = 7; Histogram positions = 8;
  }
  repeated TokenStatistics token_statistics = 6; RankHistogram rank_histogram = 7;
  WeightedNaturalLanguageStatistics weighted_nl_statistics = 8;
}
message WeightedNaturalLanguageStatistics {
  double feature_coverage = 1; double avg_token_length = 2; Histogram token_length_histogram = 3;
  Histogram sequence_length_histogram = 9; double location_misses = 4;
  NaturalLanguageStatistics.TokenStatistics token_statistics = 5; RankHistogram rank_histogram = 6;
}
message WeightedNumericStatistics { double mean = 1; double std_dev = 2; double median = 3; repeated Histogram histograms = 4; }
message WeightedStringStatistics { repeated StringStatistics.FreqAndValue top_values = 1; RankHistogram rank_histogram = 2; }
message BytesStatistics {
  CommonStatistics common_stats = 1; uint64 unique = 2; float avg_num_bytes = 3; float min_num_bytes = 4;
  float max_num_bytes = 5; int64 max_num_bytes_int = 6;
}
message StructStatistics { CommonStatistics common_stats = 1; }
message PresenceAndValencyStatistics {
  uint64 num_non_missing = 1; uint64 num_missing = 2; uint64 min_num_values = 3; uint64 max_num_values = 4;
  uint64 tot_num_values = 5;
}
message CommonStatistics {
  uint64 num_non_missing = 1; uint64 num_missing = 2; uint64 min_num_values = 3; uint64 max_num_values = 4;
  float avg_num_values = 5; uint64 tot_num_values = 8; Histogram num_values_histogram = 6;
  WeightedCommonStatistics weighted_common_stats = 7; Histogram feature_list_length_histogram = 9;
  repeated PresenceAndValencyStatistics presence_and_valency_stats = 10;
  repeated WeightedCommonStatistics weighted_presence_and_valency_stats = 11;
}
message Histogram {
  message Bucket { double low_value = 1; double high_value = 2; double sample_count = 4; reserved 3; }
  uint64 num_nan = 1; uint64 num_undefined = 2; repeated Bucket buckets = 3;
  enum HistogramType { STANDARD = 0; QUANTILES = 1; }
  HistogramType type = 4; string name = 5;
}
message RankHistogram {
  message Bucket { uint64 low_rank = 1; uint64 high_rank = 2; string label = 4; double sample_count = 5; reserved 3; }
  repeated Bucket buckets = 1; string name = 2;
}
`;

const SCHEMA_PROTO = `
enum LifecycleStage {
  UNKNOWN_STAGE = 0; PLANNED = 1; ALPHA = 2; BETA = 3; PRODUCTION = 4; DEPRECATED = 5; DEBUG_ONLY = 6;
  DISABLED = 7; VALIDATION_DERIVED = 9;
}
message Schema {
  repeated Feature feature = 1; repeated SparseFeature sparse_feature = 6; repeated WeightedFeature weighted_feature = 12;
  repeated StringDomain string_domain = 4; repeated FloatDomain float_domain = 9; repeated IntDomain int_domain = 10;
  repeated string default_environment = 5; bool represent_variable_length_as_ragged = 14;
  Annotation annotation = 8; DatasetConstraints dataset_constraints = 11;
  map<string, TensorRepresentationGroup> tensor_representation_group = 13;
}
message ValueCountList { repeated ValueCount value_count = 1; }
message Feature {
  string name = 1; bool deprecated = 2 [deprecated = true];
  oneof presence_constraints { FeaturePresence presence = 14; FeaturePresenceWithinGroup group_presence = 17; }
  oneof shape_type { FixedShape shape = 23; ValueCount value_count = 5; ValueCountList value_counts = 32; }
  FeatureType type = 6;
  oneof domain_info {
    string domain = 7; IntDomain int_domain = 9; FloatDomain float_domain = 10; StringDomain string_domain = 11;
    BoolDomain bool_domain = 13; StructDomain struct_domain = 29; NaturalLanguageDomain natural_language_domain = 24;
    ImageDomain image_domain = 25; AudioDomain audio_domain = 36; VideoDomain video_domain = 37;
    ContentChunkDomain content_chunk_domain = 38; MIDDomain mid_domain = 26; URLDomain url_domain = 27;
    TimeDomain time_domain = 28; TimeOfDayDomain time_of_day_domain = 30;
  }
  DistributionConstraints distribution_constraints = 15; Annotation annotation = 16;
  FeatureComparator skew_comparator = 18; FeatureComparator drift_comparator = 21;
  repeated string in_environment = 20; repeated string not_in_environment = 19;
  LifecycleStage lifecycle_stage = 22; UniqueConstraints unique_constraints = 31;
  DerivedFeatureSource validation_derived_source = 34; SequenceMetadata sequence_metadata = 35;
  reserved 33;
}
message Annotation { repeated string tag = 1; repeated string comment = 2; repeated google.protobuf.Any extra_metadata = 3; }
message NumericValueComparator { double min_fraction_threshold = 1; double max_fraction_threshold = 2; }
message DatasetConstraints {
  NumericValueComparator num_examples_drift_comparator = 1; NumericValueComparator num_examples_version_comparator = 2;
  int64 min_examples_count = 3; int64 max_examples_count = 4;
}
message FixedShape { repeated Dim dim = 2; message Dim { int64 size = 1; string name = 2; } }
message ValueCount { int64 min = 1; int64 max = 2; }
message WeightedFeature { string name = 1; Path feature = 2; Path weight_feature = 3; LifecycleStage lifecycle_stage = 4; }
message SparseFeature {
  reserved 11;
  string name = 1; bool deprecated = 2; LifecycleStage lifecycle_stage = 7; FeaturePresence presence = 4;
  FixedShape dense_shape = 5; repeated IndexFeature index_feature = 6; message IndexFeature { string name = 1; }
  bool is_sorted = 8; ValueFeature value_feature = 9; message ValueFeature { string name = 1; }
  FeatureType type = 10;
}
message DistributionConstraints { double min_domain_mass = 1 [default = 1.0]; }
message FeatureCoverageConstraints {
  float min_coverage = 1; float min_avg_token_length = 2; repeated string excluded_string_tokens = 3;
  repeated int64 excluded_int_tokens = 4 [packed = true]; repeated string oov_string_tokens = 5;
}
message SequenceValueConstraints {
  oneof value { int64 int_value = 1; string string_value = 2; }
  int64 min_per_sequence = 3; int64 max_per_sequence = 4;
  float min_fraction_of_sequences = 5; float max_fraction_of_sequences = 6;
}
message SequenceLengthConstraints {
  repeated int64 excluded_int_value = 1; repeated string excluded_string_value = 2;
  int64 min_sequence_length = 3; int64 max_sequence_length = 4;
}
message IntDomain { string name = 1; int64 min = 3; int64 max = 4; bool is_categorical = 5; }
message FloatDomain {
  string name = 1; float min = 3; float max = 4; bool disallow_nan = 5; bool disallow_inf = 6; bool is_embedding = 7;
  bool is_categorical = 8; int64 embedding_dim = 9; string embedding_type = 10;
}
message StructDomain { repeated Feature feature = 1; repeated SparseFeature sparse_feature = 2; }
message StringDomain {
  string name = 1; repeated string value = 2;
  enum Categorical { CATEGORICAL_UNSPECIFIED = 0; CATEGORICAL_YES = 1; CATEGORICAL_NO = 2; }
  Categorical is_categorical = 3;
}
message BoolDomain { string name = 1; string true_value = 2; string false_value = 3; }
message NaturalLanguageDomain {
  string vocabulary = 1; FeatureCoverageConstraints coverage = 2; repeated SequenceValueConstraints token_constraints = 3;
  SequenceLengthConstraints sequence_length_constraints = 5; reserved 4;
}
message ImageDomain { float minimum_supported_image_fraction = 1; int64 max_image_byte_size = 2; }
message AudioDomain {}
message VideoDomain {}
message ContentChunkDomain {}
message MIDDomain {}
message URLDomain {}
message TimeDomain {
  enum IntegerTimeFormat {
    FORMAT_UNKNOWN = 0; UNIX_DAYS = 5; UNIX_SECONDS = 1; UNIX_MILLISECONDS = 2; UNIX_MICROSECONDS = 3; UNIX_NANOSECONDS = 4;
  }
  oneof format { string string_format = 1; IntegerTimeFormat integer_format = 2; }
}
message TimeOfDayDomain {
  enum IntegerTimeOfDayFormat { FORMAT_UNKNOWN = 0; PACKED_64_NANOS = 1; }
  oneof format { string string_format = 1; IntegerTimeOfDayFormat integer_format = 2; }
}
enum FeatureType { TYPE_UNKNOWN = 0; BYTES = 1; INT = 2; FLOAT = 3; STRUCT = 4; }
message FeaturePresence { double min_fraction = 1; int64 min_count = 2; }
message FeaturePresenceWithinGroup { bool required = 1; }
message InfinityNorm { double threshold = 1; }
message HistogramSelection { enum Type { DEFAULT = 0; QUANTILES = 1; STANDARD = 2; } Type type = 1; }
message JensenShannonDivergence { double threshold = 1; HistogramSelection source = 2; }
message NormalizedAbsoluteDifference { double threshold = 1; }
message FeatureComparator {
  InfinityNorm infinity_norm = 1; JensenShannonDivergence jensen_shannon_divergence = 2;
  NormalizedAbsoluteDifference normalized_abs_difference = 3;
}
message UniqueConstraints { int64 min = 1; int64 max = 2; }
message TensorRepresentation {
  message DefaultValue { oneof kind { double float_value = 1; int64 int_value = 2; bytes bytes_value = 3; uint64 uint_value = 4; } }
  message DenseTensor { string column_name = 1; FixedShape shape = 2; DefaultValue default_value = 3; }
  message VarLenSparseTensor { string column_name = 1; }
  message SparseTensor {
    FixedShape dense_shape = 1; repeated string index_column_names = 2; string value_column_name = 3; bool already_sorted = 4;
  }
  message RaggedTensor {
    Path feature_path = 1;
    message Partition { oneof kind { int64 uniform_row_length = 1; string row_length = 2; } }
    repeated Partition partition = 3; RowPartitionDType row_partition_dtype = 2;
  }
  enum RowPartitionDType { UNSPECIFIED = 0; INT64 = 1; INT32 = 2; }
  oneof kind {
    DenseTensor dense_tensor = 1; VarLenSparseTensor varlen_sparse_tensor = 2; SparseTensor sparse_tensor = 3;
    RaggedTensor ragged_tensor = 4;
  }
}
message TensorRepresentationGroup { map<string, TensorRepresentation> tensor_representation = 1; }
message SequenceMetadata {
  enum SequentialStatus { SEQUENTIAL_UNSPECIFIED = 0; SEQUENTIAL_YES = 1; SEQUENTIAL_NO = 2; }
  SequentialStatus sequential_status = 3; string joint_group = 4; int64 sequence_truncation_limit = 5;
}
`;

const ANOMALIES_PROTO = `
message AnomalyInfo {
  reserved 1, 3;
  Path path = 8;
  enum Severity { UNKNOWN = 0; WARNING = 1; ERROR = 2; }
  Severity severity = 5; string description = 2; string short_description = 6; repeated DiffRegion diff_regions = 4;
  enum Type {
    UNKNOWN_TYPE = 0; BOOL_TYPE_BIG_INT = 1; BOOL_TYPE_BYTES_NOT_INT = 2; BOOL_TYPE_BYTES_NOT_STRING = 3;
    BOOL_TYPE_FLOAT_NOT_INT = 4; BOOL_TYPE_FLOAT_NOT_STRING = 5; BOOL_TYPE_INT_NOT_STRING = 6; BOOL_TYPE_SMALL_INT = 7;
    BOOL_TYPE_STRING_NOT_INT = 8; BOOL_TYPE_UNEXPECTED_STRING = 9; ENUM_TYPE_BYTES_NOT_STRING = 10;
    ENUM_TYPE_FLOAT_NOT_STRING = 11; ENUM_TYPE_INT_NOT_STRING = 12; ENUM_TYPE_INVALID_UTF8 = 13;
    ENUM_TYPE_UNEXPECTED_STRING_VALUES = 14; FEATURE_TYPE_HIGH_NUMBER_VALUES = 15; FEATURE_TYPE_LOW_FRACTION_PRESENT = 16;
    FEATURE_TYPE_LOW_NUMBER_PRESENT = 17; FEATURE_TYPE_LOW_NUMBER_VALUES = 18; FEATURE_TYPE_NOT_PRESENT = 19;
    FEATURE_TYPE_NO_VALUES = 20; FEATURE_TYPE_UNEXPECTED_REPEATED = 21; FLOAT_TYPE_BIG_FLOAT = 22;
    FLOAT_TYPE_NOT_FLOAT = 23; FLOAT_TYPE_SMALL_FLOAT = 24; FLOAT_TYPE_STRING_NOT_FLOAT = 25; FLOAT_TYPE_NON_STRING = 26;
    FLOAT_TYPE_UNKNOWN_TYPE_NUMBER = 27; INT_TYPE_BIG_INT = 28; INT_TYPE_INT_EXPECTED = 29; INT_TYPE_NOT_INT_STRING = 30;
    INT_TYPE_NOT_STRING = 31; INT_TYPE_SMALL_INT = 32; INT_TYPE_STRING_EXPECTED = 33; INT_TYPE_UNKNOWN_TYPE_NUMBER = 34;
    SCHEMA_MISSING_COLUMN = 35; SCHEMA_NEW_COLUMN = 36; SCHEMA_TRAINING_SERVING_SKEW = 37; STRING_TYPE_NOW_FLOAT = 38;
    STRING_TYPE_NOW_INT = 39; COMPARATOR_CONTROL_DATA_MISSING = 40; COMPARATOR_TREATMENT_DATA_MISSING = 41;
    COMPARATOR_L_INFTY_HIGH = 42; NO_DATA_IN_SPAN = 43; SPARSE_FEATURE_MISSING_VALUE = 44;
    SPARSE_FEATURE_MISSING_INDEX = 45; SPARSE_FEATURE_LENGTH_MISMATCH = 46; SPARSE_FEATURE_NAME_COLLISION = 47;
    SEMANTIC_DOMAIN_UPDATE = 48; COMPARATOR_LOW_NUM_EXAMPLES = 49; COMPARATOR_HIGH_NUM_EXAMPLES = 50;
    DATASET_LOW_NUM_EXAMPLES = 51; BOOL_TYPE_UNEXPECTED_FLOAT = 52; FLOAT_TYPE_HAS_NAN = 53;
    WEIGHTED_FEATURE_NAME_COLLISION = 54; WEIGHTED_FEATURE_MISSING_VALUE = 55; WEIGHTED_FEATURE_MISSING_WEIGHT = 56;
    WEIGHTED_FEATURE_LENGTH_MISMATCH = 57; DATASET_HIGH_NUM_EXAMPLES = 58; FEATURE_TYPE_HIGH_UNIQUE = 59;
    FEATURE_TYPE_LOW_UNIQUE = 60; FEATURE_TYPE_NO_UNIQUE = 61; FLOAT_TYPE_HAS_INF = 62;
    COMPARATOR_JENSEN_SHANNON_DIVERGENCE_HIGH = 63; LOW_SUPPORTED_IMAGE_FRACTION = 64; VALUE_NESTEDNESS_MISMATCH = 65;
    DOMAIN_INVALID_FOR_TYPE = 66; FEATURE_MISSING_NAME = 67; FEATURE_MISSING_TYPE = 68;
    INVALID_SCHEMA_SPECIFICATION = 69; UNEXPECTED_DATA_TYPE = 70; SEQUENCE_VALUE_TOO_FEW_OCCURRENCES = 71;
    SEQUENCE_VALUE_TOO_MANY_OCCURRENCES = 72; SEQUENCE_VALUE_TOO_SMALL_FRACTION = 73;
    SEQUENCE_VALUE_TOO_LARGE_FRACTION = 74; FEATURE_COVERAGE_TOO_LOW = 75;
    FEATURE_COVERAGE_TOO_SHORT_AVG_TOKEN_LENGTH = 76; NLP_WRONG_LOCATION = 77; EMBEDDING_SHAPE_INVALID = 78;
    MAX_IMAGE_BYTE_SIZE_EXCEEDED = 79; INVALID_FEATURE_SHAPE = 80; INVALID_DOMAIN_SPECIFICATION = 81;
    MULTIPLE_REASONS = 82; STATS_NOT_AVAILABLE = 83; DERIVED_FEATURE_BAD_LIFECYCLE = 84;
    DERIVED_FEATURE_INVALID_SOURCE = 85; CUSTOM_VALIDATION = 86; COMPARATOR_NORMALIZED_ABSOLUTE_DIFFERENCE_HIGH = 87;
    BOOL_TYPE_INVALID_CONFIG = 88;
  }
  message Reason { Type type = 1 [default = UNKNOWN_TYPE]; string short_description = 2; string description = 3; }
  repeated Reason reason = 7;
}
message Anomalies {
  reserved 4;
  oneof baseline_schema { Schema baseline = 1; Schema baseline_v1 = 6 [deprecated = true]; }
  enum AnomalyNameFormat { UNKNOWN = 0; SERIALIZED_PATH = 1; }
  AnomalyNameFormat anomaly_name_format = 7;
  map<string, AnomalyInfo> anomaly_info = 2;
  AnomalyInfo dataset_anomaly_info = 8;
  bool data_missing = 3;
  repeated DriftSkewInfo drift_skew_info = 9;
}
message DriftSkewInfo {
  message Measurement {
    enum Type { UNKNOWN = 0; L_INFTY = 1; JENSEN_SHANNON_DIVERGENCE = 2; NORMALIZED_ABSOLUTE_DIFFERENCE = 3; }
    Type type = 1; double value = 2; double threshold = 3;
  }
  Path path = 1; repeated Measurement drift_measurements = 2; repeated Measurement skew_measurements = 3;
}
message DiffRegion {
  oneof details {
    UnchangedRegion unchanged = 1; OneSideRegion removed = 2; OneSideRegion added = 3; ChangedRegion changed = 4;
    HiddenRegion hidden = 5;
  }
}
message UnchangedRegion { int32 left_start = 1; int32 right_start = 2; repeated string contents = 3; }
message OneSideRegion { int32 start = 1; repeated string contents = 2; }
message ChangedRegion {
  int32 left_start = 1; repeated string left_contents = 2; int32 right_start = 3; repeated string right_contents = 4;
}
message HiddenRegion { int32 left_start = 1; int32 right_start = 2; int32 size = 3; }
`;

// TFDV's own configuration protos (package tensorflow.data_validation), used by conformance inputs.
const TFDV_CONFIG_PROTO = `
message ColumnConstraint { repeated tensorflow.metadata.v0.Path column_path = 3; string enum_name = 2; }
message EnumsSimilarConfig { int32 min_count = 1 [default = 10]; double min_jaccard_similarity = 2 [default = 0.5]; }
message SeverityOverride {
  tensorflow.metadata.v0.AnomalyInfo.Type type = 1; tensorflow.metadata.v0.AnomalyInfo.Severity severity = 2;
}
message FeatureStatisticsToProtoConfig {
  reserved 3, 4;
  int32 enum_threshold = 1; int32 enum_delete_threshold = 8; EnumsSimilarConfig enums_similar_config = 2;
  repeated ColumnConstraint column_constraint = 5; repeated string column_to_ignore = 6;
  bool new_features_are_warnings = 7 [deprecated = true]; repeated SeverityOverride severity_overrides = 9;
  bool infer_feature_shape = 10;
}
message ValidationConfig { bool new_features_are_warnings = 1 [deprecated = true]; repeated SeverityOverride severity_overrides = 2; }
`;

const TFDV_METADATA_PROTO = `
message ReasonFeatureNeeded { string comment = 1; }
message PathAndReasonFeatureNeeded {
  tensorflow.metadata.v0.Path path = 1; repeated ReasonFeatureNeeded reason_feature_needed = 2;
}
message FeaturesNeededProto { repeated PathAndReasonFeatureNeeded path_and_reason_feature_need = 2; reserved 1; }
`;

/** The TFMD proto files in registration order. */
export const tfmdProtoFiles: readonly ProtoFileSpec[] = [
  { package: PACKAGE, syntax: 'proto2', source: PATH_PROTO },
  { package: PACKAGE, syntax: 'proto3', source: DERIVED_FEATURE_PROTO },
  { package: PACKAGE, syntax: 'proto3', source: STATISTICS_PROTO },
  { package: PACKAGE, syntax: 'proto2', source: SCHEMA_PROTO },
  { package: PACKAGE, syntax: 'proto2', source: ANOMALIES_PROTO },
  { package: 'tensorflow.data_validation', syntax: 'proto2', source: TFDV_CONFIG_PROTO },
  { package: 'tensorflow.data_validation', syntax: 'proto3', source: TFDV_METADATA_PROTO },
];

/** The TFMD registry read from the proto text (what the snapshot is generated from, and checked against). */
export function tfmdRegistryFromProtoText(): ProtoRegistry {
  const registry = new ProtoRegistry();
  defineWellKnownTypes(registry);
  defineProtoFiles(registry, tfmdProtoFiles);
  return registry;
}
