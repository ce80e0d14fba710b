import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/report/index.js';
import { decodeBinary, parseTextFormat } from '../../src/tfmd/index.js';
import type { Anomalies } from '../../src/tfmd/types.js';
import {
  artifactsDir,
  hasChromium,
  launchChromium,
  openReport,
  scrollUntilAllRendered,
  skipReason,
} from './browser.js';
import { taxiServing, taxiTrain, wideStatistics } from './sample-statistics.js';

if (!hasChromium) console.log(`skipped: HTML report browser test: ${skipReason}`);

const anomalies: Anomalies = {
  anomalyInfo: {
    tips: {
      severity: 'ERROR',
      shortDescription: 'Column dropped',
      description: 'The feature was present in fewer examples than expected.',
      reason: [{ type: 'FEATURE_TYPE_LOW_FRACTION_PRESENT', shortDescription: 'Column dropped' }],
    },
    payment_type: {
      severity: 'ERROR',
      shortDescription: 'Unexpected string values',
      description: 'Examples contain values missing from the schema: Prcard (~6%).',
      reason: [{ type: 'ENUM_TYPE_UNEXPECTED_STRING_VALUES', shortDescription: 'Unexpected string values' }],
    },
  },
};

describe.skipIf(!hasChromium)('HTML report in headless Chromium', () => {
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('renders train vs serving: every feature, overlaid histograms, tips absent at serving, sort/filter/toggles', async () => {
    const html = renderHtmlReport({
      statistics: taxiTrain(),
      compareWith: taxiServing(),
      title: 'chicago_taxi (sample): train vs serving',
      anomalies,
      schema: { feature: [{ name: 'payment_type', type: 'BYTES', stringDomain: { value: ['Cash', 'Credit Card'] } }] },
      suggestedSchema: {
        feature: [{ name: 'payment_type', type: 'BYTES', stringDomain: { value: ['Cash', 'Credit Card', 'Prcard'] } }],
      },
      // The change validation attaches to tips' anomaly (findAnomalies): shown as its fix.
      schemaChanges: [
        {
          path: ['tips'],
          before: { name: 'tips', type: 'FLOAT', presence: { minFraction: 1 } },
          after: { name: 'tips', type: 'FLOAT', presence: { minFraction: 0.9999 } },
        },
      ],
      driftScores: {
        fare: { method: 'JSD', value: 0.21, threshold: 0.1, drifted: true },
        trip_miles: { method: 'JSD', value: 0.04, threshold: 0.1, drifted: false },
      },
    });
    const { page, errors } = await openReport(browser.context, 'sample-train-vs-serving', html);
    const paths = await scrollUntilAllRendered(page);
    expect(paths.sort()).toEqual(
      [
        'company',
        'dropoff_latitude',
        'fare',
        'payment_type',
        'pickup_latitude',
        'tips',
        'trip_miles',
        'trip_start_hour',
      ].sort(),
    );

    // tips: absent at serving, with its anomaly and suggested change beside it.
    const tips = page.locator('tr.feat[data-feature="tips"]');
    await expect(tips.locator('.b.absent').textContent()).resolves.toBe('absent in serving');
    const strip = page.locator('tr.anom[data-anomaly-for="tips"]');
    await expect(strip.textContent()).resolves.toContain('fewer examples than expected');
    await expect(strip.textContent()).resolves.toContain('Suggested schema change: presence.min_fraction: 1 → 0.9999');
    const paymentStrip = page.locator('tr.anom[data-anomaly-for="payment_type"]');
    await expect(paymentStrip.locator('pre.schema .add').textContent()).resolves.toContain('"Prcard"');

    // Both splits' histograms overlaid in one chart.
    const fareColors = await page
      .locator('tr.feat[data-feature="fare"] td.chart svg rect')
      .evaluateAll((rects) => [...new Set(rects.map((r) => r.getAttribute('fill')))]);
    expect(fareColors).toHaveLength(2);
    expect(await page.locator('tr.feat[data-feature="fare"] td.chart svg').count()).toBe(1);
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: join(artifactsDir, 'sample-train-vs-serving.png'), fullPage: true });

    // Side by side: one chart per dataset.
    await page.click('#view button[data-v="side"]');
    expect(await page.locator('tr.feat[data-feature="fare"] td.chart svg').count()).toBe(2);
    await page.click('#view button[data-v="overlay"]');

    // Histogram -> quantiles toggle.
    expect(await page.locator('tr.feat[data-feature="fare"] td.chart svg circle').count()).toBe(0);
    await page.click('#chart button[data-v="quantiles"]');
    expect(await page.locator('tr.feat[data-feature="fare"] td.chart svg circle').count()).toBe(22);
    await page.click('#chart button[data-v="standard"]');

    // Filter by name.
    await page.fill('#q', 'lat');
    expect(await page.locator('tr.feat').evaluateAll((r) => r.map((x) => x.getAttribute('data-feature')))).toEqual([
      'pickup_latitude',
      'dropoff_latitude',
    ]);
    await page.fill('#q', '');
    // Anomalies only, drifted only, absent only, missing %.
    await page.check('#f-anom');
    expect(await page.locator('tr.feat').count()).toBe(2);
    await page.uncheck('#f-anom');
    await page.check('#f-drift');
    expect(await page.locator('tr.feat').evaluateAll((r) => r.map((x) => x.getAttribute('data-feature')))).toEqual([
      'fare',
    ]);
    await page.uncheck('#f-drift');
    await page.check('#f-absent');
    expect(await page.locator('tr.feat').evaluateAll((r) => r.map((x) => x.getAttribute('data-feature')))).toEqual([
      'tips',
    ]);
    await page.uncheck('#f-absent');
    await page.fill('#f-miss', '10');
    expect(await page.locator('tr.feat').evaluateAll((r) => r.map((x) => x.getAttribute('data-feature')))).toEqual([
      'company',
    ]);
    await page.fill('#f-miss', '0');

    // Sorts.
    const numericOrder = () =>
      page
        .locator('table[data-section="numeric"] tr.feat')
        .evaluateAll((r) => r.map((x) => x.getAttribute('data-feature')));
    await page.selectOption('#sort', 'drift');
    expect((await numericOrder()).slice(0, 2)).toEqual(['fare', 'trip_miles']);
    await page.selectOption('#sort', 'missing');
    expect((await numericOrder())[0]).toBe('dropoff_latitude');
    await page.selectOption('#sort', 'anomaly');
    expect((await numericOrder())[0]).toBe('tips');
    await page.selectOption('#sort', 'name');
    expect(await numericOrder()).toEqual([
      'dropoff_latitude',
      'fare',
      'pickup_latitude',
      'tips',
      'trip_miles',
      'trip_start_hour',
    ]);
    await page.selectOption('#sort', 'order');

    // Expand a feature: details with both charts.
    await page.click('tr.feat[data-feature="fare"]');
    const detail = page.locator('tr.detail[data-detail-for="fare"]');
    expect(await detail.locator('svg').count()).toBe(2);
    await expect(detail.textContent()).resolves.toContain('Std dev');
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: join(artifactsDir, 'sample-train-vs-serving-expanded.png'), fullPage: true });
    await page.click('tr.feat[data-feature="fare"]');
    expect(await detail.count()).toBe(0);

    expect(errors).toEqual([]);
  });

  it('stays usable at 500 features: renders rows lazily, and every feature once scrolled', async () => {
    const html = renderHtmlReport({
      statistics: wideStatistics('current', 500, 1),
      compareWith: wideStatistics('previous', 500, 2),
      title: '500 features',
    });
    const { page, errors } = await openReport(browser.context, 'wide-500-features', html);
    const initial = await page.locator('tr.feat').count();
    expect(initial).toBeGreaterThan(0);
    expect(initial).toBeLessThan(500);
    await page.screenshot({ path: join(artifactsDir, 'wide-500-features.png') });
    const paths = await scrollUntilAllRendered(page);
    expect(new Set(paths).size).toBe(500);
    // A filter over all 500 still finds features that were never scrolled to.
    await page.evaluate('window.scrollTo(0, 0)');
    await page.fill('#q', 'feature_49');
    expect(await page.locator('tr.feat').count()).toBe(10);
    expect(errors).toEqual([]);
  });

  it("shows TFDV's own statistics (train vs eval FeatureStats.pb) with both splits overlaid", async () => {
    const tfx = resolve(import.meta.dirname, '..', 'fixtures', 'tfx');
    const read = (split: string) =>
      decodeBinary('DatasetFeatureStatisticsList', readFileSync(join(tfx, 'statistics_gen', split, 'FeatureStats.pb')));
    const html = renderHtmlReport({
      statistics: read('Split-train'),
      compareWith: read('Split-eval'),
      labels: ['train', 'eval'],
      schema: parseTextFormat('Schema', readFileSync(join(tfx, 'schema_gen', 'schema.pbtxt'), 'utf8')),
      title: 'TFX chicago_taxi statistics (written by TFDV): train vs eval',
    });
    const { page, errors } = await openReport(browser.context, 'tfdv-train-vs-eval', html);
    const paths = await scrollUntilAllRendered(page);
    expect(paths).toHaveLength(18);
    for (const feature of ['fare', 'trip_miles', 'trip_start_hour']) {
      const fills = await page
        .locator(`tr.feat[data-feature="${feature}"] td.chart svg rect`)
        .evaluateAll((rects) => [...new Set(rects.map((r) => r.getAttribute('fill')))]);
      expect(fills).toHaveLength(2);
    }
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: join(artifactsDir, 'tfdv-train-vs-eval.png'), fullPage: true });
    expect(errors).toEqual([]);
  });
});
