import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareStatistics } from '../../src/drift/index.js';
import { parsePipelineConfig } from '../../src/pipeline/pipeline-config.js';
import { readMessageFile } from '../../src/tfmd/index.js';
import { runCli } from '../helpers/run-cli.js';
import { listFeature, serializeExample, tfRecordFile } from '../helpers/tf-example.js';
import { columnValues, readAll, typesOf } from './helpers.js';

/**
 * Inputs an attacker (or an unlucky export) produces that must be read, not rejected: very wide
 * files, huge cells, exact 64-bit integers, byte order marks, streams, and user text that names
 * members of Object.prototype. Their failing counterparts are in bad-input.test.ts.
 */

const repo = join(import.meta.dirname, '..', '..');
let work = '';
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'datavet-hostile-'));
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('wide and long CSV', () => {
  it('reads 10,000 columns (the type scanner once overflowed its regular expression at ~3,000)', async () => {
    const columns = 10_000;
    const header = Array.from({ length: columns }, (_, c) => `c${c}`).join(',');
    const rows = Array.from({ length: 5 }, (_, r) =>
      Array.from({ length: columns }, (_, c) => (c % 3 === 0 ? String(r * c) : c % 3 === 1 ? `${r}.5` : `s${r}`)).join(
        ',',
      ),
    );
    const path = join(work, 'wide.csv');
    writeFileSync(path, `${[header, ...rows].join('\n')}\n`);
    const { schema, rows: count, batches } = await readAll(path);
    expect(count).toBe(5);
    expect(schema.fields).toHaveLength(columns);
    const types = typesOf(schema);
    expect([types.c0, types.c1, types.c2, types.c9999]).toEqual(['Int64', 'Float64', 'Utf8', 'Int64']);
    expect(columnValues(batches, 'c9999').map(Number)).toEqual([0, 9999, 19998, 29997, 39996]);
  });

  it('classifies a 10 MB all-digit cell as a string (too long for int64) and reads it whole', async () => {
    const digits = '7'.repeat(10_000_000);
    const path = join(work, 'digits.csv');
    writeFileSync(path, `a,b\n${digits},1\n00000000000000000000000000012,2\n`);
    const { batches, schema } = await readAll(path);
    expect(typesOf(schema)).toEqual({ a: 'Utf8', b: 'Int64' });
    const values = columnValues(batches, 'a') as string[];
    expect(values[0]).toHaveLength(10_000_000);
    expect(values[1]).toBe('00000000000000000000000000012');
  });

  it('reads a 20 MB quoted field with line breaks (a record of many chunks is scanned a few times, not once per chunk)', async () => {
    const text = 'x'.repeat(10_000_000);
    const path = join(work, 'long-record.csv');
    writeFileSync(path, `a,b\n1,"${text}\n${text}"\n2,3\n`);
    const { batches, schema } = await readAll(path);
    expect(typesOf(schema)).toEqual({ a: 'Int64', b: 'Utf8' });
    const values = columnValues(batches, 'b') as string[];
    expect(values[0]).toHaveLength(20_000_001);
    expect(values[1]).toBe('3');
  });

  it('keeps leading zeros out of the int64 digit count: 0...012 is an int', async () => {
    const path = join(work, 'zeros.csv');
    writeFileSync(path, `a\n${'0'.repeat(40)}9223372036854775807\n-${'0'.repeat(30)}1\n`);
    const { batches, schema } = await readAll(path);
    expect(typesOf(schema)).toEqual({ a: 'Int64' });
    expect(columnValues(batches, 'a')).toEqual([9223372036854775807n, -1n]);
  });
});

describe('JSON Lines', () => {
  it('keeps integers above 2^53 exact (Int64 through BigInt), scalars and arrays', async () => {
    const path = join(work, 'big.jsonl');
    writeFileSync(
      path,
      [
        '{"a": 9007199254740993, "b": [9223372036854775807, -9223372036854775808], "s": "12345678901234567890"}',
        '{"a": -9007199254740993, "b": [1], "s": "x"}',
        '{"a": 1, "b": 2}',
      ].join('\n'),
    );
    const { batches, schema } = await readAll(path);
    expect(typesOf(schema)).toEqual({ a: 'Int64', b: 'List<Int64>', s: 'Utf8' });
    expect(columnValues(batches, 'a')).toEqual([9007199254740993n, -9007199254740993n, 1n]);
    expect(columnValues(batches, 'b').map((v) => [...(v as Iterable<bigint>)])).toEqual([
      [9223372036854775807n, -9223372036854775808n],
      [1n],
      [2n],
    ]);
    expect(columnValues(batches, 's')).toEqual(['12345678901234567890', 'x', null]);
  });

  it('makes a column of integers beyond int64 float, as a double holds them', async () => {
    const path = join(work, 'huge.jsonl');
    writeFileSync(path, '{"a": 1}\n{"a": 123456789012345678901234567890}\n');
    const { batches, schema } = await readAll(path);
    expect(typesOf(schema)).toEqual({ a: 'Float64' });
    expect(columnValues(batches, 'a')).toEqual([1, 1.2345678901234568e29]);
  });

  it('accepts a UTF-8 byte order mark at the start of the file', async () => {
    const path = join(work, 'bom.jsonl');
    writeFileSync(path, '\ufeff{"a": 1}\n{"a": 2}\n');
    const { batches } = await readAll(path);
    expect(columnValues(batches, 'a')).toEqual([1n, 2n]);
  });
});

describe('user text that names Object.prototype members', () => {
  const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

  it('CSV and JSON Lines columns keep their own types, inferred and from a schema', async () => {
    const csv = join(work, 'proto.csv');
    writeFileSync(csv, `${names.join(',')}\n1,a,2.5,b,3\n4,c,3.5,d,5\n`);
    const jsonl = join(work, 'proto.jsonl');
    writeFileSync(
      jsonl,
      '{"__proto__": 1, "constructor": "a", "toString": 2.5, "hasOwnProperty": "b", "valueOf": 3}\n' +
        '{"__proto__": 4, "constructor": "c", "toString": 3.5, "hasOwnProperty": "d", "valueOf": 5}\n',
    );
    // Entries, not an object literal: `{ __proto__: ... }` would set the literal's prototype.
    const expected = [
      ['__proto__', 'Int64'],
      ['constructor', 'Utf8'],
      ['toString', 'Float64'],
      ['hasOwnProperty', 'Utf8'],
      ['valueOf', 'Int64'],
    ];
    for (const path of [csv, jsonl]) {
      const inferred = await readAll(path);
      expect(inferred.schema.fields.map((f) => [f.name, String(f.type)])).toEqual(expected);
      expect(columnValues(inferred.batches, '__proto__')).toEqual([1n, 4n]);
      const typed = await readAll(path, { columnTypes: JSON.parse('{"__proto__": "float", "valueOf": "string"}') });
      expect(typesOf(typed.schema)).toMatchObject({ constructor: 'Utf8', toString: 'Float64', valueOf: 'Utf8' });
      expect(String(typed.schema.fields[0]!.type)).toBe('Float64');
    }
  });

  it('through stats, infer-schema and validate: a missing __proto__ column is still an anomaly', async () => {
    const csv = join(work, 'proto-cli.csv');
    writeFileSync(csv, `${names.join(',')}\n1,a,2.5,b,3\n4,c,3.5,d,5\n`);
    const stats = join(work, 'proto.pb');
    const schema = join(work, 'proto.pbtxt');
    expect((await runCli(['stats', csv, '-o', stats])).code).toBe(0);
    expect((await runCli(['infer-schema', '--stats', stats, '-o', schema])).code).toBe(0);
    expect((await runCli(['validate', '--stats', stats, '--schema', schema])).code).toBe(0);
    const other = join(work, 'other.csv');
    writeFileSync(other, 'x\n1\n');
    const otherStats = join(work, 'other.pb');
    expect((await runCli(['stats', other, '-o', otherStats])).code).toBe(0);
    // The anomaly_info map is keyed by feature names: every format writes and reads the __proto__ entry.
    for (const format of ['json', 'pbtxt', 'pb']) {
      const anomalies = join(work, `anomalies.${format}`);
      const result = await runCli(['validate', '--stats', otherStats, '--schema', schema, '-o', anomalies]);
      expect(result.code).toBe(1);
      const read = await readMessageFile(anomalies, 'Anomalies');
      expect(Object.keys(read.anomalyInfo ?? {}).sort()).toEqual([...names, 'x'].sort());
    }
    const json = JSON.parse(readFileSync(join(work, 'anomalies.json'), 'utf8')) as { anomalyInfo: object };
    expect(Object.keys(json.anomalyInfo)).toContain('__proto__');
  });

  it('drift methods, report drift scores and config maps hold a feature named __proto__', async () => {
    const a = join(work, 'drift-a.csv');
    const b = join(work, 'drift-b.csv');
    writeFileSync(a, '__proto__,constructor\n1,a\n2,b\n3,a\n');
    writeFileSync(b, '__proto__,constructor\n7,b\n8,b\n9,b\n');
    for (const [csv, pb] of [
      [a, join(work, 'drift-a.pb')],
      [b, join(work, 'drift-b.pb')],
    ] as const) {
      expect((await runCli(['stats', csv, '-o', pb])).code).toBe(0);
    }
    const report = await runCli([
      'report',
      '--stats',
      join(work, 'drift-b.pb'),
      '--compare',
      join(work, 'drift-a.pb'),
      '-o',
      join(work, 'drift.html'),
    ]);
    expect(report.code).toBe(0);
    expect(report.stdout).toMatch(/__proto__ .* p=/);
    const ref = readMessageFile(join(work, 'drift-a.pb'), 'DatasetFeatureStatisticsList');
    const cur = readMessageFile(join(work, 'drift-b.pb'), 'DatasetFeatureStatisticsList');
    const featureMethods = JSON.parse('{"__proto__": [{"method": "psi", "threshold": 0.01}]}');
    const compared = compareStatistics(await ref, await cur, { featureMethods });
    const proto = compared.features.find((f) => f.feature === '__proto__')!;
    expect(proto.results.map((r) => r.method)).toEqual(['psi']);
    // `constructor` has no entry: it gets the automatic choice, not Object's constructor.
    expect(compared.features.find((f) => f.feature === 'constructor')!.results).toHaveLength(1);
    const config = parsePipelineConfig(
      JSON.parse(
        '{"splits": [{"name": "train", "inputs": ["t.csv"]}], "environments": {"features": {"__proto__": {"notIn": ["SERVING"]}}}, "comparators": {"constructor": {"drift": {"infinityNorm": 0.1}}}}',
      ),
      { baseDir: '/data' },
    );
    expect(Object.keys(config.environments.features)).toEqual(['__proto__']);
    expect(Object.keys(config.comparators)).toEqual(['constructor']);
  });

  it('CLI commands and subcommands named after Object.prototype members are unknown commands', async () => {
    for (const argv of [
      ['constructor'],
      ['__proto__'],
      ['toString'],
      ['schema', 'constructor'],
      ['metadata', 'hasOwnProperty'],
    ]) {
      const result = await runCli(argv);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/unknown command/);
    }
  });
});

describe('streams: pipes, FIFOs and /dev/stdin', () => {
  const penguins = join(repo, 'datasets', 'palmer_penguins', 'penguins.csv');

  async function viaFifo(name: string, bytes: Buffer | string, argv: (fifo: string) => string[]) {
    const fifo = join(work, name);
    spawnSync('mkfifo', [fifo]);
    const writer = new Promise<void>((resolve, reject) => {
      const out = createWriteStream(fifo);
      out.on('error', reject);
      out.end(bytes, resolve);
    });
    const result = await runCli(argv(fifo));
    await writer;
    return result;
  }

  it('a FIFO holding CSV, JSON Lines or GZIP TFRecords is read (copied once, read twice)', async () => {
    const csv = await viaFifo('data.csv', readFileSync(penguins), (f) => ['stats', f, '-o', join(work, 'fifo-csv.pb')]);
    expect(csv.stderr).toMatch(/statistics of 344 examples/);
    const jsonl = await viaFifo('data.jsonl', '{"a": 1}\n{"a": 2}\n', (f) => ['stats', f, '-o', join(work, 'fifo.pb')]);
    expect(jsonl.stderr).toMatch(/statistics of 2 examples/);
    const records = tfRecordFile([
      serializeExample([listFeature('a', 3, [1])]),
      serializeExample([listFeature('a', 3, [2])]),
    ]);
    const tf = await viaFifo('data.tfrecord', records, (f) => ['stats', f, '-o', join(work, 'fifo-tf.pb')]);
    expect(tf.stderr).toMatch(/statistics of 2 examples/);
    const errors = await viaFifo('bad.csv', 'a,b\n1,2\n3\n', (f) => ['stats', f, '-o', join(work, 'fifo-bad.pb')]);
    expect(errors.code).toBe(2);
    // Errors name the user's path and line, not the temporary copy.
    expect(errors.stderr).toContain(`${join(work, 'bad.csv')}:3`);
  });

  it('/dev/stdin fed by a pipe, in a real process', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(repo, 'src', 'cli', 'main.ts'),
        'stats',
        '/dev/stdin',
        '--input-format',
        'csv',
        '-o',
        join(work, 'stdin.pb'),
      ],
      { cwd: repo, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    createReadStream(penguins).pipe(child.stdin);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toMatch(/statistics of 344 examples/);
    expect(code).toBe(0);
  });
});

describe('options', () => {
  it('a negative number after a string option is its value, not an unknown option', async () => {
    const csv = join(work, 'negative.csv');
    writeFileSync(csv, 'a\n1\n-999\n2\n');
    const result = await runCli(['stats', csv, '--null-values', '-999', '-o', join(work, 'negative.pb')]);
    expect(result.code).toBe(0);
    const stats = await readMessageFile(join(work, 'negative.pb'), 'DatasetFeatureStatisticsList');
    const numeric = stats.datasets?.[0]?.features?.[0]?.numStats;
    expect(numeric?.min).toBe(1);
    expect(numeric?.commonStats?.numMissing).toBe(1);
    const batch = await runCli(['stats', csv, '--batch-size', '-5', '-o', join(work, 'negative2.pb')]);
    expect(batch.code).toBe(2);
    expect(batch.stderr).toMatch(/--batch-size must be at least 1/);
  });
});
