import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openMetadataStore } from '../../src/metadata/open-metadata-store.js';
import { runCli } from '../helpers/run-cli.js';
import { monthlySpans, writeSpan } from './taxi-spans.js';

const ROOT = new URL('../../', import.meta.url).pathname;
/** tsx's loader, resolved here: the child runs in a directory without node_modules. */
const TSX = import.meta.resolve('tsx');

interface HistoryJson {
  spans: { span: number; version: number; metricsArtifactId: number }[];
}

async function history(dir: string): Promise<HistoryJson> {
  const result = await runCli(['history', '--format', 'json'], { cwd: dir });
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as HistoryJson;
}

/** Files the SpanMonitor of the split wrote, published or not. */
function monitorFiles(dir: string): string[] {
  const base = join(dir, '.datavet', 'pipeline', 'SpanMonitor.trips', 'metrics');
  if (!existsSync(base)) return [];
  return readdirSync(base)
    .map((id) => join(base, id, 'Split-trips', 'SpanMetrics.json'))
    .filter((f) => existsSync(f));
}

describe('crash safety of spans', () => {
  const dir = mkdtempSync(join(tmpdir(), 'datavet-span-crash-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const { header, spans } = monthlySpans();
  writeFileSync(
    join(dir, 'datavet.config.json'),
    JSON.stringify({
      name: 'taxi_crash',
      splits: [{ name: 'trips', inputs: ['data/span-{SPAN}/*.csv'], driftAgainst: 'previous-span' }],
      report: false,
      failOn: 'never',
    }),
  );

  it('SIGKILL in the middle of a span records nothing complete; the next run completes it and history shows that run', async () => {
    for (const span of [1, 2]) {
      writeSpan(dir, span, header, spans.get(span) as string[]);
      expect((await runCli(['run', '--quiet'], { cwd: dir })).code).toBe(0);
    }
    writeSpan(dir, 3, header, spans.get(3) as string[]);
    const before = monitorFiles(dir).length;
    // The SpanMonitor of span 3 writes its files, then stops before publishing: killed there.
    const child = spawn(process.execPath, ['--import', TSX, join(ROOT, 'src/cli/main.ts'), 'run', '--quiet'], {
      cwd: dir,
      env: { ...process.env, DATAVET_TEST_HANG_NODE: 'SpanMonitor.trips' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal)),
    );
    const deadline = Date.now() + 120_000;
    while (monitorFiles(dir).length === before && Date.now() < deadline && child.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(stderr).toBe('');
    expect(monitorFiles(dir).length).toBe(before + 1);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    // Nothing of span 3 is complete: history and the resolver see spans 1 and 2 only.
    expect((await history(dir)).spans.map((s) => s.span)).toEqual([1, 2]);
    const storePath = join(dir, '.datavet', 'metadata.sqlite');
    const db = new Database(storePath, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    const store = await openMetadataStore({ url: storePath });
    try {
      const metrics = (await store.getArtifactsByType('ExampleValidationMetrics')).items;
      expect(metrics.map((a) => a.properties?.span?.intValue)).toEqual([1, 2]);
      const monitors = (await store.getExecutionsByType('datavet.components.SpanMonitor')).items;
      expect(monitors.map((e) => e.lastKnownState)).toEqual(['COMPLETE', 'COMPLETE', 'RUNNING']);
    } finally {
      await store.close();
    }

    // The next run of span 3 completes it; its published row is the one history shows.
    const rerun = await runCli(['run', '--span', '3', '--quiet', '--format', 'json'], { cwd: dir });
    expect(rerun.stderr).toBe('');
    expect(rerun.code).toBe(0);
    const shown = await history(dir);
    expect(shown.spans.map((s) => [s.span, s.version])).toEqual([
      [1, 0],
      [2, 0],
      [3, 0],
    ]);
    const json = JSON.parse(rerun.stdout) as {
      components: { nodeId: string; state: string; outputs: Record<string, { artifactId: number }> }[];
    };
    const monitor = json.components.find((c) => c.nodeId === 'SpanMonitor.trips');
    expect(monitor?.state).toBe('COMPLETE');
    expect(shown.spans[2]?.metricsArtifactId).toBe(monitor?.outputs.metrics?.artifactId);
    // Span 4 resolves span 3 as its predecessor.
    writeSpan(dir, 4, header, spans.get(4) as string[]);
    const next = JSON.parse((await runCli(['run', '--quiet', '--format', 'json'], { cwd: dir })).stdout) as {
      splits: { span: number; driftAgainstSpans?: number[] }[];
    };
    expect(next.splits[0]).toMatchObject({ span: 4, driftAgainstSpans: [3] });
  }, 300_000);

  it('re-running a span with changed files is a new version of it, never a duplicate', async () => {
    const rows = (spans.get(2) as string[]).slice(0, 100);
    writeSpan(dir, 2, header, rows);
    const result = await runCli(['run', '--span', '2', '--quiet', '--format', 'json'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).splits[0]).toMatchObject({ span: 2, version: 1, rows: 100 });
    // Unchanged files again: the cached version, no third one.
    const again = JSON.parse(
      (await runCli(['run', '--span', '2', '--quiet', '--format', 'json'], { cwd: dir })).stdout,
    );
    expect(again.splits[0]).toMatchObject({ span: 2, version: 1 });
    const shown = await history(dir);
    expect(shown.spans.map((s) => [s.span, s.version])).toEqual([
      [1, 0],
      [2, 1],
      [3, 0],
      [4, 0],
    ]);
  }, 120_000);
});
