import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequestValidator } from '../../src/serving/request-validator.js';
import { createSidecarServer } from '../../src/serving/sidecar.js';
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

function call(method: string, path: string, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method, path, headers: { 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
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

  it('rejects malformed JSON with the reason', async () => {
    const reply = await call('POST', '/', '{"trips": ');
    expect(reply.status).toBe(400);
    expect(reply.body.error).toBe('malformed JSON');
    expect(String(reply.body.reason)).toMatch(/JSON/);
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
  });

  it('survives hostile bodies', async () => {
    const deep = await call('POST', '/', `${'['.repeat(400)}${']'.repeat(400)}`);
    expect(deep.status).toBe(200);
    const proto = await call('POST', '/', '{"trips": 1, "__proto__": {"x": 1}}');
    expect((proto.body.anomalies as { feature: string }[]).map((a) => a.feature)).toEqual(['__proto__']);
    expect((await call('GET', '/healthz')).status).toBe(200);
  });
});

describe('datavet serve', () => {
  it('listens on an ephemeral loopback port, answers, and stops on SIGTERM', async () => {
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
        '--environment',
        'SERVING',
        '--port',
        '0',
        '--max-body-bytes',
        '100',
      ],
      { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const servePort = await new Promise<number>((resolve, reject) => {
      let text = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        const match = /listening on http:\/\/127\.0\.0\.1:(\d+) \(environment SERVING, 17 features\)/.exec(text);
        if (match) resolve(Number(match[1]));
      });
      void exited.then((code) => reject(new Error(`serve exited with ${code}: ${text}`)));
    });
    const health = await fetch(`http://127.0.0.1:${servePort}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok', environment: 'SERVING', features: 17 });
    const tooBig = await fetch(`http://127.0.0.1:${servePort}/`, {
      method: 'POST',
      body: JSON.stringify({ company: 'x'.repeat(200) }),
    });
    expect(tooBig.status).toBe(413);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
