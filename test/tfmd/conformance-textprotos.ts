import { readFileSync } from 'node:fs';

/** One textproto found in the TFDV conformance cases, with the message type it holds. */
export interface ConformanceTextproto {
  readonly caseId: string;
  /** Where in the case it sits, e.g. `inputs.schema` or `expected.anomaly_info["foo"]`. */
  readonly where: string;
  readonly messageName: string;
  readonly text: string;
}

interface ConformanceCase {
  id: string;
  kind: string;
  entry_point: string;
  inputs: Record<string, unknown>;
  expected: Record<string, unknown>;
}

// Which message type each case field holds (test/fixtures/conformance/tfdv/PROVENANCE.md documents the fields). Values that are
// not textprotos (environment names, histogram selections, notes) are not listed.
const INPUT_TYPES: Record<string, string> = {
  statistics: 'DatasetFeatureStatisticsList',
  statistics_2: 'DatasetFeatureStatisticsList',
  previous_statistics: 'DatasetFeatureStatisticsList',
  serving_statistics: 'DatasetFeatureStatisticsList',
  previous_version_statistics: 'DatasetFeatureStatisticsList',
  schema: 'Schema',
  feature_statistics_to_proto_config: 'FeatureStatisticsToProtoConfig',
  feature_stats: 'FeatureNameStatistics',
  control_feature_stats: 'FeatureNameStatistics',
  treatment_feature_stats: 'FeatureNameStatistics',
  feature: 'Feature',
  presence: 'FeaturePresence',
  dataset_statistics: 'DatasetFeatureStatistics',
};

const EXPECTED_TYPES: Record<string, string> = {
  schema: 'Schema',
  anomalies: 'Anomalies',
  anomaly_info: 'AnomalyInfo',
  dataset_anomaly_info: 'AnomalyInfo',
  drift_skew_info: 'DriftSkewInfo',
  feature_stats: 'FeatureNameStatistics',
  fixed_feature: 'Feature',
  fixed_presence: 'FeaturePresence',
  suggested_schema_unasserted: 'Schema',
};

export const CASES_PATH = new URL('../fixtures/conformance/tfdv/cases.json', import.meta.url);

/** Every textproto in the conformance cases (inputs and expectations, inside lists and maps too). */
export function conformanceTextprotos(): ConformanceTextproto[] {
  const cases = JSON.parse(readFileSync(CASES_PATH, 'utf8')) as ConformanceCase[];
  const found: ConformanceTextproto[] = [];
  const walk = (caseId: string, where: string, messageName: string, value: unknown): void => {
    if (typeof value === 'string') found.push({ caseId, where, messageName, text: value });
    else if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) walk(caseId, `${where}[${i}]`, messageName, item);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value))
        walk(caseId, `${where}[${JSON.stringify(key)}]`, messageName, item);
    }
  };
  for (const c of cases) {
    for (const [key, value] of Object.entries(c.inputs)) {
      const type = INPUT_TYPES[key];
      // `{"$invalid_python_value": ...}` inputs are deliberately not messages (API error cases).
      if (type && !(value !== null && typeof value === 'object' && '$invalid_python_value' in value)) {
        walk(c.id, `inputs.${key}`, type, value);
      }
    }
    for (const [key, value] of Object.entries(c.expected)) {
      const type = EXPECTED_TYPES[key];
      if (type) walk(c.id, `expected.${key}`, type, value);
    }
  }
  return found;
}
