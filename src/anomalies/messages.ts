import type { AnomalyType, Int64 } from '../tfmd/types.js';
import { type Finding, finding } from './finding.js';
import { printfDouble, printfFloat, sixDigits, utf8SafeCEscape } from './tfdv-format.js';

/**
 * The text of every finding, kept apart from the checks: each builder takes the structured
 * parameters a check measured and renders TFDV's short and long descriptions verbatim (the same
 * words, number formats and quirks, e.g. the trailing ". " of unexpected string values), so
 * anomalies files written by datavet and by TFDV compare equal.
 */

/** An integer outside {0, 1} in a bool-domain feature: the small and the big case share their words. */
function boolInteger<T extends 'BOOL_TYPE_SMALL_INT' | 'BOOL_TYPE_BIG_INT'>(type: T, observed: number) {
  return finding(
    type,
    'Non-boolean values',
    `Integers (such as ${sixDigits(observed)}) not in {0, 1}: converting to an integer.`,
    { observed },
  );
}

/** A float in a bool-domain feature: TFDV words the histogram case and the value case differently. */
function boolUnexpectedFloat(description: string, observed?: number) {
  const params: { observed?: number } = observed === undefined ? {} : { observed };
  return finding('BOOL_TYPE_UNEXPECTED_FLOAT', 'Non-boolean values', description, params);
}

/** (T, C) names TFDV uses in comparator messages. */
export interface ComparatorContext {
  /** "training" (skew) or "current" (drift). */
  readonly treatment: string;
  /** "serving" (skew) or "previous" (drift). */
  readonly control: string;
}

export const messages = {
  // Schema self-checks: only a short description, the long one stays empty (TFDV).
  invalidSchema: (problem: string, description = '') =>
    finding('INVALID_SCHEMA_SPECIFICATION', problem, description, { problem }),
  missingName: () =>
    finding(
      'FEATURE_MISSING_NAME',
      'unspecified name (maybe meant to be the empty string): find name rather than deprecating.',
      '',
    ),
  missingTypeWithDomain: () =>
    finding(
      'FEATURE_MISSING_TYPE',
      'unspecified type: inferring the type to be BYTES, given the domain specified.',
      '',
    ),
  missingType: () =>
    finding('FEATURE_MISSING_TYPE', 'unspecified type: determine the type and set it, rather than deprecating.', ''),
  domainInvalidForType: (domain: string, type: string) =>
    finding(
      'DOMAIN_INVALID_FOR_TYPE',
      'The domain does not match the type',
      `The domain "${domain}" does not match the type: ${type}`,
      { domain, type },
    ),
  // TFDV clears the reference before printing it, so the name is always empty here.
  missingStringDomain: (name: string) =>
    finding('INVALID_DOMAIN_SPECIFICATION', 'missing domain: ', '', { domain: name }),
  unknownDomain: () => finding('INVALID_DOMAIN_SPECIFICATION', 'internal issue: unknown domain_info type', ''),

  notPresent: () =>
    finding('FEATURE_TYPE_NOT_PRESENT', 'Column dropped', 'The feature was not present in any examples.'),
  newColumn: () => finding('SCHEMA_NEW_COLUMN', 'New column', 'New column (column in data but not in schema)'),
  newColumnInEnvironment: (path: string, environment: string) =>
    finding(
      'SCHEMA_NEW_COLUMN',
      'Column missing in environment',
      `New column ${path} found in data but not in the environment ${environment} in the schema.`,
      { path, environment },
    ),
  missingColumn: () => finding('SCHEMA_MISSING_COLUMN', 'Column dropped', 'Column is completely missing'),

  valueCountOnNested: () =>
    finding(
      'VALUE_NESTEDNESS_MISMATCH',
      'Mismatched value nest level',
      'This feature has a value_count, but the nestedness level of the feature > 1. For features with nestedness levels greater than 1, value_counts, not value_count, should be specified.',
    ),
  valueCountsLevelMismatch: (expected: number, actual: number) =>
    finding(
      'VALUE_NESTEDNESS_MISMATCH',
      'Mismatched value nest level',
      'The values have a different nest level than expected. Value counts will not be checked.',
      { expected, actual },
    ),
  lowNumberValues: (min: Int64, observed: number, level?: number) =>
    finding(
      'FEATURE_TYPE_LOW_NUMBER_VALUES',
      'Missing values',
      level === undefined
        ? 'Some examples have fewer values than expected.'
        : `Some examples have fewer values than expected at nestedness level ${level}.`,
      level === undefined ? { min, observed } : { min, observed, level },
    ),
  highNumberValues: (max: Int64, observed: number, level?: number) =>
    finding(
      'FEATURE_TYPE_HIGH_NUMBER_VALUES',
      'Superfluous values',
      level === undefined
        ? 'Some examples have more values than expected.'
        : `Some examples have more values than expected at nestedness level ${level}.`,
      level === undefined ? { max, observed } : { max, observed, level },
    ),
  shapeVariable: () =>
    finding(
      'INVALID_FEATURE_SHAPE',
      'Feature shape dropped',
      "The feature has a shape, but it's not always present (if the feature is nested, then it should always be present at each nested level) or its value lengths vary.",
    ),
  shapeIncompatible: (actual: number, expected: Int64) =>
    finding(
      'INVALID_FEATURE_SHAPE',
      'Feature shape dropped',
      `The feature has fixed value length ${actual} but it's not compatible with the specified shape.`,
      { actual, expected },
    ),
  lowNumberPresent: (minCount: Int64, actual: number) =>
    finding(
      'FEATURE_TYPE_LOW_NUMBER_PRESENT',
      'Column dropped',
      `The feature was present in fewer examples than expected: minimum count = ${minCount}, actual = ${actual}`,
      { minCount, actual },
    ),
  lowFractionPresent: (minFraction: number, actual: number) =>
    finding(
      'FEATURE_TYPE_LOW_FRACTION_PRESENT',
      'Column dropped',
      `The feature was present in fewer examples than expected: minimum fraction = ${printfFloat(minFraction)}, actual = ${printfDouble(actual)}`,
      { minFraction, actual },
    ),
  expectedEverywhere: (numMissing: number) =>
    finding(
      'FEATURE_TYPE_LOW_FRACTION_PRESENT',
      'Column dropped',
      `The feature was expected everywhere, but was missing in ${sixDigits(numMissing)} examples.`,
      { numMissing },
    ),
  /** `request` carries what a single request adds (serving): how many values, one of them, a number in a string. */
  unexpectedDataType: (
    expected: string,
    actual: string,
    request: { count?: number; example?: string; numericString?: boolean } = {},
  ) =>
    finding('UNEXPECTED_DATA_TYPE', 'Unexpected data type', `Expected data of type: ${expected} but got ${actual}`, {
      expected,
      actual,
      ...request,
    }),
  bytesWithDomain: (featureText: string) =>
    finding(
      'DOMAIN_INVALID_FOR_TYPE',
      'Invalid domain type',
      `Data is marked as BYTES with incompatible domain_info: ${featureText}`,
    ),

  invalidUtf8: () =>
    finding('ENUM_TYPE_INVALID_UTF8', 'Invalid UTF8 strings', 'Found strings that were not valid UTF8 strings.'),
  unexpectedStringValues: (missing: readonly [string, number][], total: number) =>
    finding(
      'ENUM_TYPE_UNEXPECTED_STRING_VALUES',
      'Unexpected string values',
      `Examples contain values missing from the schema: ${missing
        .map(([value, count]) => `${utf8SafeCEscape(value)} (${percentage(Math.trunc(count), total)})`)
        .join(', ')}. `,
      { values: missing.map(([v]) => v), total },
    ),
  stringDomainTooBig: (size: number) =>
    finding(
      'INVALID_DOMAIN_SPECIFICATION',
      'String domain has too many values',
      `String domain has too many values (${size}).`,
      { size },
    ),

  boolSmallInt: (min: number) => boolInteger('BOOL_TYPE_SMALL_INT', min),
  boolBigInt: (max: number) => boolInteger('BOOL_TYPE_BIG_INT', max),
  boolUnexpectedFloat: boolUnexpectedFloat,
  boolFloatValue: (value: number) =>
    boolUnexpectedFloat(`Floats (such as ${sixDigits(value)}) not in {0, 1}: converting to float_domain.`, value),
  boolNanValue: () => boolUnexpectedFloat('Floats (such as NaN) not in {0, 1}: converting to float_domain.'),
  boolUnexpectedString: (value: string, valid: string) =>
    finding(
      'BOOL_TYPE_UNEXPECTED_STRING',
      'Non-boolean values',
      `Saw unexpected value "${value}" instead of ${valid}.`,
      {
        value,
      },
    ),

  intNotIntString: (example: string) =>
    finding(
      'INT_TYPE_NOT_INT_STRING',
      'Invalid values',
      `String values that were not ints were found, such as "${example}".`,
      { example },
    ),
  intNotInt64: (example: string) =>
    finding(
      'DOMAIN_INVALID_FOR_TYPE',
      'Invalid values',
      `Integer had values that were not valid Int64, such as "${example}".`,
      { example },
    ),
  intDomainIncompatible: (typeNumber: number) =>
    finding('DOMAIN_INVALID_FOR_TYPE', 'Invalid values', `IntDomain incompatible with feature type ${typeNumber}`),
  smallInt: (min: string) =>
    finding('INT_TYPE_SMALL_INT', 'Out-of-range values', `Unexpectedly small value: ${min}.`, { observed: min }),
  bigInt: (max: string) =>
    finding('INT_TYPE_BIG_INT', 'Out-of-range values', `Unexpectedly large value: ${max}.`, { observed: max }),

  floatHasNan: () => finding('FLOAT_TYPE_HAS_NAN', 'Invalid values', 'Float feature has NaN values.'),
  floatHasInf: () => finding('FLOAT_TYPE_HAS_INF', 'Invalid values', 'Float feature has Inf values.'),
  floatNotFloatString: (example: string) =>
    finding(
      'FLOAT_TYPE_STRING_NOT_FLOAT',
      'Invalid values',
      `String values that were not floats were found, such as "${example}".`,
      { example },
    ),
  smallFloat: (observed: number, min: number) =>
    finding(
      'FLOAT_TYPE_SMALL_FLOAT',
      'Out-of-range values',
      `Unexpectedly low values: ${sixDigits(observed)}<${sixDigits(min)}(upto six significant digits)`,
      { observed, min },
    ),
  bigFloat: (observed: number, max: number) =>
    finding(
      'FLOAT_TYPE_BIG_FLOAT',
      'Out-of-range values',
      `Unexpectedly high value: ${sixDigits(observed)}>${sixDigits(max)}(upto six significant digits)`,
      { observed, max },
    ),

  lowImageFraction: (fraction: number, threshold: number) =>
    finding(
      'LOW_SUPPORTED_IMAGE_FRACTION',
      'Low supported image fraction',
      `Fraction of values containing TensorFlow supported images: ${printfFloat(fraction)} is lower than the threshold set in the Schema: ${printfFloat(threshold)}.`,
      { fraction, threshold },
    ),
  imageTooLarge: (maxBytes: Int64, allowed: Int64) =>
    finding(
      'MAX_IMAGE_BYTE_SIZE_EXCEEDED',
      'Num bytes exceeds the max byte size.',
      `The largest image has bytes: ${maxBytes}. The max allowed byte size is: ${allowed}.`,
      { maxBytes, allowed },
    ),

  nlStatsMissing: () =>
    finding(
      'STATS_NOT_AVAILABLE',
      'Natural language stats are not computed.',
      'Constraints specified in natural language domain cannot be verified because natural language stats have not been computed.',
    ),
  coverageTooLow: (coverage: number, min: number) =>
    finding(
      'FEATURE_COVERAGE_TOO_LOW',
      'Feature coverage is too low.',
      `Fraction of tokens in the vocabulary: ${sixDigits(coverage)} is lower than the threshold set in the Schema: ${sixDigits(Math.fround(min))}.`,
      { coverage, min },
    ),
  tokenLengthTooShort: (avg: number, min: number) =>
    finding(
      'FEATURE_COVERAGE_TOO_SHORT_AVG_TOKEN_LENGTH',
      'Average token length is too short.',
      `Average token length is: ${sixDigits(avg)} which is lower than the threshold set in the Schema: ${sixDigits(Math.fround(min))}.`,
      { avg, min },
    ),
  tooSmallFraction: (token: string, fraction: number, min: number) =>
    finding(
      'SEQUENCE_VALUE_TOO_SMALL_FRACTION',
      'Value occurs in too small a fraction of sequences.',
      `Fraction of sequences with value: ${token} is: ${sixDigits(fraction)} which is lower than the threshold set in the Schema: ${sixDigits(Math.fround(min))}.`,
      { token, fraction, min },
    ),
  tooLargeFraction: (token: string, fraction: number, max: number) =>
    finding(
      'SEQUENCE_VALUE_TOO_LARGE_FRACTION',
      'Value occurs in too large a fraction of sequences.',
      `Fraction of sequences with value: ${token} is: ${sixDigits(fraction)} which is higher than the threshold set in the Schema: ${sixDigits(Math.fround(max))}.`,
      { token, fraction, max },
    ),
  tooFewOccurrences: (token: string, observed: number, min: Int64) =>
    finding(
      'SEQUENCE_VALUE_TOO_FEW_OCCURRENCES',
      'Value has too few per-sequence occurrences.',
      `Value: ${token} occurs at least: ${sixDigits(observed)} times within a sequence, which is lower than the threshold set in the Schema: ${min}.`,
      { token, observed, min },
    ),
  tooManyOccurrences: (token: string, observed: number, max: Int64) =>
    finding(
      'SEQUENCE_VALUE_TOO_MANY_OCCURRENCES',
      'Value has too many per-sequence occurrences.',
      `Value: ${token} occurs at most: ${sixDigits(observed)} times within a sequence, which is higher than the threshold set in the Schema: ${max}.`,
      { token, observed, max },
    ),
  semanticDomainUpdate: (name: string) =>
    finding('SEMANTIC_DOMAIN_UPDATE', 'Updated semantic domain', `Updated semantic domain for feature: ${name}`),

  lowUnique: (min: Int64, found: number) =>
    finding(
      'FEATURE_TYPE_LOW_UNIQUE',
      'Low number of unique values',
      `Expected at least ${min} unique values but found only ${found}.`,
      { min, found },
    ),
  highUnique: (max: Int64, found: number) =>
    finding(
      'FEATURE_TYPE_HIGH_UNIQUE',
      'High number of unique values',
      `Expected no more than ${max} unique values but found ${found}.`,
      { max, found },
    ),
  noUnique: () =>
    finding(
      'FEATURE_TYPE_NO_UNIQUE',
      'No unique values',
      'UniqueConstraints specified for the feature, but unique values were not counted (i.e., feature is not string or categorical).',
    ),

  lInfinityHigh: (ctx: ComparatorContext, value: number, threshold: number, worst: string) =>
    finding(
      'COMPARATOR_L_INFTY_HIGH',
      `High Linfty distance between ${ctx.treatment} and ${ctx.control}`,
      `The Linfty distance between ${ctx.treatment} and ${ctx.control} is ${sixDigits(value)} (up to six significant digits), above the threshold ${sixDigits(threshold)}. The feature value with maximum difference is: ${worst}`,
      { value, threshold, worst },
    ),
  normalizedAbsDifferenceHigh: (ctx: ComparatorContext, value: number, threshold: number, worst: string) =>
    finding(
      'COMPARATOR_NORMALIZED_ABSOLUTE_DIFFERENCE_HIGH',
      `High normalized absolute difference between ${ctx.treatment} and ${ctx.control}`,
      `The normalized absolute difference between ${ctx.treatment} and ${ctx.control} is ${sixDigits(value)} (up to six significant digits), above the threshold ${sixDigits(threshold)}. The feature value with maximum difference is: ${worst}`,
      { value, threshold, worst },
    ),
  jensenShannonHigh: (ctx: ComparatorContext, value: number, threshold: number) =>
    finding(
      'COMPARATOR_JENSEN_SHANNON_DIVERGENCE_HIGH',
      `High approximate Jensen-Shannon divergence between ${ctx.treatment} and ${ctx.control}`,
      `The approximate Jensen-Shannon divergence between ${ctx.treatment} and ${ctx.control} is ${sixDigits(value)} (up to six significant digits), above the threshold ${sixDigits(threshold)}.`,
      { value, threshold },
    ),
  controlDataMissing: (ctx: ComparatorContext) =>
    finding('COMPARATOR_CONTROL_DATA_MISSING', `${ctx.control} data missing`, `${ctx.control} data is missing.`),

  derivedSourceNotSet: () =>
    finding('DERIVED_FEATURE_INVALID_SOURCE', 'Derived source not set in schema.', 'Derived source not set in schema.'),
  derivedBadLifecycle: () =>
    finding(
      'DERIVED_FEATURE_BAD_LIFECYCLE',
      'Derived feature has wrong lifecycle.',
      'Derived feature has wrong lifecycle.',
    ),

  sparseNameCollision: () =>
    finding('SPARSE_FEATURE_NAME_COLLISION', 'Sparse feature name collision', 'Sparse feature name collision.'),
  sparseMissingValue: (count: number) =>
    finding(
      'SPARSE_FEATURE_MISSING_VALUE',
      'Missing value feature',
      `Found ${sixDigits(count)} examples missing value feature`,
      { count },
    ),
  sparseMissingIndex: (count: number, index: string) =>
    finding(
      'SPARSE_FEATURE_MISSING_INDEX',
      'Missing index feature',
      `Found ${count} examples missing index feature: ${index}`,
      { count, index },
    ),
  sparseLengthMismatch: (index: string, stat: string, difference: number) =>
    finding(
      'SPARSE_FEATURE_LENGTH_MISMATCH',
      'Length mismatch between value and index feature',
      `Mismatch between index feature: ${index} and value column, with ${stat} = ${difference}`,
      { index, stat, difference },
    ),
  weightedNameCollision: () =>
    finding('WEIGHTED_FEATURE_NAME_COLLISION', 'Weighted feature name collision', 'Weighted feature name collision.'),
  weightedMissingValue: (count: number) =>
    finding(
      'WEIGHTED_FEATURE_MISSING_VALUE',
      'Missing value feature',
      `Found ${sixDigits(count)} examples missing value feature.`,
      { count },
    ),
  weightedMissingWeight: (count: number) =>
    finding(
      'WEIGHTED_FEATURE_MISSING_WEIGHT',
      'Missing weight feature',
      `Found ${sixDigits(count)} examples missing weight feature.`,
      { count },
    ),
  weightedLengthMismatch: (minDiff: number, maxDiff: number) =>
    finding(
      'WEIGHTED_FEATURE_LENGTH_MISMATCH',
      'Length mismatch between value and weight feature',
      `Mismatch between weight and value feature with min_weight_length_diff = ${minDiff} and max_weight_length_diff = ${maxDiff}.`,
      { minDiff, maxDiff },
    ),

  highNumExamplesNoControl: (control: string) =>
    finding(
      'COMPARATOR_HIGH_NUM_EXAMPLES',
      `High num examples in current dataset versus the ${control}, which has 0.`,
      `The ${control} has 0 examples, so there is a high number of examples in the current dataset versus the ${control}.`,
      { control },
    ),
  highNumExamples: (control: string, ratio: number, threshold: number) =>
    finding(
      'COMPARATOR_HIGH_NUM_EXAMPLES',
      `High num examples in current dataset versus the ${control}.`,
      `The ratio of num examples in the current dataset versus the ${control} is ${sixDigits(ratio)} (up to six significant digits), which is above the threshold ${sixDigits(threshold)}.`,
      { control, ratio, threshold },
    ),
  lowNumExamples: (control: string, ratio: number, threshold: number) =>
    finding(
      'COMPARATOR_LOW_NUM_EXAMPLES',
      `Low num examples in current dataset versus the ${control}.`,
      `The ratio of num examples in the current dataset versus the ${control} is ${sixDigits(ratio)} (up to six significant digits), which is below the threshold ${sixDigits(threshold)}.`,
      { control, ratio, threshold },
    ),
  datasetLowNumExamples: (count: number) =>
    finding(
      'DATASET_LOW_NUM_EXAMPLES',
      'Low num examples in dataset.',
      `The dataset has ${sixDigits(count)} examples, which is fewer than expected.`,
      { count },
    ),
  datasetHighNumExamples: (count: number) =>
    finding(
      'DATASET_HIGH_NUM_EXAMPLES',
      'High num examples in dataset.',
      `The dataset has ${sixDigits(count)} examples, which is more than expected.`,
      { count },
    ),
} as const satisfies Record<string, (...args: never[]) => Finding<AnomalyType>>;

/**
 * Every finding the message table can build: a union discriminated by `type`, so narrowing on the
 * type gives that type's parameters. Derived from the table, never written out by hand.
 */
export type AnomalyFinding = ReturnType<(typeof messages)[keyof typeof messages]>;

/** The parameters of the findings of one anomaly type (a union when the type has several messages). */
export type ParamsOf<T extends AnomalyFinding['type']> = Extract<AnomalyFinding, { type: T }>['params'];

/** The anomaly types the message table can produce. */
export type FindingType = AnomalyFinding['type'];

/** "<1%", "~N%" (floor) or "?" when the total is unknown, as TFDV writes value shares. */
function percentage(count: number, total: number): string {
  if (!(total !== 0) || Number.isNaN(total)) return '?';
  const percent = (100 * count) / total;
  return percent < 1 ? '<1%' : `~${Math.floor(percent)}%`;
}
