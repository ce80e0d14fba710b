import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage } from '../../src/proto/binary-codec.js';
import { defineProtoFiles } from '../../src/proto/define-proto-file.js';
import { ProtoRegistry } from '../../src/proto/descriptor.js';
import { messageFromJson, messageToJson, parseJsonExact } from '../../src/proto/json-codec.js';
import { parseText } from '../../src/proto/text-parser.js';
import { printText } from '../../src/proto/text-printer.js';
import {
  decodeBinary,
  encodeBinary,
  fromJson,
  parseTextFormat,
  printTextFormat,
  toJsonString,
} from '../../src/tfmd/index.js';

// Every 64-bit scalar type, one proto2 field each (so zero is written too) and a repeated packed one.
const PROTO = `
message Wide {
  optional int64 i64 = 1; optional uint64 u64 = 2; optional sint64 s64 = 3; optional fixed64 f64 = 4;
  optional sfixed64 sf64 = 5; repeated int64 packed = 6 [packed = true];
}`;
const registry = new ProtoRegistry();
defineProtoFiles(registry, [{ package: 'wide', syntax: 'proto2', source: PROTO }]);

type Scalar = 'int64' | 'uint64' | 'sint64' | 'fixed64' | 'sfixed64';
const FIELDS: Record<Scalar, { name: string; number: number }> = {
  int64: { name: 'i64', number: 1 },
  uint64: { name: 'u64', number: 2 },
  sint64: { name: 's64', number: 3 },
  fixed64: { name: 'f64', number: 4 },
  sfixed64: { name: 'sf64', number: 5 },
};
const SIGNED = new Set<Scalar>(['int64', 'sint64', 'sfixed64']);
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;
const P53 = 2n ** 53n;

const EXTREMES = [
  0n,
  1n,
  -1n,
  P53 - 1n,
  P53,
  P53 + 1n,
  -(P53 - 1n),
  -P53,
  -(P53 + 1n),
  INT64_MIN,
  INT64_MAX,
  UINT64_MAX,
];

// A fixed-seed generator (mulberry32) for random 64-bit values of every magnitude.
function random64(seed: number, count: number): bigint[] {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const out: bigint[] = [];
  for (let i = 0; i < count; i++) {
    const bits = BigInt(1 + (next() % 64));
    const raw = (BigInt(next()) << 32n) | BigInt(next());
    out.push(raw & ((1n << bits) - 1n));
  }
  return out;
}

const inRange = (scalar: Scalar, v: bigint) =>
  SIGNED.has(scalar) ? v >= INT64_MIN && v <= INT64_MAX : v >= 0n && v <= UINT64_MAX;
const plain = (v: bigint): number | bigint => (v >= -(P53 - 1n) && v <= P53 - 1n ? Number(v) : v);

/** The protobuf wire format of one field, written from the encoding rules with bigint arithmetic. */
function referenceBytes(scalar: Scalar, number: number, v: bigint): string {
  const varint = (u: bigint) => {
    const bytes: number[] = [];
    do {
      let b = Number(u & 0x7fn);
      u >>= 7n;
      if (u > 0n) b |= 0x80;
      bytes.push(b);
    } while (u > 0n);
    return bytes;
  };
  const le64 = (u: bigint) => Array.from({ length: 8 }, (_, i) => Number((u >> BigInt(8 * i)) & 0xffn));
  const u64 = BigInt.asUintN(64, v);
  let tag: number[];
  let body: number[];
  if (scalar === 'fixed64' || scalar === 'sfixed64') {
    tag = varint(BigInt((number << 3) | 1));
    body = le64(u64);
  } else {
    tag = varint(BigInt(number << 3));
    body = varint(scalar === 'sint64' ? (v >= 0n ? 2n * v : -2n * v - 1n) : u64);
  }
  return Buffer.from([...tag, ...body]).toString('hex');
}

const cases: [Scalar, bigint][] = [];
for (const scalar of Object.keys(FIELDS) as Scalar[]) {
  for (const v of [...EXTREMES, ...random64(64, 40), ...random64(7, 20).map((x) => -x)]) {
    if (inRange(scalar, v)) cases.push([scalar, v]);
  }
}

describe('64-bit integers round-trip exactly (0, +-1, 2^53 +- 1, int64 min/max, uint64 max, random)', () => {
  it('covers every extreme for every 64-bit type', () => {
    expect(cases.filter(([s, v]) => s === 'uint64' && v === UINT64_MAX)).toHaveLength(1);
    expect(cases.filter(([s, v]) => s === 'sfixed64' && v === INT64_MIN)).toHaveLength(1);
    expect(cases.length).toBeGreaterThan(250);
  });

  it('binary: the bytes are the protobuf wire format, and decode back to the same value', () => {
    for (const [scalar, v] of cases) {
      const { name, number } = FIELDS[scalar];
      for (const input of [v, plain(v)]) {
        const bytes = encodeMessage(registry, 'wide.Wide', { [name]: input });
        expect(Buffer.from(bytes).toString('hex'), `${scalar} ${v}`).toBe(referenceBytes(scalar, number, v));
        expect(decodeMessage(registry, 'wide.Wide', bytes)[name], `${scalar} ${v}`).toBe(plain(v));
      }
    }
    const packed = EXTREMES.filter((v) => inRange('int64', v));
    const decoded = decodeMessage(registry, 'wide.Wide', encodeMessage(registry, 'wide.Wide', { packed }));
    expect(decoded.packed).toEqual(packed.map(plain));
  });

  it('text format: printed as exact decimal digits and parsed back', () => {
    for (const [scalar, v] of cases) {
      const { name } = FIELDS[scalar];
      const text = printText(registry, 'wide.Wide', { [name]: plain(v) });
      expect(text).toBe(`${name}: ${v}\n`);
      expect(parseText(registry, 'wide.Wide', text)[name], `${scalar} ${v}`).toBe(plain(v));
    }
  });

  it('JSON: written as a string of digits (proto3 JSON), read back from a string or a bare number', () => {
    for (const [scalar, v] of cases) {
      const { name } = FIELDS[scalar];
      const json = messageToJson(registry, 'wide.Wide', { [name]: plain(v) });
      expect(json[name]).toBe(v.toString());
      const text = JSON.stringify(json);
      expect(messageFromJson(registry, 'wide.Wide', parseJsonExact(text))[name], `${scalar} ${v}`).toBe(plain(v));
      const bare = `{"${name}": ${v}}`;
      expect(messageFromJson(registry, 'wide.Wide', parseJsonExact(bare))[name], `${scalar} ${v}`).toBe(plain(v));
    }
  });

  it('rejects values outside the type in text and JSON, naming the type', () => {
    expect(() => parseText(registry, 'wide.Wide', 'i64: 9223372036854775808')).toThrow(/range of int64/);
    expect(() => parseText(registry, 'wide.Wide', 'u64: -1')).toThrow(/range of uint64/);
    expect(() => messageFromJson(registry, 'wide.Wide', { u64: '18446744073709551616' })).toThrow(/range of uint64/);
    expect(() => messageFromJson(registry, 'wide.Wide', { i64: '1.5' })).toThrow(/expected an integer/);
  });

  it('parseJsonExact leaves strings, floats and safe integers alone', () => {
    const text =
      '{"a": "9007199254740993", "b": 9007199254740993, "c": 1.5e300, "d": [12, -9223372036854775808], "e": "\\"x"}';
    expect(parseJsonExact(text)).toEqual({
      a: '9007199254740993',
      b: '9007199254740993',
      c: 1.5e300,
      d: [12, '-9223372036854775808'],
      e: '"x',
    });
  });
});

describe('TFMD files keep 64-bit values exact', () => {
  const schemaText =
    'feature {\n  name: "id"\n  type: INT\n  int_domain {\n    min: -9223372036854775808\n    max: 9223372036854775807\n  }\n}\n';

  it('int_domain { max: 9223372036854775807 } survives binary, text and JSON', () => {
    const schema = parseTextFormat('Schema', schemaText);
    expect(schema.feature?.[0]?.intDomain).toEqual({ min: INT64_MIN, max: INT64_MAX });
    expect(printTextFormat('Schema', schema)).toBe(schemaText);
    const binary = decodeBinary('Schema', encodeBinary('Schema', schema));
    expect(binary.feature?.[0]?.intDomain?.max).toBe(INT64_MAX);
    const json = toJsonString('Schema', schema);
    expect(json).toContain('"max": "9223372036854775807"');
    expect(fromJson('Schema', json).feature?.[0]?.intDomain).toEqual({ min: INT64_MIN, max: INT64_MAX });
  });

  it('uint64 18446744073709551615 and 9007199254740993 in statistics', () => {
    const text =
      'datasets {\n  num_examples: 18446744073709551615\n  features {\n    name: "x"\n    num_stats {\n      num_zeros: 9007199254740993\n    }\n  }\n}\n';
    const stats = parseTextFormat('DatasetFeatureStatisticsList', text);
    expect(stats.datasets?.[0]?.numExamples).toBe(UINT64_MAX);
    expect(printTextFormat('DatasetFeatureStatisticsList', stats)).toBe(text);
    const again = decodeBinary('DatasetFeatureStatisticsList', encodeBinary('DatasetFeatureStatisticsList', stats));
    expect(again.datasets?.[0]?.features?.[0]?.numStats?.numZeros).toBe(9007199254740993n);
    expect(toJsonString('DatasetFeatureStatisticsList', stats)).toContain('"numExamples": "18446744073709551615"');
  });

  // Second opinion from Google's C++ runtime: protoc --encode reads our text and must write our bytes;
  // protoc --decode reads our bytes and must print our text. Skipped where protoc is not installed.
  const protoc = (() => {
    try {
      execFileSync('protoc', ['--version'], { stdio: 'pipe' });
      return true;
    } catch {
      return false;
    }
  })();
  it.skipIf(!protoc)(
    '(skipped without protoc) protoc encodes our text to our bytes and decodes our bytes to our text',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'datavet-int64-'));
      try {
        writeFileSync(join(dir, 'wide.proto'), `syntax = "proto2";\npackage wide;\n${PROTO}\n`);
        expect(existsSync(join(dir, 'wide.proto'))).toBe(true);
        const value: Record<string, unknown> = {
          i64: INT64_MIN,
          u64: UINT64_MAX,
          s64: -(P53 + 1n),
          f64: P53 + 1n,
          sf64: INT64_MAX,
        };
        value.packed = [0, 1, -1, 9007199254740991, P53, P53 + 1n, INT64_MIN, INT64_MAX];
        const ours = encodeMessage(registry, 'wide.Wide', value);
        const text = printText(registry, 'wide.Wide', value);
        const encoded = execFileSync('protoc', ['-I', dir, '--encode=wide.Wide', 'wide.proto'], { input: text });
        expect(Buffer.from(encoded).toString('hex')).toBe(Buffer.from(ours).toString('hex'));
        const decoded = execFileSync('protoc', ['-I', dir, '--decode=wide.Wide', 'wide.proto'], { input: ours });
        expect(decoded.toString('utf8')).toBe(text);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
