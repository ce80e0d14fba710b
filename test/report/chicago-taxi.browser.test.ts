import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBatches } from '../../src/io/open-dataset.js';
import { generateStatistics } from '../../src/stats/generate-statistics.js';
import { writeMessageFile } from '../../src/tfmd/index.js';
import { runCli } from '../helpers/run-cli.js';
import {
  artifactsDir,
  hasChromium,
  launchChromium,
  openReport,
  scrollUntilAllRendered,
  skipReason,
} from './browser.js';

/**
 * Acceptance: the real chicago_taxi train and serving CSVs, through the io readers and the
 * statistics generator, into `datavet report` (serving checked against train), then opened in
 * Chromium. `tips` is the label: in train, absent at serving.
 */
const chicago = resolve(import.meta.dirname, '..', '..', 'datasets', 'chicago_taxi');

describe('chicago_taxi train vs serving report', () => {
  let dir: string;
  let html: string;
  let stdout: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'datavet-chicago-report-'));
    for (const split of ['train', 'serving']) {
      const stats = await generateStatistics(readBatches(join(chicago, `${split}.csv`)));
      await writeMessageFile(join(dir, `${split}.pb`), 'DatasetFeatureStatisticsList', stats);
    }
    const out = join(dir, 'report.html');
    const result = await runCli([
      'report',
      '--stats',
      join(dir, 'serving.pb'),
      '--compare',
      join(dir, 'train.pb'),
      '--title',
      'chicago_taxi: serving vs train',
      '-o',
      out,
    ]);
    expect(result.code, result.stderr).toBe(0);
    stdout = result.stdout;
    html = readFileSync(out, 'utf8');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints tips as absent at serving in the terminal summary', () => {
    expect(stdout).toContain('datasets: serving (100 examples), train (10,000 examples)');
    expect(stdout).toMatch(/^tips\s+FLOAT\s+absent\s+\S+%\s+absent\s+mean /m);
    expect(stdout).toContain('1 absent in a dataset');
  });

  it.skipIf(!hasChromium)('shows tips absent at serving and both splits overlaid, in Chromium', async () => {
    const browser = await launchChromium();
    try {
      const { page, errors } = await openReport(browser.context, 'chicago-taxi-serving-vs-train', html);
      const paths = await scrollUntilAllRendered(page);
      expect(paths).toHaveLength(18);
      await expect(page.locator('tr.feat[data-feature="tips"] .b.absent').textContent()).resolves.toBe(
        'absent in serving',
      );
      for (const feature of ['fare', 'trip_miles', 'trip_start_hour']) {
        const fills = await page
          .locator(`tr.feat[data-feature="${feature}"] td.chart svg rect`)
          .evaluateAll((rects) => [...new Set(rects.map((r) => r.getAttribute('fill')))]);
        expect(fills, feature).toHaveLength(2);
      }
      await page.evaluate('window.scrollTo(0, 0)');
      await page.screenshot({ path: join(artifactsDir, 'chicago-taxi-serving-vs-train.png'), fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

if (!hasChromium) console.log(`skipped: chicago_taxi report in Chromium: ${skipReason}`);
