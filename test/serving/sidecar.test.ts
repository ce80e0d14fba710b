import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequestFolder } from '../../src/serving/request-folder.js';
import { createRequestValidator } from '../../src/serving/request-validator.js';
import { createSidecarServer } from '../../src/serving/sidecar.js';
import { fromJson } from '../../src/tfmd/index.js';
import type { Schema } from '../../src/tfmd/types.js';

const schema: Schema = {
  defaultEnvironment: ['TRAINING', 'SERVING'],
  feature: [
    { name: 'trips', type: 'INT', presence: { minFraction: 1 }, intDomain: { min: 0, max: 10 } },
    { name: 'tips', type: 'FLOAT', presence: { minFraction: 1 }, notInEnvironment: ['SERVING'] },
  ],
};

interface Reply {
  status: number;
  body: Record<string, unknown>;
}

const validated: unknown[] = [];
const server = createSidecarServer(createRequestValidator(schema, { environment: 'SERVING' }), {
  maxBodyBytes: 1000,
  maxBatch: 5,
  onValidated: (requests) => validated.push(...requests),
});
let port = 0;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function callText(
  method: string,
  path: string,
  body?: string | Buffer,
  contentType = 'application/json',
): Promise<{ status: number; type: string; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method, path, headers: { 'content-type': contentType } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'] ?? '', text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function call(method: string, path: string, body?: string | Buffer): Promise<Reply> {
  const reply = await callText(method, path, body);
  return { status: reply.status, body: JSON.parse(reply.text) as Record<string, unknown> };
}

describe('validation sidecar', () => {
  it('answers /healthz', async () => {
    const reply = await call('GET', '/healthz');
    expect(reply).toEqual({ status: 200, body: { status: 'ok', environment: 'SERVING', features: 1 } });
  });

  it('validates one request', async () => {
    expect(await call('POST', '/', '{"trips": 3}')).toEqual({ status: 200, body: { valid: true, anomalies: [] } });
    const reply = await call('POST', '/validate', '{"trips": 30, "tips": 1}');
    expect(reply.status).toBe(200);
    expect(reply.body.valid).toBe(false);
    expect((reply.body.anomalies as { code: string }[]).map((a) => a.code)).toEqual([
      'INT_TYPE_BIG_INT',
      'SCHEMA_NEW_COLUMN',
    ]);
    expect(validated).toContainEqual({ trips: 3 });
  });

  it('validates a batch in order', async () => {
    const reply = await call('POST', '/', '[{"trips": 1}, {}, 5]');
    expect(reply.status).toBe(200);
    expect(reply.body.failed).toBe(2);
    const results = reply.body.results as { valid: boolean; anomalies: { code: string }[] }[];
    expect(results.map((r) => r.anomalies.map((a) => a.code))).toEqual([
      [],
      ['SCHEMA_MISSING_COLUMN'],
      ['INVALID_REQUEST'],
    ]);
  });

  it('answers the common valid case with the same bytes and headers as any other answer', async () => {
    const reply = await callText('POST', '/', '{"trips": 3}');
    expect(reply).toEqual({
      status: 200,
      type: 'application/json; charset=utf-8',
      text: JSON.stringify({ valid: true, anomalies: [] }),
    });
  });

  it('validates NDJSON, one answer line per request line, in order', async () => {
    validated.length = 0;
    const body = '{"trips": 1}\n\n{"trips": 30}\r\n{"trips": \n5\n{}';
    const reply = await callText('POST', '/validate', body, 'application/x-ndjson');
    expect(reply.status).toBe(200);
    expect(reply.type).toBe('application/x-ndjson; charset=utf-8');
    expect(reply.text.endsWith('\n')).toBe(true);
    const lines = reply.text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { valid: boolean; anomalies?: { code: string }[]; line?: number });
    // The blank line gets no answer; the malformed one says which line it was, and the rest still count.
    expect(lines.map((l) => [l.valid, l.anomalies?.map((a) => a.code), l.line])).toEqual([
      [true, [], undefined],
      [false, ['INT_TYPE_BIG_INT'], undefined],
      [false, undefined, 4],
      [false, ['INVALID_REQUEST'], undefined],
      [false, ['SCHEMA_MISSING_COLUMN'], undefined],
    ]);
    expect(lines[2]).toMatchObject({ error: 'malformed JSON' });
    expect(validated).toEqual([{ trips: 1 }, { trips: 30 }, 5, {}]);
  });

  it('bounds NDJSON like arrays: the body size, the request count, UTF-8', async () => {
    const tooMany = await callText('POST', '/', '{}\n'.repeat(6), 'application/x-ndjson');
    expect(tooMany.status).toBe(413);
    expect(JSON.parse(tooMany.text)).toEqual({ error: 'batch too large', reason: '6 requests, limit 5' });
    const big = await callText('POST', '/', `{"trips": 1}\n${' '.repeat(1000)}`, 'application/x-ndjson');
    expect(big.status).toBe(413);
    const bad = await callText('POST', '/', Buffer.from([0x7b, 0x7d, 0x0a, 0xff, 0x0a]), 'application/x-ndjson');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text)).toEqual({ error: 'malformed JSON', reason: 'the request body is not valid UTF-8' });
  });

  it('rejects malformed JSON with the reason', async () => {
    const reply = await call('POST', '/', '{"trips": ');
    expect(reply.status).toBe(400);
    expect(reply.body.error).toBe('malformed JSON');
    expect(String(reply.body.reason)).toMatch(/JSON/);
  });

  it('rejects a body that is not UTF-8 instead of merging keys through U+FFFD', async () => {
    // {"k\xff": 1, "k\xfe": 2}: decoded with replacement, both keys would read "k\ufffd".
    const body = Buffer.concat([
      Buffer.from('{"k'),
      Buffer.from([0xff]),
      Buffer.from('": 1, "k'),
      Buffer.from([0xfe]),
      Buffer.from('": 2}'),
    ]);
    const reply = await call('POST', '/', body);
    expect(reply).toEqual({
      status: 400,
      body: { error: 'malformed JSON', reason: 'the request body is not valid UTF-8' },
    });
  });

  it('bounds the body and the batch', async () => {
    const big = await call('POST', '/', JSON.stringify({ trips: 'x'.repeat(2000) }));
    expect(big).toEqual({ status: 413, body: { error: 'request body too large', limit: 1000 } });
    const batch = await call('POST', '/', JSON.stringify(new Array(6).fill({ trips: 1 })));
    expect(batch.status).toBe(413);
  });

  it('rejects other paths and methods', async () => {
    expect((await call('GET', '/')).status).toBe(405);
    expect((await call('POST', '/other', '{}')).status).toBe(404);
    // Without a folder there are no serving statistics to show.
    expect((await call('GET', '/statistics')).status).toBe(404);
    expect((await call('GET', '/skew')).status).toBe(404);
  });

  it('survives hostile bodies', async () => {
    const deep = await call('POST', '/', `${'['.repeat(400)}${']'.repeat(400)}`);
    expect(deep.status).toBe(200);
    const proto = await call('POST', '/', '{"trips": 1, "__proto__": {"x": 1}}');
    expect((proto.body.anomalies as { feature: string }[]).map((a) => a.feature)).toEqual(['__proto__']);
    expect((await call('GET', '/healthz')).status).toBe(200);
  });
});

describe('sidecar with serving statistics', () => {
  const withSkew: Schema = {
    ...schema,
    feature: schema.feature!.map((f) =>
      f.name === 'trips'
        ? {
            ...f,
            intDomain: { ...f.intDomain, isCategorical: true },
            skewComparator: { infinityNorm: { threshold: 0.1 } },
          }
        : f,
    ),
  };
  // Training: trips is 1 in 8 examples, 2 in 2 (a categorical INT: L-infinity over its value counts).
  const folderFor = (s: Schema) => createRequestFolder({ schema: s, features: ['trips'] });
  const training = folderFor(withSkew);
  for (const trips of [1, 1, 1, 1, 1, 1, 1, 1, 2, 2]) training.add({ trips });
  const folder = folderFor(withSkew);
  const statsServer = createSidecarServer(createRequestValidator(withSkew, { environment: 'SERVING' }), {
    folder,
    trainingStatistics: training.statistics(),
  });
  let statsPort = 0;
  beforeAll(async () => {
    await new Promise<void>((resolve) => statsServer.listen(0, '127.0.0.1', resolve));
    statsPort = (statsServer.address() as AddressInfo).port;
  });
  afterAll(async () => {
    statsServer.closeAllConnections();
    await new Promise((resolve) => statsServer.close(resolve));
  });
  const get = async (path: string) => (await fetch(`http://127.0.0.1:${statsPort}${path}`)).json();
  const post = (body: unknown) =>
    fetch(`http://127.0.0.1:${statsPort}/`, { method: 'POST', body: JSON.stringify(body) });

  it('folds every POSTed request and answers GET /statistics as proto3 JSON', async () => {
    await post({ trips: 2 });
    await post([{ trips: 2 }, { trips: 30 }, 'junk', { trips: '3' }]);
    const stats = fromJson('DatasetFeatureStatisticsList', await get('/statistics'));
    // 'junk' is not a request and '3' is not an INT: neither has a place in the statistics.
    expect(stats.datasets?.[0]?.numExamples).toBe(3);
    const trips = stats.datasets?.[0]?.features?.[0];
    expect(trips?.stringStats?.topValues?.map((v) => [v.value, v.frequency])).toEqual([
      ['2', 2],
      ['30', 1],
    ]);
    expect(folder.skipped).toBe(2);
  });

  it('answers GET /skew with the skew anomalies against the training statistics', async () => {
    const skew = fromJson('Anomalies', await get('/skew'));
    expect(skew.anomalyInfo?.trips?.reason?.map((r) => r.type)).toEqual(['COMPARATOR_L_INFTY_HIGH']);
    expect(skew.driftSkewInfo?.[0]?.skewMeasurements?.[0]).toMatchObject({ type: 'L_INFTY', threshold: 0.1 });
  });
});

/** Starts `datavet serve ARGS` in a child process; resolves once it listens. */
async function startServe(args: string[]): Promise<{ port: number; stop: () => Promise<number | null> }> {
  const root = new URL('../../', import.meta.url).pathname;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', '0', ...args], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    let text = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match =
        /listening on http:\/\/127\.0\.0\.1:(\d+) \(environment SERVING, 17 features(, \d+ worker processes)?\)/.exec(
          text,
        );
      if (match) resolve(Number(match[1]));
    });
    void exited.then((code) => reject(new Error(`serve exited with ${code}: ${text}`)));
  });
  return {
    port,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

describe('datavet serve', () => {
  it('listens on an ephemeral loopback port, answers, and stops on SIGTERM', async () => {
    const serve = await startServe([
      '--schema',
      'test/fixtures/serving/chicago_taxi_schema_envs.pbtxt',
      '--environment',
      'SERVING',
      '--max-body-bytes',
      '100',
    ]);
    const health = await fetch(`http://127.0.0.1:${serve.port}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok', environment: 'SERVING', features: 17 });
    const tooBig = await fetch(`http://127.0.0.1:${serve.port}/`, {
      method: 'POST',
      body: JSON.stringify({ company: 'x'.repeat(200) }),
    });
    expect(tooBig.status).toBe(413);
    expect((await fetch(`http://127.0.0.1:${serve.port}/statistics`)).status).toBe(404);
    expect(await serve.stop()).toBe(0);
  });

  it('--workers 2: two processes answer on one port, and both stop on SIGTERM', async () => {
    const serve = await startServe([
      '--schema',
      'test/fixtures/serving/chicago_taxi_schema_envs.pbtxt',
      '--environment',
      'SERVING',
      '--workers',
      '2',
    ]);
    // Separate connections, so the primary hands them to either worker; every one answers alike.
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        fetch(`http://127.0.0.1:${serve.port}/`, { method: 'POST', body: '[]', headers: { connection: 'close' } }).then(
          (r) => r.json(),
        ),
      ),
    );
    expect(answers).toEqual(new Array(6).fill({ failed: 0, results: [] }));
    expect(await serve.stop()).toBe(0);
  });

  it('--workers with --statistics is a usage error: each process would fold only its share', async () => {
    const root = new URL('../../', import.meta.url).pathname;
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        'serve',
        '--schema',
        'test/fixtures/serving/chicago_taxi_schema_envs.pbtxt',
        '--workers',
        '2',
        '--statistics',
      ],
      { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let text = '';
    child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(text).toMatch(/--workers with --statistics/);
  });

  it('--training-stats: folds the Chicago serving rows, serves /statistics and /skew against TFDV training stats', async () => {
    const fixtures = new URL('../fixtures/', import.meta.url).pathname;
    // The TFX schema with TFDV's tutorial skew comparators, as a JSON schema file.
    const chicago = JSON.parse(readFileSync(join(fixtures, 'serving', 'chicago_taxi_schema.json'), 'utf8')) as Schema;
    const dir = mkdtempSync(join(tmpdir(), 'datavet-serve-'));
    const schemaFile = join(dir, 'schema.json');
    writeFileSync(
      schemaFile,
      JSON.stringify({
        ...chicago,
        feature: chicago.feature?.map((f) =>
          f.name === 'company' ? { ...f, skewComparator: { infinityNorm: { threshold: 0.001 } } } : f,
        ),
      }),
    );
    const serve = await startServe([
      '--schema',
      schemaFile,
      '--environment',
      'SERVING',
      '--training-stats',
      join(fixtures, 'tfx', 'statistics_gen', 'Split-train', 'FeatureStats.pb'),
    ]);
    try {
      const [head = '', ...rows] = readFileSync(join(fixtures, 'serving', 'chicago_taxi_serving.csv'), 'utf8')
        .trim()
        .split('\n');
      const names = head.split(',');
      const strings = new Set(['payment_type', 'company']);
      const requests = rows.map((row) =>
        Object.fromEntries(
          row
            .split(',')
            .map((cell, i) => [names[i], cell === '' ? [] : strings.has(names[i] ?? '') ? cell : Number(cell)]),
        ),
      );
      const answer = await fetch(`http://127.0.0.1:${serve.port}/`, { method: 'POST', body: JSON.stringify(requests) });
      expect(((await answer.json()) as { failed: number }).failed).toBe(0);
      const stats = fromJson(
        'DatasetFeatureStatisticsList',
        await (await fetch(`http://127.0.0.1:${serve.port}/statistics`)).json(),
      );
      expect(stats.datasets?.[0]?.numExamples).toBe(100);
      expect(stats.datasets?.[0]?.features).toHaveLength(17);
      const skew = fromJson('Anomalies', await (await fetch(`http://127.0.0.1:${serve.port}/skew`)).json());
      expect(Object.keys(skew.anomalyInfo ?? {})).toEqual(['company']);
      expect(skew.anomalyInfo?.company?.reason?.[0]?.type).toBe('COMPARATOR_L_INFTY_HIGH');
    } finally {
      expect(await serve.stop()).toBe(0);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
