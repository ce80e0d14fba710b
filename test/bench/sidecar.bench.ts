/**
 * Sidecar benchmark, whole processes (`npm run bench -- sidecar`, also run by `serving`): each server
 * is its own process and the load comes from another process, autocannon (test/bench/sidecar-load.mjs),
 * over loopback. Requests: the 100 Chicago taxi serving rows with 1 in 10 broken (as the in-process
 * serving bench), validated against the TFX schema in the SERVING environment. Servers:
 * - a bare node:http server that parses the JSON and answers a constant (test/bench/http-floor.mjs):
 *   the floor, what node:http itself costs here;
 * - `datavet serve` (one process), and `datavet serve --workers 2` (one process per core);
 * Loads: one request per POST on 16 connections; 100 requests per POST as NDJSON on 4 connections.
 * `DATAVET_BENCH_BEFORE_ROOT=DIR` (a checkout of an older commit, e.g. `git archive` into bench-data/)
 * adds that version's `datavet serve` to the same rounds: before/after in one run.
 * Rounds alternate the servers; medians. `DATAVET_BENCH_RUNS` (default 3) rounds of
 * `DATAVET_BENCH_SECONDS` (default 5) s per load. Figures go to docs/benchmarks.md ("Serving").
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { breakOneInTen, chicagoSchema, chicagoServingRequests } from '../helpers/serving-requests.js';
import { median } from './whole-process.js';

const repo = resolve(import.meta.dirname, '../..');
const fixtures = join(repo, 'test/fixtures/serving');

interface Server {
  readonly name: string;
  readonly port: number;
  readonly child: ChildProcess;
  readonly ndjson: boolean;
}

async function startServer(name: string, args: readonly string[], ndjson: boolean, cwd = repo): Promise<Server> {
  const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  const port = await new Promise<number>((resolvePort, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`${name} did not start: ${text}`)), 60_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(text);
      if (match) {
        clearTimeout(timer);
        resolvePort(Number(match[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}: ${text}`)));
  });
  return { name, port, child, ndjson };
}

async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode !== null || server.child.pid === undefined) return;
  const exited = new Promise((done) => server.child.once('exit', done));
  server.child.kill('SIGTERM');
  await exited;
}

/** CPU seconds (user + system) a process and its children (--workers) have used so far, from /proc (Linux); NaN elsewhere. */
function processCpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux).
    let seconds = (Number(fields[11]) + Number(fields[12])) / 100;
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    for (const child of children ? children.split(' ') : []) seconds += processCpuSeconds(Number(child));
    return seconds;
  } catch {
    return Number.NaN;
  }
}

interface LoadResult {
  /** The server's CPU time per answered HTTP request, µs: steadier than rates on a shared machine. */
  readonly serverCpuMicros: number;
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly failures: number;
}

/** One autocannon run in its own process against `server`; latencies in ms. */
function runLoad(server: Server, bodiesFile: string, contentType: string, connections: number, seconds: number) {
  const url = `http://127.0.0.1:${server.port}/`;
  const cpuBefore = processCpuSeconds(server.child.pid);
  return new Promise<LoadResult>((resolveLoad, reject) => {
    const options = JSON.stringify({ url, connections, duration: seconds, bodiesFile, contentType });
    const child = spawn(process.execPath, [join(repo, 'test/bench/sidecar-load.mjs'), options], {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => {
      if (code !== 0) {
        reject(new Error(`load generator exited with ${code}`));
        return;
      }
      const r = JSON.parse(out) as {
        total: number;
        seconds: number;
        latency: { p50: number; p99: number };
        non2xx: number;
        errors: number;
        timeouts: number;
      };
      resolveLoad({
        serverCpuMicros: ((processCpuSeconds(server.child.pid) - cpuBefore) / r.total) * 1e6,
        requestsPerSecond: r.total / r.seconds,
        p50: r.latency.p50,
        p99: r.latency.p99,
        failures: r.non2xx + r.errors + r.timeouts,
      });
    });
  });
}

const fmtLoad = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');

export async function run(): Promise<void> {
  const rounds = Number(process.env.DATAVET_BENCH_RUNS ?? 3);
  const seconds = Number(process.env.DATAVET_BENCH_SECONDS ?? 5);
  const dir = mkdtempSync(join(tmpdir(), 'datavet-sidecar-bench-'));
  const requests = breakOneInTen(chicagoServingRequests(chicagoSchema()));
  const singlesFile = join(dir, 'singles.json');
  const ndjsonFile = join(dir, 'ndjson.json');
  writeFileSync(singlesFile, JSON.stringify(requests.map((r) => JSON.stringify(r))));
  writeFileSync(ndjsonFile, JSON.stringify([`${requests.map((r) => JSON.stringify(r)).join('\n')}\n`]));
  const serve = (extra: string[]) => [
    '--import',
    'tsx',
    'src/cli/main.ts',
    'serve',
    '--schema',
    join(fixtures, 'chicago_taxi_schema_envs.pbtxt'),
    '--environment',
    'SERVING',
    '--port',
    '0',
    '-q',
    ...extra,
  ];
  const servers: Server[] = [];
  const loadBefore = fmtLoad();
  try {
    servers.push(
      await startServer('bare node:http (JSON.parse, constant answer)', ['test/bench/http-floor.mjs'], false),
    );
    const beforeRoot = process.env.DATAVET_BENCH_BEFORE_ROOT;
    if (beforeRoot) servers.push(await startServer('datavet serve, before', serve([]), false, resolve(beforeRoot)));
    servers.push(await startServer('datavet serve', serve([]), true));
    servers.push(await startServer('datavet serve --workers 2', serve(['--workers', '2']), true));
    const loads = [
      {
        name: '1 request per POST, 16 connections',
        file: singlesFile,
        type: 'application/json',
        connections: 16,
        per: 1,
      },
      {
        name: '100 requests per POST (NDJSON), 4 connections',
        file: ndjsonFile,
        type: 'application/x-ndjson',
        connections: 4,
        per: 100,
      },
    ];
    const results = new Map<string, LoadResult[]>();
    // Warm-up: every server on every load it serves, 1 s.
    for (const server of servers) {
      for (const load of loads) {
        if (load.per > 1 && !server.ndjson) continue;
        await runLoad(server, load.file, load.type, load.connections, 1);
      }
    }
    for (let round = 0; round < rounds; round++) {
      for (const load of loads) {
        for (const server of servers) {
          if (load.per > 1 && !server.ndjson) continue;
          const key = `${server.name}|${load.name}`;
          const list = results.get(key) ?? [];
          list.push(await runLoad(server, load.file, load.type, load.connections, seconds));
          results.set(key, list);
        }
      }
    }
    console.log(
      `\nSidecar, whole processes: server and autocannon (test/bench/sidecar-load.mjs) each their own process, loopback;`,
    );
    console.log(
      `${rounds} alternating rounds of ${seconds} s, medians; load average before ${loadBefore}, after ${fmtLoad()}\n`,
    );
    console.log(
      '| server | load | HTTP requests/s | validated requests/s | p50 ms | p99 ms | server CPU µs per POST | non-2xx or errors |',
    );
    console.log('|---|---|---|---|---|---|---|---|');
    for (const load of loads) {
      for (const server of servers) {
        const list = results.get(`${server.name}|${load.name}`);
        if (!list) continue;
        const rate = median(list.map((r) => r.requestsPerSecond));
        console.log(
          `| ${server.name} | ${load.name} | ${Math.round(rate).toLocaleString('en-US')} | ${Math.round(
            rate * load.per,
          ).toLocaleString('en-US')} | ${median(list.map((r) => r.p50)).toFixed(2)} | ${median(
            list.map((r) => r.p99),
          ).toFixed(2)} | ${median(list.map((r) => r.serverCpuMicros)).toFixed(0)} | ${list.reduce(
            (sum, r) => sum + r.failures,
            0,
          )} |`,
        );
      }
    }
  } finally {
    for (const server of servers) await stopServer(server);
    rmSync(dir, { recursive: true, force: true });
  }
}
