import type { AnomalyType } from '../tfmd/types.js';

/**
 * The schema change that makes an anomaly go away, per anomaly type, in the words of
 * TFDV's updateSchema. Shown beside the anomaly so the reader knows whether the data or the
 * schema should change; only the common types are listed.
 */
const FIXES: Partial<Record<AnomalyType, string>> = {
  ENUM_TYPE_UNEXPECTED_STRING_VALUES: "Add the new values to the feature's string domain (or fix the data).",
  SCHEMA_NEW_COLUMN: 'Add the feature to the schema.',
  SCHEMA_MISSING_COLUMN:
    'Mark the feature not_in_environment for this environment, or deprecate it if it is gone for good.',
  SCHEMA_TRAINING_SERVING_SKEW: 'Make the feature present in both training and serving data.',
  FEATURE_TYPE_NOT_PRESENT: 'Mark the feature not_in_environment for this environment, or lower presence.',
  FEATURE_TYPE_LOW_FRACTION_PRESENT: 'Lower presence.min_fraction to the observed fraction.',
  FEATURE_TYPE_LOW_NUMBER_PRESENT: 'Lower presence.min_count to the observed count.',
  FEATURE_TYPE_LOW_NUMBER_VALUES: 'Lower value_count.min.',
  FEATURE_TYPE_HIGH_NUMBER_VALUES: 'Raise value_count.max.',
  FEATURE_TYPE_UNEXPECTED_REPEATED: 'Allow more than one value per example (value_count).',
  FEATURE_TYPE_NO_VALUES: 'Allow examples with no values (value_count.min: 0).',
  FEATURE_TYPE_HIGH_UNIQUE: 'Raise unique_constraints.max.',
  FEATURE_TYPE_LOW_UNIQUE: 'Lower unique_constraints.min.',
  INT_TYPE_SMALL_INT: 'Lower int_domain.min to the observed minimum.',
  INT_TYPE_BIG_INT: 'Raise int_domain.max to the observed maximum.',
  FLOAT_TYPE_SMALL_FLOAT: 'Lower float_domain.min to the observed minimum.',
  FLOAT_TYPE_BIG_FLOAT: 'Raise float_domain.max to the observed maximum.',
  FLOAT_TYPE_HAS_NAN: 'Allow NaN (unset float_domain.disallow_nan).',
  FLOAT_TYPE_HAS_INF: 'Allow infinities (unset float_domain.disallow_inf).',
  INT_TYPE_NOT_INT_STRING: 'Change the feature type to BYTES.',
  FLOAT_TYPE_STRING_NOT_FLOAT: 'Change the feature type to BYTES.',
  FLOAT_TYPE_NOT_FLOAT: 'Change the feature type to match the data.',
  INT_TYPE_INT_EXPECTED: 'Change the feature type to FLOAT.',
  STRING_TYPE_NOW_FLOAT: 'Change the feature type to FLOAT.',
  STRING_TYPE_NOW_INT: 'Change the feature type to INT.',
  COMPARATOR_L_INFTY_HIGH: 'If the change is expected, raise the skew/drift comparator threshold.',
  COMPARATOR_JENSEN_SHANNON_DIVERGENCE_HIGH: 'If the change is expected, raise the skew/drift comparator threshold.',
  COMPARATOR_NORMALIZED_ABSOLUTE_DIFFERENCE_HIGH:
    'If the change is expected, raise the skew/drift comparator threshold.',
  DATASET_LOW_NUM_EXAMPLES: 'Lower dataset_constraints.min_examples_count.',
  DATASET_HIGH_NUM_EXAMPLES: 'Raise dataset_constraints.max_examples_count.',
  COMPARATOR_LOW_NUM_EXAMPLES: 'Lower the num_examples comparator min_fraction_threshold.',
  COMPARATOR_HIGH_NUM_EXAMPLES: 'Raise the num_examples comparator max_fraction_threshold.',
};

/** The suggested schema change for an anomaly type, if one is known. */
export function suggestedFix(type: AnomalyType | undefined): string | undefined {
  return type === undefined ? undefined : FIXES[type];
}
