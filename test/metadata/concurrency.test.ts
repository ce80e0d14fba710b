import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { MetadataStore } from '../../src/metadata/metadata-store.js';
import { openMetadataStore } from '../../src/metadata/open-metadata-store.js';
import { testBackends, uniqueName } from './backends.js';

const WORKER = new URL('./workers/record-executions.ts', import.meta.url).pathname;
const PROCESSES = 4;
const PER_PROCESS = 500;

interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts a worker; `onLine` may kill it. */
function runWorker(url: string, worker: number, count: number, onLine?: (line: string, kill: () => void) => void) {
  return new Promise<Run>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, url, String(worker), String(count)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      stdout += text;
      for (const line of text.split('\n')) if (line) onLine?.(line, () => child.kill('SIGKILL'));
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Every execution complete: exactly one INPUT and one OUTPUT event, both artifacts present, no duplicates. */
async function checkComplete(store: MetadataStore) {
  const executions = (await store.getExecutions()).items;
  const artifacts = (await store.getArtifacts()).items;
  const events = await store.getEventsByExecutionIds(executions.map((e) => e.id as number));
  const byExecution = new Map<number, string[]>();
  for (const e of events)
    byExecution.set(e.executionId as number, [...(byExecution.get(e.executionId as number) ?? []), e.type as string]);
  for (const e of executions)
    expect(byExecution.get(e.id as number)?.sort(), `execution ${e.name}`).toEqual(['INPUT', 'OUTPUT']);
  const artifactIds = new Set(artifacts.map((a) => a.id));
  for (const e of events) expect(artifactIds.has(e.artifactId)).toBe(true);
  expect(new Set(executions.map((e) => e.name)).size).toBe(executions.length);
  expect(new Set(artifacts.map((a) => a.uri)).size).toBe(artifacts.length);
  expect(new Set(events.map((e) => e.artifactId)).size).toBe(events.length);
  expect((await store.getArtifactTypes()).map((t) => t.name)).toEqual(['Examples']);
  expect((await store.getExecutionTypes()).map((t) => t.name)).toEqual(['StatisticsGen']);
  return { executions: executions.length, artifacts: artifacts.length, events: events.length };
}

const dir = mkdtempSync(join(tmpdir(), 'datavet-md-conc-'));
const postgres = testBackends('conc').find((b) => b.name === 'postgres')!;
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await postgres.cleanup();
});

const targets: Array<{ name: string; url: () => Promise<string>; skip?: string }> = [
  { name: 'SQLite (WAL, busy timeout)', url: async () => `sqlite:${join(dir, 'concurrent.sqlite')}` },
];
const pgReason = await postgres.unavailable();
if (pgReason) console.log(`concurrency [postgres]: skipped: ${pgReason}`);
targets.push({
  name: 'PostgreSQL',
  url: async () => {
    const base = process.env.DATAVET_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    return `${base}${base.includes('?') ? '&' : '?'}schema=${uniqueName('conc')}`;
  },
  ...(pgReason ? { skip: pgReason } : {}),
});

describe('concurrent writers', () => {
  for (const target of targets) {
    it.skipIf(target.skip !== undefined)(
      `${PROCESSES} processes x ${PER_PROCESS} putExecution calls into one ${target.name} store`,
      async () => {
        const url = await target.url();
        const runs = await Promise.all(
          Array.from({ length: PROCESSES }, (_, worker) => runWorker(url, worker, PER_PROCESS)),
        );
        for (const run of runs) {
          expect(run.stderr).toBe('');
          expect(run.code).toBe(0);
          expect(run.stdout).toContain('done');
        }
        const store = await openMetadataStore(url);
        try {
          expect(await checkComplete(store)).toEqual({
            executions: PROCESSES * PER_PROCESS,
            artifacts: 2 * PROCESSES * PER_PROCESS,
            events: 2 * PROCESSES * PER_PROCESS,
          });
          const contexts = (await store.getContexts()).items;
          expect(contexts.map((c) => c.name)).toEqual(['shared-pipeline']);
          const linked = await store.getExecutionsByContext(contexts[0]?.id as number);
          expect(linked.items).toHaveLength(PROCESSES * PER_PROCESS);
        } finally {
          await store.close();
          if (url.startsWith('postgres')) {
            const schema = new URL(url).searchParams.get('schema');
            const { default: pg } = await import('pg');
            const client = new pg.Client({ connectionString: url.replace(/[?&]schema=[^&]*/, '') });
            await client.connect();
            await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
            await client.end();
          }
        }
      },
      180_000,
    );
  }
});

describe('crash safety', () => {
  it('a writer killed with SIGKILL mid-stream leaves a consistent SQLite store', async () => {
    const path = join(dir, 'crash.sqlite');
    const url = `sqlite:${path}`;
    // Kill at a different point each time: after 50..150 recorded executions.
    const killAfter = 50 + Math.floor(Math.random() * 4) * 25;
    const run = await runWorker(url, 0, 1_000_000, (line, kill) => {
      const n = /^progress (\d+)$/.exec(line)?.[1];
      if (n && Number(n) >= killAfter) kill();
    });
    expect(run.signal).toBe('SIGKILL');
    const db = new Database(path);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    const store = await openMetadataStore(url);
    try {
      const counts = await checkComplete(store);
      expect(counts.executions).toBeGreaterThanOrEqual(killAfter);
      expect(counts.artifacts).toBe(2 * counts.executions);
      expect(counts.events).toBe(2 * counts.executions);
      // The store still takes writes after the crash.
      const typeId = (await store.getExecutionType('StatisticsGen')).id as number;
      await store.putExecution({ typeId, name: 'after-crash' }, []);
    } finally {
      await store.close();
    }
  }, 120_000);
});
