import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openMetadataStore } from '../../src/metadata/open-metadata-store.js';
import { FAILURE_REASON, RUNNER_PID } from '../../src/pipeline/abandoned-executions.js';
import { loadPipelineConfig } from '../../src/pipeline/load-pipeline-config.js';
import { runPipeline } from '../../src/pipeline/run-pipeline.js';
import { runCli } from '../helpers/run-cli.js';
import { makeProject } from './project.js';

const MAIN = resolve(import.meta.dirname, '..', '..', 'src', 'cli', 'main.ts');
// The child runs in the project's directory: load tsx from here, not from there.
const TSX = import.meta.resolve('tsx');

/** A train split large enough that its statistics take a while: the run can be caught inside it. */
function enlargeTrain(dir: string): void {
  const lines = ['num,cat,label'];
  for (let i = 0; i < 400_000; i++) lines.push(`${(i * 7) % 50},${'abc'[i % 3]},${(i % 100) / 10}`);
  writeFileSync(join(dir, 'train.csv'), `${lines.join('\n')}\n`);
}

/** The RUNNING executions in the SQLite store, read without taking a write lock. */
function runningExecutions(path: string): Array<{ id: number; name: string }> {
  if (!existsSync(path)) return [];
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      // last_known_state 2 = RUNNING.
      return db.prepare('SELECT id, name FROM Execution WHERE last_known_state = 2').all() as Array<{
        id: number;
        name: string;
      }>;
    } finally {
      db.close();
    }
  } catch {
    return []; // the store is still being created
  }
}

/** Starts `datavet run` and SIGKILLs it while its StatisticsGen.train execution is RUNNING. */
function killMidRun(
  dir: string,
): Promise<{ signal: NodeJS.Signals | null; killedAt: Array<{ id: number; name: string }> }> {
  const store = join(dir, '.datavet', 'metadata.sqlite');
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, MAIN, 'run'], { cwd: dir, stdio: 'ignore' });
    let killedAt: Array<{ id: number; name: string }> = [];
    const poll = setInterval(() => {
      // Wait for the long step (statistics of the large split), so the kill lands inside it.
      const running = runningExecutions(store);
      if (running.some((e) => e.name.endsWith(':StatisticsGen.train')) && killedAt.length === 0) {
        killedAt = running;
        child.kill('SIGKILL');
      }
    }, 5);
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      clearInterval(poll);
      resolvePromise({ signal, killedAt });
    });
  });
}

describe('a datavet run killed mid-run', () => {
  it('leaves no execution RUNNING forever: the next run marks it FAILED with the reason', async () => {
    const dir = makeProject();
    enlargeTrain(dir);
    const killed = await killMidRun(dir);
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.killedAt.map((e) => e.name.split(':')[1])).toContain('StatisticsGen.train');
    const stuck = killed.killedAt.map((e) => e.id);

    // Still RUNNING after the kill: nothing closed it.
    expect(runningExecutions(join(dir, '.datavet', 'metadata.sqlite')).map((e) => e.id)).toEqual(stuck);

    const result = await runPipeline(await loadPipelineConfig(join(dir, 'datavet.config.json')), { cwd: dir });
    expect(result.passed).toBe(true);
    expect(result.abandoned.map((a) => a.executionId)).toEqual(stuck);
    expect(result.abandoned[0]?.reason).toMatch(/^abandoned: process \d+ on .+ ended before this execution finished/);
    expect(result.abandoned[0]?.reason).toContain(`run ${result.runId}`);

    const store = await openMetadataStore({ url: '.datavet/metadata.sqlite', cwd: dir });
    try {
      const executions = await store.getExecutionsByIds(stuck);
      for (const execution of executions) {
        expect(execution.lastKnownState).toBe('FAILED');
        expect(execution.customProperties?.[FAILURE_REASON]?.stringValue).toMatch(/^abandoned: process/);
      }
      expect((await store.getExecutions({ filterQuery: 'last_known_state = RUNNING' })).items).toEqual([]);
    } finally {
      await store.close();
    }
    // Reconciled once: the next run finds nothing to close.
    const again = await runCli(['run'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain('marked FAILED');
  }, 120_000);

  it('leaves a RUNNING execution of a live process alone, and says so in the summary when it closes one', async () => {
    const dir = makeProject();
    await runPipeline(await loadPipelineConfig(join(dir, 'datavet.config.json')), { cwd: dir });
    const store = await openMetadataStore({ url: '.datavet/metadata.sqlite', cwd: dir });
    let live: number;
    let dead: number;
    try {
      const [any] = (await store.getExecutions()).items;
      const base = { typeId: any?.typeId as number, lastKnownState: 'RUNNING' as const };
      const host = any?.customProperties?.runner_host;
      // This test's own process (alive) and a process id that cannot exist (above pid_max).
      [live, dead] = (await store.putExecutions([
        {
          ...base,
          name: 'other:live',
          customProperties: { runner_host: host!, [RUNNER_PID]: { intValue: process.ppid } },
        },
        { ...base, name: 'other:dead', customProperties: { runner_host: host!, [RUNNER_PID]: { intValue: 2 ** 30 } } },
      ])) as [number, number];
    } finally {
      await store.close();
    }
    const r = await runCli(['run'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(`^ {2}execution #${dead} \\(other:dead\\) marked FAILED: abandoned: process ${2 ** 30} `, 'm'),
    );
    expect(r.stdout).not.toContain('other:live');
    const after = await openMetadataStore({ url: '.datavet/metadata.sqlite', cwd: dir });
    try {
      const [liveExecution, deadExecution] = await after.getExecutionsByIds([live, dead]);
      expect(liveExecution?.lastKnownState).toBe('RUNNING');
      expect(deadExecution?.lastKnownState).toBe('FAILED');
    } finally {
      await after.close();
    }
  });
});
