import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { startModuleWorker } from '../../src/_util/worker-thread.js';
import { caseInput, caseRandom, type FuzzTally, type Outcome, runCase } from './fuzz-loop.js';
import { fuzzTargets } from './targets.js';

/**
 * `npm run fuzz -- --minutes N [--seed S]`: the fuzzer of fuzz.test.ts for N minutes (default 2).
 * Cases run in a worker thread; the main thread is a watchdog: a case that gives no sign of life
 * for 20 s is a hang, reported like a crash, and the worker restarts after it. Each crash or hang
 * is written to a folder (printed at the end) as the input bytes, replayable from its seed and
 * case number.
 */

const HANG_MS = 20_000;

interface WorkerArgs {
  readonly seed: number;
  readonly deadline: number;
  readonly start: number;
}

type Message =
  | { type: 'case'; target: string; index: number }
  | { type: 'outcome'; target: string; index: number; outcome: Outcome }
  | { type: 'done' };

if (!isMainThread) {
  // Posts every case before it runs (the watchdog's heartbeat) and its outcome after, so the
  // counts survive a worker that is stopped for a hang.
  const { seed, deadline, start } = workerData as WorkerArgs;
  const dir = mkdtempSync(join(tmpdir(), 'datavet-fuzz-'));
  for (let index = start; Date.now() < deadline || index === start; index++) {
    for (let t = 0; t < fuzzTargets.length; t++) {
      const target = fuzzTargets[t]!.name;
      parentPort!.postMessage({ type: 'case', target, index } satisfies Message);
      const outcome = await runCase(fuzzTargets, t, seed, index, dir);
      parentPort!.postMessage({ type: 'outcome', target, index, outcome } satisfies Message);
    }
  }
  rmSync(dir, { recursive: true, force: true });
  parentPort!.postMessage({ type: 'done' } satisfies Message);
} else {
  const arg = (name: string, fallback: number) => {
    const i = process.argv.indexOf(`--${name}`);
    const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
    if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} expects a number`);
    return value;
  };
  const minutes = arg('minutes', 2);
  const seed = arg('seed', Date.now() % 1_000_000);
  const deadline = Date.now() + minutes * 60_000;
  const total = new Map(fuzzTargets.map((t) => [t.name, { runs: 0, ok: 0, clear: 0, crashes: [] } as FuzzTally]));
  const hangs: { target: string; index: number }[] = [];
  const out = join(tmpdir(), `datavet-fuzz-findings-${seed}`);
  console.log(`fuzzing ${fuzzTargets.map((t) => t.name).join(', ')} for ${minutes} min, seed ${seed}`);

  let start = 0;
  while (Date.now() < deadline) {
    const result = await new Promise<{ next: number }>((resolve) => {
      const worker = startModuleWorker(import.meta.url, 'run', { seed, deadline, start } satisfies WorkerArgs);
      let current = { target: '', index: start };
      let beat = Date.now();
      const watchdog = setInterval(() => {
        if (Date.now() - beat < HANG_MS) return;
        clearInterval(watchdog);
        hangs.push(current);
        void worker.terminate();
        resolve({ next: current.index + 1 });
      }, 1000);
      worker.on('message', (message: Message) => {
        beat = Date.now();
        if (message.type === 'case') current = { target: message.target, index: message.index };
        else if (message.type === 'outcome') {
          const tally = total.get(message.target)!;
          tally.runs++;
          const { outcome } = message;
          if (outcome.kind === 'ok') tally.ok++;
          else if (outcome.kind === 'clear') tally.clear++;
          else tally.crashes.push({ target: message.target, index: message.index, error: outcome.error });
        } else {
          clearInterval(watchdog);
          resolve({ next: current.index + 1 });
        }
      });
      worker.on('error', (error: Error) => {
        // An error thrown outside a case (e.g. out of memory): count it as a crash of the current case.
        clearInterval(watchdog);
        total.get(current.target)?.crashes.push({ ...current, error: String(error) });
        resolve({ next: current.index + 1 });
      });
    });
    start = result.next;
  }

  const findings = [
    ...[...total.values()].flatMap((t) => t.crashes.map((c) => ({ ...c, kind: 'crash' }))),
    ...hangs.map((h) => ({ ...h, kind: 'hang', error: `no progress for ${HANG_MS / 1000} s` })),
  ];
  if (findings.length > 0) {
    mkdirSync(out, { recursive: true });
    for (const f of findings) {
      const t = fuzzTargets.findIndex((x) => x.name === f.target);
      const input = caseInput(fuzzTargets[t]!, caseRandom(seed, t, f.index));
      writeFileSync(join(out, `${f.kind}-${f.target}-${f.index}.bin`), input);
      writeFileSync(join(out, `${f.kind}-${f.target}-${f.index}.txt`), f.error);
    }
  }
  console.log('\n| target | runs | read | clear errors | crashes | hangs |\n|---|---|---|---|---|---|');
  for (const [name, t] of total) {
    const hung = hangs.filter((h) => h.target === name).length;
    console.log(`| ${name} | ${t.runs} | ${t.ok} | ${t.clear} | ${t.crashes.length} | ${hung} |`);
  }
  for (const f of findings)
    console.log(
      `\n${f.kind}: ${f.target} case ${f.index} (seed ${seed})\n${f.error.split('\n').slice(0, 6).join('\n')}`,
    );
  if (findings.length > 0) console.log(`\ninputs written to ${out}`);
  process.exitCode = findings.length > 0 ? 1 : 0;
}
