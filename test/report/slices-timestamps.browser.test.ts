import { readFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/report/index.js';
import { readMessageFile } from '../../src/tfmd/index.js';
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
 * Seattle weather (vega-datasets, datasets/seattle_weather/PROVENANCE.md) as Parquet written by
 * DuckDB: `date` a TIMESTAMP column (microseconds since the epoch in the file), `temp_max` a FLOAT
 * (32-bit) column; 2012-2013 is the reference, 2014-2015 the current data, each sliced by weather.
 */
const csv = resolve(import.meta.dirname, '..', '..', 'datasets', 'seattle_weather', 'seattle-weather.csv');
const work = join(artifactsDir, 'seattle-weather');

async function writeParquet(): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const select = (where: string) =>
      `SELECT CAST(date AS TIMESTAMP) AS date, precipitation, CAST(temp_max AS FLOAT) AS temp_max, temp_min, wind, weather
       FROM read_csv('${csv}', header = true, columns = {'date': 'DATE', 'precipitation': 'DOUBLE', 'temp_max': 'DOUBLE',
         'temp_min': 'DOUBLE', 'wind': 'DOUBLE', 'weather': 'VARCHAR'}) WHERE ${where} ORDER BY date`;
    await connection.run(
      `COPY (${select("date < DATE '2014-01-01'")}) TO '${join(work, 'early.parquet')}' (FORMAT parquet)`,
    );
    await connection.run(
      `COPY (${select("date >= DATE '2014-01-01'")}) TO '${join(work, 'late.parquet')}' (FORMAT parquet)`,
    );
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function cli(args: string[]): Promise<string> {
  const result = await runCli(args, { cwd: work });
  expect(result.stderr.replace(/^wrote .*\n/gm, '')).toBe('');
  expect(result.code).toBe(0);
  return result.stdout;
}

/** The page's horizontal overflow: how much wider the document is than the window. */
async function horizontalOverflow(page: Page): Promise<number> {
  return (await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number;
}

if (!hasChromium) console.log(`skipped: sliced/timestamp report browser test: ${skipReason}`);

interface Prepared {
  readonly summary: string;
  readonly schemaText: string;
}
let prepared: Promise<Prepared> | undefined;

/** The files and the report, made once for both describe blocks. */
function prepare(): Promise<Prepared> {
  prepared ??= (async () => {
    await rm(work, { recursive: true, force: true });
    await mkdir(work, { recursive: true });
    await writeParquet();
    await cli(['stats', 'early.parquet', '-o', 'early.pb', '--slice-by', 'weather']);
    await cli(['stats', 'late.parquet', '-o', 'late.pb', '--slice-by', 'weather']);
    await cli(['infer-schema', '--stats', 'early.pb', '-o', 'schema.pbtxt']);
    await cli(['schema', 'set', 'schema.pbtxt', 'temp_max', '--drift-jsd', '0.05']);
    await cli(['schema', 'set', 'schema.pbtxt', 'temp_max', '--float-domain=-1.6..35.6']);
    const schemaText = readFileSync(join(work, 'schema.pbtxt'), 'utf8');
    const summary = await cli([
      'report',
      '--stats',
      'late.pb',
      '--compare',
      'early.pb',
      '--schema',
      'schema.pbtxt',
      '--title',
      'Seattle weather: 2014-2015 vs 2012-2013, by weather',
      '-o',
      'report.html',
    ]);
    return { summary, schemaText };
  })();
  return prepared;
}

describe('report of sliced Parquet statistics with a timestamp column', () => {
  let summary = '';
  let schemaText = '';
  beforeAll(async () => {
    ({ summary, schemaText } = await prepare());
  }, 120_000);

  it('infers a time_domain for the Arrow timestamp column and keeps float32 values short in the schema', () => {
    expect(schemaText).toMatch(
      /name: "date"\n {2}type: INT\n(.*\n)*? {2}time_domain \{\n {4}integer_format: UNIX_MICROSECONDS\n {2}\}/,
    );
    expect(schemaText).toContain('min: -1.6\n    max: 35.6\n');
    expect(schemaText).not.toMatch(/\d\.\d{9,}/);
  });

  it('prints dates, slice groups, the schema comparator and its unit in the text summary', () => {
    // Means of 2014-2015 and of 2012-2013 (per slice too), as dates, not microsecond counts.
    // With slices, one line per feature and dataset, slices under their group.
    expect(summary).toMatch(/^date +late +INT +0% +2014-01-01\.\.2015-12-31, mean 2014-12-31T12:00Z +p=\S+ KS DRIFT$/m);
    // A mean to the minute.
    expect(summary).toMatch(/^ +weather = drizzle +INT +0% +2015-06-15\.\.2015-10-06, mean 2015-08-05T06:51Z$/m);
    expect(summary).toMatch(/^ +early +INT +0% +2012-01-01\.\.2013-12-31, mean 2012-12-31$/m);
    expect(summary).not.toMatch(/mean 1\.4\de\+15/);
    expect(summary).toContain(
      '  late: 730 examples; slices weather = drizzle (7), weather = fog (80), weather = rain (292)',
    );
    expect(summary).toContain('  early: 731 examples; slices weather = drizzle (46)');
    // temp_max has a drift comparator (JSD 0.05): the report measures with it, unit stated.
    expect(summary).toMatch(/^temp_max +late +FLOAT .* [\d.]+ Jensen-Shannon \(bits, in \[0, 1\]\)( DRIFT)?$/m);
    // No float32 or fraction noise anywhere in the display.
    expect(summary).not.toMatch(/\d\.\d{7,}/);
  });
});

describe.skipIf(!hasChromium)(
  'report of sliced Parquet statistics with a timestamp column, in headless Chromium',
  () => {
    let browser: Awaited<ReturnType<typeof launchChromium>>;
    beforeAll(async () => {
      await prepare();
      browser = await launchChromium();
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
    });

    for (const [width, height] of [
      [1366, 768],
      [1280, 800],
    ] as const) {
      it(`fits a ${width}x${height} laptop screen: slices grouped, dates shown, no page scroll sideways`, async () => {
        const html = readFileSync(join(work, 'report.html'), 'utf8');
        const { page, errors } = await openReport(browser.context, `seattle-weather-slices-${width}`, html);
        await page.setViewportSize({ width, height });
        const paths = await scrollUntilAllRendered(page);
        expect(paths.sort()).toEqual(['date', 'precipitation', 'temp_max', 'temp_min', 'weather', 'wind']);
        expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
        // Even the tables fit: none needs to scroll inside its box.
        expect(await page.locator('.tbox.scroll').count()).toBe(0);

        // Two groups (the two files), each with its unsliced data and its weather slices.
        const groups = page.locator('.legend .lgroup');
        expect(await groups.evaluateAll((g) => g.map((x) => x.getAttribute('data-group')))).toEqual(['late', 'early']);
        const lateChips = await groups.nth(0).locator('.chip b').allTextContents();
        expect(lateChips).toEqual(expect.arrayContaining(['all examples', 'weather = rain', 'weather = sun']));
        expect(await groups.nth(0).isVisible()).toBe(true);
        // Each dataset its own colour.
        const swatches = await page
          .locator('.legend .chip .sw')
          .evaluateAll((s) => s.map((x) => (x as unknown as { style: { background: string } }).style.background));
        expect(new Set(swatches).size).toBe(swatches.length);
        // The dataset column names every line of a row: slices under their group.
        const names = await page.locator('tr.feat[data-feature="wind"] td.dscell .dsname').allTextContents();
        expect(names[0]).toBe('late (all)');
        expect(names).toContain('weather = drizzle');

        // The timestamp column: dates, never microsecond counts.
        const dateRow = page.locator('tr.feat[data-feature="date"]');
        const rowText = (await dateRow.textContent()) ?? '';
        expect(rowText).toContain('2014-01-01');
        expect(rowText).toContain('2015-12-31');
        expect(rowText).toContain('2012-01-01');
        expect(rowText).not.toMatch(/1,3\d\d,\d\d\d,\d\d\d/);
        expect(await dateRow.locator('.b.time').textContent()).toBe('time, µs');
        const axis = await dateRow.locator('td.chart svg text').allTextContents();
        expect(axis[0]).toMatch(/^2012-01-01/);

        // temp_max: measured with the schema's comparator, its unit and threshold beside it.
        const drift = (await page.locator('tr.feat[data-feature="temp_max"] td.dcell').textContent()) ?? '';
        expect(drift).toContain('Jensen-Shannon');
        expect(drift).toContain('bits, in [0, 1]');
        expect(drift).toContain('drift above 0.05');
        // Float32 min/max read as the short decimal.
        const tempMax = (await page.locator('tr.feat[data-feature="temp_max"]').textContent()) ?? '';
        expect(tempMax).not.toMatch(/\d\.\d{7,}/);

        await page.evaluate('window.scrollTo(0, 0)');
        await page.screenshot({ path: join(artifactsDir, `seattle-weather-slices-${width}x${height}.png`) });
        // Details of the timestamp feature: dates in the table and on the charts.
        await dateRow.click();
        const detail = page.locator('tr.detail[data-detail-for="date"]');
        expect((await detail.textContent()) ?? '').toMatch(/Std dev.*days/);
        expect((await detail.textContent()) ?? '').toContain('2015-12-31');
        expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
        expect(await page.locator('.tbox.scroll').count()).toBe(0);
        await dateRow.scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(artifactsDir, `seattle-weather-timestamp-${width}x${height}.png`) });
        expect(errors).toEqual([]);
      });
    }

    it('wraps a long feature name inside its cell at 1366 px', async () => {
      // The same statistics with one feature renamed to 160 characters without a space.
      const statistics = await readMessageFile(join(work, 'late.pb'), 'DatasetFeatureStatisticsList');
      const long = `precipitation_${'in_millimetres_per_day_'.repeat(6)}`.slice(0, 160);
      for (const dataset of statistics.datasets ?? []) {
        for (const feature of dataset.features ?? []) {
          if (feature.path?.step?.[0] === 'precipitation') feature.path = { step: [long] };
        }
      }
      const { page, errors } = await openReport(
        browser.context,
        'seattle-weather-long-name',
        renderHtmlReport({ statistics, sources: ['late'], title: 'long feature name' }),
      );
      await page.setViewportSize({ width: 1366, height: 768 });
      await scrollUntilAllRendered(page);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      const cell = page.locator(`tr.feat[data-feature="${long}"] td.fcell`);
      const box = await cell.boundingBox();
      expect(box?.width).toBeLessThanOrEqual(300); // max-width 260 px and padding, not the name's 1,000+ px
      expect(box?.height).toBeGreaterThan(40); // wrapped onto several lines
      expect(errors).toEqual([]);
    });
  },
);
