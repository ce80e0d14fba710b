import { describe, expect, it } from 'vitest';
import { buildReportModel, renderHtmlReport } from '../../src/report/index.js';
import { formatSchemaEntry } from '../../src/report/schema-entry-text.js';
import { TOP_VALUES_COUNT_ERROR } from '../../src/tfmd/custom-stat-names.js';
import type { Anomalies } from '../../src/tfmd/types.js';
import { numericFeature, statisticsList, taxiServing, taxiTrain, wideStatistics } from './sample-statistics.js';

const anomalies: Anomalies = {
  anomalyInfo: {
    tips: {
      severity: 'ERROR',
      shortDescription: 'Column dropped',
      description: 'The feature was present in fewer examples than expected.',
      reason: [
        {
          type: 'FEATURE_TYPE_LOW_FRACTION_PRESENT',
          shortDescription: 'Column dropped',
          description: 'The feature was present in fewer examples than expected.',
        },
      ],
    },
  },
  driftSkewInfo: [
    {
      path: { step: ['payment_type'] },
      skewMeasurements: [{ type: 'L_INFTY', value: 0.06, threshold: 0.01 }],
    },
  ],
};

/** The JSON model embedded in a page, read back the way the page's script reads it. */
function embeddedModel(html: string): { features: { path: string; stats: unknown[] }[] } {
  const match = /<script type="application\/json" id="datavet-data">([\s\S]*?)<\/script>/.exec(html);
  expect(match).not.toBeNull();
  return JSON.parse(match![1]!);
}

describe('buildReportModel', () => {
  it('says when top values come from a sketch (the custom stat the statistics write)', () => {
    const stats = taxiTrain();
    const company = stats.datasets![0]!.features!.find((f) => f.name === 'company')!;
    company.customStats = [{ name: TOP_VALUES_COUNT_ERROR, num: 12 }];
    const model = buildReportModel({ statistics: stats });
    const entry = model.features.find((f) => f.path === 'company')?.stats[0];
    expect(entry?.topValuesCountError).toBe(12);
    expect(model.features.find((f) => f.path === 'fare')?.stats[0]?.topValuesCountError).toBeUndefined();
    expect(renderHtmlReport({ statistics: stats })).toContain('"topValuesCountError":12');
  });

  it('marks a feature absent in the compared dataset and keeps both datasets in order', () => {
    const model = buildReportModel({ statistics: taxiTrain(), compareWith: taxiServing() });
    expect(model.datasets.map((d) => d.label)).toEqual(['train', 'serving']);
    const tips = model.features.find((f) => f.path === 'tips');
    expect(tips?.stats[0]?.count).toBe(10000);
    expect(tips?.stats[1]).toBeNull();
    const fare = model.features.find((f) => f.path === 'fare');
    expect(fare?.kind).toBe('numeric');
    expect(fare?.stats[0]?.histogram).toHaveLength(10);
    expect(fare?.stats[0]?.quantiles).toHaveLength(10);
    const company = model.features.find((f) => f.path === 'company');
    expect(company?.stats[0]?.missingFraction).toBeCloseTo(0.34);
    expect(company?.stats[0]?.topValues?.[0]).toEqual(['Taxi Affiliation Services', 2200]);
  });

  it('attaches anomalies with their suggested fix, and drift from TFDV skew measurements', () => {
    const model = buildReportModel({
      statistics: taxiTrain(),
      compareWith: taxiServing(),
      anomalies,
      schemaChanges: [
        {
          path: ['tips'],
          before: { name: 'tips', type: 'FLOAT', presence: { minFraction: 1 } },
          after: { name: 'tips', type: 'FLOAT', presence: { minFraction: 0.9999 } },
        },
      ],
    });
    const tips = model.features.find((f) => f.path === 'tips');
    expect(tips?.anomaly?.severity).toBe('ERROR');
    expect(tips?.anomaly?.fix).toEqual(['presence.min_fraction: 1 → 0.9999']);
    const payment = model.features.find((f) => f.path === 'payment_type');
    expect(payment?.drift).toEqual({
      method: 'L-inf',
      value: 0.06,
      threshold: 0.01,
      drifted: true,
      unit: 'largest share difference',
    });
    expect(model.hasDrift).toBe(true);
  });

  it('prefers drift scores passed in over those in the anomalies', () => {
    const model = buildReportModel({
      statistics: taxiTrain(),
      compareWith: taxiServing(),
      anomalies,
      driftScores: { payment_type: { method: 'PSI', value: 0.3, threshold: 0.25, drifted: true } },
    });
    expect(model.features.find((f) => f.path === 'payment_type')?.drift?.method).toBe('PSI');
  });

  it('uses labels when given and lists schema-only features as rows without statistics', () => {
    const model = buildReportModel({
      statistics: taxiServing(),
      labels: ['serving-2024'],
      schema: { feature: [{ name: 'tips', type: 'FLOAT' }] },
    });
    expect(model.datasets[0]?.label).toBe('serving-2024');
    const tips = model.features.find((f) => f.path === 'tips');
    expect(tips?.stats).toEqual([null]);
    expect(tips?.schemaEntry).toBe('feature {\n  name: "tips"\n  type: FLOAT\n}');
  });

  it('shows the suggested schema entry only where it differs from the current one', () => {
    const schema = {
      feature: [
        { name: 'payment_type', type: 'BYTES' as const, stringDomain: { value: ['Cash', 'Credit Card'] } },
        { name: 'fare', type: 'FLOAT' as const },
      ],
    };
    const suggestedSchema = {
      feature: [
        { name: 'payment_type', type: 'BYTES' as const, stringDomain: { value: ['Cash', 'Credit Card', 'Prcard'] } },
        { name: 'fare', type: 'FLOAT' as const },
      ],
    };
    const model = buildReportModel({ statistics: taxiServing(), schema, suggestedSchema });
    expect(model.features.find((f) => f.path === 'payment_type')?.suggestedEntry).toContain('value: "Prcard"');
    expect(model.features.find((f) => f.path === 'fare')?.suggestedEntry).toBeUndefined();
  });
});

describe('formatSchemaEntry', () => {
  it('prints text format as schema.pbtxt has it: field-number order, quoted strings, bare enums', () => {
    expect(
      formatSchemaEntry({
        name: 'company',
        type: 'BYTES',
        presence: { minFraction: 0.5, minCount: 1 },
        stringDomain: { name: 'company', value: ['A "quoted" co'], isCategorical: 'CATEGORICAL_YES' },
        notInEnvironment: ['SERVING'],
        lifecycleStage: 'PRODUCTION',
      }),
    ).toBe(
      [
        'feature {',
        '  name: "company"',
        '  type: BYTES',
        '  string_domain {',
        '    name: "company"',
        '    value: "A \\"quoted\\" co"',
        '    is_categorical: CATEGORICAL_YES',
        '  }',
        '  presence {',
        '    min_fraction: 0.5',
        '    min_count: 1',
        '  }',
        '  not_in_environment: "SERVING"',
        '  lifecycle_stage: PRODUCTION',
        '}',
      ].join('\n'),
    );
  });
});

describe('renderHtmlReport', () => {
  it('is one self-contained page: inline style and script, nothing loaded from elsewhere', () => {
    const html = renderHtmlReport({ statistics: taxiTrain(), compareWith: taxiServing(), anomalies, title: 'taxi' });
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<style>');
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+href=/i);
    expect(html).not.toMatch(/\b(src|href)=["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(/i);
    expect(html).toContain('<title>taxi</title>');
    const model = embeddedModel(html);
    expect(model.features.map((f) => f.path)).toContain('tips');
  });

  it('escapes feature names and values so data cannot inject markup', () => {
    const evil = '</script><img src=x onerror=alert(1)>';
    const stats = statisticsList(evil, 10, [numericFeature(evil, { n: 10, mean: 1, std: 1 })]);
    const html = renderHtmlReport({ statistics: stats, title: evil });
    expect(html).not.toContain('<img src=x');
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(embeddedModel(html).features[0]?.path).toBe(evil);
  });

  it('carries NaN and infinite values through the embedded JSON', () => {
    const feature = numericFeature('x', { n: 10, mean: 1, std: 1 });
    feature.numStats!.max = Number.POSITIVE_INFINITY;
    feature.numStats!.mean = Number.NaN;
    const html = renderHtmlReport({ statistics: statisticsList('d', 10, [feature]) });
    expect(html).toContain('{"$nf":"Infinity"}');
    expect(html).toContain('{"$nf":"NaN"}');
  });

  it('keeps a 50-feature comparison report under 2 MB, and 500 features small too', () => {
    const fifty = renderHtmlReport({ statistics: wideStatistics('a', 50, 1), compareWith: wideStatistics('b', 50, 2) });
    const fiveHundred = renderHtmlReport({
      statistics: wideStatistics('a', 500, 1),
      compareWith: wideStatistics('b', 500, 2),
    });
    const size50 = Buffer.byteLength(fifty);
    const size500 = Buffer.byteLength(fiveHundred);
    console.log(`report size: 50 features x 2 datasets ${size50} bytes; 500 features x 2 datasets ${size500} bytes`);
    expect(size50).toBeLessThan(2 * 1024 * 1024);
    expect(size500).toBeLessThan(8 * 1024 * 1024);
  });
});
