import { performance } from 'node:perf_hooks';
import { renderHtmlReport, renderTextSummary } from '../../src/report/index.js';
import { hasChromium, launchChromium, openReport, scrollUntilAllRendered } from '../report/browser.js';
import { wideStatistics } from '../report/sample-statistics.js';

/** Render time and page size of comparison reports at 50, 500 and 2,000 features. */
export async function run(): Promise<void> {
  const rows: string[] = ['| features | datasets | HTML size | HTML render | text summary |', '|---|---|---|---|---|'];
  for (const count of [50, 500, 2000]) {
    const input = {
      statistics: wideStatistics('current', count, 1),
      compareWith: wideStatistics('previous', count, 2),
    };
    renderHtmlReport(input); // warm-up
    const reps = count >= 2000 ? 3 : 10;
    let html = '';
    let start = performance.now();
    for (let i = 0; i < reps; i++) html = renderHtmlReport(input);
    const htmlMs = (performance.now() - start) / reps;
    start = performance.now();
    for (let i = 0; i < reps; i++) renderTextSummary(input);
    const textMs = (performance.now() - start) / reps;
    const kb = Buffer.byteLength(html) / 1024;
    rows.push(`| ${count} | 2 | ${kb.toFixed(0)} KiB | ${htmlMs.toFixed(1)} ms | ${textMs.toFixed(1)} ms |`);
  }
  console.log('report: HTML and text rendering (synthetic statistics, 10 buckets, 20 top values)');
  console.log(rows.join('\n'));
  if (!hasChromium) {
    console.log('report: browser timings skipped: /usr/bin/chromium does not exist');
    return;
  }
  const browser = await launchChromium();
  const timings: string[] = ['| features | open until first rows | scroll until every row |', '|---|---|---|'];
  try {
    for (const count of [500, 2000]) {
      const html = renderHtmlReport({
        statistics: wideStatistics('current', count, 1),
        compareWith: wideStatistics('previous', count, 2),
      });
      let start = performance.now();
      const { page } = await openReport(browser.context, `bench-${count}`, html);
      const openMs = performance.now() - start;
      start = performance.now();
      await scrollUntilAllRendered(page);
      const allMs = performance.now() - start;
      timings.push(`| ${count} | ${openMs.toFixed(0)} ms | ${allMs.toFixed(0)} ms |`);
      await page.close();
    }
  } finally {
    await browser.close();
  }
  console.log('report: headless Chromium (file://, 1400x1000 viewport)');
  console.log(timings.join('\n'));
}
