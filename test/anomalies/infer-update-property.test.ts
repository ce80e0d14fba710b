import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { updateSchema, validateStatistics } from '../../src/anomalies/index.js';
import { inferSchema } from '../../src/schema/index.js';
import { decodeBinary, messagesDiff, parseTextFormat } from '../../src/tfmd/index.js';
import type { DatasetFeatureStatisticsList } from '../../src/tfmd/types.js';
import { loadCases } from './conformance-runner.js';

// Inference lives in src/schema and evolution in src/anomalies (docs/architecture.md); these
// properties keep the two paths from drifting apart, as TFDV gets for free by inferring through
// "update an empty schema". Inputs: every statistics list in the TFDV conformance cases that has
// a default dataset, and TFX's own StatisticsGen output.
function corpus(): [string, DatasetFeatureStatisticsList][] {
  const out: [string, DatasetFeatureStatisticsList][] = [];
  for (const c of loadCases(['validate', 'update_schema', 'infer_schema', 'drift', 'skew'])) {
    for (const key of ['statistics', 'statistics_2', 'previous_statistics', 'serving_statistics']) {
      const text = c.inputs[key];
      if (typeof text !== 'string') continue;
      const stats = parseTextFormat('DatasetFeatureStatisticsList', text);
      const datasets = stats.datasets ?? [];
      // Entries with only custom statistics describe sparse/weighted features a schema declared;
      // inference drops them and TFDV cannot create columns from them, so they are out of scope.
      const composite = datasets.some((d) =>
        (d.features ?? []).some((f) => !f.numStats && !f.stringStats && !f.bytesStats && !f.structStats),
      );
      if (composite) continue;
      if (datasets.length === 1 || datasets.some((d) => d.name === 'All Examples')) out.push([`${c.id} ${key}`, stats]);
    }
  }
  const tfx = resolve(import.meta.dirname, '..', 'fixtures', 'tfx', 'statistics_gen');
  for (const split of ['Split-train', 'Split-eval']) {
    out.push([
      `tfx ${split}`,
      decodeBinary('DatasetFeatureStatisticsList', readFileSync(resolve(tfx, split, 'FeatureStats.pb'))),
    ]);
  }
  return out;
}

const inputs = corpus();

describe('inference and evolution agree', () => {
  it(`updateSchema(empty, stats) equals inferSchema(stats) for ${inputs.length} statistics`, () => {
    for (const [name, stats] of inputs) {
      const inferred = inferSchema(stats, { inferFeatureShape: false });
      const updated = updateSchema({}, stats);
      expect(messagesDiff('Schema', updated, inferred), name).toEqual([]);
    }
  });

  it('statistics validate with no anomaly against the schema inferred from them', () => {
    let checked = 0;
    for (const [name, stats] of inputs) {
      const dataset = stats.datasets?.find((d) => d.name === 'All Examples') ?? stats.datasets?.[0];
      if ((dataset?.numExamples ?? 0) === 0) continue; // data_missing: nothing is validated
      for (const inferFeatureShape of [false, true]) {
        const anomalies = validateStatistics(stats, inferSchema(stats, { inferFeatureShape }));
        expect(anomalies.anomalyInfo, `${name} (shape ${inferFeatureShape})`).toEqual({});
        expect(anomalies.datasetAnomalyInfo, name).toBeUndefined();
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
  });
});
