import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { updateSchema, validateStatistics } from '../../src/anomalies/index.js';
import { inferSchema } from '../../src/schema/index.js';
import { decodeBinary, messagesDiff, parseTextFormat } from '../../src/tfmd/index.js';
import type { Schema } from '../../src/tfmd/types.js';

// TFX's own artifacts (test/fixtures/tfx/PROVENANCE.md): StatisticsGen output for the Chicago taxi
// train and eval splits, and the schema SchemaGen wrote from them in 2020.
const dir = resolve(import.meta.dirname, '..', 'fixtures', 'tfx');
const stats = (split: string) =>
  decodeBinary('DatasetFeatureStatisticsList', readFileSync(resolve(dir, 'statistics_gen', split, 'FeatureStats.pb')));
const tfxSchema = parseTextFormat('Schema', readFileSync(resolve(dir, 'schema_gen', 'schema.pbtxt'), 'utf8'));

// The bundled FeatureStats.pb were regenerated after the schema (TFX commit 2a1a00a6) and list
// payment_type before company; TFDV keeps the statistics' feature order, so features are compared
// in the fixture's order. This is the only difference, and it is not an inference rule.
function inFixtureOrder(schema: Schema): Schema {
  const order = (tfxSchema.feature ?? []).map((f) => f.name);
  const domains = (tfxSchema.stringDomain ?? []).map((d) => d.name);
  return {
    ...schema,
    feature: [...(schema.feature ?? [])].sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name)),
    stringDomain: [...(schema.stringDomain ?? [])].sort((a, b) => domains.indexOf(a.name) - domains.indexOf(b.name)),
  };
}

describe('inferSchema on TFDV statistics reproduces TFX SchemaGen', () => {
  it('infer from train then update with eval (SchemaGen over two splits, infer_feature_shape false in 2020)', () => {
    const inferred = inferSchema(stats('Split-train'), { inferFeatureShape: false });
    const evolved = updateSchema(inferred, stats('Split-eval'));
    expect(messagesDiff('Schema', inFixtureOrder(evolved), tfxSchema)).toEqual([]);
  });

  it('train alone gives the same constraints; eval only adds domain values (e.g. Prcard)', () => {
    const inferred = inFixtureOrder(inferSchema(stats('Split-train'), { inferFeatureShape: false }));
    const diff = messagesDiff('Schema', inferred, tfxSchema);
    expect(diff.every((line) => line.startsWith('string_domain['))).toBe(true);
    const payment = inferred.stringDomain?.find((d) => d.name === 'payment_type')?.value ?? [];
    expect(payment).not.toContain('Prcard');
  });

  it("with today's default (infer_feature_shape true) fixed-length features get shape instead of value_count", () => {
    const inferred = inferSchema(stats('Split-train'));
    const fare = inferred.feature?.find((f) => f.name === 'fare');
    expect(fare?.shape).toEqual({ dim: [{ size: 1 }] });
    expect(fare?.valueCount).toBeUndefined();
  });

  it('the eval split validates against the TFX schema without anomalies', () => {
    const anomalies = validateStatistics(stats('Split-eval'), tfxSchema);
    expect(anomalies.anomalyInfo).toEqual({});
  });

  it('the train split reports nothing but is checked against every constraint', () => {
    const anomalies = validateStatistics(stats('Split-train'), tfxSchema);
    expect(Object.keys(anomalies.anomalyInfo ?? {})).toEqual([]);
    expect(anomalies.anomalyNameFormat).toBe('SERIALIZED_PATH');
  });
});
