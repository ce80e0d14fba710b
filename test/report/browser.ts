import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's chromium package; `.ci/run` installs it. */
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const skipReason = `${CHROMIUM} does not exist (install Debian's chromium package, as .ci/run does)`;

/** Where screenshots and the rendered reports go (gitignored). */
export const artifactsDir = resolve(import.meta.dirname, '..', '..', 'test-artifacts', 'report');

/**
 * Headless Chromium with the flags this sandbox needs: no sandbox as root, no GPU, and no
 * background networking (the network is closed; Chromium would otherwise keep trying).
 */
export async function launchChromium(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = await mkdtemp(join(tmpdir(), 'datavet-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 1000 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Writes a report to the artifacts folder and opens it from file://, collecting console errors. */
export async function openReport(
  context: BrowserContext,
  name: string,
  html: string,
): Promise<{ page: Page; errors: string[] }> {
  await mkdir(artifactsDir, { recursive: true });
  const file = join(artifactsDir, `${name}.html`);
  await writeFile(file, html);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('request', (request) => {
    if (!request.url().startsWith('file:')) errors.push(`network request: ${request.url()}`);
  });
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('html[data-ready="1"]');
  return { page, errors };
}

/** Scrolls to the bottom until no more rows appear; returns the rendered feature paths. */
export async function scrollUntilAllRendered(page: Page): Promise<string[]> {
  let previous = -1;
  for (let round = 0; round < 200; round++) {
    const count = await page.locator('tr.feat').count();
    if (count === previous) break;
    previous = count;
    await page.mouse.wheel(0, 4000);
    // Strings, not functions: they run in the page, and the tests compile without the DOM types.
    await page.evaluate('window.scrollTo(0, document.documentElement.scrollHeight)');
    // Two animation frames: the page adds rows on scroll, in a frame callback.
    await page.evaluate('new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))');
  }
  return page.locator('tr.feat').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-feature') ?? ''));
}
