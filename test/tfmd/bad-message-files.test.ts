import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBinary, encodeBinary } from '../../src/tfmd/index.js';
import { runCli } from '../helpers/run-cli.js';

// Hostile schema, statistics and anomalies files: each must end in exit 2 with one message naming the
// file and the location, and neither create an output nor touch one that exists. Small cases live in
// test/fixtures/bad-input/tfmd; the deeply nested ones are generated here.
const fixtures = join(import.meta.dirname, '..', 'fixtures', 'bad-input', 'tfmd');
const DEPTH = 800;

/** A Schema nested `depth` struct levels deep, as binary, built from the inside out (no recursion). */
function deepBinary(depth: number): Uint8Array {
  const delimited = (fieldNumber: number, body: Buffer): Buffer => {
    const varint: number[] = [];
    for (let n = body.length; ; n >>>= 7) {
      if (n < 0x80) {
        varint.push(n);
        break;
      }
      varint.push((n & 0x7f) | 0x80);
    }
    return Buffer.concat([Buffer.from([(fieldNumber << 3) | 2]), Buffer.from(varint), body]);
  };
  const name = Buffer.from(encodeBinary('Feature', { name: 'f', type: 'STRUCT' }));
  let feature = Buffer.from(encodeBinary('Feature', { name: 'leaf', type: 'INT' }));
  // Feature.struct_domain = 29 (a two-byte tag), StructDomain.feature = 1.
  for (let i = 0; i < depth; i++) {
    const structDomain = delimited(1, feature);
    const field29 = delimited(29, structDomain);
    feature = Buffer.concat([name, Buffer.from([0xea, 0x01]), field29.subarray(1)]);
  }
  return delimited(1, feature);
}

function deepText(depth: number): string {
  return `${'feature { name: "f" type: STRUCT struct_domain { '.repeat(depth)}${'} } '.repeat(depth)}\n`;
}

function deepJson(depth: number): string {
  return `${'{"feature": [{"name": "f", "type": "STRUCT", "structDomain": '.repeat(depth)}{}${'}]}'.repeat(depth)}\n`;
}

interface Case {
  readonly name: string;
  readonly input: string;
  readonly code: string;
  readonly message: RegExp;
  /** `file:line:col` or `file, byte N` as the message prints it. */
  readonly location: RegExp;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'datavet-bad-tfmd-'));
  writeFileSync(join(dir, 'deep.pbtxt'), deepText(DEPTH));
  writeFileSync(join(dir, 'deep.json'), deepJson(DEPTH));
  writeFileSync(join(dir, 'deep.pb'), deepBinary(DEPTH));
  for (const name of [
    'schema-invalid-utf8-escape.pbtxt',
    'schema-invalid-utf8-raw.pbtxt',
    'schema-invalid-utf8-raw.json',
    'schema-int64-overflow.pbtxt',
  ]) {
    copyFileSync(join(fixtures, name), join(dir, name));
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cases: Case[] = [
  {
    name: 'deep.pbtxt',
    input: 'deep.pbtxt',
    code: 'PROTO_TOO_DEEP',
    message: /expected messages nested at most 100 deep/,
    location: /deep\.pbtxt:1:\d+: /,
  },
  {
    name: 'deep.json',
    input: 'deep.json',
    code: 'PROTO_TOO_DEEP',
    message: /expected messages nested at most 100 deep, but \S+ is nested deeper at \$\.feature\[0\]/,
    location: /deep\.json: /,
  },
  {
    name: 'deep.pb',
    input: 'deep.pb',
    code: 'PROTO_TOO_DEEP',
    message: /expected messages nested at most 100 deep/,
    location: /deep\.pb, byte \d+: /,
  },
  {
    name: 'string escape that is not UTF-8',
    input: 'schema-invalid-utf8-escape.pbtxt',
    code: 'TEXTPROTO_INVALID_UTF8',
    message: /expected valid UTF-8 in string field name, found byte \\303 \(0xc3\) at byte 3 of the string/,
    location: /schema-invalid-utf8-escape\.pbtxt:2:9: /,
  },
  {
    name: 'raw bytes that are not UTF-8 (text format)',
    input: 'schema-invalid-utf8-raw.pbtxt',
    code: 'INVALID_UTF8',
    message: /expected UTF-8 text, found byte 0xe9/,
    location: /schema-invalid-utf8-raw\.pbtxt:6:13, byte 59: /,
  },
  {
    name: 'raw bytes that are not UTF-8 (JSON)',
    input: 'schema-invalid-utf8-raw.json',
    code: 'INVALID_UTF8',
    message: /expected UTF-8 text, found byte 0xe9/,
    location: /schema-invalid-utf8-raw\.json:1:27, byte 26: /,
  },
  {
    name: 'int64 beyond its range',
    input: 'schema-int64-overflow.pbtxt',
    code: 'TEXTPROTO_SYNTAX',
    message: /expected an integer in the range of int64 for max, found 9223372036854775808/,
    location: /schema-int64-overflow\.pbtxt:5:10: /,
  },
];

describe('bad TFMD files: exit 2, one located message, nothing written', () => {
  it.each(cases)('convert: $name', async (testCase) => {
    const out = join(dir, `out-${testCase.input}.json`);
    const result = await runCli(['convert', join(dir, testCase.input), out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(testCase.location);
    expect(result.stderr).toMatch(testCase.message);
    expect(result.stderr).toContain('hint: ');
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(result.stderr.length).toBeLessThan(1000);
    expect(existsSync(out)).toBe(false);
  });

  it.each(cases)('validate against the schema leaves an existing output untouched: $name', async (testCase) => {
    const stats = join(dir, 'stats.pbtxt');
    writeFileSync(stats, 'datasets {\n  num_examples: 1\n}\n');
    const out = join(dir, 'anomalies.pbtxt');
    writeFileSync(out, 'previous anomalies\n');
    const result = await runCli(['validate', '--stats', stats, '--schema', join(dir, testCase.input), '-o', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(testCase.message);
    expect(readFileSync(out, 'utf8')).toBe('previous anomalies\n');
  });

  it('builds the deep binary file right: its first 49 levels decode', () => {
    const shallow = decodeBinary('Schema', deepBinary(49));
    expect(shallow.feature?.[0]?.structDomain?.feature?.[0]?.name).toBe('f');
    expect(shallow.feature?.[0]?.type).toBe('STRUCT');
  });

  it('accepts nesting up to the limit (a struct feature costs two levels)', async () => {
    const path = join(dir, 'deep-ok.pbtxt');
    writeFileSync(path, deepText(49));
    const out = join(dir, 'deep-ok.pb');
    const result = await runCli(['convert', path, out]);
    expect(result.code).toBe(0);
    const back = await runCli(['convert', out, join(dir, 'deep-ok.json')]);
    expect(back.code).toBe(0);
  });
});
