import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findAnomalies, updateSchemaWith, validateStatistics } from '../../src/anomalies/index.js';
import { buildReportModel, schemaChangeText } from '../../src/report/index.js';
import { formatSchemaEntry } from '../../src/report/schema-entry-text.js';
import { getFeature, getStringDomain } from '../../src/schema/index.js';
import { parseTextFormat, readMessageFile } from '../../src/tfmd/index.js';
import type { Schema } from '../../src/tfmd/types.js';

// Statistics and schema written by TFX/TFDV (see test/fixtures/tfx/PROVENANCE.md), with the schema
// narrowed so that the eval split breaks it in several ways.
const tfx = resolve(import.meta.dirname, '..', 'fixtures', 'tfx');
const statsPath = resolve(tfx, 'statistics_gen', 'Split-eval', 'FeatureStats.pb');

function narrowedSchema(): Schema {
  const text = readFileSync(resolve(tfx, 'schema_gen', 'schema.pbtxt'), 'utf8').replace('  value: "Prcard"\n', '');
  const schema = parseTextFormat('Schema', text);
  const feature = (name: string) => schema.feature?.find((f) => f.name === name);
  (feature('fare') ?? {}).floatDomain = { min: 0, max: 10 };
  (feature('trip_start_hour') ?? {}).intDomain = { min: 3, max: 12 };
  (feature('trip_miles') ?? {}).valueCount = { min: 2, max: 2 };
  // A feature the data has and the schema lacks: its change adds it.
  schema.feature = (schema.feature ?? []).filter((f) => f.name !== 'trip_seconds');
  return schema;
}

describe('anomaly values', () => {
  it('carry the anomalies proto unchanged and one value per anomaly', async () => {
    const stats = await readMessageFile(statsPath, 'DatasetFeatureStatisticsList');
    const schema = narrowedSchema();
    const { anomalies, values } = findAnomalies(stats, schema);
    expect(anomalies).toEqual(validateStatistics(stats, schema));
    expect(values.map((v) => v.path.join('.')).sort()).toEqual(Object.keys(anomalies.anomalyInfo ?? {}).sort());
    for (const v of values) {
      const info = anomalies.anomalyInfo?.[v.path.join('.')];
      expect(v.severity).toBe(info?.severity);
      expect(v.findings.map((f) => f.type)).toEqual(info?.reason?.map((r) => r.type));
    }
    // Parameters are typed per type: narrowing on the type gives that type's fields.
    const hour = values.find((v) => v.path[0] === 'trip_start_hour')?.findings[0];
    expect(hour?.type).toBe('INT_TYPE_SMALL_INT');
    if (hour?.type === 'INT_TYPE_SMALL_INT') expect(hour.params.observed).toBe('0');
  });

  it("attach the schema change that update_schema applies, and the report's suggested fix is that change", async () => {
    const stats = await readMessageFile(statsPath, 'DatasetFeatureStatisticsList');
    const schema = narrowedSchema();
    const { anomalies, values } = findAnomalies(stats, schema);
    const changes = values.flatMap((v) => (v.change ? [v.change] : []));
    expect(changes.map((c) => c.path.join('.')).sort()).toEqual(
      ['fare', 'payment_type', 'trip_miles', 'trip_seconds', 'trip_start_hour'].sort(),
    );
    // The same relaxation update_schema makes (validation's configuration: enum threshold 400).
    const dataset = stats.datasets?.[0] ?? {};
    const relaxed = updateSchemaWith(schema, dataset, { config: { enumThreshold: 400, inferFeatureShape: false } });
    for (const change of changes) {
      expect(change.before).toEqual(getFeature(schema, change.path));
      expect(change.after).toEqual(getFeature(relaxed, change.path));
      if (change.stringDomain)
        expect(change.stringDomain.after).toEqual(getStringDomain(relaxed, change.stringDomain.name));
    }

    const model = buildReportModel({ statistics: stats, schema, anomalies, schemaChanges: changes });
    for (const change of changes) {
      const shown = model.features.find((f) => f.path === change.path.join('.'));
      expect(shown?.anomaly?.fix).toEqual(schemaChangeText(change));
      // The entry beside it is the changed entry (absent when only the referenced string domain changes).
      const after = change.after ? formatSchemaEntry(change.after) : undefined;
      const before = change.before ? formatSchemaEntry(change.before) : undefined;
      expect(shown?.suggestedEntry).toBe(after === before ? undefined : after);
    }
    const fix = (path: string) => model.features.find((f) => f.path === path)?.anomaly?.fix;
    expect(fix('trip_start_hour')).toEqual(['int_domain.min: 3 → 0', 'int_domain.max: 12 → 23']);
    expect(fix('payment_type')).toEqual(['string_domain "payment_type".value: add "Prcard"']);
    expect(fix('trip_seconds')?.[0]).toMatch(/^add the feature: feature \{ name: "trip_seconds"/);
  });
});
