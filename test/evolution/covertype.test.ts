import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateStatistics } from '../../src/anomalies/index.js';
import { readBatches } from '../../src/io/open-dataset.js';
import { checkCompatibility } from '../../src/schema/compatibility.js';
import { diffSchemas } from '../../src/schema/diff.js';
import { inferSchema } from '../../src/schema/index.js';
import { generateStatistics } from '../../src/stats/generate-statistics.js';

// Real data (datasets/covertype/PROVENANCE.md): between the two samples the Wilderness_Area
// values were renamed (Commanche Peak -> Commanche, Cache la Poudre -> Cache).
const root = resolve(import.meta.dirname, '..', '..', 'datasets', 'covertype');
const statsOf = (file: string) => generateStatistics(readBatches(join(root, file)));

describe('covertype: schema inferred from validate_v0 vs from evaluation', () => {
  it('names the renamed Wilderness_Area values and is not backward compatible', async () => {
    const oldStats = await statsOf('covertype_validate_v0.csv');
    const newStats = await statsOf('covertype_evaluation.csv');
    const oldSchema = inferSchema(oldStats);
    const newSchema = inferSchema(newStats);
    const changes = diffSchemas(oldSchema, newSchema).filter((c) => c.path === 'Wilderness_Area');
    const added = changes.find((c) => c.kind === 'DOMAIN_VALUES_ADDED');
    const removed = changes.find((c) => c.kind === 'DOMAIN_VALUES_REMOVED');
    expect(removed?.before).toEqual(expect.arrayContaining(['Commanche Peak', 'Cache la Poudre']));
    expect(added?.after).toEqual(expect.arrayContaining(['Commanche', 'Cache']));
    expect(removed?.description).toMatch(/Commanche Peak/);

    const result = checkCompatibility(oldSchema, newSchema, 'backward');
    expect(result.compatible).toBe(false);
    expect(result.class === 'FORWARD' || result.class === 'NONE').toBe(true);
    expect(result.violations.map((v) => `${v.path}:${v.kind}`)).toContain('Wilderness_Area:DOMAIN_VALUES_REMOVED');

    // ...and validation agrees: the old data is not valid under the new schema.
    const anomalies = validateStatistics(oldStats, newSchema);
    expect(anomalies.anomalyInfo?.Wilderness_Area?.reason?.map((r) => r.type)).toContain(
      'ENUM_TYPE_UNEXPECTED_STRING_VALUES',
    );
    expect(validateStatistics(oldStats, oldSchema).anomalyInfo).toEqual({});
  });
});
