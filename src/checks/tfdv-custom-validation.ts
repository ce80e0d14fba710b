import { defineProtoFiles } from '../proto/define-proto-file.js';
import { ProtoRegistry } from '../proto/descriptor.js';
import { parseText } from '../proto/text-parser.js';
import { featurePathText } from '../tfmd/vocabulary.js';
import type { CheckDefinition, CheckSet } from './check-definition.js';
import { DEFAULT_MAX_EXACT_KEYS, DEFAULT_MAX_EXAMPLES } from './check-definition.js';
import { CheckError } from './check-error.js';
import { parseExpression } from './parser.js';

/**
 * TFDV's `CustomValidationConfig` (TFDV 1.11 to 1.17, text format): SQL expressions over one
 * feature's statistics (`feature.num_stats.mean > 0`), or over a feature of the data and of a
 * baseline (`feature_test…`, `feature_base…`). Read where an expression is within the check
 * language: each statistics path becomes a metric (`mean(col)`, `previous(mean(col))` for the
 * baseline), the SQL around it (`AND`, `OR`, `NOT`, comparisons, arithmetic) reads as it is.
 */
const CONFIG_PROTO = `
message CustomValidationConfig {
  repeated FeatureValidation feature_validations = 1;
  repeated FeaturePairValidation feature_pair_validations = 2;
}
message FeatureValidation {
  optional string dataset_name = 1;
  optional tensorflow.metadata.v0.Path feature_path = 2;
  repeated Validation validations = 3;
}
message FeaturePairValidation {
  optional string dataset_name = 1;
  optional string base_dataset_name = 2;
  optional tensorflow.metadata.v0.Path feature_test_path = 3;
  optional tensorflow.metadata.v0.Path feature_base_path = 4;
  repeated Validation validations = 5;
}
message Validation {
  optional string sql_expression = 1;
  optional Severity severity = 2;
  optional string description = 3;
  repeated string in_environment = 4;
  enum Severity { UNKNOWN = 0; WARNING = 1; ERROR = 2; }
}
`;

const registry = new ProtoRegistry();
defineProtoFiles(registry, [
  { package: 'tensorflow.metadata.v0', syntax: 'proto2', source: 'message Path { repeated string step = 1; }' },
  { package: 'tensorflow.data_validation', syntax: 'proto2', source: CONFIG_PROTO },
]);

interface Validation {
  sqlExpression?: string;
  severity?: 'UNKNOWN' | 'WARNING' | 'ERROR';
  description?: string;
  inEnvironment?: string[];
}
interface Config {
  featureValidations?: { featurePath?: { step?: string[] }; validations?: Validation[] }[];
  featurePairValidations?: {
    featureTestPath?: { step?: string[] };
    featureBasePath?: { step?: string[] };
    validations?: Validation[];
  }[];
}

/** Statistics fields and the metric each is (`num_non_missing` is rows less missing). */
const FIELDS: Readonly<Record<string, (col: string) => string>> = {
  num_missing: (c) => `missing_count(${c})`,
  num_non_missing: (c) => `(row_count - missing_count(${c}))`,
  mean: (c) => `mean(${c})`,
  std_dev: (c) => `std_dev(${c})`,
  min: (c) => `min(${c})`,
  max: (c) => `max(${c})`,
  median: (c) => `median(${c})`,
};

const PATH = /\b(feature|feature_test|feature_base)\.(?:(?:num|string|bytes)_stats\.)?(?:common_stats\.)?([a-z_]+)\b/g;

/** One SQL expression as a dataset condition of the check language, or a CheckError saying what is outside it. */
function translate(
  sql: string,
  test: string,
  base: string | undefined,
  where: string,
  file: string | undefined,
): string {
  const quote = (c: string) => `\`${c}\``;
  const out = sql.replace(PATH, (whole, which: string, field: string) => {
    const metric = FIELDS[field];
    if (!metric) {
      throw new CheckError('CHECK_DEFINITION', `${where}: '${whole}' is not within the check language`, {
        ...(file !== undefined ? { location: { file } } : {}),
        hint: `statistics fields read: ${Object.keys(FIELDS).join(', ')}`,
      });
    }
    if (which === 'feature_base') return `previous(${metric(quote(base ?? test))})`;
    return metric(quote(test));
  });
  // Anything left over (other paths, SQL functions) is rejected by the parser with its position.
  parseExpression(out, { ...(file !== undefined ? { file } : {}), where: `${where} (read as: ${out})` });
  return out;
}

/** Reads a text-format CustomValidationConfig as dataset checks named `tfdv_<feature>_<n>`. */
export function readTfdvCustomValidation(text: string, file?: string): CheckSet {
  const config = parseText(registry, 'tensorflow.data_validation.CustomValidationConfig', text) as Config;
  const checks: CheckDefinition[] = [];
  const add = (v: Validation, test: string, base: string | undefined) => {
    const name = `tfdv_${test.replace(/[^A-Za-z0-9_]/g, '_')}_${checks.length + 1}`;
    const expression = translate(v.sqlExpression ?? '', test, base, name, file);
    checks.push({
      name,
      kind: 'dataset',
      severity: v.severity === 'WARNING' ? 'WARNING' : 'ERROR',
      expression,
      ...(v.description ? { description: v.description } : {}),
      ...(v.inEnvironment?.length ? { environments: v.inEnvironment } : {}),
    });
  };
  for (const fv of config.featureValidations ?? []) {
    const path = featurePathText(fv.featurePath);
    for (const v of fv.validations ?? []) add(v, path, undefined);
  }
  for (const pv of config.featurePairValidations ?? []) {
    const test = featurePathText(pv.featureTestPath);
    const base = featurePathText(pv.featureBasePath);
    for (const v of pv.validations ?? []) add(v, test, base);
  }
  return {
    checks,
    maxExamples: DEFAULT_MAX_EXAMPLES,
    maxExactKeys: DEFAULT_MAX_EXACT_KEYS,
    sources: { byName: new Map() },
  };
}
