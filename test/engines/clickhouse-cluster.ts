import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Two local ClickHouse servers, one shard each, with a cluster `two_shards` over both. */
export interface ClickHouseCluster {
  /** HTTP URLs of the two servers (user `default`, no password). */
  readonly http: readonly [string, string];
  /** A user with a password, to test credentials. */
  readonly user: { readonly name: string; readonly password: string };
  /** Runs one statement on server `shard` (0 or 1) and returns the response text. */
  query(shard: 0 | 1, sql: string): Promise<string>;
  /** Runs `INSERT ... FORMAT RowBinary` with a binary body (doubles exactly, no text parsing). */
  insert(shard: 0 | 1, sql: string, body: Uint8Array): Promise<void>;
  stop(): void;
}

const BINARIES = ['/usr/bin/clickhouse-server', '/usr/sbin/clickhouse-server', '/usr/bin/clickhouse'];

/** The server binary, or undefined when ClickHouse is not installed. */
export function clickhouseBinary(): string | undefined {
  return BINARIES.find((b) => existsSync(b));
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function config(dir: string, http: number, tcp: number, shards: readonly number[]): string {
  const shard = (port: number) => `<shard><replica><host>127.0.0.1</host><port>${port}</port></replica></shard>`;
  return `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>${dir}/server.log</log><errorlog>${dir}/error.log</errorlog></logger>
  <http_port>${http}</http_port>
  <tcp_port>${tcp}</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <path>${dir}/data/</path>
  <tmp_path>${dir}/tmp/</tmp_path>
  <user_files_path>${dir}/user_files/</user_files_path>
  <format_schema_path>${dir}/format_schemas/</format_schema_path>
  <mark_cache_size>5368709120</mark_cache_size>
  <users_config>${dir}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <remote_servers><two_shards>${shards.map(shard).join('')}</two_shards></remote_servers>
</yandex>
`;
}

const USERS = `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>2000000000</max_memory_usage></default></profiles>
  <users>
    <default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota></default>
    <tester><password>s3cret-pa55</password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota></tester>
  </users>
  <quotas><default></default></quotas>
</yandex>
`;

/**
 * Starts two servers from a temporary directory on free ports (the machine's own servers, if
 * any, are left alone). Resolves once both answer over HTTP.
 */
export async function startClickHouseCluster(binary: string): Promise<ClickHouseCluster> {
  const root = mkdtempSync(join(tmpdir(), 'datavet-clickhouse-'));
  const ports = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const [http0, tcp0, http1, tcp1] = ports as [number, number, number, number];
  const processes: ChildProcess[] = [];
  for (const [i, http, tcp] of [
    [0, http0, tcp0],
    [1, http1, tcp1],
  ] as const) {
    const dir = join(root, `shard${i}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'config.xml'), config(dir, http, tcp, [tcp0, tcp1]));
    writeFileSync(join(dir, 'users.xml'), USERS);
    const args = binary.endsWith('/clickhouse')
      ? ['server', `--config-file=${dir}/config.xml`]
      : [`--config-file=${dir}/config.xml`];
    processes.push(spawn(binary, args, { cwd: dir, stdio: 'ignore' }));
  }
  const http = [`http://127.0.0.1:${http0}`, `http://127.0.0.1:${http1}`] as const;
  const stop = () => {
    for (const p of processes) p.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  };
  const query = async (shard: 0 | 1, sql: string) => {
    const response = await fetch(`${http[shard]}/`, { method: 'POST', body: sql });
    const text = await response.text();
    if (!response.ok) throw new Error(`clickhouse shard ${shard}: ${text}`);
    return text;
  };
  const insert = async (shard: 0 | 1, sql: string, body: Uint8Array) => {
    const response = await fetch(`${http[shard]}/?query=${encodeURIComponent(sql)}`, { method: 'POST', body });
    if (!response.ok) throw new Error(`clickhouse shard ${shard}: ${await response.text()}`);
  };
  const deadline = Date.now() + 60_000;
  for (const shard of [0, 1] as const) {
    for (;;) {
      try {
        await query(shard, 'SELECT 1');
        break;
      } catch (error) {
        if (Date.now() > deadline) {
          stop();
          throw new Error(`clickhouse shard ${shard} did not start within 60 s: ${(error as Error).message}`);
        }
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }
  return { http, user: { name: 'tester', password: 's3cret-pa55' }, query, insert, stop };
}
