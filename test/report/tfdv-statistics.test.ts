import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReportModel, renderHtmlReport, renderTextSummary } from '../../src/report/index.js';
import { decodeBinary, parseTextFormat } from '../../src/tfmd/index.js';

// Statistics and schema written by TFX/TFDV for the Chicago taxi data (see test/fixtures/tfx/PROVENANCE.md).
const tfx = resolve(import.meta.dirname, '..', 'fixtures', 'tfx');
const read = (split: string) =>
  decodeBinary('DatasetFeatureStatisticsList', readFileSync(join(tfx, 'statistics_gen', split, 'FeatureStats.pb')));

describe('reports over statistics written by TFDV', () => {
  const train = read('Split-train');
  const evaluation = read('Split-eval');
  const schema = parseTextFormat('Schema', readFileSync(join(tfx, 'schema_gen', 'schema.pbtxt'), 'utf8'));
  const input = { statistics: train, compareWith: evaluation, labels: ['train', 'eval'], schema };

  it('reads every feature of both splits, by path, with histograms, quantiles and top values', () => {
    const model = buildReportModel(input);
    expect(model.datasets).toEqual([
      { label: 'train', numExamples: 10036, group: 'train' },
      { label: 'eval', numExamples: 4966, group: 'eval' },
    ]);
    expect(model.features).toHaveLength(18);
    const numeric = model.features.filter((f) => f.kind === 'numeric');
    const categorical = model.features.filter((f) => f.kind === 'categorical');
    expect(categorical.map((f) => f.path).sort()).toEqual(['company', 'payment_type']);
    expect(numeric).toHaveLength(16);
    const fare = model.features.find((f) => f.path === 'fare');
    expect(fare?.stats.every((s) => (s?.histogram?.length ?? 0) > 0 && (s?.quantiles?.length ?? 0) > 0)).toBe(true);
    const payment = model.features.find((f) => f.path === 'payment_type');
    expect(payment?.stats[0]?.topValues?.[0]).toEqual(['Cash', 6675]);
    expect(payment?.schemaEntry).toContain('name: "payment_type"');
  });

  it('renders them as a page and as a terminal table', () => {
    const html = renderHtmlReport(input);
    expect(html).toContain('"path":"trip_start_hour"');
    const text = renderTextSummary(input);
    expect(text).toContain('datasets: train (10,036 examples), eval (4,966 examples)');
    expect(text).toMatch(/^payment_type\s+STRING\s+0%\s+0%\s+6 unique\s+6 unique$/m);
  });
});
