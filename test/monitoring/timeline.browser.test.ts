import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rng } from '../helpers/rng.js';
import { runCli } from '../helpers/run-cli.js';
import { artifactsDir, hasChromium, launchChromium, openReport, skipReason } from '../report/browser.js';
import { taxiRows, writeSpan } from './taxi-spans.js';

if (!hasChromium) console.log(`skipped: timeline report browser test: ${skipReason}`);

const SPANS = 30;

describe.skipIf(!hasChromium)('timeline report in headless Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'datavet-timeline-'));
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  beforeAll(async () => {
    // 30 daily spans sampled from the taxi rows; from span 20 on, 70% of Cash becomes Credit Card.
    const { header, rows } = taxiRows();
    const payment = header.split(',').indexOf('payment_type');
    const random = rng(7);
    for (let span = 1; span <= SPANS; span++) {
      const out: string[] = [];
      for (let i = 0; i < 400; i++) {
        const cells = (rows[Math.floor(random() * rows.length)] as string).split(',');
        if (span >= 20 && cells[payment] === 'Cash' && random() < 0.7) cells[payment] = 'Credit Card';
        out.push(cells.join(','));
      }
      writeSpan(dir, span, header, out);
    }
    writeFileSync(
      join(dir, 'datavet.config.json'),
      JSON.stringify({
        name: 'timeline',
        splits: [{ name: 'trips', inputs: ['data/span-{SPAN}/*.csv'], driftAgainst: 'previous-span' }],
        monitoring: {
          rules: [
            { feature: 'payment_type', metric: 'top_share', detector: 'onlineNormal', k: 4, window: 10 },
            { feature: 'fare', metric: 'mean', detector: 'onlineNormal', k: 4, window: 10 },
          ],
          datasetDrift: { method: 'jsd', threshold: 0.05, share: 0.5 },
        },
        failOn: 'never',
      }),
    );
    for (let span = 1; span <= SPANS; span++) {
      const result = await runCli(['run', '--span', String(span), '--quiet'], { cwd: dir });
      expect(result.code).toBe(0);
    }
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('datavet history --html: small multiples per feature, findings marked, drift over time, the span table; offline', async () => {
    const result = await runCli(['history', '--html', 'timeline.html', '--format', 'csv'], { cwd: dir });
    expect(result.code).toBe(0);
    const html = readFileSync(join(dir, 'timeline.html'), 'utf8');
    expect(html).not.toMatch(/https?:\/\//);
    const { page, errors } = await openReport(browser.context, 'timeline-history', html);
    const features = await page.locator('.tl-feat').count();
    expect(features).toBe(18);
    expect(await page.locator('.tl-spans tbody tr').count()).toBe(SPANS);
    // The payment_type change is marked on its top_share chart.
    const marks = page.locator('.tl-feat[data-feature="payment_type"] circle.mark');
    expect(await marks.count()).toBeGreaterThanOrEqual(1);
    expect(await marks.first().locator('title').textContent()).toContain('METRIC_OUTSIDE_NORMAL_RANGE');
    expect(await page.locator('text=Dataset drift over time').count()).toBe(1);
    // Every small multiple draws its series.
    expect(await page.locator('.tl-feat[data-feature="fare"] polyline').count()).toBeGreaterThanOrEqual(3);
    // The filter keeps only matching features.
    await page.fill('.tl-q', 'fare');
    expect(await page.locator('.tl-feat:not(.tl-hidden)').count()).toBe(1);
    await page.fill('.tl-q', '');
    await page.screenshot({ path: join(artifactsDir, 'timeline-history.png'), fullPage: true });
    expect(statSync(join(artifactsDir, 'timeline-history.png')).size).toBeGreaterThan(10_000);
    expect(errors).toEqual([]);
  });

  it("the run's HTML report carries the timeline after the statistics", async () => {
    const file = join(dir, '.datavet', 'report.html');
    expect(existsSync(file)).toBe(true);
    const { page, errors } = await openReport(browser.context, 'timeline-run-report', readFileSync(file, 'utf8'));
    expect(await page.locator('section.timeline .tl-feat').count()).toBe(18);
    expect(await page.locator('section.timeline .tl-spans tbody tr').count()).toBe(SPANS);
    await page.locator('section.timeline').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifactsDir, 'timeline-run-report.png'), fullPage: true });
    expect(errors).toEqual([]);
  });
});
