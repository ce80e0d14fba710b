import { describe, expect, it } from 'vitest';
import { decodeBinary, displayAnomalies, displaySchema, encodeBinary, parseTextFormat } from '../../src/index.js';

// TFDV's display_schema and display_anomalies, as text tables with TFDV's columns and cells.
describe('displaySchema', () => {
  it("shows name, type, presence, valency and domain per feature, then the string domains' values", () => {
    const schema = parseTextFormat(
      'Schema',
      `feature { name: "company" type: BYTES domain: "company" presence { min_fraction: 1 min_count: 1 } value_count { min: 1 max: 1 } }
feature { name: "fare" type: FLOAT presence { min_count: 1 } float_domain { min: 0 } }
feature { name: "hour" type: INT value_count { min: 1 } int_domain { min: 0 max: 23 } }
feature { name: "tags" type: BYTES value_count { min: 0 max: 4 } string_domain { value: "a" value: "b" } }
feature { name: "raw" type: BYTES }
string_domain { name: "company" value: "Flash Cab" value: "Taxi Affiliation Services" }`,
    );
    expect(displaySchema(schema)).toBe(
      [
        'Feature name  Type    Presence  Valency  Domain',
        "'company'     STRING  required  single   'company'",
        "'fare'        FLOAT   optional  -        [0,inf)",
        "'hour'        INT     optional  [1,inf)  [0,23]",
        "'tags'        STRING  optional  [0,4]    'tags'",
        "'raw'         BYTES   optional  -        -",
        '',
        'Domain     Values',
        "'company'  'Flash Cab', 'Taxi Affiliation Services'",
        "'tags'     'a', 'b'",
        '',
      ].join('\n'),
    );
  });
});

describe('displaySchema of a binary schema', () => {
  it("shows a float domain's 32-bit bounds as the short decimal (24.8, not 24.799999237060547)", () => {
    const text = parseTextFormat('Schema', 'feature { name: "a" type: FLOAT float_domain { min: -1.6 max: 24.8 } }');
    const binary = decodeBinary('Schema', encodeBinary('Schema', text));
    expect(binary.feature?.[0]?.floatDomain?.max).toBe(Math.fround(24.8)); // what the .pb holds
    expect(displaySchema(binary)).toContain("'a'           FLOAT  optional  -        [-1.6,24.8]");
  });
});

describe('displayAnomalies', () => {
  it('lists each feature anomaly, then the dataset anomaly; short descriptions fall back to the reasons', () => {
    const anomalies = parseTextFormat(
      'Anomalies',
      `anomaly_info { key: "payment_type" value { severity: ERROR short_description: "Unexpected string values" description: "Examples contain values missing from the schema: Prcard (<1%)." reason { type: ENUM_TYPE_UNEXPECTED_STRING_VALUES } } }
anomaly_info { key: "tips" value { severity: ERROR reason { type: SCHEMA_MISSING_COLUMN short_description: "Column dropped" description: "The feature was present in fewer examples than expected." } reason { type: FEATURE_TYPE_LOW_NUMBER_PRESENT short_description: "Column dropped" description: "Fewer examples." } } }
dataset_anomaly_info { severity: ERROR short_description: "Low num examples in dataset." description: "The dataset has 0 examples." reason { type: DATASET_LOW_NUM_EXAMPLES } }`,
    );
    expect(displayAnomalies(anomalies)).toBe(
      [
        'Feature name       Anomaly short description       Anomaly long description',
        "'payment_type'     Unexpected string values        Examples contain values missing from the schema: Prcard (<1%).",
        "'tips'             Column dropped; Column dropped  The feature was present in fewer examples than expected. Fewer examples.",
        '[dataset anomaly]  Low num examples in dataset.    The dataset has 0 examples.',
        '',
      ].join('\n'),
    );
  });

  it('says "No anomalies found." when there are none', () => {
    expect(displayAnomalies({})).toBe('No anomalies found.\n');
  });
});
