import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { updateSchema, validateStatistics } from '../../src/anomalies/index.js';
import { messagesDiff, parseTextFormat } from '../../src/tfmd/index.js';

// Our own cases for the anomaly types TFDV emits but cases.json does not cover (the conformance suite\'s list of
// uncovered types), written from the rules in docs/validation.md and TFDV's message texts: the exact AnomalyInfo
// validation reports, and the schema updateSchema produces with that finding's fix.
interface OwnCase {
  type: string;
  schema: string;
  statistics: string;
  previous_statistics?: string;
  serving_statistics?: string;
  anomaly_info?: string;
  anomaly_key?: string;
  dataset_anomaly_info?: string;
  updated_schema?: string;
}

const cases = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '..', 'fixtures', 'anomalies', 'uncovered-types.json'), 'utf8'),
) as OwnCase[];
const stats = (text: string) => parseTextFormat('DatasetFeatureStatisticsList', text);

describe('anomaly types without a TFDV conformance case', () => {
  for (const c of cases) {
    it(c.type, () => {
      const schema = parseTextFormat('Schema', c.schema);
      const anomalies = validateStatistics(stats(c.statistics), schema, {
        ...(c.previous_statistics ? { previousStatistics: stats(c.previous_statistics) } : {}),
        ...(c.serving_statistics ? { servingStatistics: stats(c.serving_statistics) } : {}),
      });
      if (c.anomaly_info) {
        const expected = parseTextFormat('AnomalyInfo', c.anomaly_info);
        const key = c.anomaly_key ?? expected.path?.step?.join('.') ?? '';
        expect(Object.keys(anomalies.anomalyInfo ?? {})).toEqual([key]);
        expect(messagesDiff('AnomalyInfo', anomalies.anomalyInfo?.[key] ?? {}, expected)).toEqual([]);
      }
      if (c.dataset_anomaly_info) {
        const expected = parseTextFormat('AnomalyInfo', c.dataset_anomaly_info);
        expect(messagesDiff('AnomalyInfo', anomalies.datasetAnomalyInfo ?? {}, expected)).toEqual([]);
      }
      if (c.updated_schema) {
        const updated = updateSchema(schema, stats(c.statistics));
        expect(messagesDiff('Schema', updated, parseTextFormat('Schema', c.updated_schema))).toEqual([]);
        // The fix is sufficient: the same statistics pass the updated schema.
        expect(validateStatistics(stats(c.statistics), updated).anomalyInfo).toEqual({});
      }
    });
  }

  it('covers every listed type', () => {
    expect(cases.map((c) => c.type)).toEqual(
      expect.arrayContaining([
        'BOOL_TYPE_BIG_INT',
        'BOOL_TYPE_SMALL_INT',
        'BOOL_TYPE_UNEXPECTED_STRING',
        'COMPARATOR_CONTROL_DATA_MISSING',
        'COMPARATOR_HIGH_NUM_EXAMPLES',
        'DATASET_HIGH_NUM_EXAMPLES',
        'DERIVED_FEATURE_INVALID_SOURCE',
        'ENUM_TYPE_INVALID_UTF8',
        'FEATURE_MISSING_NAME',
        'FEATURE_TYPE_NOT_PRESENT',
        'FLOAT_TYPE_BIG_FLOAT',
        'FLOAT_TYPE_SMALL_FLOAT',
        'FLOAT_TYPE_STRING_NOT_FLOAT',
        'INT_TYPE_BIG_INT',
        'INT_TYPE_NOT_INT_STRING',
        'INVALID_DOMAIN_SPECIFICATION',
      ]),
    );
  });
});
