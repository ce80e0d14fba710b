/**
 * Metric history at scale (issue 16): 1,000 spans of a 50-feature dataset in one SQLite store, then
 * `datavet history` for one feature and the timeline report, each as a whole process (built JS),
 * against the CLI's own start-up in the same run (alternating, medians). Also the store's size per span.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { openMetadataStore as OpenStore } from '../../src/metadata/open-metadata-store.js';
import type { parsePipelineConfig as ParseConfig } from '../../src/pipeline/pipeline-config.js';
import type { runPipeline as RunPipeline } from '../../src/pipeline/run-pipeline.js';
import type { listCompleteSpans as ListSpans } from '../../src/pipeline/span-store.js';
import { rng } from '../helpers/rng.js';
import { hasChromium, launchChromium, openReport } from '../report/browser.js';
import { buildLibrary, median, timeProcess } from './whole-process.js';

const repo = resolve(import.meta.dirname, '../..');
const SPANS = 1000;
const FEATURES = 50;
const ROWS = 200;
const dataDir = join(repo, 'bench-data', `history-${SPANS}x${FEATURES}`);
const distDir = join(repo, 'bench-data', 'dist');

function build(): void {
  buildLibrary(distDir);
}

/** 35 numeric features (normal, drifting slowly), 15 categorical (5-20 values). Seeded. */
function writeSpans(): void {
  const random = rng(16);
  const normal = () => Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random());
  const header = Array.from({ length: FEATURES }, (_, k) => (k < 35 ? `n${k}` : `c${k}`)).join(',');
  for (let span = 1; span <= SPANS; span++) {
    const lines = [header];
    for (let r = 0; r < ROWS; r++) {
      const cells: string[] = [];
      for (let k = 0; k < FEATURES; k++) {
        if (random() < 0.02) cells.push('');
        else if (k < 35) cells.push((k * 10 + normal() * (1 + k / 10) + span * 0.001).toFixed(3));
        else cells.push(`v${Math.floor(random() * (5 + (k % 16)))}`);
      }
      lines.push(cells.join(','));
    }
    const dir = join(dataDir, 'data', `span-${span}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'part.csv'), `${lines.join('\n')}\n`);
  }
}

function sizeOf(path: string): number {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.size;
  return readdirSync(path).reduce((n, name) => n + sizeOf(join(path, name)), 0);
}

/** The spans the store already holds complete (a generation that was interrupted resumes after them). */
async function recordedSpans(): Promise<number> {
  const file = join(dataDir, '.datavet', 'metadata.sqlite');
  if (!existsSync(file)) return 0;
  const { openMetadataStore } = (await import(join(distDir, 'metadata/open-metadata-store.js'))) as {
    openMetadataStore: typeof OpenStore;
  };
  const { listCompleteSpans } = (await import(join(distDir, 'pipeline/span-store.js'))) as {
    listCompleteSpans: typeof ListSpans;
  };
  const store = await openMetadataStore({ url: file });
  try {
    return (await listCompleteSpans(store, 'bench', 'data')).length;
  } finally {
    await store.close();
  }
}

/** Records spans `from`..SPANS with `datavet run` in process (built JS); returns ms per span. */
async function generate(from: number): Promise<number> {
  if (from === 1) {
    rmSync(dataDir, { recursive: true, force: true });
    writeSpans();
  }
  const { runPipeline } = (await import(join(distDir, 'pipeline/run-pipeline.js'))) as {
    runPipeline: typeof RunPipeline;
  };
  const { parsePipelineConfig } = (await import(join(distDir, 'pipeline/pipeline-config.js'))) as {
    parsePipelineConfig: typeof ParseConfig;
  };
  const config = parsePipelineConfig(
    {
      name: 'bench',
      splits: [{ name: 'data', inputs: ['data/span-{SPAN}/*.csv'], driftAgainst: 'previous-span' }],
      monitoring: {
        rules: [{ feature: '*', metric: 'mean', detector: 'onlineNormal', window: 30, k: 4 }],
        datasetDrift: { method: 'jsd', threshold: 0.1, share: 0.5 },
      },
      report: false,
      failOn: 'never',
    },
    { baseDir: dataDir },
  );
  const start = performance.now();
  for (let span = from; span <= SPANS; span++) {
    await runPipeline(config, { cwd: dataDir, span, report: false });
    if (span % 100 === 0) console.log(`  ${span} spans recorded`);
  }
  return (performance.now() - start) / (SPANS - from + 1);
}

/** Wall ms and CPU ms of one whole `node` process (from /usr/bin/time). */
function processMs(args: readonly string[]): { wall: number; cpu: number } {
  const m = timeProcess([process.execPath, ...args], { cwd: dataDir });
  return { wall: m.wall * 1000, cpu: m.cpu * 1000 };
}

export async function run(): Promise<void> {
  build();
  let msPerSpan: number | undefined;
  const recorded = await recordedSpans();
  if (recorded < SPANS) msPerSpan = await generate(recorded + 1);
  // Timed: the command a user runs, the package's bundled `bin` (the spans above were recorded with
  // the unbundled build, which is the same code).
  execFileSync('npm', ['run', 'build'], { cwd: repo, stdio: 'inherit' });
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { bin: { datavet: string } };
  const cli = join(repo, pkg.bin.datavet);
  const cases: [string, string[]][] = [
    ['node (empty process)', ['-e', '']],
    ['datavet --help (CLI start-up)', [cli, '--help']],
    ['datavet history --feature n7 --format csv', [cli, 'history', '--feature', 'n7', '--format', 'csv']],
    ['datavet history --feature n7 (text)', [cli, 'history', '--feature', 'n7']],
    ['datavet history --html (timeline, 50 features)', [cli, 'history', '--html', 'timeline.html']],
  ];
  const times = new Map<string, number[]>(cases.map(([name]) => [name, []]));
  const cpus = new Map<string, number[]>(cases.map(([name]) => [name, []]));
  for (let round = 0; round < 5; round++) {
    for (const [name, args] of cases) {
      const { wall, cpu } = processMs(args);
      times.get(name)?.push(wall);
      cpus.get(name)?.push(cpu);
    }
  }
  const startup = median(times.get('datavet --help (CLI start-up)') ?? []);
  const startupCpu = median(cpus.get('datavet --help (CLI start-up)') ?? []);
  console.log(
    `history: ${SPANS} spans x ${FEATURES} features, ${ROWS} rows/span, one SQLite store; whole processes, median of 5 alternating rounds`,
  );
  console.log('| command | median wall ms | minus CLI start-up | median CPU ms | minus CLI start-up |');
  console.log('|---|---|---|---|---|');
  for (const [name] of cases) {
    const m = median(times.get(name) ?? []);
    const c = median(cpus.get(name) ?? []);
    const own = name.startsWith('datavet history');
    const minus = (x: number, base: number) => (own ? (x - base).toFixed(0) : '-');
    console.log(`| ${name} | ${m.toFixed(0)} | ${minus(m, startup)} | ${c.toFixed(0)} | ${minus(c, startupCpu)} |`);
  }
  const sqlite =
    sizeOf(join(dataDir, '.datavet', 'metadata.sqlite')) + sizeOf(join(dataDir, '.datavet', 'metadata.sqlite-wal'));
  const root = sizeOf(join(dataDir, '.datavet', 'pipeline'));
  const metrics = sizeOf(join(dataDir, '.datavet', 'pipeline', 'SpanMonitor.data'));
  const timeline = sizeOf(join(dataDir, 'timeline.html'));
  console.log('| store | total | per span |\n|---|---|---|');
  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(`| ML Metadata (SQLite) | ${kib(sqlite)} | ${kib(sqlite / SPANS)} |`);
  console.log(`| artifacts (pipeline root) | ${kib(root)} | ${kib(root / SPANS)} |`);
  console.log(
    `| of which metric rows (SpanMetrics.json + SchemaDiff.pb) | ${kib(metrics)} | ${kib(metrics / SPANS)} |`,
  );
  console.log(`timeline report: ${kib(timeline)}`);
  if (msPerSpan !== undefined)
    console.log(`recording: ${msPerSpan.toFixed(0)} ms per span (datavet run in process, built JS)`);
  if (!hasChromium) {
    console.log('timeline in Chromium: skipped, /usr/bin/chromium does not exist');
    return;
  }
  const browser = await launchChromium();
  try {
    const html = readFileSync(join(dataDir, 'timeline.html'), 'utf8');
    const opened: number[] = [];
    for (let i = 0; i < 3; i++) {
      const start = performance.now();
      const { page, errors } = await openReport(browser.context, 'bench-timeline-1000-spans', html);
      opened.push(performance.now() - start);
      if (errors.length) throw new Error(`timeline: ${errors.join('; ')}`);
      await page.close();
    }
    console.log(`timeline in Chromium: open until ready ${median(opened).toFixed(0)} ms (median of 3)`);
  } finally {
    await browser.close();
  }
}
