import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { updateSchema, validateStatistics } from '../../src/anomalies/index.js';
import { readBatches } from '../../src/io/open-dataset.js';
import { inferSchema, setFeatureEnvironments } from '../../src/schema/index.js';
import { generateStatistics } from '../../src/stats/generate-statistics.js';
import { messagesDiff } from '../../src/tfmd/index.js';

// io -> stats -> schema/anomalies on the bundled real datasets (datasets/*/PROVENANCE.md).
const root = resolve(import.meta.dirname, '..', '..', 'datasets');
const statsOf = (path: string) => generateStatistics(readBatches(path));

describe('environments end to end on chicago_taxi', () => {
  it('tips is not in SERVING: serving.csv is clean in SERVING, and misses tips in TRAINING', async () => {
    const train = await statsOf(join(root, 'chicago_taxi', 'train.csv'));
    const serving = await statsOf(join(root, 'chicago_taxi', 'serving.csv'));
    const schema = inferSchema(train);
    setFeatureEnvironments(schema, 'tips', { notInEnvironment: ['SERVING'] });
    setFeatureEnvironments(schema, 'tips', { inEnvironment: ['TRAINING'] });
    expect(schema.defaultEnvironment).toEqual(['SERVING', 'TRAINING']);

    expect(validateStatistics(serving, schema, { environment: 'SERVING' }).anomalyInfo).toEqual({});

    const training = validateStatistics(serving, schema, { environment: 'TRAINING' });
    expect(Object.keys(training.anomalyInfo ?? {})).toEqual(['tips']);
    expect(training.anomalyInfo?.tips?.reason?.map((r) => r.type)).toEqual(['SCHEMA_MISSING_COLUMN']);
    expect(training.anomalyInfo?.tips?.severity).toBe('ERROR');

    // Without an environment every feature is expected, as in TFDV.
    expect(Object.keys(validateStatistics(serving, schema).anomalyInfo ?? {})).toEqual(['tips']);
    expect(validateStatistics(train, schema, { environment: 'TRAINING' }).anomalyInfo).toEqual({});
  });
});

function dataFiles(): string[] {
  const out: string[] = [];
  for (const name of readdirSync(root)) {
    const dir = join(root, name);
    if (!statSync(dir).isDirectory()) continue;
    for (const file of readdirSync(dir)) if (/\.(csv|parquet)$/.test(file)) out.push(join(name, file));
  }
  return out.sort();
}

describe('every bundled dataset validates clean against the schema inferred from its statistics', () => {
  for (const file of dataFiles()) {
    it(file, async () => {
      const stats = await statsOf(join(root, file));
      const schema = inferSchema(stats);
      const anomalies = validateStatistics(stats, schema);
      expect(anomalies.anomalyInfo).toEqual({});
      expect(anomalies.datasetAnomalyInfo).toBeUndefined();
      // ...and evolution of an empty schema agrees with inference (value_count form).
      expect(messagesDiff('Schema', updateSchema({}, stats), inferSchema(stats, { inferFeatureShape: false }))).toEqual(
        [],
      );
    });
  }
});
